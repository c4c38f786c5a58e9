"""Machine tokens: `Authorization: Bearer <key>`. The key is looked up by its digest; a revoked
or unknown key is refused (401) and every accepted request is counted on its token."""

from django.utils.translation import gettext_lazy as _
from rest_framework import authentication, exceptions

from api import access, selectors, services

BAD_HEADER = _("Malformed Authorization header: send “Authorization: Bearer <token>”.")
BAD_TOKEN = _("The token is unknown or has been revoked.")


class TokenAuthentication(authentication.BaseAuthentication):
    keywords = (b"bearer", b"token")

    def authenticate(self, request):
        parts = authentication.get_authorization_header(request).split()
        if not parts or parts[0].lower() not in self.keywords:
            return None  # not ours: the session may still authenticate the request
        if len(parts) != 2:
            raise exceptions.AuthenticationFailed(BAD_HEADER, code="bad_header")
        try:
            key = parts[1].decode("ascii")
        except UnicodeDecodeError:
            raise exceptions.AuthenticationFailed(BAD_HEADER, code="bad_header") from None
        token = selectors.token_by_digest(services.digest(key))
        if token is None or not token.is_active:
            raise exceptions.AuthenticationFailed(BAD_TOKEN, code="bad_token")
        services.record_use(token)
        return access.principal_for_token(token), token

    def authenticate_header(self, request):
        return 'Bearer realm="api"'
