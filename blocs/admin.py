from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from django.contrib.auth.forms import AdminPasswordChangeForm
from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from blocs.forms import NormalizedModelForm, bounded_field_kwargs
from blocs.models import Agency, Bloc, BlocRegulation, Membership, Movement, Province, User


class InputRulesAdminMixin:
    """The admin follows the forms' input rules (see blocs.forms): text normalised, integers in
    ASCII digits within their column's range, dates within the application's years. Every
    ModelAdmin and inline of the project has it (a test walks the admin site)."""

    form = NormalizedModelForm

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        return super().formfield_for_dbfield(db_field, request, **{**bounded_field_kwargs(db_field), **kwargs})


class NormalizedTabularInline(InputRulesAdminMixin, admin.TabularInline):
    pass


class NoRevertHistoryAdmin(InputRulesAdminMixin, SimpleHistoryAdmin):
    """History pages show past versions but never revert them: a revert would write past the
    services (versions, events, derived fields) and rewrite what the history is a record of.
    Refused here even when `SIMPLE_HISTORY_REVERT_DISABLED` is not set; every app's admin uses
    this class instead of simple_history's. Historical models are never registered themselves,
    so no past version can be edited or deleted."""

    def revert_disabled(self, request, obj=None):
        return True

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        if request.method != "GET":
            raise PermissionDenied
        return super().history_form_view(request, object_id, version_id, extra_context)


@admin.register(Province)
class ProvinceAdmin(NoRevertHistoryAdmin):
    list_display = ["name", "code", "valid_from", "valid_to", "successor"]
    search_fields = ["name", "code"]
    prepopulated_fields = {"code": ["name"]}


@admin.register(Agency)
class AgencyAdmin(NoRevertHistoryAdmin):
    list_display = ["name", "short_name", "province", "kind", "valid_from", "valid_to", "successor"]
    list_filter = ["province", "kind"]
    search_fields = ["name", "short_name"]
    autocomplete_fields = ["successor"]


class MembershipInline(NormalizedTabularInline):
    model = Membership
    extra = 0
    fields = ["year", "agency", "role", "role_source", "role_source_reference", "role_source_date"]
    autocomplete_fields = ["agency"]
    ordering = ["-year", "role", "agency__name"]


class RegulationInline(NormalizedTabularInline):
    model = BlocRegulation
    extra = 0


@admin.register(Bloc)
class BlocAdmin(NoRevertHistoryAdmin):
    list_display = ["name", "province", "kind", "number", "max_deputies", "leader_selection"]
    list_filter = ["province", "kind", "leader_selection"]
    search_fields = ["name", "description"]
    inlines = [RegulationInline, MembershipInline]


@admin.register(Membership)
class MembershipAdmin(NoRevertHistoryAdmin):
    list_display = ["year", "bloc", "agency", "role", "deputy_slot", "role_source"]
    list_filter = ["year", "role", "bloc__province"]
    search_fields = ["agency__name", "bloc__name"]
    autocomplete_fields = ["agency", "bloc"]
    readonly_fields = ["deputy_slot"]


@admin.register(Movement)
class MovementAdmin(NoRevertHistoryAdmin):
    list_display = ["name", "province", "bloc", "kind", "launch_date", "end_date"]
    list_filter = ["province", "kind"]
    search_fields = ["name", "description"]


@admin.register(BlocRegulation)
class BlocRegulationAdmin(NoRevertHistoryAdmin):
    list_display = ["number", "date", "year", "bloc", "title"]
    list_filter = ["year", "bloc__province"]
    search_fields = ["number", "title"]


class ForcedChangePasswordForm(AdminPasswordChangeForm):
    """A password the admin sets is temporary: the user must choose their own at the next login."""

    def save(self, commit=True):
        self.user.must_change_password = True
        return super().save(commit=commit)


@admin.register(User)
class AppUserAdmin(UserAdmin):
    change_password_form = ForcedChangePasswordForm
    list_display = ["username", "get_full_name", "role", "province", "agency", "is_active"]
    list_filter = ["role", "province", "is_active", "is_staff"]
    autocomplete_fields = ["agency"]
    fieldsets = [
        *UserAdmin.fieldsets,
        (_("Role and scope"), {"fields": ["role", "province", "agency", "job_title", "must_change_password"]}),
    ]
    add_fieldsets = [
        *UserAdmin.add_fieldsets,
        (_("Role and scope"), {"fields": ["role", "province", "agency"]}),
    ]

    def save_model(self, request, obj, form, change):
        if not change:
            obj.must_change_password = True  # the admin chose the first password
        super().save_model(request, obj, form, change)
