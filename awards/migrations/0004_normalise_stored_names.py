"""Normalise the names and keys already stored (NFC, zero-width and bidi controls removed,
fullwidth folded, spaces collapsed). Rows that would then duplicate another on a unique key are
left unchanged and listed; `manage.py check_names` lists them again later."""

from django.db import migrations

from blocs.names import migration_operation


class Migration(migrations.Migration):
    dependencies = [("awards", "0003_historicalawardform_historicalgrantingauthority")]

    operations = [migrations.RunPython(migration_operation("awards"), migrations.RunPython.noop)]
