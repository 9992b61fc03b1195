"""The two roles of the application, kept as Django groups.

- staff ("Équipe"): admin users who keep every domain record;
- board ("Conseil d'administration"): dashboards, reports and the board area (meetings,
  minutes, mandates, dossiers) only, never a person's record.
"""

from django.apps import apps as global_apps

STAFF_GROUP = "Équipe"
BOARD_GROUP = "Conseil d'administration"

# Apps whose models staff may view/add/change/delete in the admin.
DOMAIN_APPS = ("governance", "entrepreneurs", "cooperatives", "events", "spreadsheets", "reports")
# Accounts are managed by superusers (and the `invite` command), not by the staff role;
# uploads awaiting confirmation are the import machinery's, never edited by hand.
# Statute rules are changed by superusers only (a change of statutes).
STAFF_EXCLUDED_MODELS = {
    ("governance", "user"),
    ("governance", "statuterule"),
    ("spreadsheets", "pendingupload"),
}
REPORT_PERMISSIONS = (("reports", "view_dashboard"), ("reports", "view_annual_report"))
# The board area (/board/): meetings, minutes, mandates and dossiers, never a person followed.
BOARD_AREA_PERMISSION = ("governance", "view_board_area")
# The audit trail: staff read it, nobody may add, change or delete an entry.
AUDIT_LOG_PERMISSION = ("auditlog", "view_logentry")
ROLE_CHOICES = {"staff": STAFF_GROUP, "board": BOARD_GROUP}


def staff_permissions(Permission):
    app_label, codename = AUDIT_LOG_PERMISSION
    domain = Permission.objects.filter(content_type__app_label__in=DOMAIN_APPS)
    for excluded_app, excluded_model in STAFF_EXCLUDED_MODELS:
        domain = domain.exclude(
            content_type__app_label=excluded_app, content_type__model=excluded_model
        )
    return domain | Permission.objects.filter(content_type__app_label=app_label, codename=codename)


def board_permissions(Permission):
    perms = Permission.objects.none()
    for app_label, codename in (*REPORT_PERMISSIONS, BOARD_AREA_PERMISSION):
        perms |= Permission.objects.filter(content_type__app_label=app_label, codename=codename)
    return perms


def sync_role_permissions(sender=None, apps=global_apps, using="default", **kwargs) -> None:
    """Give each role exactly its permissions; run after every migrate."""
    try:
        Group = apps.get_model("auth", "Group")
        Permission = apps.get_model("auth", "Permission")
    except LookupError:
        return
    staff, _ = Group.objects.using(using).get_or_create(name=STAFF_GROUP)
    board, _ = Group.objects.using(using).get_or_create(name=BOARD_GROUP)
    staff.permissions.set(staff_permissions(Permission).using(using))
    board.permissions.set(board_permissions(Permission).using(using))
