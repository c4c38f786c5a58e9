from django.contrib import admin

from blocs.admin import NoRevertHistoryAdmin
from proposals.models import DocumentRequirement, DossierDeadline

# Dossiers, items and their events are written through the pages (one service per action, every
# transition recorded); the admin configures only the checklist and the deadlines.


@admin.register(DocumentRequirement)
class DocumentRequirementAdmin(NoRevertHistoryAdmin):
    list_display = ["award_form", "authority", "title", "kind", "per_nominee", "position", "active"]
    list_filter = ["kind", "per_nominee", "active", "award_form__level"]
    search_fields = ["title", "award_form__name", "authority"]
    list_editable = ["position", "active"]
    autocomplete_fields = ["award_form"]
    ordering = ["award_form__display_order", "position"]


@admin.register(DossierDeadline)
class DossierDeadlineAdmin(NoRevertHistoryAdmin):
    list_display = ["province", "days_after_review"]
    autocomplete_fields = ["province"]
