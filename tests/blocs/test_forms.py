"""The shared input rules of every form: canonical text, ASCII whole numbers within their
column, dates within the application's years; and that every form and admin uses them."""

import datetime
import importlib
import inspect

import pytest
from django import forms
from django.contrib import admin

from blocs.admin import InputRulesAdminMixin
from blocs.forms import (
    INT_MAX,
    AsciiDecimalField,
    BoundedDateField,
    BoundedFormSet,
    NormalizedTextMixin,
    WholeNumberField,
    bounded_formfield,
    formset_factory,
    parse_whole_number,
)
from blocs.years import date_max

FORM_MODULES = ["blocs.forms", "awards.forms", "conferences.forms", "scoring.forms", "reports.forms"]


@pytest.mark.parametrize(
    ("text", "number"),
    [
        ("12", 12),
        (" 007 ", 7),
        ("-3", -3),
        ("+4", 4),
        ("1_000", None),
        ("١٢", None),
        ("1.000", None),
        ("1e3", None),
        ("１２", None),
        ("", None),
        ("1 000", None),
    ],
)
def test_parse_whole_number_takes_ascii_digits_only(text, number):
    assert parse_whole_number(text) == number


def test_parse_whole_number_puts_a_huge_number_past_every_column():
    assert parse_whole_number("9" * 5000) > 2**63


class Numbers(NormalizedTextMixin, forms.Form):
    count = WholeNumberField(required=False)
    points = AsciiDecimalField(required=False, max_digits=6, decimal_places=2, localize=True)
    day = BoundedDateField(required=False)


@pytest.mark.parametrize("value", [str(2**31), str(2**63), "1_000", "١٢", "9" * 5000])
def test_whole_number_field_refuses_out_of_column_or_non_ascii(value):
    form = Numbers({"count": value})
    assert not form.is_valid() and list(form.errors) == ["count"]


def test_whole_number_field_accepts_the_column_maximum():
    form = Numbers({"count": str(INT_MAX)})
    assert form.is_valid() and form.cleaned_data["count"] == INT_MAX


@pytest.mark.parametrize("value", ["1_0", "١٢", "1e2"])
def test_decimal_field_refuses_non_ascii_numbers(value):
    form = Numbers({"points": value})
    assert form.errors == {"points": ["Nhập một số (chỉ dùng các chữ số 0-9)."]}


def test_decimal_field_takes_a_decimal_comma():
    form = Numbers({"points": "10,5"})
    assert form.is_valid() and str(form.cleaned_data["points"]) == "10.5"


@pytest.mark.parametrize("value", ["01/01/0001", "31/12/9999", "31/12/1944"])
def test_bounded_date_field_refuses_dates_outside_the_years(value):
    form = Numbers({"day": value})
    assert form.errors == {"day": [f"Nhập một ngày từ 01/01/1945 đến {date_max():%d/%m/%Y}."]}


def test_bounded_date_field_accepts_the_last_day():
    form = Numbers({"day": date_max().strftime("%d/%m/%Y")})
    assert form.is_valid() and form.cleaned_data["day"] == date_max()


def test_date_max_is_the_end_of_the_year_after_next():
    assert date_max(datetime.date(2025, 3, 1)) == datetime.date(2027, 12, 31)


class Texts(NormalizedTextMixin, forms.Form):
    name = forms.CharField(max_length=14)
    note = forms.CharField(required=False, widget=forms.Textarea)
    secret = forms.CharField(required=False, widget=forms.PasswordInput)


@pytest.mark.parametrize(
    "name",
    [
        "Kho\u0302\u0301i Nội chính",
        "Khối\u200b Nội chính",
        "\u202eKhối Nội chính",
        "Ｋhối Nội chính",
        " Khối  Nội chính ",
    ],
)
def test_mixin_normalises_text_before_validation(name):
    form = Texts({"name": name})
    assert form.is_valid(), form.errors  # max_length is checked on the canonical text
    assert form.cleaned_data["name"] == "Khối Nội chính"


def test_mixin_keeps_line_breaks_of_a_textarea_and_leaves_passwords_alone():
    form = Texts({"name": "a", "note": "một\u200b\r\n\r\n hai  ba", "secret": " p\u200bw "})
    assert form.is_valid()
    assert (form.cleaned_data["note"], form.cleaned_data["secret"]) == ("một\n\nhai ba", "p\u200bw")


def test_mixin_normalises_every_value_of_a_prefixed_form():
    form = Texts({"row-name": "Ａ\u200b"}, prefix="row")
    assert form.is_valid() and form.cleaned_data["name"] == "A"


def _project_forms():
    for module_name in FORM_MODULES:
        module = importlib.import_module(module_name)
        for _name, cls in inspect.getmembers(module, inspect.isclass):
            if cls.__module__ == module_name and issubclass(cls, forms.BaseForm):
                yield cls


def test_every_form_of_the_project_normalises_its_text():
    missing = [cls.__qualname__ for cls in _project_forms() if not issubclass(cls, NormalizedTextMixin)]
    assert missing == []


def test_every_model_form_uses_the_bounded_fields():
    model_forms = [cls for cls in _project_forms() if issubclass(cls, forms.ModelForm) and hasattr(cls, "_meta")]
    without = [
        cls.__qualname__
        for cls in model_forms
        if cls._meta.model is not None and cls._meta.formfield_callback is not bounded_formfield
    ]
    assert model_forms and without == []


def test_every_integer_and_date_field_of_the_forms_is_bounded():
    loose = [
        f"{cls.__qualname__}.{name}"
        for cls in _project_forms()
        for name, field in cls.base_fields.items()
        if (isinstance(field, forms.DecimalField) and not isinstance(field, AsciiDecimalField))
        or (
            isinstance(field, forms.IntegerField)
            and not isinstance(field, forms.DecimalField)
            and not isinstance(field, WholeNumberField)
        )
        or (isinstance(field, forms.DateField) and not isinstance(field, BoundedDateField))
        or (isinstance(field, WholeNumberField) and (field.max_value is None or field.max_value > INT_MAX))
    ]
    assert loose == []


def test_every_admin_follows_the_input_rules():
    loose = []
    for model_admin in admin.site._registry.values():
        if model_admin.model._meta.app_label not in ("blocs", "awards", "conferences", "scoring"):
            continue
        if model_admin.model._meta.model_name == "user":
            continue  # Django's user forms; names of people are normalised by the model's save()
        classes = [type(model_admin), *model_admin.inlines]
        loose += [c.__name__ for c in classes if not issubclass(c, InputRulesAdminMixin)]
    assert loose == []


# --- Formsets: a tampered row count builds nothing ---------------------------------------------


class _Line(forms.Form):
    text = forms.CharField()


def _bound(formset_class, total):
    data = {"x-TOTAL_FORMS": str(total), "x-INITIAL_FORMS": "0", **{f"x-{i}-text": "dòng" for i in range(5)}}
    return formset_class(data, prefix="x")


def _error_codes(formset):
    return [e.code for e in formset.non_form_errors().as_data()]


def test_formset_builds_no_row_for_a_count_above_its_absolute_max():
    formset = _bound(formset_factory(_Line), 100_000)
    assert formset.forms == []
    assert not formset.is_valid()
    assert _error_codes(formset) == ["too_many_forms"]


def test_formset_builds_every_row_up_to_its_absolute_max():
    assert len(_bound(formset_factory(_Line), 3).forms) == 3
    limited = formset_factory(_Line, max_num=2, validate_max=True, absolute_max=4)
    over_the_limit = _bound(limited, 3)
    assert len(over_the_limit.forms) == 3  # shown back with the error: nothing typed is lost
    assert _error_codes(over_the_limit) == ["too_many_forms"]
    assert _bound(limited, 4).forms != []
    assert _bound(limited, 5).forms == []


def test_every_formset_of_the_project_is_bounded():
    formsets = [
        value
        for module in [*FORM_MODULES, "proposals.forms", "api.forms"]
        for value in vars(importlib.import_module(module)).values()
        if inspect.isclass(value) and issubclass(value, forms.BaseFormSet) and value is not BoundedFormSet
    ]
    assert len(formsets) >= 9
    assert [f for f in formsets if not issubclass(f, BoundedFormSet)] == []
