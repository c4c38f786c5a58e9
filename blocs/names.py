"""Stored names and keys in their canonical form (`blocs.text.normalize_text`).

Which fields hold text is decided once here (`text_fields`), for three users: the models'
`save()` (through `NormalizedTextModel`, so services, demo loaders and commands that write
names without a form store them normalised too), the data migrations that normalise what was
stored before, and `manage.py check_names`, which lists look-alike names.

When normalising stored rows would make two of them equal on a unique key, neither is changed:
merging them is a decision for a person, so both are reported instead.
"""

import functools
import unicodedata
from collections import defaultdict
from dataclasses import dataclass

from django.db import models

from blocs.text import match_key, normalize_multiline, normalize_text

SKIPPED_FIELDS = {"password", "username"}  # Django's own rules apply to these


@functools.cache
def text_fields(model) -> tuple:
    """The model's free-text columns: CharField and TextField without choices; slugs, e-mail
    addresses, files and passwords are not names and keep their own rules."""
    return tuple(
        f
        for f in model._meta.concrete_fields
        if isinstance(f, models.CharField | models.TextField)
        and not isinstance(f, models.SlugField | models.EmailField | models.URLField)
        and not f.choices
        and f.editable  # computed columns (the Vietnamese sort key) are not typed text
        and f.name not in SKIPPED_FIELDS
    )


def _normaliser(field):
    return normalize_multiline if isinstance(field, models.TextField) else normalize_text


def normalize_instance_text(instance) -> None:
    """Normalise every text attribute of an unsaved or changed instance, in place."""
    for field in text_fields(type(instance)):
        value = getattr(instance, field.attname)
        if isinstance(value, str):
            setattr(instance, field.attname, _normaliser(field)(value))


class NormalizedTextModel:
    """Mixed into every model that stores names: whatever writes through `save()` (a form, a
    service, a demo loader, a command) stores the canonical text."""

    def save(self, *args, **kwargs):
        normalize_instance_text(self)
        super().save(*args, **kwargs)


# --- Keys, look-alikes and the data migration -----------------------------------------------

# Names compared by the application without a database constraint (a movement is found by
# its name in the award grid).
EXTRA_KEYS = {"blocs.movement": [("province", "name")]}


def unique_keys(model) -> list[tuple[str, ...]]:
    """The sets of fields that identify a row and include a text field: unique fields, unique
    constraints (on fields) and `EXTRA_KEYS`."""
    names = {f.name for f in text_fields(model)}
    keys = [(f.name,) for f in model._meta.concrete_fields if f.unique and f.name in names]
    for constraint in model._meta.constraints:
        fields = getattr(constraint, "fields", ())
        if isinstance(constraint, models.UniqueConstraint) and fields and names & set(fields):
            keys.append(tuple(fields))
    keys.extend(EXTRA_KEYS.get(model._meta.label_lower, []))
    return keys


def visible(text: str) -> str:
    """`text` with its invisible characters written out (“Khối A\\u200b”), for reports."""
    return "".join(ch if ch == " " or unicodedata.category(ch)[0] not in "CZ" else f"\\u{ord(ch):04x}" for ch in text)


@dataclass(frozen=True)
class LookAlikes:
    """Rows of one model that are the same on a key once their text is compared by
    `match_key` (normalised and case-folded), though they are stored differently."""

    model: str  # "blocs.Bloc"
    key: tuple[str, ...]
    rows: tuple[tuple[int, str], ...]  # (pk, the stored text of the key's text fields)

    def describe(self) -> str:
        shown = ", ".join(f"#{pk} “{visible(text)}”" for pk, text in self.rows)
        return f"{self.model} ({', '.join(self.key)}): {shown}"


def _groups(model, key: tuple[str, ...], compare) -> list[LookAlikes]:
    text_names = {f.name for f in text_fields(model)}
    columns = [model._meta.get_field(name).attname for name in key]
    by_key = defaultdict(list)
    for row in model._base_manager.order_by("pk").values_list("pk", *columns).iterator():
        pk, values = row[0], row[1:]
        compared = tuple(compare(v) if name in text_names else v for name, v in zip(key, values, strict=True))
        shown = " / ".join(v for name, v in zip(key, values, strict=True) if name in text_names)
        by_key[compared].append((pk, shown))
    return [
        LookAlikes(model._meta.label, key, tuple(rows))
        for rows in by_key.values()
        if len(rows) > 1 and len({text for _pk, text in rows}) > 1
    ]


def find_lookalikes(app_models) -> list[LookAlikes]:
    """Every group of look-alike rows among `app_models` (case differences included)."""
    found = []
    for model in app_models:
        for key in unique_keys(model):
            found.extend(_groups(model, key, match_key))
    return found


def normalise_stored(app_models, report=print) -> list[LookAlikes]:
    """Normalise the stored text of `app_models`' rows, except rows that would then collide on a
    unique key: those are left as they are and returned (and passed to `report`)."""
    conflicts = []
    for model in app_models:
        fields = text_fields(model)
        if not fields:
            continue
        held = set()
        for key in unique_keys(model):
            for group in _groups(model, key, normalize_text):
                conflicts.append(group)
                held.update(pk for pk, _text in group.rows)
        for row in model._base_manager.order_by("pk").values_list("pk", *[f.attname for f in fields]).iterator():
            pk, values = row[0], row[1:]
            if pk in held:
                continue
            changed = {
                f.attname: _normaliser(f)(v)
                for f, v in zip(fields, values, strict=True)
                if isinstance(v, str) and _normaliser(f)(v) != v
            }
            if changed:
                model._base_manager.filter(pk=pk).update(**changed)
    for group in conflicts:
        report(group.describe())
    return conflicts


def migration_operation(app_label: str):
    """The RunPython function of an app's data migration: normalise its stored text (history
    tables excepted: they record what was stored) and print the look-alikes left unchanged."""

    def forwards(apps, schema_editor):
        app_models = [m for m in apps.get_app_config(app_label).get_models() if not m.__name__.startswith("Historical")]

        def report(line):
            print(f"\n  Not normalised (would duplicate another row): {line}", end="")

        normalise_stored(app_models, report=report)

    return forwards
