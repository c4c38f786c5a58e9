from crispy_forms.helper import FormHelper
from django import forms
from django.utils.translation import gettext_lazy as _

from awards.models import AwardForm
from blocs.concurrency import VersionedFormMixin
from blocs.forms import AgencyChoiceField
from proposals.models import DocumentRequirement, ProposalItem
from proposals.services import LENGTHS, UPLOAD_TYPES, Verdict

DATE_WIDGET = forms.DateInput(attrs={"placeholder": "dd/mm/yyyy"})


def _helper() -> FormHelper:
    helper = FormHelper()
    helper.form_tag = False
    return helper


class DetailsForm(VersionedFormMixin, forms.Form):
    number = forms.CharField(
        label=_("Number of the cover letter"),
        required=False,
        max_length=LENGTHS["number"],
        help_text=_("e.g. “05/TTr-KTĐNC”."),
    )
    signer_name = forms.CharField(label=_("Signed by"), required=False, max_length=LENGTHS["signer_name"])
    signer_title = forms.CharField(
        label=_("Signer's title"),
        required=False,
        max_length=LENGTHS["signer_title"],
        help_text=_("e.g. “Chánh Thanh tra tỉnh, Trưởng khối”."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper()


class AwardFormChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.name


class ItemForm(VersionedFormMixin, forms.Form):
    recipient = forms.ChoiceField(label=_("Recipient"), choices=ProposalItem.Recipient.choices)
    agency = AgencyChoiceField(label=_("Agency"), queryset=None)
    award_form = AwardFormChoiceField(label=_("Award form"), queryset=None)
    authority = forms.CharField(
        label=_("Granting authority"),
        required=False,
        max_length=LENGTHS["authority"],
        help_text=_("e.g. “Chủ tịch UBND tỉnh”."),
    )
    collective_name = forms.CharField(
        label=_("Collective"),
        required=False,
        max_length=LENGTHS["collective_name"],
        help_text=_("For a collective: a unit inside the agency; blank: the agency itself."),
    )
    person_name = forms.CharField(label=_("Full name"), required=False, max_length=LENGTHS["person_name"])
    person_position = forms.CharField(label=_("Position held"), required=False, max_length=LENGTHS["person_position"])
    person_unit = forms.CharField(label=_("Unit"), required=False, max_length=LENGTHS["person_unit"])

    def __init__(self, *args, agencies, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agency"].queryset = agencies
        self.fields["award_form"].queryset = AwardForm.objects.filter(active=True).order_by("display_order", "name")
        self.helper = _helper()


class UploadIndividualsForm(forms.Form):
    file = forms.FileField(label=_("Excel file (.xlsx)"), allow_empty_file=False, max_length=255)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"].widget.attrs["accept"] = ".xlsx"
        self.helper = _helper()


class DocumentForm(forms.Form):
    requirement = forms.ChoiceField(label=_("Document"))
    item = forms.ChoiceField(label=_("Nominee"), required=False)
    file = forms.FileField(
        label=_("File"), help_text=_("DOCX or PDF, at most 10 MB."), allow_empty_file=False, max_length=255
    )

    def __init__(self, *args, requirements: list[DocumentRequirement], items: list[ProposalItem], **kwargs):
        super().__init__(*args, **kwargs)
        self.requirements = {str(r.pk): r for r in requirements}
        self.items = {str(i.pk): i for i in items}
        self.fields["requirement"].choices = [(str(r.pk), r.title) for r in requirements] + [("", _("Other document"))]
        self.fields["requirement"].required = False
        self.fields["item"].choices = [("", _("The whole dossier"))] + [(str(i.pk), i.nominee) for i in items]
        self.fields["file"].widget.attrs["accept"] = ",".join(f".{t}" for t in UPLOAD_TYPES)
        self.helper = _helper()

    def clean(self):
        data = super().clean()
        requirement = self.requirements.get(data.get("requirement") or "")
        item = self.items.get(data.get("item") or "")
        if requirement is not None and requirement.per_nominee and item is None:
            self.add_error("item", _("Choose the nominee this document is for."))
        data["requirement_obj"], data["item_obj"] = requirement, item
        return data


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 3}), max_length=2000)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reason"].error_messages["required"] = _("Give the reason.")
        self.helper = _helper()


VERDICT_CHOICES = [("yes", _("Agreed")), ("no", _("Not agreed"))]


class ReviewForm(VersionedFormMixin, forms.Form):
    """The council's meeting date and one verdict (and note) per item: fields `agreed_<id>` and
    `note_<id>`."""

    council_date = forms.DateField(label=_("Date of the council's meeting"), widget=DATE_WIDGET)

    def __init__(self, *args, items: list[ProposalItem], **kwargs):
        super().__init__(*args, **kwargs)
        self.items = items
        for item in items:
            self.fields[f"agreed_{item.pk}"] = forms.ChoiceField(
                label=item.nominee, choices=VERDICT_CHOICES, widget=forms.RadioSelect
            )
            self.fields[f"agreed_{item.pk}"].error_messages["required"] = _("Choose agreed or not agreed.")
            self.fields[f"note_{item.pk}"] = forms.CharField(
                label=_("Note"), required=False, max_length=LENGTHS["council_note"]
            )

    def rows(self):
        return [(item, self[f"agreed_{item.pk}"], self[f"note_{item.pk}"]) for item in self.items]

    def verdicts(self):
        return {
            item.pk: Verdict(self.cleaned_data[f"agreed_{item.pk}"] == "yes", self.cleaned_data[f"note_{item.pk}"])
            for item in self.items
        }


class DecisionForm(VersionedFormMixin, forms.Form):
    decision_number = forms.CharField(
        label=_("Decision number"), max_length=LENGTHS["decision_number"], help_text=_("e.g. “123/QĐ-UBND”.")
    )
    decision_date = forms.DateField(label=_("Decision date"), widget=DATE_WIDGET)
    signer = forms.CharField(
        label=_("Signed by"),
        required=False,
        max_length=LENGTHS["decision_signer"],
        help_text=_("e.g. “Chủ tịch UBND tỉnh”."),
    )
    granted = forms.MultipleChoiceField(label=_("Granted"), required=False, widget=forms.CheckboxSelectMultiple)

    def __init__(self, *args, items: list[ProposalItem], **kwargs):
        super().__init__(*args, **kwargs)
        self.items = items
        self.fields["granted"].choices = [(str(i.pk), i.nominee) for i in items]
        self.fields["granted"].error_messages["invalid_choice"] = _("Only the nominees of this dossier can be granted.")
        self.fields["decision_number"].error_messages["required"] = _("Enter the decision number.")

    def rows(self):
        return list(zip(self.items, self["granted"], strict=True))

    def granted_ids(self) -> set[int]:
        return {int(v) for v in self.cleaned_data["granted"]}
