"""A staff member takes a session's roll call on a phone (390 px) and prints the sheet."""

import datetime
import io
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect
from pypdf import PdfReader

from events.models import Attendance
from tests.cooperatives.factories import CooperativeFactory, MembershipFactory
from tests.e2e.browser import log_in
from tests.entrepreneurs.factories import EntrepreneurFactory
from tests.events.factories import EventFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}


def test_staff_take_a_roll_call_at_phone_width_and_download_the_sheet(
    page: Page, live_server, staff_user, snap
):
    coop = CooperativeFactory(name="Coopérative textile")
    people = [
        EntrepreneurFactory(first_name=first, last_name=last)
        for first, last in (("Awa", "Diop"), ("Olga", "Smirnova"), ("Grace", "Nakato"))
    ]
    for person in people:
        MembershipFactory(
            cooperative=coop, entrepreneur=person, joined_on=datetime.date(2020, 9, 1)
        )
    walk_in = EntrepreneurFactory(first_name="Fatou", last_name="Keïta")
    event = EventFactory(
        title="Formation : fixer ses prix", cooperative=coop, date=datetime.date(2020, 10, 5)
    )
    session = event.sessions.get()

    page.set_viewport_size(PHONE)
    log_in(page, live_server.url, staff_user.email)
    page.goto(f"{live_server.url}/admin/attendance/sessions/{session.pk}/roll-call/")
    page.get_by_role("button", name="Inscrire les membres de la coopérative").click()
    expect(page.locator(".messages")).to_contain_text("3 inscriptions ajoutées")

    # Someone who is not a member, found by search.
    page.get_by_label("Rechercher une personne").fill("keïta")
    page.get_by_role("button", name="Rechercher").click()
    page.get_by_role("button", name="Inscrire Fatou Keïta").click()

    for name, mark in (
        ("Diop Awa", "Présent·e"),
        ("Smirnova Olga", "Excusé·e"),
        ("Nakato Grace", "Absent·e"),
        ("Keïta Fatou", "Présent·e"),
    ):
        group = page.get_by_role("group", name=name)
        group.get_by_text(mark, exact=True).click()
        expect(group.get_by_label(mark, exact=True)).to_be_checked()
    # Nothing sticks out of a phone's screen.
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"]
    snap(page, "roll-call-390px")
    page.get_by_role("button", name="Enregistrer l'appel").click()
    expect(page.locator(".messages")).to_contain_text("Appel enregistré")

    statuses = dict(
        Attendance.objects.filter(session=session).values_list("entrepreneur__first_name", "status")
    )
    assert statuses == {
        "Awa": "attended",
        "Olga": "excused",
        "Grace": "absent",
        "Fatou": "attended",
    }
    assert walk_in.attendances.exists()

    with page.expect_download() as download_info:
        page.get_by_role("link", name="Feuille d'émargement (PDF)").click()
    download = download_info.value
    assert download.suggested_filename == "feuille-emargement-EVT-0001-2020-10-05.pdf".replace(
        "EVT-0001", event.reference
    )
    text = "\n".join(
        p.extract_text() for p in PdfReader(io.BytesIO(Path(download.path()).read_bytes())).pages
    )
    for person in [*people, walk_in]:
        assert person.last_name in text and person.first_name in text
