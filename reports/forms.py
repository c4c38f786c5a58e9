from django import forms
from django.utils.translation import pgettext_lazy

from blocs.years import YEAR_MAX, YEAR_MIN
from reports import selectors

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


class ReportFilterForm(forms.Form):
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


class YearForm(forms.Form):
    year = forms.IntegerField(
        label=pgettext_lazy("report", "Year"), min_value=YEAR_MIN, max_value=YEAR_MAX, required=False
    )

    def __init__(self, *args, years=None, **kwargs):
        """`years`: the years the menu offers (`blocs.selectors.province_years`); any year
        within the bounds is still accepted from the URL."""
        super().__init__(*args, **kwargs)
        if years:
            self.fields["year"].widget = forms.Select(choices=[(y, y) for y in reversed(years)])
