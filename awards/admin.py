from django.contrib import admin

from awards.models import (
    AwardForm,
    AwardRecord,
    GrantingAuthority,
    PeriodEvent,
    Reminder,
    ReportingPeriod,
    Submission,
    SubmissionEvent,
)
from blocs.admin import CodeFromNameForm, InputRulesAdminMixin, NormalizedTabularInline
from blocs.admin import NoRevertHistoryAdmin as SimpleHistoryAdmin


class ReadOnlyAdminMixin:
    """History (events, reminders) is written by the services only; the admin shows it."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class AwardFormAdminForm(CodeFromNameForm):
    class Meta:
        model = AwardForm
        fields = [
            "code",
            "name",
            "level",
            "recipients",
            "category",
            "stat_group",
            "is_other",
            "active",
            "display_order",
        ]


@admin.register(AwardForm)
class AwardFormAdmin(SimpleHistoryAdmin):
    list_display = [
        "name",
        "code",
        "level",
        "recipients",
        "category",
        "stat_group",
        "is_other",
        "active",
        "display_order",
    ]
    list_editable = ["active", "display_order"]
    list_filter = ["level", "recipients", "category", "stat_group", "is_other", "active"]
    search_fields = ["name", "code"]
    ordering = ["display_order", "name"]
    form = AwardFormAdminForm


@admin.register(GrantingAuthority)
class GrantingAuthorityAdmin(SimpleHistoryAdmin):
    list_display = ["name", "level", "active", "display_order"]
    list_editable = ["active", "display_order"]
    list_filter = ["level", "active"]
    search_fields = ["name"]
    ordering = ["display_order", "name"]


class PeriodEventInline(ReadOnlyAdminMixin, NormalizedTabularInline):
    model = PeriodEvent
    extra = 0
    fields = ["at", "action", "actor", "reason"]
    readonly_fields = fields


@admin.register(ReportingPeriod)
class ReportingPeriodAdmin(SimpleHistoryAdmin):
    list_display = ["__str__", "province", "year", "kind", "start_date", "end_date", "deadline", "state"]
    list_filter = ["province", "year", "kind", "state"]
    search_fields = ["province__name"]
    ordering = ["-year", "province__sort_name", "kind"]
    inlines = [PeriodEventInline]


class SubmissionEventInline(ReadOnlyAdminMixin, NormalizedTabularInline):
    model = SubmissionEvent
    extra = 0
    fields = ["at", "from_state", "to_state", "actor", "reason"]
    readonly_fields = fields


class AwardRecordInline(NormalizedTabularInline):
    model = AwardRecord
    extra = 0
    fields = ["form", "authority", "status", "collectives", "individuals", "decision_number", "decision_date", "note"]
    autocomplete_fields = ["form"]

    def get_queryset(self, request):
        # Rows written by a province's decision change only through the decision.
        return super().get_queryset(request).filter(source_item_id__isnull=True)


@admin.register(Submission)
class SubmissionAdmin(SimpleHistoryAdmin):
    list_display = ["agency", "period", "state", "version", "updated_at", "updated_by", "submitted_at"]
    list_filter = ["state", "period__province", "period__year", "period__kind"]
    search_fields = ["agency__name"]
    ordering = ["-period__year", "agency__sort_name"]
    readonly_fields = ["version", "updated_at", "updated_by", "submitted_at"]
    autocomplete_fields = ["agency"]
    inlines = [AwardRecordInline, SubmissionEventInline]

    def save_formset(self, request, form, formset, change):
        # Records repeat their submission's agency and period (for report aggregation).
        instances = formset.save(commit=False)
        for obj in formset.deleted_objects:
            obj.delete()
        for obj in instances:
            if isinstance(obj, AwardRecord):
                obj.agency_id, obj.period_id = form.instance.agency_id, form.instance.period_id
            obj.save()
        formset.save_m2m()


@admin.register(AwardRecord)
class AwardRecordAdmin(SimpleHistoryAdmin):
    list_display = ["agency", "period", "form", "authority", "status", "collectives", "individuals", "decision_number"]
    list_filter = ["status", "form__level", "period__province", "period__year", "period__kind"]
    search_fields = ["agency__name", "form__name", "authority", "decision_number", "movement_name"]
    ordering = ["-period__year", "agency__sort_name", "form__display_order"]
    readonly_fields = ["agency", "period"]
    autocomplete_fields = ["form", "submission", "movement"]

    def save_model(self, request, obj, form, change):
        obj.agency_id, obj.period_id = obj.submission.agency_id, obj.submission.period_id
        super().save_model(request, obj, form, change)

    # Rows written by a province's decision (on a proposal dossier) change only through it.
    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and not (obj is not None and obj.from_decision)

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and not (obj is not None and obj.from_decision)


@admin.register(SubmissionEvent)
class SubmissionEventAdmin(ReadOnlyAdminMixin, InputRulesAdminMixin, admin.ModelAdmin):
    list_display = ["submission", "from_state", "to_state", "actor", "at", "reason"]
    list_filter = ["to_state"]
    search_fields = ["submission__agency__name", "reason"]


@admin.register(PeriodEvent)
class PeriodEventAdmin(ReadOnlyAdminMixin, InputRulesAdminMixin, admin.ModelAdmin):
    list_display = ["period", "action", "actor", "at", "reason"]
    list_filter = ["action"]


@admin.register(Reminder)
class ReminderAdmin(ReadOnlyAdminMixin, InputRulesAdminMixin, admin.ModelAdmin):
    list_display = ["period", "agency", "kind", "days", "sent_at", "recipients"]
    list_filter = ["kind", "period__province"]
    search_fields = ["agency__name", "recipients"]
