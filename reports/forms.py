from crispy_forms.helper import FormHelper
from django import forms
from django.utils.formats import date_format
from django.utils.translation import pgettext_lazy

from blocs.concurrency import VersionedFormMixin
from blocs.forms import BoundedDateField, NormalizedTextMixin, WholeNumberField
from blocs.years import YEAR_MAX, YEAR_MIN
from reports import selectors
from reports.meta import EDITABLE_FIELDS

STATUS_CHOICES = [
    ("both", pgettext_lazy("report", "Granted and proposed")),
    ("granted", pgettext_lazy("report", "Granted only")),
    ("proposed", pgettext_lazy("report", "Proposed only")),
]
SCOPE_LABELS = {
    selectors.SCOPE_ALL: pgettext_lazy("report", "All submissions, drafts included"),
    selectors.SCOPE_SUBMITTED: pgettext_lazy("report", "Submitted and accepted submissions"),
    selectors.SCOPE_ACCEPTED: pgettext_lazy("report", "Accepted submissions only"),
}


class ReportFilterForm(NormalizedTextMixin, forms.Form):
    """Status and scope of a report; the scopes offered depend on the user (see rules.py)."""

    status = forms.ChoiceField(label=pgettext_lazy("report", "Awards"), choices=STATUS_CHOICES, required=False)
    scope = forms.ChoiceField(label=pgettext_lazy("report", "Submissions counted"), required=False)

    def __init__(self, data=None, *, scopes, default_status="both", **kwargs):
        super().__init__(data, **kwargs)
        self.scopes = list(scopes)
        self.default_status = default_status
        self.fields["scope"].choices = [(s, SCOPE_LABELS[s]) for s in self.scopes]
        self.fields["scope"].widget.attrs["data-autosubmit"] = ""
        self.fields["status"].widget.attrs["data-autosubmit"] = ""
        self.fields["status"].initial = default_status
        self.fields["scope"].initial = self.scopes[0]

    def values(self) -> tuple[str, str]:
        """(status, scope): the valid values chosen, the defaults otherwise."""
        status, scope = self.default_status, self.scopes[0]
        if self.is_bound and self.is_valid():
            status = self.cleaned_data["status"] or status
            scope = self.cleaned_data["scope"] or scope
        return status, scope


class YearForm(NormalizedTextMixin, forms.Form):
    year = WholeNumberField(
        label=pgettext_lazy("report", "Year"), min_value=YEAR_MIN, max_value=YEAR_MAX, required=False
    )

    def __init__(self, *args, years=None, **kwargs):
        """`years`: the years the menu offers (`blocs.selectors.province_years`); any year
        within the bounds is still accepted from the URL."""
        super().__init__(*args, **kwargs)
        if years:
            self.fields["year"].widget = forms.Select(choices=[(y, y) for y in reversed(years)])


class ReportMetaForm(VersionedFormMixin, NormalizedTextMixin, forms.Form):
    """The document's number, date, place, signer and recipients. Each blank field keeps the
    default, shown as the field's placeholder."""

    number = forms.CharField(label=pgettext_lazy("report", "Document number"), max_length=60, required=False)
    date = BoundedDateField(label=pgettext_lazy("report", "Date of the document"), required=False)
    place = forms.CharField(label=pgettext_lazy("report", "Place"), max_length=100, required=False)
    signer_title = forms.CharField(
        label=pgettext_lazy("report", "Signer's capacity and title"),
        max_length=200,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=pgettext_lazy("report", "One line each, e.g. the capacity then the title."),
    )
    signer_name = forms.CharField(label=pgettext_lazy("report", "Signer's name"), max_length=100, required=False)
    recipients = forms.CharField(
        label=pgettext_lazy("report", "Recipients"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=pgettext_lazy("report", "One recipient a line."),
    )

    def __init__(self, data=None, *, defaults, stored=None, **kwargs):
        initial = {}
        if stored is not None:
            initial = {name: getattr(stored, name) for name in EDITABLE_FIELDS}
        super().__init__(data, initial=initial, **kwargs)
        placeholders = {
            "number": defaults.number,
            "date": date_format(defaults.date, "d/m/Y") if defaults.date else "dd/mm/yyyy",
            "place": defaults.place,
            "signer_title": defaults.signer_title,
            "signer_name": defaults.signer_name,
            "recipients": "\n".join(defaults.recipients),
        }
        for name, text in placeholders.items():
            if text:
                self.fields[name].widget.attrs["placeholder"] = text
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True
