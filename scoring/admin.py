from django.contrib import admin

from blocs.admin import NoRevertHistoryAdmin as SimpleHistoryAdmin
from blocs.admin import NormalizedTabularInline
from scoring.models import (
    AdjustmentItem,
    AppliedAdjustment,
    Covenant,
    CovenantTarget,
    Criterion,
    Pledge,
    Score,
    ScoreGroup,
    ScoreSheet,
    ScoringTable,
)


class TargetInline(NormalizedTabularInline):
    model = CovenantTarget
    extra = 0


class PledgeInline(NormalizedTabularInline):
    model = Pledge
    extra = 0
    autocomplete_fields = ["agency"]
    exclude = ["recorded_by"]


@admin.register(Covenant)
class CovenantAdmin(SimpleHistoryAdmin):
    list_display = ["bloc", "year", "title", "signed_on"]
    list_filter = ["year", "bloc__province"]
    inlines = [TargetInline, PledgeInline]


class GroupInline(NormalizedTabularInline):
    model = ScoreGroup
    extra = 0


class ItemInline(NormalizedTabularInline):
    model = AdjustmentItem
    extra = 0


@admin.register(ScoringTable)
class ScoringTableAdmin(SimpleHistoryAdmin):
    list_display = ["bloc", "year", "method", "finalised_at"]
    list_filter = ["year", "method", "bloc__province"]
    readonly_fields = ["finalised_at", "finalised_by", "copied_from"]
    inlines = [GroupInline, ItemInline]


@admin.register(Criterion)
class CriterionAdmin(SimpleHistoryAdmin):
    list_display = ["name", "group", "max_points", "auto_source"]
    list_filter = ["auto_source", "group__table__year"]
    search_fields = ["name"]


@admin.register(ScoreSheet)
class ScoreSheetAdmin(SimpleHistoryAdmin):
    list_display = ["table", "agency", "state", "submitted_at"]
    list_filter = ["state", "table__year"]


@admin.register(Score)
class ScoreAdmin(SimpleHistoryAdmin):
    list_display = ["table", "agency", "criterion", "kind", "scorer", "points", "updated_at"]
    list_filter = ["kind", "table__year"]
    search_fields = ["agency__name", "criterion__name"]
    readonly_fields = ["updated_by"]


@admin.register(AppliedAdjustment)
class AppliedAdjustmentAdmin(SimpleHistoryAdmin):
    list_display = ["table", "agency", "item", "quantity"]
    list_filter = ["table__year"]
