from crispy_forms.helper import FormHelper
from django import forms
from django.utils.translation import gettext_lazy as _

from blocs.models import Agency, Bloc, BlocRegulation, Membership, User
from blocs.services import err_other_bloc
from blocs.uploads import DOCUMENT_TYPES, check_upload


class BlocFilterForm(forms.Form):
    year = forms.IntegerField(label=_("Year"), required=False, min_value=1945, max_value=2200)
    kind = forms.ChoiceField(label=_("Kind"), required=False, choices=[("", _("All kinds")), *Bloc.Kind.choices])

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_method = "get"
        self.helper.form_tag = False
        self.helper.disable_csrf = True


class BlocForm(forms.ModelForm):
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


class TakenAwareCheckboxes(forms.CheckboxSelectMultiple):
    """Checkboxes where the agencies already in another bloc that year are disabled."""

    def __init__(self, *args, taken=frozenset(), **kwargs):
        super().__init__(*args, **kwargs)
        self.taken = taken

    def create_option(self, name, value, label, selected, index, subindex=None, attrs=None):
        option = super().create_option(name, value, label, selected, index, subindex, attrs)
        if getattr(value, "value", value) in self.taken:
            option["attrs"]["disabled"] = True
            option["attrs"]["data-taken"] = "1"
        return option


class RosterForm(forms.Form):
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
        qs = Agency.objects.filter(province=bloc.province).order_by("sort_name")
        valid_ids = [a.id for a in qs if a.is_valid_in_year(year)]
        qs = qs.filter(id__in=valid_ids)
        # Agencies in another bloc of the province that year: shown, marked and not selectable.
        self.elsewhere = {
            m.agency_id: m.bloc
            for m in Membership.objects.filter(agency_id__in=valid_ids, year=year)
            .exclude(bloc=bloc)
            .select_related("bloc")
        }
        agencies = self.fields["agencies"]
        agencies.widget = TakenAwareCheckboxes(taken=set(self.elsewhere))
        agencies.label_from_instance = self._label
        agencies.queryset = qs  # after the widget: setting the queryset gives the widget its choices
        free = qs.exclude(id__in=self.elsewhere)
        self.fields["leader"].queryset = free
        for i in range(1, bloc.max_deputies + 1):
            label = _("Deputy (Phó khối)") if bloc.max_deputies == 1 else _("Deputy %(n)d") % {"n": i}
            self.fields[f"deputy_{i}"] = AgencyChoiceField(label=label, queryset=free, required=False)
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

    def _label(self, agency):
        bloc = self.elsewhere.get(agency.id)
        if bloc is None:
            return agency.name
        return _("%(agency)s — already in “%(bloc)s” in %(year)s") % {
            "agency": agency.name,
            "bloc": bloc.name,
            "year": self.year,
        }

    def clean_agencies(self):
        agencies = self.cleaned_data["agencies"]
        taken = [a for a in agencies if a.id in self.elsewhere]
        if taken:
            raise forms.ValidationError(
                [err_other_bloc(a.name, self.elsewhere[a.id].name, self.year) for a in taken], code="other_bloc"
            )
        return agencies

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

    def add_service_errors(self, error):
        """Attach a service ValidationError to the fields it names."""
        if not hasattr(error, "error_dict"):
            self.add_error(None, error)
            return
        for name, errors in error.error_dict.items():
            target = name if name in self.fields else ("deputy_1" if name == "deputies" else None)
            for e in errors:
                self.add_error(target, e)


class RegulationForm(forms.ModelForm):
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


# --- Agencies page ----------------------------------------------------------------------------


def _helper(method="post"):
    helper = FormHelper()
    helper.form_tag = False
    if method == "get":
        helper.form_method = "get"
        helper.disable_csrf = True
    return helper


class AgencyFilterForm(forms.Form):
    province = forms.TypedChoiceField(label=_("Province"), required=False, coerce=int, empty_value=None)
    q = forms.CharField(label=_("Search"), required=False, max_length=100)
    kind = forms.ChoiceField(label=_("Kind"), required=False, choices=[("", _("All kinds")), *Agency.Kind.choices])
    validity = forms.ChoiceField(
        label=_("Validity"),
        required=False,
        choices=[("current", _("Existing today")), ("ended", _("Ceased")), ("all", _("All"))],
    )

    def __init__(self, *args, provinces, **kwargs):
        super().__init__(*args, **kwargs)
        choices = [(p.pk, p.name) for p in provinces]
        if len(provinces) > 1:
            choices.insert(0, ("", _("All provinces")))
        self.fields["province"].choices = choices
        self.helper = _helper("get")


class AgencyForm(forms.ModelForm):
    """Create an agency or correct its details (a renaming has its own form)."""

    class Meta:
        model = Agency
        fields = ["name", "short_name", "kind", "valid_from", "email"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["name"].help_text = _(
                "Correct a typo here (every year shows the corrected name). For a real renaming use “Rename”."
            )
        self.helper = _helper()


class AgencyRenameForm(forms.Form):
    name = forms.CharField(label=_("New name"), max_length=255)
    renamed_on = forms.DateField(
        label=_("Renamed on"), help_text=_("Years before this date's year keep showing the old name.")
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper()


class AgencyEndForm(forms.Form):
    valid_to = forms.DateField(label=_("Last day of existence"))
    successor = AgencyChoiceField(
        label=_("Merged into (successor)"),
        queryset=Agency.objects.none(),
        required=False,
        help_text=_("Next year's roster puts the successor in the place of this agency."),
    )

    def __init__(self, *args, agency: Agency, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["successor"].queryset = (
            Agency.objects.filter(province_id=agency.province_id).exclude(pk=agency.pk).order_by("sort_name")
        )
        self.helper = _helper()


# --- Accounts page ----------------------------------------------------------------------------


class OfficerAccountForm(forms.Form):
    """A new officer account for an agency of the user's province."""

    agency = AgencyChoiceField(label=_("Agency"), queryset=Agency.objects.none())
    username = forms.RegexField(
        label=_("Username"),
        max_length=150,
        regex=r"^[a-z0-9][a-z0-9._-]*$",
        help_text=_("Lowercase letters without marks, digits, dot, hyphen; suggested from the agency."),
        error_messages={"invalid": _("Use lowercase letters without marks, digits, dots and hyphens.")},
    )
    first_name = forms.CharField(label=_("Given name"), max_length=150, required=False)
    last_name = forms.CharField(label=_("Family name"), max_length=150, required=False)
    job_title = forms.CharField(label=_("Job title"), max_length=255, required=False)
    email = forms.EmailField(label=_("E-mail"), required=False)

    def __init__(self, *args, agencies, show_province: bool, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["agency"]
        field.queryset = agencies
        if show_province:
            field.label_from_instance = lambda a: a.label_with_province
        self.helper = _helper()

    def clean_username(self):
        username = self.cleaned_data["username"]
        if User.objects.filter(username__iexact=username).exists():
            raise forms.ValidationError(_("This username is taken; choose another."))
        return username


# --- Importing the bloc division ------------------------------------------------------------


class DivisionUploadForm(forms.Form):
    year = forms.IntegerField(label=_("Year of the rosters"), min_value=1945, max_value=2200)
    file = forms.FileField(label=_("Filled-in template (.xlsx)"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper()
