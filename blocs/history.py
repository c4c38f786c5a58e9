"""Field-level change history from django-simple-history records, ready for a template.

Shared by every app's "history" tab (blocs is the lowest app that shows one). Reads only:
history is never edited or deleted from the UI, and the admins refuse a revert
(`blocs.admin.NoRevertHistoryAdmin`; `SIMPLE_HISTORY_REVERT_DISABLED` in settings).
"""

from collections import defaultdict
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from decimal import Decimal

from django.db import models
from django.utils import formats, timezone
from django.utils.translation import gettext_lazy as _

ACTIONS = {"+": _("Created"), "~": _("Changed"), "-": _("Deleted")}
HIDDEN_FIELDS = {"id", "version", "updated_at", "updated_by", "position"}


@dataclass
class Change:
    field: str
    old: str
    new: str


@dataclass
class HistoryEntry:
    at: datetime
    user: str
    action: str
    object_label: str
    reason: str = ""
    changes: list[Change] = field(default_factory=list)
    actor: object = None  # the User who made the change (None: unknown or the system)
    note: str = ""  # what an app adds about the entry, e.g. "entered on behalf by Home Affairs"


def _display(model_field, value, related: dict) -> str:
    if value is None or value == "":
        return "—"
    if model_field.is_relation:
        return related.get((model_field.related_model, value), str(value))
    if model_field.choices:
        return str(dict(model_field.flatchoices).get(value, value))
    if isinstance(value, datetime):
        return formats.date_format(timezone.localtime(value), "SHORT_DATETIME_FORMAT")
    if isinstance(value, date):
        return formats.date_format(value, "SHORT_DATE_FORMAT")
    if isinstance(value, bool):
        return str(_("Yes") if value else _("No"))
    if isinstance(value, Decimal):  # 12.50 → "12,5" in Vietnamese: no trailing zeros, local comma
        text = format(value, "f")
        return formats.number_format(Decimal(text.rstrip("0").rstrip(".") if "." in text else text))
    return str(value)


def history_entries(
    records, *, label_field: str | None = None, hidden: tuple[str, ...] = (), prefix=None
) -> list[HistoryEntry]:
    """Turn historical records (any order) into entries, newest first, each with the fields that
    changed against the previous version of the same object. Related objects are named with one
    query per related model, whatever the number of records.

    The services update rows in place and write only what changed, so every record is a real
    change. `hidden` names further fields not to show (e.g. the parent's foreign key); `prefix(record)`
    is put before the label (e.g. the vote a candidate stood in)."""
    records = sorted(records, key=lambda r: (r.history_date, r.history_id))
    if not records:
        return []
    model = records[0].instance_type
    skipped = HIDDEN_FIELDS | set(hidden)
    tracked = [f for f in model._meta.concrete_fields if f.name not in skipped]

    wanted: dict[type, set] = defaultdict(set)
    for r in records:
        for f in tracked:
            if f.is_relation and getattr(r, f.attname) is not None:
                wanted[f.related_model].add(getattr(r, f.attname))
    related = {}
    for rel_model, ids in wanted.items():
        for obj in rel_model._default_manager.filter(pk__in=ids):
            related[(rel_model, obj.pk)] = str(obj)

    previous: dict = {}
    entries = []
    for r in records:
        before = previous.get(r.id)
        previous[r.id] = r
        changes = []
        for f in tracked:
            new = getattr(r, f.attname)
            old = getattr(before, f.attname) if before is not None else None
            if r.history_type == "-" or (before is not None and old == new):
                continue
            if before is None and new in (None, "", 0, False) and r.history_type == "+":
                continue
            changes.append(
                Change(str(f.verbose_name).capitalize(), _display(f, old, related), _display(f, new, related))
            )
        label_value = getattr(r, f"{label_field}_id", None) if label_field else None
        label_field_obj = model._meta.get_field(label_field) if label_field else None
        label = (
            related.get((label_field_obj.related_model, label_value), str(label_value))
            if label_field_obj is not None and label_field_obj.is_relation
            else (str(getattr(r, label_field)) if label_field else str(r.id))
        )
        if prefix is not None and prefix(r):
            label = f"{prefix(r)} — {label}"
        user = r.history_user
        entries.append(
            HistoryEntry(
                at=r.history_date,
                user=(user.get_full_name() or user.username) if user else str(_("system")),
                action=str(ACTIONS[r.history_type]),
                object_label=label,
                reason=r.history_change_reason or "",
                changes=changes,
                actor=user,
            )
        )
    entries.reverse()
    return entries


def model_has_history(model: type[models.Model]) -> bool:
    return hasattr(model, "history")


def labelled(model, entries: list[HistoryEntry], *, named: bool = True) -> list[HistoryEntry]:
    """Entries labelled with the kind of row they are about ("Criterion: …"), for a history that
    mixes several models; `named=False` for a model with a single row (the label is the kind)."""
    kind = str(model._meta.verbose_name).capitalize()
    return [replace(e, object_label=f"{kind}: {e.object_label}" if named else kind) for e in entries]
