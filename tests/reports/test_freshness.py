"""No figure is ever stale: every kind of write makes the next dashboard page show it.

The figures are cached by the data version (`reports.freshness`), which each committed
write moves: model saves and deletes (the admin's too), bulk actions, `load_csv`, the
admin import, the roll call, anonymisation, retention, publication. The tests commit
(transactional database), as the app does, so the on-commit bumps run.
"""

import datetime
import io

import pytest
import time_machine
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse

from entrepreneurs.models import Encounter, Entrepreneur
from events.models import Attendance
from privacy.services import anonymise_entrepreneur
from reports.freshness import data_version, watched_models
from reports.services import publish_edition
from tests.entrepreneurs.factories import EncounterFactory, EntrepreneurFactory
from tests.events.factories import AttendanceFactory, EventFactory
from tests.reports.factories import EditionFactory
from tests.reports.pages import card, page

pytestmark = pytest.mark.django_db(transaction=True)

NOON = datetime.datetime(2020, 11, 26, 11, 0, tzinfo=datetime.UTC)
INTERVIEWS = "Entretiens individuels"
MET = "Entrepreneur·es rencontré·es"
INTERVIEW = Encounter.Kind.INDIVIDUAL_INTERVIEW


@pytest.fixture(autouse=True)
def _fresh_cache(settings, tmp_path):
    # A flush between transactional tests does not empty the cache table.
    cache.clear()
    settings.MEDIA_ROOT = tmp_path / "media"
    with time_machine.travel(NOON, tick=False):
        yield


def interviews(client) -> str:
    return card(page(client, 2020), INTERVIEWS)


def test_a_model_save_shows_on_the_next_page(board_client):
    encounter = EncounterFactory(date=datetime.date(2020, 5, 1), kind=Encounter.Kind.FOLLOW_UP)
    assert interviews(board_client).startswith("0 ")
    encounter.kind = INTERVIEW  # what the admin's change form does: Model.save()
    encounter.save()
    assert interviews(board_client).startswith("1 ")


def test_an_admin_delete_shows_on_the_next_page(board_client, staff_client):
    encounter = EncounterFactory(date=datetime.date(2020, 5, 1), kind=INTERVIEW)
    assert interviews(board_client).startswith("1 ")
    url = reverse("admin:entrepreneurs_encounter_delete", args=[encounter.pk])
    assert staff_client.post(url, {"post": "yes"}).status_code == 302
    assert interviews(board_client).startswith("0 ")


def test_an_admin_bulk_action_shows_on_the_next_page(board_client, staff_client):
    encounters = EncounterFactory.create_batch(3, date=datetime.date(2020, 5, 1), kind=INTERVIEW)
    assert interviews(board_client).startswith("3 ")
    data = {"action": "delete_selected", "post": "yes"}
    data["_selected_action"] = [e.pk for e in encounters[:2]]
    response = staff_client.post(reverse("admin:entrepreneurs_encounter_changelist"), data)
    assert response.status_code == 302
    assert interviews(board_client).startswith("1 ")


def test_load_csv_shows_on_the_next_page(board_client, tmp_path):
    person = EntrepreneurFactory()
    assert interviews(board_client).startswith("0 ")
    rows = f"entrepreneur,date,kind\n{person.reference},2020-05-03,individual_interview\n"
    (tmp_path / "encounters.csv").write_text(rows)
    call_command("load_csv", str(tmp_path), stdout=io.StringIO(), stderr=io.StringIO())
    assert Encounter.objects.count() == 1
    assert interviews(board_client).startswith("1 ")


def test_an_admin_import_shows_on_the_next_page(board_client, staff_client):
    person = EntrepreneurFactory()
    assert interviews(board_client).startswith("0 ")
    rows = f"entrepreneur,date,kind\n{person.reference},2020-05-03,individual_interview\n"
    upload = SimpleUploadedFile("encounters.csv", rows.encode(), content_type="text/csv")
    preview = staff_client.post(
        reverse("admin:entrepreneurs_encounter_import"),
        {"import_file": upload, "format": "0", "resource": "0"},
    )
    confirm = preview.context["confirm_form"].initial
    staff_client.post(reverse("admin:entrepreneurs_encounter_process_import"), confirm)
    assert Encounter.objects.count() == 1
    assert interviews(board_client).startswith("1 ")


def test_a_roll_call_shows_on_the_next_page(board_client, staff_client):
    session = EventFactory(date=datetime.date(2020, 10, 1)).sessions.get()
    mark = AttendanceFactory(
        event=session.event, session=session, status=Attendance.Status.REGISTERED
    )
    assert card(page(board_client, 2020), MET).startswith("0 ")
    data = {"version": session.version, f"status-{mark.pk}": "attended"}
    assert (
        staff_client.post(reverse("events:roll_call", args=[session.pk]), data).status_code == 302
    )
    assert card(page(board_client, 2020), MET).startswith("1 ")


def test_anonymisation_gives_the_data_a_new_version(board_client, staff_user):
    # Anonymisation keeps what the figures count (past years do not move), but it writes
    # with QuerySet.update: the cached pages must not outlive it.
    person = EncounterFactory(date=datetime.date(2020, 5, 1)).entrepreneur
    page(board_client, 2020)
    before = data_version()
    assert anonymise_entrepreneur(person, staff_user)
    assert data_version() != before


def test_retention_gives_the_data_a_new_version(board_client):
    person = EncounterFactory(date=datetime.date(2016, 5, 1)).entrepreneur
    created = datetime.datetime(2016, 5, 1, tzinfo=datetime.UTC)
    Entrepreneur.objects.filter(pk=person.pk).update(created_at=created)  # inactive since
    page(board_client, 2020)
    before = data_version()
    call_command("apply_retention", stdout=io.StringIO())
    assert Entrepreneur.objects.get(pk=person.pk).anonymised_at is not None
    assert data_version() != before


def test_a_publication_shows_on_the_next_page(board_client, staff_user):
    EncounterFactory(date=datetime.date(2020, 5, 1))
    edition = EditionFactory(year=2020)
    assert "status-draft" in page(board_client, 2020)
    publish_edition(edition, staff_user)
    html = page(board_client, 2020)
    assert "status-published" in html
    assert "status-draft" not in html


def test_pages_with_no_write_in_between_read_the_cache(board_client, django_assert_num_queries):
    EncounterFactory(date=datetime.date(2020, 5, 1), kind=INTERVIEW)
    page(board_client, 2020)
    version = data_version()
    # 1 session, 2 user, 3-4 permissions, 5-7 the year selector, 8 the data version,
    # 9 the cached figures and the year's life (one read), 10 the report editions
    with django_assert_num_queries(10):
        assert interviews(board_client).startswith("1 ")
    assert data_version() == version


def test_a_login_does_not_move_the_data_version(client, board_user):
    before = data_version()
    board_user.last_login = datetime.datetime(2020, 11, 26, tzinfo=datetime.UTC)
    board_user.save(update_fields=["last_login"])
    assert data_version() == before


def test_every_model_of_the_domain_apps_is_watched():
    labels = {model._meta.label for model in watched_models()}
    assert {"entrepreneurs.Encounter", "events.Attendance", "governance.Meeting"} <= labels
    assert {"cooperatives.Membership", "funding.GrantAgreement"} <= labels
    # Editions are listed live on the dashboard: saving one need not recompute the figures.
    assert "reports.ReportEdition" not in labels
    assert "governance.User" not in labels


def test_migrate_and_flush_give_the_data_a_new_version():
    # A flush (between transactional tests, or by hand) deletes rows with no model signal.
    before = data_version()
    call_command("flush", interactive=False, verbosity=0)
    assert data_version() != before
