"""The seeded catalogue of award forms and granting authorities, on demand.

Migration 0002 seeds it; a test database flushed by a transactional test (the browser tests)
loses it, so the demo loader and such tests call `ensure_catalogue()`, which runs the same
seed (it only adds what is missing) and the later data migrations that reshape it."""

from importlib import import_module

from django.apps import apps

from awards.models import AwardForm


def ensure_catalogue() -> None:
    if AwardForm.objects.exists():
        return
    import_module("awards.migrations.0002_seed_catalogue").seed(apps, None)
    # The seed of 0002 still writes the single group "0602" that 0007 split per column.
    import_module("awards.migrations.0007_award_form_stat_group_per_column").split_state_group(apps, None)
