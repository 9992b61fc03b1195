"""Right to erasure: anonymisation keeps the reports true and leaves the name nowhere."""

import datetime
import json

import pytest
from auditlog.models import LogEntry
from django.contrib.admin.models import LogEntry as AdminLogEntry
from django.core.exceptions import ValidationError
from django.urls import reverse

from cooperatives.models import Checkpoint
from core.period import Period
from entrepreneurs.models import Entrepreneur, Gender, Sector, SkillLevel
from privacy.services import anonymise_entrepreneur, entrepreneur_anonymised
from reports.indicators import compute_indicators
from tests.cooperatives.factories import MembershipFactory, OutcomeFactory
from tests.entrepreneurs.factories import EncounterFactory, EntrepreneurFactory, ReferralFactory
from tests.events.factories import AttendanceFactory
from tests.governance.factories import OrganisationFactory
from tests.privacy.admin_forms import change_form_post_data
from tests.reports.factories import build_year

IDENTITY = {
    "first_name": "Zénobie",
    "last_name": "Quarterfield",
    "email": "zenobie.q@example.org",
    "phone": "+33 6 98 76 54 32",
    "notes": "Hébergée chez sa sœur Zénobie",
    "consent_scope": "Suivi, photos",
}


@pytest.fixture
def person(db):
    person = EntrepreneurFactory(
        **IDENTITY,
        gender=Gender.FEMALE,
        birth_year=1984,
        country_of_origin="CM",
        arrival_year=2015,
        sector=Sector.FOOD,
        project_kind="Traiteur",
        skill_level=SkillLevel.PROFESSIONAL,
        informal_activity=True,
        consent_date=datetime.date(2020, 1, 6),
        referred_by=OrganisationFactory(name="France Travail"),
    )
    EncounterFactory(entrepreneur=person, notes="Zénobie cherche un local")
    MembershipFactory(entrepreneur=person)
    AttendanceFactory(entrepreneur=person)
    return person


def test_anonymisation_erases_identity_and_keeps_what_statistics_need(person, staff_user):
    assert anonymise_entrepreneur(person, staff_user) is True

    person = Entrepreneur.objects.get(pk=person.pk)
    assert (person.first_name, person.last_name, person.email, person.phone) == (
        "Anonyme",
        "",
        "",
        "",
    )
    assert (person.notes, person.consent_scope) == ("", "")
    assert person.anonymised_at is not None
    assert [e.notes for e in person.encounters.all()] == [""]
    kept = (
        person.gender,
        person.birth_year,
        person.country_of_origin.code,
        person.arrival_year,
        person.sector,
        person.project_kind,
        person.skill_level,
        person.informal_activity,
        person.consent_date,
        person.referred_by.name,
    )
    assert kept == (
        Gender.FEMALE,
        1984,
        "CM",
        2015,
        Sector.FOOD,
        "Traiteur",
        SkillLevel.PROFESSIONAL,
        True,
        datetime.date(2020, 1, 6),
        "France Travail",
    )
    assert (person.encounters.count(), person.memberships.count()) == (1, 1)
    assert person.attendances.count() == 1
    assert str(person) == f"{person.reference} — Anonyme"


def test_past_years_indicators_are_identical_after_erasure(db, staff_user):
    build_year(scale=2)
    Entrepreneur.objects.update(project_kind="Couture", informal_activity=True)
    before = compute_indicators(Period.year(2020)).to_dict()

    for person in Entrepreneur.objects.all():
        anonymise_entrepreneur(person, staff_user)

    assert Entrepreneur.objects.not_anonymised().count() == 0
    assert compute_indicators(Period.year(2020)).to_dict() == before


def test_audit_history_is_scrubbed_and_the_erasure_recorded_without_data(person, staff_user):
    person.last_name = "Quarterfield-Ndiaye"  # a rename: the old name is in the history
    person.save()
    reference = person.reference

    anonymise_entrepreneur(person, staff_user)

    history = " ".join(
        f"{e.object_repr} {e.changes} {e.changes_text} {e.serialized_data}"
        for e in LogEntry.objects.all()
    )
    for value in ("Zénobie", "Z\\u00e9nobie", "Quarterfield", "zenobie.q", "98 76 54 32"):
        assert value not in history
    # The history is still there, with the values that identify replaced.
    update = LogEntry.objects.filter(
        object_pk=str(person.pk), action=LogEntry.Action.UPDATE, changes__has_key="last_name"
    ).get()
    assert update.changes["last_name"] == ["[effacé]", "[effacé]"]
    erasure = LogEntry.objects.filter(additional_data__anonymised=reference).get()
    assert erasure.actor == staff_user
    assert erasure.object_repr == f"{reference} — Anonyme"
    assert erasure.changes == {}


def test_records_deleted_before_the_erasure_are_scrubbed_too(person, staff_user):
    membership = person.memberships.get()
    membership_pk = membership.pk
    membership.delete()

    anonymise_entrepreneur(person, staff_user)

    reprs = LogEntry.objects.filter(
        content_type__model="membership", object_pk=str(membership_pk)
    ).values_list("object_repr", flat=True)
    assert len(reprs) == 2  # created, deleted
    assert all("Zénobie" not in text and "Anonyme" in text for text in reprs)


def test_admin_history_is_scrubbed(person, staff_user):
    AdminLogEntry.objects.log_actions(staff_user.pk, [person], 2, change_message="Notes")
    coop = person.memberships.get().cooperative
    added = [{"added": {"name": "participation", "object": str(person.memberships.get())}}]
    AdminLogEntry.objects.log_actions(staff_user.pk, [coop], 2, change_message=added)

    anonymise_entrepreneur(person, staff_user)

    texts = " ".join(f"{e.object_repr} {e.change_message}" for e in AdminLogEntry.objects.all())
    assert "Zénobie" not in texts and "Z\\u00e9nobie" not in texts
    coop_entry = AdminLogEntry.objects.get(
        object_id=str(coop.pk), content_type__model="cooperative"
    )
    # The message keeps its JSON shape and what does not identify the person.
    assert json.loads(coop_entry.change_message)[0]["added"]["object"] == (
        f"{person.reference} — Anonyme — {coop.name}"
    )


def test_anonymising_twice_changes_nothing(person, staff_user):
    anonymise_entrepreneur(person, staff_user)
    person.refresh_from_db()
    entries = LogEntry.objects.count()

    assert anonymise_entrepreneur(person, staff_user) is False
    assert LogEntry.objects.count() == entries


def test_anonymisation_tells_the_apps_holding_copies(person, staff_user):
    received = []

    def receiver(sender, reference, **kwargs):
        received.append(reference)

    entrepreneur_anonymised.connect(receiver)
    try:
        anonymise_entrepreneur(person, staff_user)
    finally:
        entrepreneur_anonymised.disconnect(receiver)
    assert received == [person.reference]


def changelist_url() -> str:
    return reverse("admin:entrepreneurs_entrepreneur_changelist")


def test_admin_action_asks_for_confirmation_and_changes_nothing_first(staff_client, person):
    response = staff_client.post(
        changelist_url(), {"action": "anonymise", "_selected_action": [person.pk]}
    )

    html = response.content.decode()
    assert response.status_code == 200
    assert "définitive" in html and "Oui, anonymiser définitivement" in html
    assert "Traiteur" in html  # the kept project kind, for staff to check
    person.refresh_from_db()
    assert person.first_name == "Zénobie"


def test_admin_action_anonymises_once_confirmed(staff_client, staff_user, person):
    response = staff_client.post(
        changelist_url(),
        {"action": "anonymise", "_selected_action": [person.pk], "post": "yes"},
        follow=True,
    )

    assert f"1 personne anonymisée : {person.reference}." in response.content.decode()
    person.refresh_from_db()
    assert person.first_name == "Anonyme"
    erasure = LogEntry.objects.get(additional_data__anonymised=person.reference)
    assert erasure.actor == staff_user


def test_board_member_cannot_anonymise(board_client, person):
    board_client.post(
        changelist_url(),
        {"action": "anonymise", "_selected_action": [person.pk], "post": "yes"},
    )
    person.refresh_from_db()
    assert person.first_name == "Zénobie"


def test_anonymised_person_cannot_be_identified_again(person, staff_user):
    anonymise_entrepreneur(person, staff_user)
    person.refresh_from_db()
    person.last_name = "Quarterfield"

    with pytest.raises(ValidationError) as refused:
        person.full_clean()
    assert list(refused.value.message_dict) == ["last_name"]
    assert "anonymisée" in refused.value.message_dict["last_name"][0]


def test_anonymised_person_keeps_editable_statistics_fields(staff_client, person, staff_user):
    anonymise_entrepreneur(person, staff_user)
    url = reverse("admin:entrepreneurs_entrepreneur_change", args=[person.pk])
    data = change_form_post_data(staff_client.get(url))
    data["sector"] = Sector.CRAFTS

    assert staff_client.post(url, data).status_code == 302
    person.refresh_from_db()
    assert (person.sector, person.first_name) == (Sector.CRAFTS, "Anonyme")


def test_anonymising_erases_the_outcome_notes_and_keeps_the_situation(staff_user):
    outcome = OutcomeFactory(checkpoint=Checkpoint.EXIT, notes="Partie vivre chez sa sœur")

    anonymise_entrepreneur(outcome.entrepreneur, staff_user)

    outcome.refresh_from_db()
    assert (outcome.notes, outcome.situation) == ("", "job_search")


def test_an_accepted_referral_forgets_what_the_partner_sent(person, staff_user):
    referral = ReferralFactory(
        entrepreneur=person, status="accepted", first_name="Awa", contact="06 11 22 33 44"
    )

    anonymise_entrepreneur(person, staff_user)

    referral.refresh_from_db()
    assert (referral.first_name, referral.contact, referral.project) == ("[effacé]", "", "")
    assert (referral.referrer_name, referral.referrer_contact) == ("[effacé]", "")
    assert referral.entrepreneur_id == person.pk  # the partner's referral still counts
