"""Reading a person's data in the admin leaves a trace: who, which record or which list
with how many rows, when; never a value read."""

import datetime
import json

import pytest
from auditlog.models import LogEntry
from django.urls import reverse

from tests.entrepreneurs.factories import EncounterFactory, EntrepreneurFactory
from tests.events.factories import AttendanceFactory, EventFactory

pytestmark = pytest.mark.django_db

NAME = "Zénobie"


def reads():
    return list(LogEntry.objects.filter(action=LogEntry.Action.ACCESS).order_by("pk"))


def assert_holds_no_personal_value(entry: LogEntry) -> None:
    text = json.dumps([entry.object_repr, entry.changes, entry.additional_data])
    assert NAME not in text and "Kaboré" not in text


def test_opening_a_persons_page_records_who_and_which_person(staff_client, staff_user):
    person = EntrepreneurFactory(first_name=NAME, last_name="Kaboré")

    staff_client.get(reverse("admin:entrepreneurs_entrepreneur_change", args=[person.pk]))

    [entry] = reads()
    assert (entry.actor, entry.object_pk) == (staff_user, str(person.pk))
    assert entry.content_type.model == "entrepreneur"
    assert entry.additional_data == {"access": "change"}
    assert_holds_no_personal_value(entry)


def test_opening_a_persons_history_is_recorded(staff_client):
    person = EntrepreneurFactory(first_name=NAME)

    staff_client.get(reverse("admin:entrepreneurs_entrepreneur_history", args=[person.pk]))

    [entry] = reads()
    assert (entry.object_pk, entry.additional_data) == (str(person.pk), {"access": "history"})


def test_opening_an_encounter_is_recorded(staff_client):
    encounter = EncounterFactory(notes="Santé fragile")

    staff_client.get(reverse("admin:entrepreneurs_encounter_change", args=[encounter.pk]))

    [entry] = reads()
    assert entry.object_pk == str(encounter.pk)
    assert "Santé" not in json.dumps(entry.additional_data) + entry.object_repr


def test_searching_the_list_records_the_row_count_not_the_search(staff_client, staff_user):
    EntrepreneurFactory(first_name=NAME, last_name="Kaboré")
    EntrepreneurFactory(first_name="Awa")

    staff_client.get(reverse("admin:entrepreneurs_entrepreneur_changelist"), {"q": NAME})

    [entry] = reads()
    assert entry.actor == staff_user
    assert entry.object_pk == ""
    assert entry.additional_data == {"access": "list", "rows": 1, "filters": ["q"]}
    assert_holds_no_personal_value(entry)


def test_browsing_the_list_without_a_search_records_nothing(staff_client):
    EntrepreneurFactory()

    staff_client.get(reverse("admin:entrepreneurs_entrepreneur_changelist"))

    assert reads() == []


def test_a_figures_traceability_list_records_which_list_and_its_rows(staff_client):
    event = EventFactory(date=datetime.date(2020, 5, 4))
    AttendanceFactory(event=event, entrepreneur=EntrepreneurFactory(first_name=NAME))

    staff_client.get(reverse("admin:reports_entrepreneurmet_changelist"), {"year": "2020"})

    [entry] = reads()
    assert entry.content_type.model == "entrepreneurmet"
    assert entry.additional_data == {"access": "list", "rows": 1, "filters": ["year"]}


def test_a_persons_access_export_lists_who_opened_their_page(staff_client, staff_user):
    person = EntrepreneurFactory(first_name=NAME)
    staff_client.get(reverse("admin:entrepreneurs_entrepreneur_change", args=[person.pk]))

    response = staff_client.get(
        reverse("privacy:subject_access", args=[person.pk]), {"format": "json"}
    )

    entries = response.json()["audit_entries"]
    [opened] = [e for e in entries if e["details"].get("access") == "change"]
    assert (opened["action"], opened["by"]) == ("consultation", str(staff_user))
