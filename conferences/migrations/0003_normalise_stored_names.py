"""Normalise the names and keys already stored (NFC, zero-width and bidi controls removed,
fullwidth folded, spaces collapsed). Rows that would then duplicate another on a unique key are
left unchanged and listed; `manage.py check_names` lists them again later."""

from django.db import migrations

from blocs.names import migration_operation


class Migration(migrations.Migration):
    dependencies = [("conferences", "0002_historicaladopteddocument_historicalagendaitem_and_more")]

    operations = [migrations.RunPython(migration_operation("conferences"), migrations.RunPython.noop)]
