from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class GovernanceConfig(AppConfig):
    name = "governance"
    verbose_name = _("Vie associative")

    def ready(self) -> None:
        from governance.roles import sync_role_permissions

        # Permissions are created after each migrate; keep the two roles in step with
        # every model added later, without one data migration per new model.
        post_migrate.connect(sync_role_permissions, dispatch_uid="governance_sync_roles")
