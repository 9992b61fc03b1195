"""The audit trail: personal records' changes with their actor, visible to staff, never
editable, and the record of imports and exports."""

import pytest
from auditlog.models import LogEntry
from django.contrib.auth.models import Group
from django.urls import reverse

from cooperatives.models import Membership
from core.audit import record_data_transfer
from entrepreneurs.models import Encounter, Entrepreneur
from events.models import Attendance
from governance.roles import STAFF_GROUP
from privacy.services import anonymise_entrepreneur
from tests.cooperatives.factories import MembershipFactory
from tests.entrepreneurs.factories import EncounterFactory, EntrepreneurFactory
from tests.events.factories import AttendanceFactory
from tests.privacy.admin_forms import change_form_post_data

PERSONAL_FACTORIES = {
    Entrepreneur: EntrepreneurFactory,
    Encounter: EncounterFactory,
    Membership: MembershipFactory,
    Attendance: AttendanceFactory,
}


def entries_for(obj) -> list[LogEntry]:
    return list(LogEntry.objects.get_for_object(obj).order_by("timestamp", "pk"))


# One change per model, to a field that is not a link.
EDITS = {
    Entrepreneur: lambda obj: setattr(obj, "phone", "06 00 00 00 00"),
    Encounter: lambda obj: setattr(obj, "notes", "Suivi CAE"),
    Membership: lambda obj: setattr(obj, "left_on", obj.joined_on),
    Attendance: lambda obj: setattr(obj, "status", Attendance.Status.ABSENT),
}


@pytest.mark.parametrize("model", PERSONAL_FACTORIES, ids=lambda m: m.__name__)
def test_create_update_and_delete_of_personal_records_are_audited(db, model):
    obj = PERSONAL_FACTORIES[model]()
    pk = obj.pk
    EDITS[model](obj)
    obj.save()
    obj.delete()

    actions = list(
        LogEntry.objects.filter(content_type__model=model._meta.model_name, object_pk=str(pk))
        .order_by("timestamp", "pk")
        .values_list("action", flat=True)
    )
    assert actions == [LogEntry.Action.CREATE, LogEntry.Action.UPDATE, LogEntry.Action.DELETE]


def test_admin_edit_records_the_staff_member_as_actor(staff_client, staff_user):
    person = EntrepreneurFactory(phone="")
    url = reverse("admin:entrepreneurs_entrepreneur_change", args=[person.pk])
    data = change_form_post_data(staff_client.get(url))
    data["phone"] = "07 11 22 33 44"
    assert staff_client.post(url, data).status_code == 302

    update = entries_for(person)[-1]
    assert update.action == LogEntry.Action.UPDATE
    assert update.actor == staff_user
    assert update.changes_dict["phone"] == ["", "07 11 22 33 44"]
    # Bookkeeping fields are not audited noise.
    assert "version" not in update.changes_dict
    assert "updated_at" not in update.changes_dict


def test_staff_role_may_only_view_the_audit_log(db):
    perms = set(
        Group.objects.get(name=STAFF_GROUP)
        .permissions.filter(content_type__app_label="auditlog")
        .values_list("codename", flat=True)
    )
    assert perms == {"view_logentry"}


def test_staff_can_read_the_audit_log_in_the_admin(staff_client):
    person = EntrepreneurFactory()
    entry = entries_for(person)[0]
    changelist = staff_client.get(reverse("admin:auditlog_logentry_changelist"))
    detail = staff_client.get(reverse("admin:auditlog_logentry_change", args=[entry.pk]))
    assert changelist.status_code == 200
    assert person.reference in changelist.content.decode()
    assert detail.status_code == 200
    assert 'name="_save"' not in detail.content.decode()


def test_audit_log_cannot_be_added_changed_or_deleted_from_the_admin(staff_client, superuser):
    entry = entries_for(EntrepreneurFactory())[0]
    change = reverse("admin:auditlog_logentry_change", args=[entry.pk])
    delete = reverse("admin:auditlog_logentry_delete", args=[entry.pk])
    changelist = reverse("admin:auditlog_logentry_changelist")
    for client_user in (None, superuser):
        if client_user is not None:
            staff_client.force_login(client_user)
        assert staff_client.get(reverse("admin:auditlog_logentry_add")).status_code == 403
        assert staff_client.post(change, {"object_repr": "falsifié"}).status_code == 403
        assert staff_client.post(delete, {"post": "yes"}).status_code == 403
        bulk = {"action": "delete_selected", "_selected_action": [entry.pk], "post": "yes"}
        staff_client.post(changelist, bulk)
    entry.refresh_from_db()
    assert entry.object_repr != "falsifié"
    assert LogEntry.objects.filter(pk=entry.pk).exists()


def test_board_member_cannot_open_the_audit_log(board_client):
    url = reverse("admin:auditlog_logentry_changelist")
    assert board_client.get(url, follow=True).status_code == 403


def test_data_transfer_is_recorded_without_personal_data(staff_user):
    EntrepreneurFactory(first_name="Aminata", last_name="Diallo")
    entry = record_data_transfer(staff_user, "export", Entrepreneur, 12, "admin")

    entry.refresh_from_db()
    assert entry.actor == staff_user
    assert entry.action == LogEntry.Action.ACCESS
    assert entry.additional_data == {
        "transfer": "export",
        "model": "entrepreneurs.entrepreneur",
        "count": 12,
        "source": "admin",
    }
    stored = f"{entry.object_repr} {entry.changes} {entry.additional_data}"
    assert "Aminata" not in stored and "Diallo" not in stored


def test_import_is_recorded_as_a_creation(db):
    entry = record_data_transfer(None, "import", Encounter, 3, "command")
    assert entry.action == LogEntry.Action.CREATE
    assert entry.actor is None
    assert entry.additional_data["count"] == 3


@pytest.mark.parametrize(
    ("action", "count", "source", "parameter"),
    [
        ("delete", 1, "admin", "action"),
        ("export", -1, "admin", "count"),
        ("export", 1, "liste-Aminata-Diallo.csv", "source"),
    ],
)
def test_data_transfer_refuses_bad_input_naming_the_parameter(db, action, count, source, parameter):
    with pytest.raises(ValueError, match=f"^{parameter}:"):
        record_data_transfer(None, action, Entrepreneur, count, source)
    assert not LogEntry.objects.filter(additional_data__transfer__isnull=False).exists()


def test_staff_can_open_transfer_access_and_erasure_entries(staff_client, staff_user):
    person = EntrepreneurFactory()
    staff_client.get(reverse("privacy:subject_access", args=[person.pk]))
    anonymise_entrepreneur(person, staff_user)
    record_data_transfer(staff_user, "import", Entrepreneur, 4, "admin")

    changelist = staff_client.get(reverse("admin:auditlog_logentry_changelist"))
    assert changelist.status_code == 200
    for entry in LogEntry.objects.all():
        url = reverse("admin:auditlog_logentry_change", args=[entry.pk])
        assert staff_client.get(url).status_code == 200
