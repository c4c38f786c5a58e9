"""Optimistic concurrency for every edit form: one mechanism, used by all.

A page that edits something sends, with the form, a *version token*: the state the user read,
as a signed snapshot (label → value as shown). On save, inside the action's transaction and
after locking the edited rows, ``save_if_fresh`` compares that snapshot with the state now. If
someone else saved in between, nothing is written, the form keeps the user's input and gets an
error listing what changed meanwhile, and its token moves to the current state so that saving
again (after reading the changes) is a deliberate choice.

A snapshot covers what the form edits and nothing the user may not read: ``instance_snapshot``
for one row, ``rows_snapshot`` for child rows (a roster, the items of the minutes), merged with
``|``. The award grid keeps its own integer version (it travels in the Excel template) and
raises the same ``StaleEdit``.
"""

import datetime
from collections.abc import Callable, Iterable
from decimal import Decimal

from django import forms
from django.core import signing
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils.formats import date_format
from django.utils.translation import gettext as _

ERR_STALE = "stale"
TOKEN_FIELD = "version_token"  # noqa: S105 - a form field name, not a secret
_SALT = "blocs.concurrency"

Snapshot = dict[str, str]


class StaleEdit(ValidationError):
    """Someone else saved after the user read the page; ``changes`` says what, one line each."""

    def __init__(self, changes: list[str], message: str | None = None):
        self.changes = list(changes)
        super().__init__(
            message
            or _(
                "Someone else saved this page after you opened it. Nothing was saved; here is what changed meanwhile."
            ),
            code=ERR_STALE,
        )


# --- Snapshots ------------------------------------------------------------------------------


def shown(value) -> str:
    """A value as a person reads it (dd/mm/yyyy dates, Vietnamese yes/no)."""
    if value is None or value == "":
        return "—"
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if isinstance(value, datetime.datetime):
        return date_format(value, "d/m/Y H:i")
    if isinstance(value, datetime.date):
        return date_format(value, "d/m/Y")
    if isinstance(value, Decimal):
        return format(value.normalize(), "f")
    if isinstance(value, models.Model):
        return str(value)
    if isinstance(value, (list, tuple, set, frozenset)):
        return ", ".join(sorted(shown(v) for v in value)) or "—"
    if hasattr(value, "name") and hasattr(value, "storage"):  # a FieldFile
        return value.name.rsplit("/", 1)[-1] if value else "—"
    return str(value)


def instance_snapshot(instance: models.Model, fields: Iterable[str], prefix: str = "") -> Snapshot:
    """The named fields of one row, labelled by their verbose names (``prefix`` before each)."""
    snap: Snapshot = {}
    if instance is None or instance.pk is None:
        return snap
    for name in fields:
        field = instance._meta.get_field(name)
        if field.many_to_many:
            value = list(getattr(instance, name).all())
        elif field.choices:
            value = getattr(instance, f"get_{name}_display")()
        else:
            value = getattr(instance, name)
        snap[f"{prefix}{str(field.verbose_name).capitalize()}"] = shown(value)
    return snap


def rows_snapshot(
    rows: Iterable, *, key: Callable[[object], str], value: Callable[[object], object], prefix: str = ""
) -> Snapshot:
    """Child rows, one entry each: ``key(row)`` names the row, ``value(row)`` is what is shown."""
    return {f"{prefix}{key(row)}": shown(value(row)) for row in rows}


def describe_changes(before: Snapshot, after: Snapshot) -> list[str]:
    """Lines such as "Phó khối: Sở Tư pháp → Công an tỉnh", "Thêm: …", "Bỏ: …"."""
    lines = []
    for label, old in before.items():
        if label not in after:
            lines.append(_("Removed: %(label)s (%(value)s)") % {"label": label, "value": old})
        elif after[label] != old:
            lines.append(_("%(label)s: %(old)s → %(new)s") % {"label": label, "old": old, "new": after[label]})
    for label, new in after.items():
        if label not in before:
            lines.append(_("Added: %(label)s (%(value)s)") % {"label": label, "value": new})
    return lines


# --- Tokens ---------------------------------------------------------------------------------


def token_for(snapshot: Snapshot) -> str:
    return signing.dumps(snapshot, salt=_SALT, compress=True)


def read_token(token: str | None) -> Snapshot | None:
    """The snapshot in a token; None when it is missing or was tampered with."""
    if not token:
        return None
    try:
        data = signing.loads(token, salt=_SALT)
    except signing.BadSignature:
        return None
    return data if isinstance(data, dict) else None


def ensure_fresh(token: str | None, current: Snapshot) -> None:
    """Raise ``StaleEdit`` unless the token holds exactly the current state.

    A missing or forged token is stale too (with no change list): the form was not read from
    this server, so the user cannot have seen the current state.
    """
    before = read_token(token)
    if before is None:
        raise StaleEdit([_("the page was opened from an older or altered copy; reload it")])
    if before != current:
        raise StaleEdit(describe_changes(before, current))


# --- Forms ----------------------------------------------------------------------------------


class VersionedFormMixin:
    """Adds the hidden version token to a Form or ModelForm (list it before the form class).

    The view gives the state read with the page: ``form.set_version(snapshot)`` on GET; on POST,
    ``save_if_fresh(form, snapshot_fn, action)`` checks and saves.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields[TOKEN_FIELD] = forms.CharField(widget=forms.HiddenInput, required=False)
        self.stale_changes: list[str] | None = None

    # A form's crispy helper, whenever the form sets it (usually after this __init__): told to
    # render hidden fields, as crispy otherwise renders only the fields a layout names.
    @property
    def helper(self):
        try:
            return self.__dict__["_versioned_helper"]
        except KeyError:
            raise AttributeError("helper") from None

    @helper.setter
    def helper(self, value):
        value.render_hidden_fields = True
        self.__dict__["_versioned_helper"] = value

    def clean(self):
        # The token is read from the raw data by ``save_if_fresh``; keep it out of cleaned_data,
        # which views pass on to services as keyword arguments.
        cleaned = super().clean()
        if cleaned is not None:
            cleaned.pop(TOKEN_FIELD, None)
        return cleaned

    @property
    def is_stale(self) -> bool:
        """True after ``save_if_fresh`` refused this form's save."""
        return self.stale_changes is not None

    def set_version(self, snapshot: Snapshot) -> None:
        token = token_for(snapshot)
        self.initial[TOKEN_FIELD] = token
        if self.is_bound:
            data = self.data.copy()
            data[self.add_prefix(TOKEN_FIELD)] = token
            self.data = data

    @property
    def version_token(self) -> str | None:
        return self.data.get(self.add_prefix(TOKEN_FIELD)) if self.is_bound else self.initial.get(TOKEN_FIELD)

    def refuse_stale(self, error: StaleEdit, current: Snapshot) -> None:
        """Show what changed, keep the user's input, and move the token to the current state."""
        self.stale_changes = error.changes
        self.add_error(None, [error, *(ValidationError(line, code=ERR_STALE) for line in error.changes)])
        self.set_version(current)


def numbered(values: Iterable, label: str) -> Snapshot:
    """An ordered list of texts (agenda items, adopted documents): "<label> 1", "<label> 2", …"""
    return {f"{label} {n}": shown(v) for n, v in enumerate(values, start=1)}


def save_if_fresh(form: VersionedFormMixin, snapshot: Callable[[], Snapshot], action: Callable, *, lock=None):
    """Run ``action()`` in one transaction if the form's token matches ``snapshot()``.

    ``lock`` (a queryset) is locked first (``select_for_update`` on PostgreSQL; SQLite serialises
    writers anyway), so two saves cannot both pass the check. Returns the action's result, or None
    when the save was refused as stale (the form then carries the error and the change list, and
    ``form.is_stale`` is true: test that, since an action may itself return None).

    ``snapshot`` must read the database, not the form's instance: a bound ModelForm has already
    copied the user's input onto its instance.
    """
    with transaction.atomic():
        if lock is not None:
            list(lock.select_for_update(of=("self",)))
        current = snapshot()
        try:
            ensure_fresh(form.version_token, current)
        except StaleEdit as error:
            form.refuse_stale(error, current)
            return None
        return action()
