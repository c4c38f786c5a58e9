from crispy_forms.helper import FormHelper
from django import forms
from django.utils.translation import gettext_lazy as _

from awards import services
from awards.models import MAX_COUNT, MAX_ROWS, AwardLevel, AwardRecord, ReportingPeriod
from blocs.concurrency import VersionedFormMixin
from blocs.forms import (
    BoundedDateField,
    BoundedFormSet,
    NormalizedTextMixin,
    WholeNumberField,
    bounded_formfield,
    formset_factory,
)
from blocs.models import Province
from blocs.text import match_key
from blocs.years import YEAR_MAX, YEAR_MIN

COUNT_ERRORS = {
    "invalid": _("Enter a whole number using the digits 0-9 only."),
    "min_value": _("A count cannot be negative."),
    "max_value": _("A count cannot exceed 1,000,000."),
}
SMALL = "form-control form-control-sm"


class Catalogue:
    """What the rows of one grid choose from, loaded once for all rows (no query per row)."""

    def __init__(self, *, forms_list, authorities, movements):
        self.forms = {f.id: f for f in forms_list}
        self.authorities = authorities
        self.movements = {match_key(m.name): m for m in movements}
        self.movement_names = [m.name for m in movements]
        groups = {level: [] for level, _label in AwardLevel.choices}
        for f in forms_list:
            groups[f.level].append((f.id, f.name))
        labels = dict(AwardLevel.choices)
        self.form_choices = [("", _("— choose an award form —"))] + [
            (labels[level], options) for level, options in groups.items() if options
        ]

    def form_data(self) -> dict:
        """For the page's script: each form's level and recipients (running totals, hints)."""
        return {
            str(f.id): {"level": f.level, "c": f.allows_collectives, "i": f.allows_individuals}
            for f in self.forms.values()
        }


class RecordRowForm(NormalizedTextMixin, forms.Form):
    form = forms.TypedChoiceField(label=_("Award form"), coerce=int)
    authority = forms.CharField(label=_("Granting authority"), max_length=255, required=False)
    status = forms.ChoiceField(label=_("Status"), choices=AwardRecord.Status.choices, initial="granted")
    collectives = WholeNumberField(
        label=_("Collectives"), min_value=0, max_value=MAX_COUNT, required=False, error_messages=COUNT_ERRORS
    )
    individuals = WholeNumberField(
        label=_("Individuals"), min_value=0, max_value=MAX_COUNT, required=False, error_messages=COUNT_ERRORS
    )
    decision_number = forms.CharField(label=_("Decision number"), max_length=100, required=False)
    decision_date = BoundedDateField(label=_("Decision date"), required=False)
    movement_name = forms.CharField(label=_("Emulation movement"), max_length=500, required=False)
    note = forms.CharField(label=_("Note"), required=False)

    def __init__(self, *args, catalogue: Catalogue, **kwargs):
        super().__init__(*args, **kwargs)
        self.catalogue = catalogue
        self.fields["form"].choices = catalogue.form_choices
        self.fields["form"].error_messages["required"] = _("Choose an award form.")
        widgets = {
            "form": {"class": "form-select form-select-sm", "data-role": "form"},
            "authority": {"class": SMALL, "list": "authority-suggestions"},
            "status": {"class": "form-select form-select-sm", "data-role": "status"},
            "collectives": {"class": SMALL + " num", "data-role": "collectives", "inputmode": "numeric"},
            "individuals": {"class": SMALL + " num", "data-role": "individuals", "inputmode": "numeric"},
            "decision_number": {"class": SMALL},
            "decision_date": {"class": SMALL, "placeholder": "dd/mm/yyyy"},
            "movement_name": {"class": SMALL, "list": "movement-suggestions"},
            "note": {"class": SMALL},
        }
        for name, attrs in widgets.items():
            self.fields[name].widget.attrs.update(attrs)
        self.fields["collectives"].widget.input_type = "text"
        self.fields["individuals"].widget.input_type = "text"
        self.fields["decision_date"].widget.format = "%d/%m/%Y"

    def row(self) -> services.RecordRow:
        data = self.cleaned_data
        movement_text = data.get("movement_name") or ""
        movement = self.catalogue.movements.get(match_key(movement_text)) if movement_text else None
        return services.RecordRow(
            form=self.catalogue.forms[data["form"]],
            authority=data.get("authority") or "",
            status=data["status"],
            collectives=data.get("collectives") or 0,
            individuals=data.get("individuals") or 0,
            decision_number=data.get("decision_number") or "",
            decision_date=data.get("decision_date"),
            movement=movement,
            movement_name="" if movement else movement_text,
            note=data.get("note") or "",
        )

    @staticmethod
    def initial_from(record) -> dict:
        return {
            "form": record.form_id,
            "authority": record.authority,
            "status": record.status,
            "collectives": record.collectives,
            "individuals": record.individuals,
            "decision_number": record.decision_number,
            "decision_date": record.decision_date,
            "movement_name": record.movement.name if record.movement_id else record.movement_name,
            "note": record.note,
        }


class BaseRecordFormSet(BoundedFormSet):
    """The grid: each row a `RecordRowForm`; rows added and left blank are ignored. After the
    per-field checks, the shared rules of `services.check_rows` run over the whole set, so the
    grid and the spreadsheet upload can never disagree."""

    default_error_messages = {
        "too_many_forms": _("A report holds at most %(num)d rows."),
    }

    def __init__(self, *args, period: ReportingPeriod, extra: int = 1, **kwargs):
        self.period = period
        self.extra = extra
        super().__init__(*args, **kwargs)

    def kept_forms(self):
        return [
            f
            for i, f in enumerate(self.forms)
            if not self._should_delete_form(f) and (i < self.initial_form_count() or f.has_changed())
        ]

    def clean(self):
        # The rules run on every row that passed its own field checks, even when other rows
        # failed theirs, so that one save lists every error of every kind.
        kept = [f for f in self.kept_forms() if not f.errors]
        rows = [f.row() for f in kept]
        numbers = [self.forms.index(f) + 1 for f in kept]
        for error in services.check_rows(period=self.period, rows=rows, row_numbers=numbers):
            form = kept[error.index]
            form.add_error(error.field if error.field in form.fields else None, error.message)
        self.rows = rows


RecordFormSet = formset_factory(
    RecordRowForm,
    formset=BaseRecordFormSet,
    extra=0,
    can_delete=True,
    max_num=MAX_ROWS,
    validate_max=True,
    # A count above the limit is shown back with its rows and the error; one far above it
    # (twice the limit) can only be tampered with and builds no row (blocs.forms.BoundedFormSet).
    absolute_max=2 * MAX_ROWS,
)


class VersionForm(NormalizedTextMixin, forms.Form):
    version = WholeNumberField(min_value=0, widget=forms.HiddenInput)


class PeriodForm(NormalizedTextMixin, forms.Form):
    province = forms.ModelChoiceField(label=_("Province"), queryset=Province.objects.none())
    year = WholeNumberField(label=_("Year"), min_value=YEAR_MIN, max_value=YEAR_MAX)
    kind = forms.ChoiceField(label=_("Kind"), choices=ReportingPeriod.Kind.choices)
    start_date = BoundedDateField(label=_("Data from"), required=False, help_text=_("Empty: 01/01 of the year."))
    end_date = BoundedDateField(
        label=_("Data to"), required=False, help_text=_("Empty: 30/06 for the first half, 31/12 for the full year.")
    )
    deadline = BoundedDateField(
        label=_("Submission deadline"), required=False, help_text=_("Empty: 15 days after the end of the data.")
    )

    def __init__(self, *args, provinces, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["province"].queryset = provinces
        for name in ("start_date", "end_date", "deadline"):
            self.fields[name].widget.attrs["placeholder"] = "dd/mm/yyyy"
        self.helper = FormHelper()
        self.helper.form_tag = False


class PeriodEditForm(VersionedFormMixin, NormalizedTextMixin, forms.ModelForm):
    class Meta:
        model = ReportingPeriod
        formfield_callback = bounded_formfield
        fields = ["start_date", "end_date", "deadline"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in self.fields:
            self.fields[name].widget.attrs["placeholder"] = "dd/mm/yyyy"
            self.fields[name].widget.format = "%d/%m/%Y"
        self.helper = FormHelper()
        self.helper.form_tag = False

    def validate_unique(self):
        """The service checks; the unchanged key needs no query here."""


class ReasonForm(NormalizedTextMixin, forms.Form):
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 3}), max_length=2000)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reason"].error_messages["required"] = _("Give the reason.")
        self.helper = FormHelper()
        self.helper.form_tag = False


class UploadForm(NormalizedTextMixin, forms.Form):
    file = forms.FileField(
        label=_("Excel file (.xlsx)"),
        help_text=_("The template downloaded from this page, filled in. At most 5 MB."),
        widget=forms.ClearableFileInput(
            attrs={"accept": ".xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}
        ),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False
