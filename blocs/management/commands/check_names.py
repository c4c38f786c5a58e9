from django.apps import apps
from django.conf import settings
from django.core.management.base import BaseCommand
from django.utils import translation
from django.utils.translation import gettext as _

from blocs.names import find_lookalikes

# The apps whose rows hold names (looked up in the registry: blocs imports none of them).
APPS_WITH_NAMES = ("blocs", "awards", "conferences", "scoring")


class Command(BaseCommand):
    help = (
        "List look-alike names: rows that are the same on a unique key once compared in their "
        "canonical form (NFC, invisible characters removed, fullwidth folded, case ignored)."
    )

    def handle(self, *args, **options):
        with translation.override(settings.LANGUAGE_CODE):
            app_models = [
                model
                for label in APPS_WITH_NAMES
                for model in apps.get_app_config(label).get_models()
                if not model.__name__.startswith("Historical")
            ]
            found = find_lookalikes(app_models)
            if not found:
                self.stdout.write(_("No look-alike names."))
                return
            self.stdout.write(
                _("%(n)d groups of look-alike names (merge or rename them in the admin):") % {"n": len(found)}
            )
            for group in found:
                self.stdout.write(f"- {group.describe()}")
