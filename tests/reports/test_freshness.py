"""No figure is ever stale: every kind of write makes the next dashboard page show it.

The figures are cached by data versions per family and year (`reports.freshness`), which
each committed write moves: model saves and deletes (the admin's too), bulk actions,
`load_csv`, the admin import, the roll call, anonymisation, retention, publication; and
a save of each kind of record the figures read moves the versions of the figures it
changes. The tests commit (transactional database), as the app does, so the on-commit
bumps run.
"""

import datetime
import io

import pytest
import time_machine
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse

from cooperatives.models import Checkpoint, Membership, Outcome
from entrepreneurs.models import Encounter, Entrepreneur, Gender
from events.models import Attendance, Event, Sale, Session
from funding.models import GrantAgreement, Instalment
from governance.models import Meeting, Organisation
from privacy.services import anonymise_entrepreneur
from reports.freshness import data_version, watched_models
from reports.services import publish_edition
from tests.cooperatives.factories import CooperativeFactory, MembershipFactory, OutcomeFactory
from tests.entrepreneurs.factories import EncounterFactory, EntrepreneurFactory
from tests.events.factories import AttendanceFactory, EventFactory, SaleFactory
from tests.funding.factories import GrantAgreementFactory, InstalmentFactory
from tests.governance.factories import MeetingFactory, OrganisationFactory
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


D = datetime.date


def _records() -> None:
    """One record of each kind the figures read, dated in 2020 (or 2019, to move)."""
    person = EntrepreneurFactory(gender=Gender.MALE)
    EncounterFactory(entrepreneur=person, date=D(2020, 5, 1))
    workshop = EventFactory(kind=Event.Kind.WORKSHOP, date=D(2019, 12, 20), title="Atelier")
    AttendanceFactory(event=workshop)
    SaleFactory(event__date=D(2020, 6, 1), amount="100.00")
    coop = CooperativeFactory(start_date=D(2020, 3, 1), end_date=D(2021, 2, 28))
    MembershipFactory(cooperative=coop, joined_on=D(2021, 1, 10))
    OutcomeFactory(date=D(2019, 6, 1))
    MeetingFactory(kind=Meeting.Kind.BOARD, date=D(2019, 12, 1))
    grant = GrantAgreementFactory(funder=OrganisationFactory(name="Fondation Alpha"))
    InstalmentFactory(agreement=grant, amount=5000)


def _save(model, change, **lookup):
    """The record read from the database, changed, then saved whole (the admin's way)."""
    record = model.objects.get(**lookup) if lookup else model.objects.get()
    change(record)
    record.save()


WRITES = {
    # figure or text on the staff's 2020 page: (before, after, the write)
    "a person's profile": (
        ("Part de femmes", "0 %", "100 %"),
        lambda: _save(
            Entrepreneur,
            lambda r: setattr(r, "gender", Gender.FEMALE),
            encounters__isnull=False,
        ),
    ),
    "an event moved into the year": (
        ("Ateliers et formations en présentiel", "0 ", "1 "),
        lambda: _save(Event, lambda r: setattr(r, "date", D(2020, 1, 10)), title="Atelier"),
    ),
    # Its event moves with it (Event.sync_dates_with_sessions, no signal of its own), and
    # the people present count in the event's year.
    "a session moved, its event's people met with it": (
        ("Entrepreneur·es rencontré·es", "1 ", "2 "),
        lambda: _save(
            Session, lambda r: setattr(r, "date", D(2020, 1, 10)), event__title="Atelier"
        ),
    ),
    "a session moved into the year": (
        ("Heures de formation dispensées", "0 h", "3 h"),
        lambda: _save(
            Session, lambda r: setattr(r, "date", D(2020, 1, 10)), event__title="Atelier"
        ),
    ),
    "a sale's amount": (
        ("Ventes aux événements commerciaux", "100 €", "250 €"),
        lambda: _save(Sale, lambda r: setattr(r, "amount", "250.00")),
    ),
    "a membership's dates": (
        ("Coopérateur·rices engagé·es", "0 ", "1 "),
        lambda: _save(Membership, lambda r: setattr(r, "joined_on", D(2020, 3, 1))),
    ),
    "an outcome moved into the year": (
        ("Sorties de coopérative", "0 ", "1 "),
        lambda: _save(
            Outcome, lambda r: setattr(r, "date", D(2020, 6, 1)), checkpoint=Checkpoint.EXIT
        ),
    ),
    "a meeting moved into the year": (
        ("Conseils d&#x27;administration", "0 ", "1 "),
        lambda: _save(Meeting, lambda r: setattr(r, "date", D(2020, 2, 1))),
    ),
    "an instalment received": (
        (None, "0\u00a0€</td></tr>", "5\u202f000\u00a0€</td></tr>"),
        lambda: _save(Instalment, lambda r: setattr(r, "received_on", D(2021, 1, 15))),
    ),
    "a funder renamed": (
        (None, "Fondation Alpha", "Fondation Bêta"),
        lambda: _save(
            Organisation, lambda r: setattr(r, "name", "Fondation Bêta"), name="Fondation Alpha"
        ),
    ),
    "a grant refused": (
        (None, "Accordée", "Refusée"),
        lambda: _save(
            GrantAgreement, lambda r: setattr(r, "status", GrantAgreement.Status.REFUSED)
        ),
    ),
}


def _shows(html: str, label: str | None, text: str) -> bool:
    return card(html, label).startswith(text) if label else text in html


@pytest.mark.parametrize("write", WRITES)
def test_each_kind_of_record_saved_shows_on_the_next_page(write, staff_client):
    _records()
    (label, before, after), change = WRITES[write]
    assert _shows(page(staff_client, 2020), label, before)
    page(staff_client, 2019)  # cached too: a write dated in 2019 moves it
    change()
    html = page(staff_client, 2020)
    assert _shows(html, label, after), write
    assert not _shows(html, label, before) or before in after
