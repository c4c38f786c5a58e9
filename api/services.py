"""Writes of the API app: creating, revoking and counting the use of machine tokens."""

import hashlib
import secrets
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from api import selectors
from api.models import KEY_PREFIX_LENGTH, ApiToken
from blocs.models import Province, User

NAME_REQUIRED = "name_required"
NATIONAL_ADMIN_ONLY = "national_admin_only"
ALREADY_REVOKED = "already_revoked"


def digest(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


@dataclass(frozen=True)
class NewToken:
    token: ApiToken
    key: str  # shown once, never stored


@transaction.atomic
def create_token(*, name: str, province: Province | None, user: User) -> NewToken:
    """A new token for an integration client. Home Affairs creates tokens of its own province;
    admins of any province, or national ones (province None)."""
    name = (name or "").strip()
    if not name:
        raise ValidationError(_("Name the integration client that will use the token."), code=NAME_REQUIRED)
    if province is None and not user.is_admin_role:
        raise ValidationError(_("Only a system administrator creates a national token."), code=NATIONAL_ADMIN_ONLY)
    if province is not None and not selectors.may_manage_tokens_of(user, province.pk):
        raise PermissionDenied
    key = secrets.token_urlsafe(32)
    token = ApiToken(name=name, province=province, key_prefix=key[:KEY_PREFIX_LENGTH], key_digest=digest(key))
    token.created_by = user if user.pk else None
    token.full_clean()
    token.save()
    return NewToken(token=token, key=key)


@transaction.atomic
def revoke_token(*, token: ApiToken, user: User) -> ApiToken:
    """Revoke a token at once; the next request with it is answered 401. Kept for the record."""
    if not selectors.may_manage_token(user, token):
        raise PermissionDenied
    if token.revoked_at is not None:
        raise ValidationError(_("This token is already revoked."), code=ALREADY_REVOKED)
    token.revoked_at = timezone.now()
    token.revoked_by = user
    token.save(update_fields=["revoked_at", "revoked_by"])
    return token


def record_use(token: ApiToken) -> None:
    """Count one request and its time: one UPDATE, no history row (a use is not a change)."""
    now = timezone.now()
    ApiToken.objects.filter(pk=token.pk).update(last_used_at=now, use_count=F("use_count") + 1)
    token.last_used_at = now
