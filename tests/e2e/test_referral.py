"""A partner organisation refers someone through its secret link, in a real browser, and a
staff member accepts the referral: the entrepreneur and a first contact are created."""

import pytest
from playwright.sync_api import Page, expect

from entrepreneurs.models import Encounter, Referral
from tests.e2e.browser import log_in
from tests.entrepreneurs.factories import ReferralLinkFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_partner_refers_someone_and_staff_accept(page: Page, live_server, staff_user, snap):
    base = live_server.url
    link = ReferralLinkFactory(organisation__name="Secours populaire")

    # The partner, not logged in, on the public form of its link.
    page.goto(f"{base}{link.get_absolute_url()}")
    expect(
        page.get_by_role("heading", name="Orienter une personne vers Meltingcoop")
    ).to_be_visible()
    expect(page.locator(".privacy-notice")).to_contain_text("Protection des données personnelles")
    expect(page.locator(".honeypot input")).not_to_be_in_viewport()
    page.get_by_label("Prénom").fill("Fatou")
    page.get_by_label("Comment la joindre").fill("06 12 34 56 78")
    page.get_by_label("Langue(s) parlée(s)").fill("wolof, français")
    page.get_by_label("Projet en quelques mots").fill("Couture et retouches à domicile")
    page.get_by_label("Nom de la personne qui oriente").fill("Claire Martin")
    page.get_by_label("Contact de la personne qui oriente").fill("claire@example.org")
    snap(page, "30-referral-form")
    # Without the person's consent, nothing is sent.
    page.get_by_role("button", name="Envoyer").click()
    expect(page.locator(".errorlist")).to_contain_text("Sans l'accord de la personne")
    assert not Referral.objects.exists()
    page.get_by_label("La personne a donné son accord").check()
    page.get_by_role("button", name="Envoyer").click()
    expect(page.get_by_role("heading", name="Merci, l'orientation est envoyée")).to_be_visible()
    snap(page, "31-referral-sent")
    referral = Referral.objects.get()
    assert referral.status == Referral.Status.PENDING

    # A staff member accepts it from the admin.
    page.context.clear_cookies()
    log_in(page, base, staff_user.email)
    page.goto(f"{base}/admin/entrepreneurs/referral/")
    page.get_by_role("link", name=str(referral)).click()
    page.get_by_role("link", name="Accepter").click()
    expect(page.locator("#content")).to_contain_text("Couture et retouches à domicile")
    snap(page, "32-referral-accept")
    page.get_by_role("button", name="Accepter et créer la fiche").click()
    expect(page.locator(".messagelist")).to_contain_text("Orientation acceptée")
    snap(page, "33-referral-accepted")

    referral.refresh_from_db()
    person = referral.entrepreneur
    assert referral.status == Referral.Status.ACCEPTED
    assert (person.first_name, person.phone, person.referred_by.name) == (
        "Fatou",
        "06 12 34 56 78",
        "Secours populaire",
    )
    encounter = Encounter.objects.get(entrepreneur=person)
    assert (encounter.kind, encounter.staff_member) == ("first_contact", staff_user)
    expect(page.locator("#id_first_name")).to_have_value("Fatou")
