from django.contrib import admin

from blocs.admin import NoRevertHistoryAdmin as SimpleHistoryAdmin
from blocs.admin import NormalizedTabularInline
from conferences.models import (
    AdoptedDocument,
    AgendaItem,
    AgreedMovement,
    Attachment,
    Attendance,
    Candidate,
    Conference,
    Election,
    Guest,
    LegalBasis,
    Task,
    Vote,
)


class _Inline(NormalizedTabularInline):
    extra = 0


class AttendanceInline(_Inline):
    model = Attendance
    autocomplete_fields = ["agency"]


class GuestInline(_Inline):
    model = Guest


class AgendaItemInline(_Inline):
    model = AgendaItem


class AdoptedDocumentInline(_Inline):
    model = AdoptedDocument


class TaskInline(_Inline):
    model = Task
    autocomplete_fields = ["responsible_agency"]


class AgreedMovementInline(_Inline):
    model = AgreedMovement


class LegalBasisInline(_Inline):
    model = LegalBasis


class AttachmentInline(_Inline):
    model = Attachment
    fields = ["kind", "original_name", "content_type", "size", "description", "uploaded_by", "uploaded_at"]
    readonly_fields = fields  # uploads go through the page, which checks type and size


@admin.register(Conference)
class ConferenceAdmin(SimpleHistoryAdmin):
    list_display = ["__str__", "bloc", "year", "kind", "date"]
    list_filter = ["kind", "year", "bloc__province"]
    search_fields = ["title", "bloc__name", "venue"]
    autocomplete_fields = ["bloc", "host_agency", "chair_agency", "secretary_agency"]
    inlines = [
        AttendanceInline,
        GuestInline,
        LegalBasisInline,
        AgendaItemInline,
        AdoptedDocumentInline,
        AgreedMovementInline,
        TaskInline,
        AttachmentInline,
    ]


class CandidateInline(_Inline):
    model = Candidate
    autocomplete_fields = ["agency"]


@admin.register(Vote)
class VoteAdmin(SimpleHistoryAdmin):
    list_display = ["__str__", "conference", "kind", "ballots_valid"]
    list_filter = ["kind"]
    inlines = [CandidateInline]


@admin.register(Election)
class ElectionAdmin(SimpleHistoryAdmin):
    """Read-only: an election changes next year's roster, so it is recorded on its page only."""

    list_display = ["conference", "for_year", "leader", "method"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
