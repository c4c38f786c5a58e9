from crispy_forms.helper import FormHelper
from django import forms
from django.utils.translation import gettext_lazy as _

from blocs.concurrency import VersionedFormMixin
from blocs.forms import AsciiDecimalField, BoundedDateField, NormalizedTextMixin, WholeNumberField, bounded_formfield
from blocs.models import Bloc, Movement
from blocs.uploads import document_validator, evidence_validator
from scoring import services
from scoring.models import AdjustmentItem, Covenant, CovenantTarget, Criterion, ScoreGroup, ScoringTable


class PlainForm(NormalizedTextMixin):
    """Crispy helper without its own <form> tag (templates write the tag and the buttons); text
    normalised like every form's."""

    def _helper(self):
        self.helper = FormHelper()
        self.helper.form_tag = False


class BlocChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.name


class MovementForm(VersionedFormMixin, PlainForm, forms.ModelForm):
    class Meta:
        model = Movement
        formfield_callback = bounded_formfield
        fields = ["bloc", "name", "kind", "launch_date", "end_date", "launched_by", "description", "plan_file"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3}), "name": forms.TextInput()}
        field_classes = {"bloc": BlocChoiceField}

    def __init__(self, *args, fixed_bloc: Bloc | None = None, province=None, **kwargs):
        super().__init__(*args, **kwargs)
        self._helper()
        self.fields["plan_file"].validators.append(document_validator)
        self.fields["plan_file"].help_text = _("PDF, DOC or DOCX, at most 10 MB.")
        self.fields["launch_date"].required = True
        if fixed_bloc is not None:
            del self.fields["bloc"]
        else:
            self.fields["bloc"].queryset = Bloc.objects.filter(province=province).order_by("number", "name")
            self.fields["bloc"].required = False
            self.fields["bloc"].empty_label = _("The whole province")


class CovenantForm(VersionedFormMixin, PlainForm, forms.ModelForm):
    class Meta:
        model = Covenant
        formfield_callback = bounded_formfield
        fields = ["title", "signed_on", "note"]
        widgets = {"note": forms.Textarea(attrs={"rows": 3}), "title": forms.TextInput()}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._helper()


class TargetForm(VersionedFormMixin, PlainForm, forms.ModelForm):
    class Meta:
        model = CovenantTarget
        formfield_callback = bounded_formfield
        fields = ["position", "text", "target_value", "unit"]
        widgets = {"text": forms.Textarea(attrs={"rows": 2})}
        localized_fields = ["target_value"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._helper()


class PledgeForm(VersionedFormMixin, PlainForm, forms.Form):
    signed_on = BoundedDateField(label=_("Signed on"))
    signatory_name = forms.CharField(label=_("Signatory"), max_length=255)
    signatory_title = forms.CharField(label=_("Signatory's title"), max_length=255, required=False)
    file = forms.FileField(
        label=_("Signed copy"),
        required=False,
        validators=[document_validator],
        help_text=_("PDF, DOC or DOCX, at most 10 MB."),
    )
    note = forms.CharField(label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._helper()


class TableSettingsForm(VersionedFormMixin, PlainForm, forms.ModelForm):
    class Meta:
        model = ScoringTable
        formfield_callback = bounded_formfield
        fields = ["title", "method"]
        widgets = {"title": forms.TextInput()}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._helper()


class GroupForm(VersionedFormMixin, PlainForm, forms.ModelForm):
    class Meta:
        model = ScoreGroup
        formfield_callback = bounded_formfield
        fields = ["position", "name"]
        widgets = {"name": forms.TextInput()}

    def __init__(self, *args, table: ScoringTable, **kwargs):
        super().__init__(*args, **kwargs)
        self._helper()


class GroupChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.name


class CriterionForm(VersionedFormMixin, PlainForm, forms.ModelForm):
    class Meta:
        model = Criterion
        formfield_callback = bounded_formfield
        fields = ["group", "position", "name", "max_points", "auto_source", "guidance"]
        widgets = {"name": forms.TextInput(), "guidance": forms.Textarea(attrs={"rows": 2})}
        localized_fields = ["max_points"]
        field_classes = {"group": GroupChoiceField}

    def __init__(self, *args, table: ScoringTable, **kwargs):
        super().__init__(*args, **kwargs)
        self._helper()
        self.fields["group"].queryset = ScoreGroup.objects.filter(table=table)


class AdjustmentItemForm(VersionedFormMixin, PlainForm, forms.ModelForm):
    class Meta:
        model = AdjustmentItem
        formfield_callback = bounded_formfield
        fields = ["kind", "position", "name", "rule", "points"]
        widgets = {"name": forms.TextInput(), "rule": forms.Textarea(attrs={"rows": 2})}
        localized_fields = ["points"]

    def __init__(self, *args, table: ScoringTable, **kwargs):
        super().__init__(*args, **kwargs)
        self._helper()


class ScoresForm(VersionedFormMixin, NormalizedTextMixin, forms.Form):
    """One row per criterion: points (bounds are checked by the service, which names the
    criterion in its message), and for a self-assessment evidence notes and an attachment.
    For the bloc score, one quantity per bonus or penalty item as well."""

    def __init__(self, *args, criteria, mode: str, items=(), initial_points=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.criteria, self.items, self.mode = list(criteria), list(items), mode
        for c in self.criteria:
            if mode != "adjustments_only":
                self.fields[services.points_field(c.id)] = AsciiDecimalField(
                    label=c.name, required=False, max_digits=6, decimal_places=2, localize=True
                )
                self.fields[f"evidence_{c.id}"] = forms.CharField(
                    label=_("Evidence") if mode == "self" else _("Remarks"),
                    required=False,
                    widget=forms.Textarea(attrs={"rows": 2}),
                )
            if mode == "self":
                self.fields[f"file_{c.id}"] = forms.FileField(
                    label=_("Attachment"), required=False, validators=[evidence_validator]
                )
        for item in self.items:
            self.fields[services.quantity_field(item.id)] = WholeNumberField(
                label=item.name, required=False, min_value=0, max_value=services.MAX_QUANTITY
            )
            self.fields[f"note_{item.id}"] = forms.CharField(label=_("Grounds"), required=False, max_length=500)

    def entries(self) -> list[services.ScoreEntry]:
        if self.mode == "adjustments_only":
            return []
        data = self.cleaned_data
        return [
            services.ScoreEntry(
                criterion=c,
                points=data.get(services.points_field(c.id)),
                evidence=data.get(f"evidence_{c.id}", ""),
                attachment=data.get(f"file_{c.id}"),
            )
            for c in self.criteria
        ]

    def adjustments(self) -> dict:
        data = self.cleaned_data
        return {
            item: (data.get(services.quantity_field(item.id)) or 0, data.get(f"note_{item.id}", ""))
            for item in self.items
        }

    def bound(self, prefix: str, obj_id: int):
        name = f"{prefix}_{obj_id}"
        return self[name] if name in self.fields else None
