from django.contrib.auth.models import Group

from governance.roles import BOARD_GROUP, STAFF_GROUP, sync_role_permissions


def codenames(group_name):
    group = Group.objects.get(name=group_name)
    return {f"{p.content_type.app_label}.{p.codename}" for p in group.permissions.all()}


BOARD_PERMISSIONS = {
    "reports.view_dashboard",
    "reports.view_annual_report",
    "governance.view_board_area",
}


def test_board_group_holds_only_report_and_board_area_permissions(db):
    assert codenames(BOARD_GROUP) == BOARD_PERMISSIONS


def test_staff_group_reads_the_board_area_but_not_the_statute_rules(db):
    perms = codenames(STAFF_GROUP)
    assert "governance.view_board_area" in perms
    assert not {p for p in perms if p.endswith("_statuterule")}


def test_staff_group_can_open_reports_but_not_manage_accounts(db):
    perms = codenames(STAFF_GROUP)
    assert {"reports.view_dashboard", "reports.view_annual_report"} <= perms
    assert not {p for p in perms if p.endswith("_user")}


def test_staff_group_gets_every_domain_model_permission(db):
    perms = codenames(STAFF_GROUP)
    for app_label in ("entrepreneurs", "cooperatives", "events"):
        from django.apps import apps

        for model in apps.get_app_config(app_label).get_models():
            for action in ("view", "add", "change", "delete"):
                assert f"{app_label}.{action}_{model._meta.model_name}" in perms


def test_sync_restores_permissions_removed_by_hand(db):
    Group.objects.get(name=BOARD_GROUP).permissions.clear()
    sync_role_permissions()
    assert codenames(BOARD_GROUP) == BOARD_PERMISSIONS
