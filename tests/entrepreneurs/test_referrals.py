"""Referrals from partner organisations: the public form and its abuse cases, the staff's
acceptance or refusal, the links' rotation and revocation, and the purge."""

import datetime

import pytest
import time_machine
from auditlog.models import LogEntry
from django.core.cache import cache
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from entrepreneurs.models import Encounter, Entrepreneur, Referral, ReferralLink
from entrepreneurs.referrals import (
    ReferralAlreadyDecided,
    accept_referral,
    decline_referral,
    purge_stale_referrals,
)
from governance.models import Organisation
from tests.entrepreneurs.factories import ReferralFactory, ReferralLinkFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _empty_cache():
    # The rate limits live in the shared cache, which outlives a test's transaction.
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def link():
    return ReferralLinkFactory()


def form_url(link: ReferralLink) -> str:
    return reverse("entrepreneurs:referral", args=[link.token])


def valid_post(**values) -> dict:
    return {
        "first_name": "Fatou",
        "contact": "06 12 34 56 78",
        "language": "wolof",
        "project": "Couture et retouches",
        "referrer_name": "Claire Martin",
        "referrer_contact": "claire@example.org",
        "consent": "on",
        "website": "",
        **values,
    }


def test_the_form_is_in_french_with_its_privacy_notice(client, link):
    response = client.get(form_url(link))

    content = response.content.decode()
    assert response.status_code == 200
    assert "Orienter une personne vers Meltingcoop" in content
    assert "Protection des données personnelles" in content
    assert link.organisation.name in content
    assert response["Cache-Control"].startswith("max-age=0")
    assert response["Referrer-Policy"] == "same-origin"  # the token never leaves the site
    assert response["X-Robots-Tag"] == "noindex, nofollow"


def test_a_submission_becomes_a_pending_referral(client, link):
    response = client.post(form_url(link), valid_post())

    assert response.status_code == 302
    assert response["Location"] == reverse("entrepreneurs:referral_sent", args=[link.token])
    referral = Referral.objects.get()
    assert (referral.status, referral.organisation, referral.link) == (
        Referral.Status.PENDING,
        link.organisation,
        link,
    )
    assert referral.first_name == "Fatou" and referral.consent is True
    assert not Entrepreneur.objects.exists()


def test_the_form_needs_a_csrf_token(link):
    client = Client(enforce_csrf_checks=True)

    response = client.post(form_url(link), valid_post())

    assert response.status_code == 403
    assert not Referral.objects.exists()


@pytest.mark.parametrize("token", ["not-a-token", "x" * 43, "x" * 500])
def test_a_bad_token_is_not_found(client, link, token):
    assert client.get(reverse("entrepreneurs:referral", args=[token])).status_code == 404
    assert (
        client.post(reverse("entrepreneurs:referral", args=[token]), valid_post()).status_code
        == 404
    )
    assert not Referral.objects.exists()


def test_a_revoked_link_is_not_found(client, link):
    link.revoke()

    assert client.get(form_url(link)).status_code == 404
    assert client.post(form_url(link), valid_post()).status_code == 404
    assert not Referral.objects.exists()


def test_a_rotated_link_stops_working_and_the_new_one_works(client, link):
    new = link.rotate()

    assert client.get(form_url(link)).status_code == 404
    assert client.get(form_url(new)).status_code == 200
    assert new.organisation == link.organisation and new.token != link.token


def test_the_eleventh_post_of_the_hour_through_one_link_is_refused(link):
    for n in range(10):
        client = Client(REMOTE_ADDR=f"10.0.0.{n + 1}")
        assert client.post(form_url(link), valid_post()).status_code == 302

    refused = Client(REMOTE_ADDR="10.0.0.99").post(form_url(link), valid_post())

    assert refused.status_code == 429
    assert "Trop d'envois" in refused.content.decode()
    assert Referral.objects.count() == 10


def test_the_link_limit_resets_the_next_hour(link):
    with time_machine.travel(datetime.datetime(2021, 3, 1, 10, 5, tzinfo=datetime.UTC)):
        for _n in range(10):
            Client().post(form_url(link), valid_post())
        assert Client().post(form_url(link), valid_post()).status_code == 429
    with time_machine.travel(datetime.datetime(2021, 3, 1, 11, 5, tzinfo=datetime.UTC)):
        assert Client().post(form_url(link), valid_post()).status_code == 302


def test_one_address_is_limited_across_links(settings):
    settings.REFERRAL_POSTS_PER_HOUR_PER_IP = 3
    links = ReferralLinkFactory.create_batch(2)
    client = Client(REMOTE_ADDR="192.0.2.7")
    for link in (links[0], links[0], links[1]):
        assert client.post(form_url(link), valid_post()).status_code == 302

    assert client.post(form_url(links[1]), valid_post()).status_code == 429
    assert Client(REMOTE_ADDR="192.0.2.8").post(form_url(links[1]), valid_post()).status_code == 302


def test_invalid_posts_count_towards_the_limit(client, link):
    for _n in range(10):
        client.post(form_url(link), valid_post(consent=""))

    assert client.post(form_url(link), valid_post()).status_code == 429


def test_missing_consent_is_refused_with_a_french_message(client, link):
    response = client.post(form_url(link), valid_post(consent=""))

    assert response.status_code == 200
    assert "Sans l&#x27;accord de la personne" in response.content.decode()
    assert not Referral.objects.exists()


@pytest.mark.parametrize(
    ("field", "length"),
    [("first_name", 101), ("contact", 201), ("project", 1001), ("referrer_contact", 201)],
)
def test_oversized_fields_are_refused(client, link, field, length):
    response = client.post(form_url(link), valid_post(**{field: "a" * length}))

    assert response.status_code == 200
    assert field in response.context["form"].errors
    assert "caractères" in response.context["form"].errors[field][0]
    assert not Referral.objects.exists()


def test_an_oversized_body_is_refused_before_reading_the_form(client, link):
    response = client.post(form_url(link), valid_post(notes="a" * 20_000))

    assert response.status_code == 413
    assert not Referral.objects.exists()


def test_required_fields_are_named(client, link):
    response = client.post(form_url(link), valid_post(first_name="", referrer_name=""))

    assert set(response.context["form"].errors) == {"first_name", "referrer_name"}


def test_the_honeypot_pretends_success_and_keeps_nothing(client, link):
    response = client.post(form_url(link), valid_post(website="http://spam.example"))

    assert response.status_code == 302
    assert not Referral.objects.exists()


def test_the_form_shows_nothing_about_other_referrals(client, link):
    ReferralFactory(link=link, first_name="Aminata", contact="aminata@example.org")

    for url in (form_url(link), reverse("entrepreneurs:referral_sent", args=[link.token])):
        content = client.get(url).content.decode()
        assert "Aminata" not in content and "aminata@example.org" not in content


def test_accepting_creates_the_entrepreneur_and_a_first_contact(staff_user):
    referral = ReferralFactory(contact="fatou@example.org")

    person = accept_referral(referral, staff_user, day=datetime.date(2021, 3, 2))

    referral.refresh_from_db()
    assert referral.status == Referral.Status.ACCEPTED
    assert (referral.entrepreneur, referral.decided_by) == (person, staff_user)
    assert person.reference == "ENT-0001" and person.first_name == "Fatou"
    assert person.email == "fatou@example.org" and person.phone == ""
    assert person.referred_by == referral.organisation
    assert person.consent_date == timezone.localdate(referral.submitted_at)
    assert "Couture" in person.notes
    encounter = Encounter.objects.get(entrepreneur=person)
    assert (encounter.kind, encounter.date, encounter.staff_member) == (
        Encounter.Kind.FIRST_CONTACT,
        datetime.date(2021, 3, 2),
        staff_user,
    )
    assert "Claire Martin" in encounter.notes


def test_a_phone_number_goes_to_the_phone_field(staff_user):
    person = accept_referral(ReferralFactory(contact="+33 6 12 34 56 78"), staff_user)

    assert (person.phone, person.email) == ("+33 6 12 34 56 78", "")


def test_a_referral_cannot_be_decided_twice(staff_user):
    referral = ReferralFactory()
    accept_referral(referral, staff_user)

    with pytest.raises(ReferralAlreadyDecided):
        accept_referral(referral, staff_user)
    with pytest.raises(ReferralAlreadyDecided):
        decline_referral(referral, staff_user, "doublon")
    assert Entrepreneur.objects.count() == 1


def test_declining_needs_a_reason(staff_user):
    referral = ReferralFactory()

    with pytest.raises(Exception, match="motif"):
        decline_referral(referral, staff_user, "  ")
    decline_referral(referral, staff_user, "Hors du territoire")

    referral.refresh_from_db()
    assert (referral.status, referral.decline_reason) == ("declined", "Hors du territoire")


def test_staff_accept_from_the_admin(staff_client, staff_user):
    referral = ReferralFactory()
    url = reverse("admin:entrepreneurs_referral_accept", args=[referral.pk])

    page = staff_client.get(url)
    response = staff_client.post(url)

    assert page.status_code == 200 and "Accepter et créer la fiche" in page.content.decode()
    person = Entrepreneur.objects.get()
    assert response["Location"] == reverse(
        "admin:entrepreneurs_entrepreneur_change", args=[person.pk]
    )


def test_staff_decline_from_the_admin_with_a_reason(staff_client):
    referral = ReferralFactory()
    url = reverse("admin:entrepreneurs_referral_decline", args=[referral.pk])

    missing = staff_client.post(url, {"decline_reason": ""})
    staff_client.post(url, {"decline_reason": "Déjà suivie ailleurs"})

    assert "Indiquez le motif du refus." in missing.content.decode()
    referral.refresh_from_db()
    assert referral.status == Referral.Status.DECLINED


def test_board_member_cannot_decide(board_client):
    referral = ReferralFactory()

    board_client.post(reverse("admin:entrepreneurs_referral_accept", args=[referral.pk]))

    assert not Entrepreneur.objects.exists()


def test_decisions_are_audit_logged_without_the_details_sent(staff_user):
    referral = ReferralFactory(first_name="Fatou", contact="fatou@example.org")
    accept_referral(referral, staff_user)

    entries = LogEntry.objects.get_for_object(referral)
    assert entries.filter(action=LogEntry.Action.UPDATE).exists()
    for entry in entries:
        text = str(entry.changes) + entry.object_repr
        assert "Fatou" not in text and "fatou@example.org" not in text


def test_the_link_token_is_never_in_the_audit_log(link):
    link.rotate()

    for entry in LogEntry.objects.filter(object_repr=str(link.organisation)):
        assert link.token not in str(entry.changes)


def test_rotate_and_revoke_actions_on_the_organisation(staff_client, link):
    changelist = reverse("admin:governance_organisation_changelist")
    organisation = link.organisation

    staff_client.post(changelist, {"action": "rotate_links", "_selected_action": [organisation.pk]})
    active = ReferralLink.objects.active().get(organisation=organisation)
    page = staff_client.get(reverse("admin:governance_organisation_change", args=[organisation.pk]))
    staff_client.post(changelist, {"action": "revoke_links", "_selected_action": [organisation.pk]})

    assert active.token != link.token
    assert active.token in page.content.decode()  # shown to staff, to give the partner
    assert not ReferralLink.objects.active().exists()


def test_stale_pending_and_declined_referrals_are_purged(staff_user, settings):
    settings.REFERRAL_RETENTION_DAYS = 90
    with time_machine.travel(datetime.datetime(2021, 1, 1, 12, tzinfo=datetime.UTC)):
        old_pending = ReferralFactory()
        old_declined = ReferralFactory()
        decline_referral(old_declined, staff_user, "Hors territoire")
        accepted = ReferralFactory()
        accept_referral(accepted, staff_user)
    with time_machine.travel(datetime.datetime(2021, 3, 31, 12, tzinfo=datetime.UTC)):
        recent = ReferralFactory()
        assert purge_stale_referrals() == 0  # 89 days
    with time_machine.travel(datetime.datetime(2021, 4, 2, 12, tzinfo=datetime.UTC)):
        assert purge_stale_referrals() == 2

    assert set(Referral.objects.all()) == {accepted, recent}
    assert not Referral.objects.filter(pk__in=[old_pending.pk, old_declined.pk]).exists()


def test_apply_retention_purges_stale_referrals(capsys):
    with time_machine.travel(datetime.datetime(2020, 1, 1, 12, tzinfo=datetime.UTC)):
        ReferralFactory()

    call_command("apply_retention")

    assert not Referral.objects.exists()
    assert "1 orientation(s) supprimée(s)." in capsys.readouterr().out


@pytest.mark.parametrize("referrals", [1, 5])
def test_referral_changelist_query_count(staff_client, django_assert_num_queries, referrals):
    ReferralFactory.create_batch(referrals)
    # Session, user, the user's and group permissions, the organisation filter's choices,
    # the count (filtered and total), the page of referrals with their organisation, the
    # date hierarchy's first and last day, its distinct days.
    with django_assert_num_queries(10):
        response = staff_client.get(reverse("admin:entrepreneurs_referral_changelist"))
    assert response.status_code == 200


@pytest.mark.parametrize("links", [1, 5])
def test_referral_link_changelist_query_count(staff_client, django_assert_num_queries, links):
    for link in ReferralLinkFactory.create_batch(links):
        link.rotate()
    # Session, user, the user's and group permissions, the count (filtered and total), the
    # page of links with their organisation.
    with django_assert_num_queries(7):
        response = staff_client.get(reverse("admin:entrepreneurs_referrallink_changelist"))
    assert response.status_code == 200


def test_a_new_organisation_is_added_without_a_link_form(staff_client):
    response = staff_client.post(
        reverse("admin:governance_organisation_add"),
        {
            "name": "Secours catholique",
            "kind": "association",
            "partnerships-TOTAL_FORMS": "0",
            "partnerships-INITIAL_FORMS": "0",
        },
    )

    assert response.status_code == 302
    assert not ReferralLink.objects.filter(organisation__name="Secours catholique").exists()
    assert Organisation.objects.filter(name="Secours catholique").exists()


def test_a_malformed_content_length_is_refused_not_a_server_error(client, link):
    response = client.post(form_url(link), valid_post(), CONTENT_LENGTH="abc")
    assert response.status_code == 413
