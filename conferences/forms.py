"""Forms of the conference pages. Forms only parse and render; the rules (membership, ballot
arithmetic, election conflicts) live in `services` and come back as form errors."""

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Column, Layout, Row
from django import forms
from django.utils.translation import gettext_lazy as _

from awards.models import AwardForm
from blocs.concurrency import VersionedFormMixin
from blocs.forms import (
    BoundedDateField,
    NormalizedTextMixin,
    WholeNumberField,
    bounded_formfield,
    formset_factory,
)
from blocs.models import Agency, Bloc, Movement
from conferences.models import Attachment, Conference, Election, Vote
from conferences.selectors import MINUTES_EDITED_FIELDS


class AgencyChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.name


def province_agencies(bloc: Bloc):
    return Agency.objects.filter(province_id=bloc.province_id).order_by("sort_name")


def member_agencies(bloc: Bloc, year: int):
    return Agency.objects.filter(memberships__bloc=bloc, memberships__year=year).order_by("sort_name")


class InlineStyleMixin(NormalizedTextMixin):
    """Bootstrap classes on the widgets of forms rendered as table rows (not through crispy)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.style_widgets()

    def style_widgets(self):
        for field in self.fields.values():
            widget = field.widget
            if isinstance(widget, forms.CheckboxInput):
                css = "form-check-input"
            elif isinstance(widget, forms.Select):
                css = "form-select form-select-sm"
            elif isinstance(widget, forms.HiddenInput):
                continue
            else:
                css = "form-control form-control-sm"
            widget.attrs["class"] = css


def _helper(form_tag=False) -> FormHelper:
    helper = FormHelper()
    helper.form_tag = form_tag
    helper.disable_csrf = True
    return helper


class ConferenceForm(VersionedFormMixin, NormalizedTextMixin, forms.ModelForm):
    class Meta:
        model = Conference
        formfield_callback = bounded_formfield
        fields = MINUTES_EDITED_FIELDS  # one list: what the form edits is what its version covers
        widgets = {
            "date": forms.DateInput(attrs={"placeholder": "dd/mm/yyyy"}),
            "start_time": forms.TimeInput(attrs={"placeholder": "14:00"}),
            "discussion": forms.Textarea(attrs={"rows": 4}),
            "conclusions": forms.Textarea(attrs={"rows": 4}),
        }

    def __init__(self, *args, bloc: Bloc, **kwargs):
        super().__init__(*args, **kwargs)
        agencies = province_agencies(bloc)
        for name in ("host_agency", "chair_agency", "secretary_agency"):
            self.fields[name].queryset = agencies
            self.fields[name].label_from_instance = lambda obj: obj.name
        self.helper = _helper()
        self.helper.layout = Layout(
            Row(Column("kind", css_class="col-md-4"), Column("period_kind", css_class="col-md-3")),
            Row(Column("title", css_class="col-md-9"), Column("minutes_number", css_class="col-md-3")),
            Row(
                Column("date", css_class="col-md-3"),
                Column("time_of_day", css_class="col-md-3"),
                Column("start_time", css_class="col-md-2"),
                Column("date_note", css_class="col-md-4"),
            ),
            Row(Column("venue", css_class="col-md-6"), Column("host_agency", css_class="col-md-6")),
            Row(
                Column("chair_name", css_class="col-md-4"),
                Column("chair_title", css_class="col-md-4"),
                Column("chair_agency", css_class="col-md-4"),
            ),
            Row(
                Column("secretary_name", css_class="col-md-4"),
                Column("secretary_title", css_class="col-md-4"),
                Column("secretary_agency", css_class="col-md-4"),
            ),
            "discussion",
            "conclusions",
            Row(Column("concluded_by_name", css_class="col-md-4"), Column("concluded_by_title", css_class="col-md-8")),
        )


class AttendanceForm(InlineStyleMixin, forms.Form):
    agency = forms.ModelChoiceField(queryset=Agency.objects.none(), widget=forms.HiddenInput)
    attended = forms.TypedChoiceField(
        label=_("Attendance"),
        choices=[("", _("Not recorded")), ("True", _("Present")), ("False", _("Absent"))],
        coerce=lambda value: value == "True",
        empty_value=None,
        required=False,
    )
    representative_name = forms.CharField(label=_("Representative"), required=False, max_length=255)
    representative_title = forms.CharField(label=_("Title"), required=False, max_length=500)

    def __init__(self, *args, agencies=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agency"].queryset = agencies if agencies is not None else Agency.objects.none()
        agency = self.initial.get("agency")
        self.agency_label = getattr(agency, "name", "")


class GuestForm(InlineStyleMixin, forms.Form):
    name = forms.CharField(label=_("Name"), required=False, max_length=255)
    title = forms.CharField(label=_("Title"), required=False, max_length=500)
    organisation = forms.CharField(label=_("Organisation"), required=False, max_length=255)


class LineForm(InlineStyleMixin, forms.Form):
    text = forms.CharField(label=_("Text"), required=False, max_length=1000)


class TaskForm(InlineStyleMixin, forms.Form):
    text = forms.CharField(label=_("Task"), required=False, max_length=1000)
    responsible_agency = AgencyChoiceField(
        label=_("Responsible agency"), queryset=Agency.objects.none(), required=False
    )

    def __init__(self, *args, agencies=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["responsible_agency"].queryset = agencies if agencies is not None else Agency.objects.none()


class MovementForm(InlineStyleMixin, forms.Form):
    text = forms.CharField(label=_("Movement"), required=False, max_length=1000)
    movement = forms.ModelChoiceField(label=_("Linked movement"), queryset=Movement.objects.none(), required=False)

    def __init__(self, *args, movements=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["movement"].queryset = movements if movements is not None else Movement.objects.none()


class LegalBasisForm(InlineStyleMixin, forms.Form):
    number = forms.CharField(label=_("Number and symbol"), required=False, max_length=100)
    date = BoundedDateField(
        label=_("Date"), required=False, widget=forms.DateInput(attrs={"placeholder": "dd/mm/yyyy"})
    )
    issuer = forms.CharField(label=_("Issued by"), required=False, max_length=255)
    title = forms.CharField(label=_("Subject"), required=False, max_length=1000)


AttendanceFormSet = formset_factory(AttendanceForm, extra=0)
GuestFormSet = formset_factory(GuestForm, extra=2)
AgendaFormSet = formset_factory(LineForm, extra=3)
DocumentFormSet = formset_factory(LineForm, extra=2)
TaskFormSet = formset_factory(TaskForm, extra=5)
MovementFormSet = formset_factory(MovementForm, extra=2)
LegalBasisFormSet = formset_factory(LegalBasisForm, extra=2)


class VoteForm(VersionedFormMixin, NormalizedTextMixin, forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=Vote.Kind.choices)
    award_form = forms.ModelChoiceField(label=_("Award form"), queryset=AwardForm.objects.filter(active=True))
    authority = forms.CharField(
        label=_("Granting authority"),
        required=False,
        max_length=255,
        help_text=_("e.g. “UBND tỉnh”, “Chủ tịch UBND tỉnh”."),
    )
    award_label = forms.CharField(
        label=_("Award as written"),
        required=False,
        max_length=255,
        help_text=_("e.g. “Cờ thi đua của UBND tỉnh”; left blank, it is built from the form and the authority."),
    )
    proposed_to = forms.CharField(
        label=_("Proposed to"),
        required=False,
        max_length=255,
        help_text=_("For a proposal: the body the bloc proposes to, e.g. “UBND tỉnh”."),
    )
    # No minimum here: the service reports a negative number with its own message.
    ballots_issued = WholeNumberField(label=_("Ballots issued"), required=False)
    ballots_returned = WholeNumberField(label=_("Ballots returned"), required=False)
    ballots_valid = WholeNumberField(label=_("Valid ballots"), required=False)
    ballots_invalid = WholeNumberField(label=_("Invalid ballots"), required=False)
    note = forms.CharField(label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper()
        self.helper.layout = Layout(
            Row(Column("kind", css_class="col-md-4"), Column("award_form", css_class="col-md-8")),
            Row(
                Column("authority", css_class="col-md-4"),
                Column("award_label", css_class="col-md-5"),
                Column("proposed_to", css_class="col-md-3"),
            ),
            Row(
                Column("ballots_issued", css_class="col-md-3"),
                Column("ballots_returned", css_class="col-md-3"),
                Column("ballots_valid", css_class="col-md-3"),
                Column("ballots_invalid", css_class="col-md-3"),
            ),
            "note",
        )


class CandidateForm(InlineStyleMixin, forms.Form):
    agency = AgencyChoiceField(label=_("Candidate"), queryset=Agency.objects.none(), required=False)
    votes = WholeNumberField(label=_("Votes"), required=False)
    won = forms.BooleanField(label=_("Elected / proposed"), required=False)

    def __init__(self, *args, agencies=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agency"].queryset = agencies if agencies is not None else Agency.objects.none()


CandidateFormSet = formset_factory(CandidateForm, extra=3)


class ElectionForm(VersionedFormMixin, NormalizedTextMixin, forms.Form):
    method = forms.ChoiceField(label=_("How"), choices=Election.Method.choices, initial=Election.Method.ELECTION)
    leader = AgencyChoiceField(label=_("Leader (Trưởng khối)"), queryset=Agency.objects.none())
    decision_number = forms.CharField(label=_("Decision number"), required=False, max_length=100)
    decision_date = BoundedDateField(
        label=_("Decision date"), required=False, widget=forms.DateInput(attrs={"placeholder": "dd/mm/yyyy"})
    )

    def __init__(self, *args, bloc: Bloc, year: int, **kwargs):
        super().__init__(*args, **kwargs)
        self.bloc = bloc
        agencies = member_agencies(bloc, year)
        self.fields["leader"].queryset = agencies
        for i in range(1, bloc.max_deputies + 1):
            label = _("Deputy (Phó khối)") if bloc.max_deputies == 1 else _("Deputy %(n)d") % {"n": i}
            self.fields[f"deputy_{i}"] = AgencyChoiceField(label=label, queryset=agencies, required=False)
        # Keep the decision fields last.
        for name in ("decision_number", "decision_date"):
            self.fields[name] = self.fields.pop(name)
        self.helper = _helper()

    def deputies(self):
        return [
            self.cleaned_data[f"deputy_{i}"]
            for i in range(1, self.bloc.max_deputies + 1)
            if self.cleaned_data.get(f"deputy_{i}")
        ]


class AttachmentForm(NormalizedTextMixin, forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=Attachment.Kind.choices)
    file = forms.FileField(
        label=_("File"), help_text=_("PDF, JPEG or PNG, at most 10 MB."), allow_empty_file=False, max_length=255
    )
    description = forms.CharField(label=_("Description"), required=False, max_length=255)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"].widget.attrs["accept"] = ".pdf,.jpg,.jpeg,.png,application/pdf,image/jpeg,image/png"
        self.helper = _helper()
