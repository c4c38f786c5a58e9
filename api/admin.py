from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from api import services
from api.models import ApiToken
from blocs.admin import NoRevertHistoryAdmin


@admin.register(ApiToken)
class ApiTokenAdmin(NoRevertHistoryAdmin):
    """Tokens are created through `services.create_token` (the key is shown once, in the
    message after saving) and revoked, never edited or deleted: they stay as a record."""

    list_display = ["name", "province", "key_prefix", "created_at", "last_used_at", "use_count", "revoked_at"]
    list_filter = ["province", ("revoked_at", admin.EmptyFieldListFilter)]
    search_fields = ["name", "key_prefix"]
    fields = ["name", "province"]
    readonly_fields = [
        "key_prefix",
        "created_by",
        "created_at",
        "last_used_at",
        "use_count",
        "revoked_at",
        "revoked_by",
    ]
    actions = ["revoke"]

    def get_fields(self, request, obj=None):
        return ["name", "province"] if obj is None else ["name", "province", *self.readonly_fields]

    def get_readonly_fields(self, request, obj=None):
        return [] if obj is None else ["name", "province", *self.readonly_fields]

    def has_delete_permission(self, request, obj=None):
        return False

    def save_model(self, request, obj, form, change):
        if change:
            return
        new = services.create_token(name=obj.name, province=obj.province, user=request.user)
        obj.pk = new.token.pk
        obj.key_prefix = new.token.key_prefix
        messages.warning(
            request,
            _("Copy the key of “%(name)s” now, it is shown only once: %(key)s") % {"name": obj.name, "key": new.key},
        )

    @admin.action(description=_("Revoke the selected tokens"))
    def revoke(self, request, queryset):
        done = 0
        for token in queryset.filter(revoked_at__isnull=True):
            try:
                services.revoke_token(token=token, user=request.user)
            except (ValidationError, PermissionDenied):
                continue
            done += 1
        self.message_user(request, ngettext("%(n)d token revoked.", "%(n)d tokens revoked.", done) % {"n": done})
