"""Right of access and portability: the admin action, the page, the JSON and the PDF."""

import datetime
import io
import json

import pytest
from auditlog.models import LogEntry
from django.urls import reverse
from pypdf import PdfReader

from tests.cooperatives.factories import MembershipFactory, OutcomeFactory
from tests.entrepreneurs.factories import EncounterFactory, EntrepreneurFactory, ReferralFactory
from tests.events.factories import AttendanceFactory, EventFactory


@pytest.fixture
def person(db):
    person = EntrepreneurFactory(
        first_name="Aminata", last_name="Diallo", email="aminata@example.org", notes="Couture"
    )
    EncounterFactory(entrepreneur=person, notes="Projet de retouche")
    MembershipFactory(entrepreneur=person)
    AttendanceFactory(entrepreneur=person, event=EventFactory(title="Atelier prix"))
    return person


def access_url(person, output: str | None = None) -> str:
    url = reverse("privacy:subject_access", args=[person.pk])
    return f"{url}?format={output}" if output else url


def test_admin_action_leads_to_the_persons_access_page(staff_client, person):
    response = staff_client.post(
        reverse("admin:entrepreneurs_entrepreneur_changelist"),
        {"action": "export_personal_data", "_selected_action": [person.pk]},
    )
    assert response.status_code == 302
    assert response["Location"] == access_url(person)


def test_admin_action_asks_for_one_person_only(staff_client, person):
    other = EntrepreneurFactory()
    response = staff_client.post(
        reverse("admin:entrepreneurs_entrepreneur_changelist"),
        {"action": "export_personal_data", "_selected_action": [person.pk, other.pk]},
        follow=True,
    )
    assert "Sélectionnez une seule personne" in response.content.decode()


def test_json_export_holds_everything_about_the_person(staff_client, person):
    response = staff_client.get(access_url(person, "json"))

    assert response.status_code == 200
    assert response["Content-Disposition"] == (
        f'attachment; filename="donnees-personnelles-{person.reference}.json"'
    )
    data = json.loads(response.content)
    assert data["record"]["first_name"] == "Aminata"
    assert data["record"]["email"] == "aminata@example.org"
    assert data["record"]["country_of_origin"] == "SN"
    assert [e["notes"] for e in data["encounters"]] == ["Projet de retouche"]
    assert len(data["memberships"]) == 1
    assert "Atelier prix" in data["attendances"][0]["event"]
    audited = {(entry["record"], entry["action"]) for entry in data["audit_entries"]}
    assert {("entrepreneur·e", "création"), ("rencontre", "création")} <= audited
    assert {("participation", "création"), ("présence", "création")} <= audited
    assert ("entrepreneur·e", "consultation") in audited  # this very export


def test_pdf_export_is_readable_and_complete(staff_client, person):
    response = staff_client.get(access_url(person, "pdf"))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    for expected in ("Aminata", "aminata@example.org", "Projet de retouche", "Atelier prix"):
        assert expected in text


def test_page_links_both_downloads(staff_client, person):
    response = staff_client.get(access_url(person))
    html = response.content.decode()
    assert response.status_code == 200
    assert "?format=pdf" in html and "?format=json" in html
    assert "Aminata" in html


@pytest.mark.parametrize("output", [None, "json", "pdf"])
def test_every_access_is_audited_and_never_cached(staff_client, staff_user, person, output):
    response = staff_client.get(access_url(person, output))

    entry = LogEntry.objects.filter(action=LogEntry.Action.ACCESS).get()
    assert entry.actor == staff_user
    assert entry.object_pk == str(person.pk)
    assert entry.additional_data == {"subject_access": output or "html"}
    assert "no-store" in response["Cache-Control"]


def test_board_member_is_refused_the_access_export(board_client, person):
    assert board_client.get(access_url(person, "json")).status_code == 403
    assert not LogEntry.objects.filter(action=LogEntry.Action.ACCESS).exists()


def test_anonymous_visitor_is_sent_to_login(client, person):
    response = client.get(access_url(person, "json"))
    assert response.status_code == 302
    assert reverse("account_login") in response["Location"]


def test_unknown_format_is_refused_naming_the_parameter(staff_client, person):
    response = staff_client.get(access_url(person, "xml"))
    assert response.status_code == 400
    assert "format" in response.content.decode()
    assert not LogEntry.objects.filter(action=LogEntry.Action.ACCESS).exists()


def test_unknown_person_is_not_found(staff_client, db):
    assert staff_client.get("/personal-data/999999/?format=json").status_code == 404


@pytest.mark.parametrize("encounters", [1, 20])
def test_json_export_query_count_does_not_grow_with_records(
    staff_client, person, django_assert_num_queries, encounters
):
    for day in range(1, encounters + 1):
        EncounterFactory(entrepreneur=person, date=datetime.date(2021, 3, day))
    # session, user, user's permissions, group permissions, the person, the access entry
    # (insert), related ids x5 (encounters, memberships, attendances, outcomes, referrals)
    # and their deleted records in the audit log x5, encounters, memberships, attendances,
    # outcomes, referrals, signed sheets carrying the name, audit entries.
    with django_assert_num_queries(23):
        response = staff_client.get(access_url(person, "json"))
    assert len(json.loads(response.content)["encounters"]) == encounters + 1


def test_json_export_holds_the_outcomes_and_the_referral(staff_client, person):
    OutcomeFactory(entrepreneur=person, situation="cae", notes="Entrée en CAE")
    ReferralFactory(entrepreneur=person, status="accepted", referrer_name="Claire Martin")

    data = json.loads(staff_client.get(access_url(person, "json")).content)

    assert [(o["checkpoint"], o["situation"], o["notes"]) for o in data["outcomes"]] == [
        ("exit", "cae", "Entrée en CAE")
    ]
    assert [r["referrer_name"] for r in data["referrals"]] == ["Claire Martin"]
    assert "token" not in json.dumps(data["referrals"])
