"""The register in a real browser: staff record an AG's attendance with a proxy in the
admin, then a board member reads its minutes in the board area."""

import datetime

import pytest
from playwright.sync_api import Page, expect

from governance.models import Meeting, StatuteRule
from tests.e2e.browser import log_in
from tests.governance.factories import AgendaItemFactory, DecisionFactory, DueFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def statute_rules(db):
    """The data migration's default rules (a transactional test's flush removes them)."""
    StatuteRule.objects.get_or_create(
        kind=Meeting.Kind.GENERAL_ASSEMBLY,
        defaults={
            "electorate": "members_up_to_date",
            "quorum_numerator": 1,
            "quorum_denominator": 4,
        },
    )


def pick_member(page: Page, row: int, field: str, name: str) -> None:
    """Choose a member (one of the meeting's voters) in attendance row `row`."""
    page.select_option(f"#id_attendances-{row}-{field}", label=name)


def add_row(page: Page, row: int, member: str, status: str, holder: str = "") -> None:
    page.locator("#attendances-group .add-row a").click()
    pick_member(page, row, "member", member)
    page.select_option(f"#id_attendances-{row}-status", status)
    if holder:
        pick_member(page, row, "proxy_holder", holder)


def test_staff_record_a_proxy_and_the_board_reads_the_minutes(
    page: Page, live_server, staff_user, board_user, snap
):
    base = live_server.url
    helene, mamadou, claire = (
        DueFactory(year=2020, member__first_name=first, member__last_name=last).member
        for first, last in (("Hélène", "Garnier"), ("Mamadou", "Cissé"), ("Claire", "Dubois"))
    )
    meeting = Meeting.objects.create(
        kind=Meeting.Kind.GENERAL_ASSEMBLY,
        date=datetime.date(2020, 7, 7),
        title="Assemblée générale 2020",
    )
    item = AgendaItemFactory(meeting=meeting, position=1, title="Comptes 2019")
    DecisionFactory(
        meeting=meeting,
        agenda_item=item,
        text="Approbation des comptes 2019",
        votes_for=2,
        votes_against=0,
        abstentions=0,
    )

    log_in(page, base, staff_user.email)
    page.goto(f"{base}/admin/governance/meeting/{meeting.pk}/change/")
    add_row(page, 0, "Hélène Garnier", "present")
    add_row(page, 1, "Mamadou Cissé", "represented", holder="Hélène Garnier")
    add_row(page, 2, "Claire Dubois", "excused")
    snap(page, "register-01-staff-attendance")
    page.locator("input[name=_save]").click()
    expect(page.locator(".messagelist")).to_contain_text("Assemblée générale 2020")
    attendance = {a.member: (a.status, a.proxy_holder) for a in meeting.attendances.all()}
    assert attendance == {
        helene: ("present", None),
        mamadou: ("represented", helene),
        claire: ("excused", None),
    }

    page.context.clear_cookies()
    log_in(page, base, board_user.email)
    page.goto(f"{base}/board/")
    page.get_by_role("link", name="Assemblée générale 2020").click()
    main = page.locator("main")
    expect(main).to_contain_text("3 votant·es, 1 présent·e, 1 représenté·e ; quorum requis : 1.")
    expect(page.locator("main")).to_contain_text("Quorum atteint")
    expect(page.locator("main")).to_contain_text("Mamadou Cissé — représenté·e par Hélène Garnier")
    expect(page.locator("main")).to_contain_text("adoptée")
    snap(page, "register-02-board-meeting")
    minutes = page.request.get(f"{base}/board/meetings/{meeting.reference}/minutes.pdf")
    assert minutes.status == 200
    assert minutes.headers["content-type"] == "application/pdf"
    assert minutes.body().startswith(b"%PDF-")
