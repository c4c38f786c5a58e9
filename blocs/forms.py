from crispy_forms.helper import FormHelper
from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from blocs.concurrency import VersionedFormMixin
from blocs.models import Agency, Bloc, BlocRegulation, Membership
from blocs.uploads import DOCUMENT_TYPES, check_upload
from blocs.years import YEAR_MAX, YEAR_MIN


def apply_service_error(form: forms.Form, error: ValidationError, field_map: dict[str, str] | None = None) -> None:
    """Turn a service's ValidationError into form errors: each message goes to the field it
    names (renamed through `field_map` when the form calls it otherwise), anything else, or an
    error without fields, to the whole form. The one glue every app's views use."""
    field_map = field_map or {}
    if not hasattr(error, "error_dict"):
        form.add_error(None, error)
        return
    for name, errors in error.error_dict.items():
        target = field_map.get(name, name)
        target = target if target in form.fields else None
        for e in errors:
            form.add_error(target, e)


class BlocFilterForm(forms.Form):
    year = forms.IntegerField(label=_("Year"), required=False, min_value=YEAR_MIN, max_value=YEAR_MAX)
    kind = forms.ChoiceField(label=_("Kind"), required=False, choices=[("", _("All kinds")), *Bloc.Kind.choices])

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_method = "get"
        self.helper.form_tag = False
        self.helper.disable_csrf = True


class BlocForm(VersionedFormMixin, forms.ModelForm):
    class Meta:
        model = Bloc
        fields = ["name", "kind", "number", "description", "max_deputies", "leader_selection", "vote_threshold_percent"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False


class AgencyChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.name


class AgencyMultipleChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return obj.name


class RosterForm(VersionedFormMixin, forms.Form):
    """A bloc's roster for one year: which agencies, who leads, who deputises.

    The deputy fields are numbered (deputy_1..deputy_N, N = the bloc's setting) because the
    order of deputies matters (the first deputy is next year's proposed leader)."""

    agencies = AgencyMultipleChoiceField(
        label=_("Member agencies"), queryset=Agency.objects.none(), widget=forms.CheckboxSelectMultiple
    )
    leader = AgencyChoiceField(label=_("Leader (Trưởng khối)"), queryset=Agency.objects.none(), required=False)

    def __init__(self, *args, bloc: Bloc, year: int, with_source: bool = True, **kwargs):
        super().__init__(*args, **kwargs)
        self.bloc, self.year = bloc, year
        qs = Agency.objects.filter(province=bloc.province).order_by("name")
        valid_ids = [a.id for a in qs if a.is_valid_in_year(year)]
        qs = qs.filter(id__in=valid_ids)
        self.fields["agencies"].queryset = qs
        self.fields["leader"].queryset = qs
        for i in range(1, bloc.max_deputies + 1):
            label = _("Deputy (Phó khối)") if bloc.max_deputies == 1 else _("Deputy %(n)d") % {"n": i}
            self.fields[f"deputy_{i}"] = AgencyChoiceField(label=label, queryset=qs, required=False)
        self.helper = FormHelper()
        self.helper.form_tag = False
        if not with_source:  # the rotation service records its own source
            return
        # Where a newly given leader or deputy role comes from (kept roles keep their source).
        self.fields["role_source"] = forms.ChoiceField(
            label=_("Source of new leader/deputy roles"),
            choices=[(v, lbl) for v, lbl in Membership.Source.choices if v != Membership.Source.ROTATION],
            required=False,
            initial=Membership.Source.DECISION
            if bloc.leader_selection == Bloc.LeaderSelection.APPOINTED
            else Membership.Source.MANUAL,
        )
        self.fields["role_source_reference"] = forms.CharField(
            label=_("Decision number or conference"), max_length=255, required=False
        )
        self.fields["role_source_date"] = forms.DateField(label=_("Date of the decision or election"), required=False)

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("role_source") == Membership.Source.DECISION and not cleaned.get("role_source_reference"):
            self.add_error("role_source_reference", _("Enter the number of the appointing decision."))
        return cleaned

    def source_kwargs(self) -> dict:
        return {
            "source": self.cleaned_data["role_source"] or Membership.Source.MANUAL,
            "source_reference": self.cleaned_data["role_source_reference"],
            "source_date": self.cleaned_data["role_source_date"],
        }

    def deputies(self):
        return [
            self.cleaned_data[f"deputy_{i}"]
            for i in range(1, self.bloc.max_deputies + 1)
            if self.cleaned_data.get(f"deputy_{i}")
        ]


class RegulationForm(VersionedFormMixin, forms.ModelForm):
    """The decision that governs a bloc in a year; the file is optional (PDF, DOC, DOCX)."""

    class Meta:
        model = BlocRegulation
        fields = ["number", "date", "title", "file"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False

    def clean_file(self):
        f = self.cleaned_data.get("file")
        if f and hasattr(f, "content_type"):  # a new upload, not the file already stored
            check_upload(f, DOCUMENT_TYPES)
        return f
