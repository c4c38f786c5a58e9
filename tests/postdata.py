"""What a browser would send back from a form page, unchanged: the forms and formsets of a GET
response's context turned into POST data (initial values as rendered, management forms, the
hidden version token of blocs.concurrency). Tests then change only the fields they are about."""

from django import forms
from django.forms.formsets import BaseFormSet

from blocs.concurrency import TOKEN_FIELD


def _field_data(bound: forms.BoundField):
    widget = bound.field.widget
    value = bound.value()
    if isinstance(widget, forms.FileInput):
        return None  # a browser sends no file unless one is chosen
    if isinstance(widget, forms.CheckboxInput):
        return "on" if widget.check_test(value) else None
    if getattr(widget, "allow_multiple_selected", False):
        return [str(v) for v in (value or [])]
    if isinstance(widget, forms.widgets.ChoiceWidget):
        chosen = widget.format_value(value)
        return chosen[0] if chosen else ""
    shown = widget.format_value(value)
    return "" if shown is None else str(shown)


def form_data(form: forms.BaseForm) -> dict:
    """The form's fields as the page rendered them (bound forms: the data they were given)."""
    data = {}
    for bound in form:
        value = _field_data(bound)
        if value is not None:
            data[bound.html_name] = value
    return data


def formset_data(formset: BaseFormSet) -> dict:
    data = form_data(formset.management_form)
    for form in formset.forms:
        data.update(form_data(form))
    return data


def page_data(context) -> dict:
    """Every form and formset of a response's context (lists and dicts of them too), merged."""
    data: dict = {}

    def add(value):
        if isinstance(value, BaseFormSet):
            data.update(formset_data(value))
        elif isinstance(value, forms.BaseForm):
            data.update(form_data(value))
        elif isinstance(value, dict):
            for v in value.values():
                add(v)

    for key in context.keys():  # noqa: SIM118 - iterating a ContextList yields contexts, not names
        if key in ("request", "view", "csrf_token", "messages", "perms", "user"):
            continue
        add(context[key])
    return data


def version_token(response) -> str:
    """The hidden version token a form page carries (its first form that has one)."""
    token = page_data(response.context).get(TOKEN_FIELD)
    assert token, "the page carries no version token"
    return token


def read(client, url: str) -> dict:
    """GET a form page and return what saving it unchanged would send."""
    response = client.get(url)
    assert response.status_code == 200, response.status_code
    return page_data(response.context)


def with_version(client, url: str, data: dict) -> dict:
    """``data`` plus the version token of the page as it is now: a save from a fresh read.
    (A page the user may not open, or one without a token, adds nothing; a token already in
    ``data``, e.g. a forged one, is kept.)"""
    response = client.get(url)
    if response.status_code != 200 or response.context is None:
        return data
    token = page_data(response.context).get(TOKEN_FIELD)
    return {TOKEN_FIELD: token, **data} if token else data
