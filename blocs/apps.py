from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BlocsConfig(AppConfig):
    name = "blocs"
    verbose_name = _("Emulation blocs")

    def ready(self):
        from django.db.models.signals import post_migrate

        from blocs import dataversion  # the models are loaded only now
        from blocs.services import sync_role_groups_after_migrate

        dataversion.connect()
        post_migrate.connect(sync_role_groups_after_migrate, dispatch_uid="blocs.sync_role_groups")
