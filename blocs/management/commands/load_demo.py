from importlib import import_module

from django.apps import apps
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils.module_loading import module_has_submodule

from blocs import dataversion, demo


class Command(BaseCommand):
    help = "Load the demo data of the three real cases and the demo users (idempotent)."

    def handle(self, *args, **options):
        # Each of our apps may ship a `demo` module with `load(stdout)`; they run in
        # INSTALLED_APPS order (blocs first), the way the admin discovers `admin` modules, so
        # this command needs no import against the app order.
        with transaction.atomic():
            for config in apps.get_app_configs():
                if config.name in {
                    "blocs",
                    "awards",
                    "conferences",
                    "scoring",
                    "proposals",
                    "reports",
                } and module_has_submodule(config.module, "demo"):
                    import_module(f"{config.name}.demo").load(stdout=self.stdout)
            dataversion.bump()  # the demo dates some rows with QuerySet.update
        self.stdout.write(self.style.SUCCESS("Demo data loaded."))
        self.stdout.write(f"Demo logins (password for all: {demo.DEMO_PASSWORD}):")
        for username, role, scope in demo.demo_logins():
            self.stdout.write(f"  {username:<18} {role:<32} {scope}")
