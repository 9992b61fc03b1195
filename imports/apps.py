from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _

from governance.roles import STAFF_GROUP


def grant_spreadsheet_permissions(sender=None, apps=None, using="default", **kwargs) -> None:
    """Give the staff role the import/export permissions, after the roles are synced."""
    try:
        Group = apps.get_model("auth", "Group")
        Permission = apps.get_model("auth", "Permission")
    except (LookupError, AttributeError):
        return
    perms = Permission.objects.using(using).filter(
        content_type__app_label="imports",
        codename__in=["import_spreadsheets", "export_spreadsheets"],
    )
    staff = Group.objects.using(using).filter(name=STAFF_GROUP).first()
    if staff is not None:
        staff.permissions.add(*perms)


class ImportsConfig(AppConfig):
    """Loading a folder of spreadsheets spans every domain app, so it sits above them."""

    name = "imports"
    verbose_name = _("Imports et exports")

    def ready(self) -> None:
        # Connected after governance's role sync (INSTALLED_APPS order), so it runs after it.
        post_migrate.connect(grant_spreadsheet_permissions, dispatch_uid="imports_grant_perms")
