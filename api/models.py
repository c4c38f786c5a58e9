"""Machine tokens of the integration API.

A token belongs to one integration client (a province's dashboard, its document system, the
national statistics) and is scoped to one province, or national (admins only). The key is shown
once, when created; only its SHA-256 digest is stored (the key carries 256 random bits, so a slow
password hash would add nothing but latency to every request), with its first characters to
tell tokens apart. Tokens are read-only: the API has no writing endpoint at all.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from blocs.historyrows import HistoricalRecords
from blocs.models import Province

KEY_PREFIX_LENGTH = 8


class ApiToken(models.Model):
    name = models.CharField(
        _("integration client"),
        max_length=200,
        help_text=_("Which system uses this token, e.g. “Cổng thông tin thi đua tỉnh”."),
    )
    province = models.ForeignKey(
        Province,
        verbose_name=_("province"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="api_tokens",
        help_text=_("The token reads this province's data (and its predecessors'); empty: national (admins only)."),
    )
    key_prefix = models.CharField(_("key prefix"), max_length=KEY_PREFIX_LENGTH, db_index=True, editable=False)
    key_digest = models.CharField(_("key digest"), max_length=64, unique=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True, editable=False)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("revoked by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True, editable=False)
    use_count = models.PositiveBigIntegerField(_("requests"), default=0, editable=False)

    # Creation and revocation are kept; a use is counted with an update that writes no history.
    history = HistoricalRecords(excluded_fields=["last_used_at", "use_count"])

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")
        constraints = [
            models.CheckConstraint(
                condition=Q(revoked_at__isnull=True) | Q(revoked_at__gte=models.F("created_at")),
                name="api_token_revoked_after_created",
                violation_error_message=_("A token cannot be revoked before it was created."),
            ),
        ]

    def __str__(self):
        return f"{self.name} ({self.key_prefix}…)"

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None

    @property
    def is_national(self) -> bool:
        return self.province_id is None
