"""Every main page as a new user meets it (issue 18): axe-core finds no serious or critical
violation, no changelist scrolls sideways at 1366 px, the charts stay readable at 390 px,
and no timezone warning greets staff. Screenshots go to test-artifacts/e2e/walkthrough/."""

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page, expect

from cooperatives.models import Cooperative
from entrepreneurs.models import Entrepreneur
from events.models import Event
from reports.models import ReportEdition
from tests.e2e.browser import log_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

LAPTOP = {"width": 1366, "height": 768}
PHONE = {"width": 390, "height": 844}

# Every changelist staff can open (statute rules are for superusers only).
CHANGELISTS = [
    "entrepreneurs/entrepreneur",
    "entrepreneurs/encounter",
    "entrepreneurs/referral",
    "entrepreneurs/referrallink",
    "events/event",
    "events/session",
    "events/attendance",
    "events/trainer",
    "events/sale",
    "cooperatives/cooperative",
    "cooperatives/membership",
    "cooperatives/programme",
    "cooperatives/outcome",
    "governance/meeting",
    "governance/meetingattendance",
    "governance/organisation",
    "governance/partnership",
    "governance/member",
    "governance/due",
    "governance/mandate",
    "governance/staffposition",
    "governance/contribution",
    "governance/dossier",
    "funding/grantagreement",
    "funding/instalment",
    "funding/reportdeadline",
    "reports/reportedition",
    "reports/funderreport",
    "auditlog/logentry",
]

_axe = Axe()


def serious_violations(page: Page) -> list[str]:
    """axe-core's serious and critical findings on the page, one line each."""
    results = _axe.run(page)
    found = []
    for violation in results.response["violations"]:
        if violation["impact"] in ("serious", "critical"):
            targets = [node["target"][0] for node in violation["nodes"]][:4]
            found.append(f"{violation['id']} ({violation['impact']}): {targets}")
    return found


def staff_pages(edition: ReportEdition) -> list[tuple[str, str]]:
    person = Entrepreneur.objects.get(reference="ENT-0001")
    event = Event.objects.filter(attendances__isnull=False).order_by("date").first()
    coop = Cooperative.objects.get(reference="COOP-001")
    return [
        ("admin-index", "/admin/"),
        *[(f"list-{name.replace('/', '-')}", f"/admin/{name}/") for name in CHANGELISTS],
        ("entrepreneur-change", f"/admin/entrepreneurs/entrepreneur/{person.pk}/change/"),
        ("entrepreneur-add", "/admin/entrepreneurs/entrepreneur/add/"),
        ("event-change", f"/admin/events/event/{event.pk}/change/"),
        ("cooperative-change", f"/admin/cooperatives/cooperative/{coop.pk}/change/"),
        ("edition-change", f"/admin/reports/reportedition/{edition.pk}/change/"),
        ("edition-preview", f"/admin/reports/reportedition/{edition.pk}/preview/"),
        ("export", "/admin/entrepreneurs/entrepreneur/export/"),
        ("import", "/admin/entrepreneurs/entrepreneur/import/"),
    ]


@pytest.fixture
def edition(demo_data) -> ReportEdition:
    return ReportEdition.objects.create(year=2020, title="Rapport d'activité 2020")


def test_no_serious_accessibility_violation_on_any_main_page(
    page: Page, live_server, staff_user, board_user, edition, snap, browser
):
    base = live_server.url
    page.set_viewport_size(LAPTOP)
    failures = {}
    page.goto(f"{base}/accounts/login/")
    snap(page, "walkthrough/login")
    failures["login"] = serious_violations(page)

    log_in(page, base, staff_user.email)
    for name, path in staff_pages(edition):
        page.goto(f"{base}{path}")
        snap(page, f"walkthrough/{name}")
        failures[name] = serious_violations(page)

    board = browser.new_page(locale="fr-FR", timezone_id="Europe/Paris", viewport=LAPTOP)
    log_in(board, base, board_user.email)
    for name, path in [("dashboard", "/dashboard/2020/"), ("report", "/reports/2020/")]:
        board.goto(f"{base}{path}")
        snap(board, f"walkthrough/{name}")
        failures[name] = serious_violations(board)
    board.close()

    failures = {name: found for name, found in failures.items() if found}
    assert not failures, "\n".join(
        f"{name}: {line}" for name, found in failures.items() for line in found
    )


def test_no_changelist_scrolls_sideways_at_1366_px(
    page: Page, live_server, staff_user, edition, snap
):
    base = live_server.url
    page.set_viewport_size(LAPTOP)
    log_in(page, base, staff_user.email)
    overflowing = {}
    for name in CHANGELISTS:
        response = page.goto(f"{base}/admin/{name}/")
        assert response is not None and response.ok, (name, response and response.status)
        snap(page, f"walkthrough/1366-{name.replace('/', '-')}")
        # An empty list has no results table, so nothing of its own to scroll: the page
        # itself is still checked.
        widths = page.evaluate(
            """() => {
                const root = document.documentElement;
                const box = document.querySelector('#changelist .results') || root;
                return [box.scrollWidth, box.clientWidth, root.scrollWidth, root.clientWidth];
            }"""
        )
        scroll, client, page_scroll, page_client = widths
        if scroll > client or page_scroll > page_client:
            overflowing[name] = widths
    assert overflowing == {}


def test_long_event_titles_are_cut_with_the_full_title_on_hover(
    page: Page, live_server, staff_user, demo_data
):
    long_title = "Atelier " + "de couture et de retouche pour les coopératrices " * 3  # < 200
    Event.objects.filter(pk=Event.objects.order_by("-date").first().pk).update(title=long_title)
    base = live_server.url
    page.set_viewport_size(LAPTOP)
    log_in(page, base, staff_user.email)
    page.goto(f"{base}/admin/events/event/")
    cell = page.locator(f'#result_list [title="{long_title}"]')
    expect(cell).to_have_count(1)
    height = cell.evaluate("node => node.getBoundingClientRect().height")
    assert height < 30  # one line, not five


def test_dashboard_chart_labels_stay_readable_on_a_phone(
    browser, live_server, board_user, staff_user, demo_data, snap
):
    base = live_server.url
    # The board's dashboard, and staff's (with the funders' deadlines besides).
    for role, user in [("board", board_user), ("staff", staff_user)]:
        for viewport in (PHONE, LAPTOP):
            page = browser.new_page(locale="fr-FR", timezone_id="Europe/Paris", viewport=viewport)
            log_in(page, base, user.email)
            page.goto(f"{base}/dashboard/2020/")
            suffix = "" if role == "board" else "-staff"
            snap(page, f"walkthrough/{viewport['width']}-dashboard{suffix}")
            # Rendered size = the label's font size (SVG units) x the SVG's scale on screen.
            sizes = page.evaluate(
                """() => [...document.querySelectorAll('.chart-svg svg text')].map(t => {
                      const svg = t.ownerSVGElement;
                      const scale = svg.getBoundingClientRect().width / svg.viewBox.baseVal.width;
                      return parseFloat(getComputedStyle(t).fontSize) * scale;
                   })"""
            )
            assert sizes, "no chart label rendered"
            assert min(sizes) >= 11, (role, viewport, sorted(sizes)[:5])
            # Charts and tables scroll inside their cards; the page itself never sideways.
            widths = page.evaluate(
                """() => [document.documentElement.scrollWidth,
                          document.documentElement.clientWidth]"""
            )
            assert widths[0] <= widths[1], (role, viewport, widths)
            page.close()


def test_staff_sees_no_timezone_warning_on_a_date_form(
    page: Page, live_server, staff_user, browser
):
    base = live_server.url
    # A member of staff travelling, or a laptop left on another time zone.
    away = browser.new_page(locale="fr-FR", timezone_id="America/Montreal")
    log_in(away, base, staff_user.email)
    away.goto(f"{base}/admin/governance/meeting/add/")
    expect(away.locator("#id_date")).to_be_visible()
    expect(away.locator(".timezonewarning")).to_have_count(0)
    expect(away.locator("body")).not_to_contain_text("heure du serveur")
    away.close()
