"""The API's two HTML pages: the reference (Swagger UI over the schema) and the token page of
Home Affairs (and admins), where tokens are created, shown once, and revoked."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from api import selectors, services
from api.forms import TokenForm
from blocs import selectors as bloc_selectors


def reference(request):
    """The OpenAPI reference of /api/v1/schema/ (Swagger UI, vendored; no login: the schema
    holds no data)."""
    return render(request, "api/reference.html")


def _manageable_provinces(user):
    """Admins: every province; Home Affairs: its province and its predecessors (whose data it reads)."""
    return bloc_selectors.provinces_for_user(user).order_by("name")


@login_required
def tokens(request):
    """List the tokens the user manages and create one; the new key is shown on this answer only."""
    user = request.user
    if not (user.is_admin_role or user.is_home_affairs):
        raise PermissionDenied
    form = TokenForm(
        request.POST if request.method == "POST" else None,
        provinces=_manageable_provinces(user),
        allow_national=user.is_admin_role,
    )
    new = None
    if request.method == "POST" and form.is_valid():
        try:
            new = services.create_token(
                name=form.cleaned_data["name"], province=form.cleaned_data["province"], user=user
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            form = TokenForm(provinces=_manageable_provinces(user), allow_national=user.is_admin_role)
    response = render(
        request,
        "api/tokens.html",
        {"form": form, "tokens": list(selectors.tokens_for_user(user)), "new": new},
    )
    response["Cache-Control"] = "no-store"  # the new key must not linger in a cache
    return response


@login_required
@require_POST
def revoke(request, pk):
    token = selectors.token_for_user(request.user, pk)
    try:
        services.revoke_token(token=token, user=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("The token “%(name)s” is revoked.") % {"name": token.name})
    return redirect("api:tokens")
