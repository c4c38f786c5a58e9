"""Every error of the API as JSON, `{"code": ..., "detail": ...}` (plus `errors` per field on a
400), in the request's language (`Accept-Language`), never an HTML page."""

import logging

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.http import Http404, JsonResponse
from django.utils.translation import gettext as _
from rest_framework import exceptions
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

logger = logging.getLogger("api")


def _messages() -> dict:
    return {
        exceptions.NotAuthenticated: _(
            "Authentication required: send a token (Authorization: Bearer <token>) or log in."
        ),
        exceptions.PermissionDenied: _("You are not allowed to read this."),
        exceptions.NotFound: _("Not found (or outside your access scope)."),
        exceptions.NotAcceptable: _("This API answers in JSON only (Accept: application/json)."),
        exceptions.UnsupportedMediaType: _("This API reads no request body."),
        exceptions.ParseError: _("The request could not be read."),
        exceptions.ValidationError: _("Some parameters of the request are not valid."),
    }


class Refused(exceptions.PermissionDenied):
    """A 403 with its own message (e.g. drafts asked for by an officer)."""


def exception_handler(exc, context):
    if isinstance(exc, Http404):
        exc = exceptions.NotFound()
    elif isinstance(exc, DjangoPermissionDenied):
        exc = exceptions.PermissionDenied()
    response = drf_exception_handler(exc, context)
    if response is None:
        logger.exception("Unexpected error in the API", exc_info=exc)
        return Response({"code": "server_error", "detail": _("Server error: the request could not be answered.")}, 500)
    codes = exc.get_codes() if isinstance(exc, exceptions.APIException) else None
    body = {"code": codes if isinstance(codes, str) else exc.default_code, "detail": _detail(exc, context)}
    if isinstance(exc, exceptions.ValidationError):
        body["errors"] = response.data if isinstance(response.data, dict) else {"non_field_errors": response.data}
    response.data = body
    return response


def _detail(exc, context) -> str:
    if isinstance(exc, exceptions.MethodNotAllowed):
        request = context.get("request")
        return _("The method %(method)s is not allowed: this API is read-only.") % {
            "method": request.method if request is not None else ""
        }
    if isinstance(exc, exceptions.Throttled):
        return _("Too many requests: try again in %(seconds)d seconds.") % {"seconds": exc.wait or 1}
    if isinstance(exc, exceptions.AuthenticationFailed | Refused):
        return str(exc.detail)
    if isinstance(exc, exceptions.NotFound) and str(exc.detail) != str(exceptions.NotFound.default_detail):
        return str(exc.detail)  # the paginator's “this page does not exist”
    for cls, message in _messages().items():
        if isinstance(exc, cls):
            return message
    return str(exc.detail)


def not_found(request, *args, **kwargs):
    """Any other path under /api/: a JSON 404, not the site's HTML page."""
    return JsonResponse({"code": "not_found", "detail": _("Not found (or outside your access scope).")}, status=404)
