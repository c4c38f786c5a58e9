import copy
import re

from crispy_forms.helper import FormHelper
from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.utils.translation import gettext_lazy as _

from blocs.concurrency import VersionedFormMixin
from blocs.models import Agency, Bloc, BlocRegulation, Membership, User
from blocs.services import err_other_bloc
from blocs.text import normalize_multiline, normalize_text
from blocs.uploads import DOCUMENT_TYPES, check_upload
from blocs.years import DATE_MIN, YEAR_MAX, YEAR_MIN, date_max

# --- Shared input rules: every app's forms, the admin and the Excel import use these ---------
#
# Text: every text a form receives is normalised (`blocs.text.normalize_text`, line by line for
# a textarea) before it is validated, so what is checked, compared and stored is the canonical
# form. Numbers: only the ASCII digits 0-9 (Python's int() also takes "1_000" and "١٢"), within
# the range of the column they go to. Dates: within `blocs.years.DATE_MIN`..`date_max()`.

INT_MAX = 2_147_483_647  # an IntegerField / PositiveIntegerField column
SMALL_INT_MAX = 32_767  # a SmallIntegerField / PositiveSmallIntegerField column
INTEGER_RANGES = {
    "SmallIntegerField": (-SMALL_INT_MAX - 1, SMALL_INT_MAX),
    "PositiveSmallIntegerField": (0, SMALL_INT_MAX),
    "IntegerField": (-INT_MAX - 1, INT_MAX),
    "PositiveIntegerField": (0, INT_MAX),
    "BigIntegerField": (-(2**63), 2**63 - 1),
    "PositiveBigIntegerField": (0, 2**63 - 1),
}
_WHOLE_NUMBER = re.compile(r"([+-]?)0*([0-9]+)")  # fullmatch: ASCII digits only, no "_" or spaces inside
_DECIMAL_CHARS = frozenset("0123456789+-.,")
_MAX_DIGITS = 30  # beyond every column's range; keeps int() far from its own digit limit


def parse_whole_number(value: str) -> int | None:
    """The integer written in `value` with the ASCII digits 0-9 (an optional sign, spaces around),
    or None when it is anything else: "1_000", "١٢", "1.000", "1e3", "" are all None. Numbers
    longer than any column are returned as a value just past the largest one, so a range check
    reports them."""
    match = _WHOLE_NUMBER.fullmatch(str(value).strip())
    if not match:
        return None
    sign, digits = match.groups()
    number = int(digits) if len(digits) <= _MAX_DIGITS else 10**_MAX_DIGITS
    return -number if sign == "-" else number


class WholeNumberField(forms.IntegerField):
    """An integer typed with the digits 0-9, bounded by default to an integer column's range
    (give a smaller `max_value` where the domain has one)."""

    default_error_messages = {"invalid": _("Enter a whole number using the digits 0-9 only.")}

    def __init__(self, *, max_value=INT_MAX, min_value=None, **kwargs):
        super().__init__(max_value=max_value, min_value=min_value, **kwargs)

    def to_python(self, value):
        if value in self.empty_values:
            return None
        if isinstance(value, int) and not isinstance(value, bool):
            return value
        number = parse_whole_number(value)
        if number is None:
            raise ValidationError(self.error_messages["invalid"], code="invalid")
        return number


class AsciiDecimalField(forms.DecimalField):
    """A decimal number typed with the digits 0-9 and a decimal comma or point only."""

    default_error_messages = {"invalid": _("Enter a number using the digits 0-9 only.")}

    def to_python(self, value):
        if isinstance(value, str) and not set(value.strip()) <= _DECIMAL_CHARS:
            raise ValidationError(self.error_messages["invalid"], code="invalid")
        return super().to_python(value)


class BoundedDateField(forms.DateField):
    """A date within the years the application knows: from 01/01/1945 to the end of the year
    after next."""

    default_error_messages = {"out_of_range": _("Enter a date from %(min)s to %(max)s.")}

    def validate(self, value):
        super().validate(value)
        if value and not (DATE_MIN <= value <= date_max()):
            raise ValidationError(
                self.error_messages["out_of_range"],
                code="out_of_range",
                params={"min": DATE_MIN.strftime("%d/%m/%Y"), "max": date_max().strftime("%d/%m/%Y")},
            )


def bounded_field_kwargs(db_field) -> dict:
    """The form field class (and bounds) for an integer, decimal or date model field; {} for
    any other field. Used by `bounded_formfield` and by the admin."""
    if db_field.choices:
        return {}
    kind = db_field.get_internal_type()
    if kind in INTEGER_RANGES:
        low, high = INTEGER_RANGES[kind]
        for validator in db_field.validators:  # a smaller domain limit declared on the model
            if isinstance(validator, MaxValueValidator) and isinstance(validator.limit_value, int):
                high = min(high, validator.limit_value)
            elif isinstance(validator, MinValueValidator) and isinstance(validator.limit_value, int):
                low = max(low, validator.limit_value)
        return {"form_class": WholeNumberField, "min_value": low, "max_value": high}
    if kind == "DecimalField":
        return {"form_class": AsciiDecimalField}
    if kind == "DateField":
        return {"form_class": BoundedDateField}
    return {}


def bounded_formfield(db_field, **kwargs):
    """`Meta.formfield_callback` of every ModelForm: integers, decimals and dates get the shared
    fields above (a form's own `field_classes` still win)."""
    return db_field.formfield(**{**bounded_field_kwargs(db_field), **kwargs})


def _is_text_field(field) -> bool:
    return type(field) is forms.CharField and not isinstance(field.widget, forms.PasswordInput)


class NormalizedTextMixin:
    """Normalises the submitted value of every plain text field before the form validates it:
    NFC, compatibility forms folded, zero-width and bidi controls removed, spaces collapsed
    (`blocs.text`); a textarea keeps its line breaks. Every form of the project, the admin's
    included, has this mixin first among its bases (a test walks them)."""

    def full_clean(self):
        if self.is_bound:
            self.data = self._normalized_data()
        super().full_clean()

    def _normalized_data(self):
        """The submitted data with this form's text fields normalised: the data itself when
        nothing changes (the usual case), else a shallow copy with the changed keys replaced.
        Never a deep copy: the 500 forms of a grid share one POST of 4,500 keys, and a deep
        copy of it per form took 20 s."""
        data = self.data
        getlist = getattr(data, "getlist", None)
        changes = {}
        for name, field in self.fields.items():
            if not _is_text_field(field):
                continue
            key = self.add_prefix(name)
            if key not in data:
                continue
            normalise = normalize_multiline if isinstance(field.widget, forms.Textarea) else normalize_text
            values = getlist(key) if getlist else [data[key]]
            normalised = [_normalised(v, normalise) for v in values]
            if normalised != values:
                changes[key] = normalised
        if not changes:
            return data
        data = copy.copy(data) if getlist else dict(data)
        for key, values in changes.items():
            if getlist:
                data.setlist(key, values)
            else:
                data[key] = values[0]
        return data


def _normalised(value, normalise):
    # A NUL byte is no typing slip: left in place, Django's own validator refuses it.
    return normalise(value) if isinstance(value, str) and "\x00" not in value else value


class NormalizedModelForm(NormalizedTextMixin, forms.ModelForm):
    """The admin's base form (every ModelAdmin and inline uses it, see blocs.admin)."""


class BoundedFormSet(forms.BaseFormSet):
    """Every formset of the project. The submitted row count is checked before any row is
    built: above `absolute_max` no row is built and the set carries Django's "too many forms"
    error. (Django itself builds, validates and renders up to `absolute_max` rows of such a
    request: seconds of work for one tampered TOTAL_FORMS.)"""

    def count_refused(self) -> bool:
        if not self.is_bound or not self.management_form.is_valid():
            return False
        return self.management_form.cleaned_data["TOTAL_FORMS"] > self.absolute_max

    def total_form_count(self):
        return 0 if self.count_refused() else super().total_form_count()


def formset_factory(form, **kwargs):
    """`django.forms.formset_factory` with `BoundedFormSet` as the default base."""
    kwargs.setdefault("formset", BoundedFormSet)
    return forms.formset_factory(form, **kwargs)


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


class BlocFilterForm(NormalizedTextMixin, forms.Form):
    year = WholeNumberField(label=_("Year"), required=False, min_value=YEAR_MIN, max_value=YEAR_MAX)
    kind = forms.ChoiceField(label=_("Kind"), required=False, choices=[("", _("All kinds")), *Bloc.Kind.choices])

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_method = "get"
        self.helper.form_tag = False
        self.helper.disable_csrf = True


class BlocForm(VersionedFormMixin, NormalizedTextMixin, forms.ModelForm):
    class Meta:
        model = Bloc
        formfield_callback = bounded_formfield
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


class RosterForm(VersionedFormMixin, NormalizedTextMixin, forms.Form):
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
        self.fields["role_source_date"] = BoundedDateField(label=_("Date of the decision or election"), required=False)

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


class RegulationForm(VersionedFormMixin, NormalizedTextMixin, forms.ModelForm):
    """The decision that governs a bloc in a year; the file is optional (PDF, DOC, DOCX)."""

    class Meta:
        model = BlocRegulation
        formfield_callback = bounded_formfield
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


class AgencyFilterForm(NormalizedTextMixin, forms.Form):
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


class AgencyForm(VersionedFormMixin, NormalizedTextMixin, forms.ModelForm):
    """Create an agency or correct its details (a renaming has its own form)."""

    class Meta:
        model = Agency
        fields = ["name", "short_name", "kind", "valid_from", "email"]
        formfield_callback = bounded_formfield

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["name"].help_text = _(
                "Correct a typo here (every year shows the corrected name). For a real renaming use “Rename”."
            )
        self.helper = _helper()


class AgencyRenameForm(VersionedFormMixin, NormalizedTextMixin, forms.Form):
    name = forms.CharField(label=_("New name"), max_length=255)
    renamed_on = BoundedDateField(
        label=_("Renamed on"), help_text=_("Years before this date's year keep showing the old name.")
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper()


class AgencyEndForm(VersionedFormMixin, NormalizedTextMixin, forms.Form):
    valid_to = BoundedDateField(label=_("Last day of existence"))
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


class OfficerAccountForm(NormalizedTextMixin, forms.Form):
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


class DivisionUploadForm(NormalizedTextMixin, forms.Form):
    year = WholeNumberField(label=_("Year of the rosters"), min_value=YEAR_MIN, max_value=YEAR_MAX)
    file = forms.FileField(label=_("Filled-in template (.xlsx)"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper()
