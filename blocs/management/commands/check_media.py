"""Check that every stored file name points at a file (after a restore, or any time).

    python manage.py check_media

Walks every FileField of the project's models (history tables excluded: they keep names of
files that were replaced on purpose) and lists the rows whose file is missing from the storage.
Exits with status 1 when one is missing, so a restore script can stop on it.
"""

from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import models


def file_fields():
    """(model, field) for every FileField of the project's own apps (those under BASE_DIR)."""
    base = Path(settings.BASE_DIR).resolve()
    for model in apps.get_models():
        app_path = Path(model._meta.app_config.path).resolve()
        if base not in app_path.parents or ".venv" in app_path.parts or model.__name__.startswith("Historical"):
            continue
        for field in model._meta.get_fields():
            if isinstance(field, models.FileField):
                yield model, field


class Command(BaseCommand):
    help = "List stored file names whose file is missing from the media storage; exit 1 if any."

    def handle(self, *args, **options):
        checked = 0
        missing = []
        for model, field in file_fields():
            names = model.objects.exclude(**{field.name: ""}).values_list("pk", field.name)
            for pk, name in names.iterator():
                checked += 1
                if not field.storage.exists(name):
                    missing.append(f"{model._meta.label}#{pk}.{field.name}: {name}")
        for line in missing:
            self.stderr.write(f"missing {line}")
        if missing:
            raise CommandError(f"{len(missing)} of {checked} stored files are missing")
        self.stdout.write(f"check_media: OK, {checked} stored files present")
