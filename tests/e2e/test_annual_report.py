"""The 2020 activity report in a real browser: staff write, preview and publish it; the
board reads the dashboard and downloads the PDF, and nothing personal."""

import io
import re
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect
from pypdf import PdfReader

from entrepreneurs.models import Entrepreneur
from reports.models import ReportEdition
from tests.e2e.browser import log_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

HEADING = "Une année de confection partagée"
FIRST_BODY = "La coopérative textile a démarré en septembre."
EDITED_BODY = "La coopérative textile a démarré en septembre, après six mois de report."


# (number, label) as printed in the report; demo/README.md lists the 2020 figures.
FIGURES_2020 = [
    ("36", "entrepreneur·es rencontré·es"),
    ("92 %", "de femmes"),
    ("30", "nouvelles personnes accompagnées"),
    ("28", "entretiens individuels"),
    ("9", "coopérateur·rices engagé·es"),
    ("15", "ateliers et journées de formation en présentiel"),
    ("6", "réunions du conseil d'administration"),
]


def has_figure(text: str, number: str, label: str) -> bool:
    # Text extraction may or may not keep the space between a big number and its label.
    pattern = r"(?<!\d)" + re.escape(number).replace(r"\ ", r"\s?") + r"\s?" + re.escape(label)
    return re.search(pattern, text) is not None


def pdf_text(path: str) -> str:
    """The PDF's text with whitespace squeezed (line breaks fall anywhere)."""
    reader = PdfReader(io.BytesIO(Path(path).read_bytes()))
    return re.sub(r"\s+", " ", " ".join(page.extract_text() for page in reader.pages))


def test_staff_writes_previews_and_publishes_the_2020_report(
    page: Page, live_server, staff_user, demo_data, snap
):
    base = live_server.url
    log_in(page, base, staff_user.email)

    # A new 2020 edition with one narrative section (the inline is added by the admin's JS).
    page.goto(f"{base}/admin/reports/reportedition/add/")
    page.fill("#id_year", "2020")
    page.fill("#id_introduction", "L'année de la **première coopérative éphémère**.")
    page.locator("#sections-group .add-row a").click()
    page.select_option("#id_sections-0-chapter", "cooperatives")
    page.fill("#id_sections-0-heading", HEADING)
    page.fill("#id_sections-0-body", FIRST_BODY)
    snap(page, "10-staff-report-edition-add")
    page.locator("input[name=_continue]").click()
    expect(page.locator(".messagelist")).to_contain_text("ajouté")
    edition = ReportEdition.objects.get(year=2020)

    # Edited once more, then previewed with the year's live figures.
    page.fill("#id_sections-0-body", EDITED_BODY)
    page.locator("input[name=_continue]").click()
    expect(page.locator(".messagelist")).to_contain_text("modifié")
    expect(page.locator("#id_sections-0-body")).to_have_value(EDITED_BODY)
    page.get_by_role("link", name="Page", exact=True).click()
    expect(page).to_have_url(f"{base}/admin/reports/reportedition/{edition.pk}/preview/")
    expect(page.get_by_text(HEADING).first).to_be_visible()
    expect(page.get_by_text(EDITED_BODY)).to_be_visible()
    expect(page.locator("body")).to_contain_text("Provisoire")
    snap(page, "11-staff-report-preview")

    # « Publier », the changelist action: figures frozen, PDF stored.
    page.goto(f"{base}/admin/reports/reportedition/")
    page.locator(f"input[name=_selected_action][value='{edition.pk}']").check()
    page.select_option("select[name=action]", "publish")
    page.locator("button[name=index]").click()
    expect(page.locator(".messagelist")).to_contain_text("publiée")
    snap(page, "12-staff-report-published")
    edition.refresh_from_db()
    assert edition.is_published
    assert edition.figures["entrepreneurs_met"] == 36

    # The published PDF, from the (now read-only) edition page.
    page.goto(f"{base}/admin/reports/reportedition/{edition.pk}/change/")
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Télécharger").click()
    download = download_info.value
    assert download.suggested_filename == "rapport-activite-2020.pdf"
    text = pdf_text(download.path())
    assert HEADING in text
    assert EDITED_BODY in text
    # The demo's 2020 figures (demo/README.md), each next to its label.
    for figure in FIGURES_2020:
        assert has_figure(text, *figure), figure


def test_board_member_reads_the_dashboard_and_pdf_but_no_record(
    page: Page, live_server, board_user, demo_data, snap
):
    base = live_server.url
    log_in(page, base, board_user.email, snap)

    # Lands on the last year holding records, with its key figures and charts.
    expect(page).to_have_url(f"{base}/dashboard/2020/")
    expect(page.locator("h1")).to_have_text("Tableau de bord 2020")
    expect(page.locator("#dash-figures + *")).to_contain_text("36")
    charts = page.locator(".chart-card .chart-svg svg")
    assert charts.count() >= 3
    expect(charts.first).to_be_visible()
    snap(page, "20-board-dashboard-2020")

    page.locator(".year-nav").get_by_role("link", name="2019").click()
    expect(page).to_have_url(f"{base}/dashboard/2019/")
    expect(page.locator("h1")).to_have_text("Tableau de bord 2019")
    expect(page.locator(".year-nav a[aria-current=page]")).to_have_text("2019")
    snap(page, "21-board-dashboard-2019")

    page.locator(".year-nav").get_by_role("link", name="2020").click()
    page.get_by_role("link", name="Lire le rapport 2020 en ligne").click()
    expect(page).to_have_url(f"{base}/reports/2020/")
    expect(page.locator("body")).to_contain_text("entrepreneur·es rencontré·es")
    snap(page, "23-board-report-2020")
    page.go_back()
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Télécharger le rapport 2020 (PDF)").click()
    download = download_info.value
    assert download.suggested_filename == "rapport-activite-2020.pdf"
    text = pdf_text(download.path())
    assert "RAPPORT D'ACTIVITÉ 2020" in text
    assert has_figure(text, *FIGURES_2020[0])

    # Every admin page and every person's page is refused, and shows nobody.
    person = Entrepreneur.objects.get(reference="ENT-0001")
    for path in (
        "/admin/",
        f"/admin/entrepreneurs/entrepreneur/{person.pk}/change/",
        f"/personal-data/{person.pk}/",
    ):
        response = page.goto(f"{base}{path}")
        assert response.status == 403, path
        expect(page.locator("body")).not_to_contain_text(person.last_name)
    snap(page, "24-board-refused-entrepreneur")
