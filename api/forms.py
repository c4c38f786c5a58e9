from django import forms
from django.utils.translation import gettext_lazy as _

from blocs.models import Province


class TokenForm(forms.Form):
    """A new token: the client's name and, for admins, the province (empty: national)."""

    name = forms.CharField(label=_("Integration client"), max_length=200)
    province = forms.ModelChoiceField(
        label=_("Province"),
        queryset=Province.objects.none(),
        required=False,
        empty_label=_("National (every province)"),
    )

    def __init__(self, *args, provinces, allow_national: bool, **kwargs):
        super().__init__(*args, **kwargs)
        self.allow_national = allow_national
        self.fields["province"].queryset = provinces
        if not allow_national:
            self.fields["province"].required = True
            self.fields["province"].empty_label = None

    def clean_name(self):
        return self.cleaned_data["name"].strip()
