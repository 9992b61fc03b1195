"""The staff guide's steps (docs/guide-equipe.md) done in the browser, its screenshots
taken on the way: enter records, import a spreadsheet, prepare and publish the report;
then the board sees the published edition at once (no 5-minute cache).

`GUIDE_SCREENSHOTS=1 pytest -m e2e tests/e2e/test_staff_guide.py` writes the guide's
images to docs/img/; otherwise they go to test-artifacts/e2e/guide/ like any artefact.
"""

import os
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from playwright.sync_api import Page, expect

from entrepreneurs.models import Entrepreneur
from reports.models import ReportEdition
from tests.e2e.browser import confirm_import, import_file, log_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

LAPTOP = {"width": 1366, "height": 768}
ENTREPRENEURS = (
    "reference;first_name;last_name;gender;birth_year;country_of_origin\n"
    "ENT-0201;Aïssata;Touré;female;1984;Mali\n"
    "ENT-0202;Blessing;Okoro;female;1990;Nigéria\n"
)


@pytest.fixture
def shot():
    """Save a screenshot of the visible window for the guide."""
    if os.environ.get("GUIDE_SCREENSHOTS") == "1":
        folder = Path(django_settings.BASE_DIR) / "docs" / "img"
    else:
        folder = Path(django_settings.BASE_DIR) / "test-artifacts" / "e2e" / "guide"
    folder.mkdir(parents=True, exist_ok=True)

    def take(page: Page, name: str, full_page: bool = False) -> None:
        page.screenshot(path=str(folder / f"{name}.png"), full_page=full_page)

    return take


def test_staff_follows_the_guide_from_records_to_published_report(
    page: Page, live_server, staff_user, board_user, demo_data, shot, browser, tmp_path
):
    base = live_server.url
    page.set_viewport_size(LAPTOP)
    log_in(page, base, staff_user.email)
    expect(page.locator("#report-panel")).to_contain_text("Rapport et tableau de bord")
    shot(page, "guide-01-accueil")

    # 1. Enter records: an entrepreneur and her first encounter, in one form.
    page.goto(f"{base}/admin/entrepreneurs/entrepreneur/add/")
    page.fill("#id_first_name", "Mariama")
    page.fill("#id_last_name", "Camara")
    page.select_option("#id_gender", "female")
    page.fill("#id_birth_year", "1988")
    page.fill("#id_encounters-0-date", "12/01/2021")
    page.select_option("#id_encounters-0-kind", "first_contact")
    shot(page, "guide-02-saisie-entrepreneure", full_page=True)
    page.locator("input[name=_save]").click()
    expect(page.locator(".messagelist")).to_contain_text("Mariama")
    shot(page, "guide-03-liste-entrepreneures")

    # 2. Import a spreadsheet: preview, then confirm (« Nigéria » is understood).
    sheet = tmp_path / "entrepreneurs.csv"
    sheet.write_text(ENTREPRENEURS, encoding="utf-8")
    page.goto(f"{base}/admin/entrepreneurs/entrepreneur/import/")
    shot(page, "guide-04-import")
    import_file(page, base, "entrepreneurs/entrepreneur", sheet)
    expect(page.locator("input[name=confirm]")).to_be_visible()
    shot(page, "guide-05-import-apercu")
    confirm_import(page, base, "entrepreneurs/entrepreneur")
    assert Entrepreneur.objects.get(reference="ENT-0202").country_of_origin.code == "NG"

    # 3. Prepare the 2020 report: an edition, one narrative section, the preview.
    page.goto(f"{base}/admin/reports/reportedition/add/")
    page.fill("#id_year", "2020")
    page.fill("#id_introduction", "L'année de la **première coopérative éphémère**.")
    page.locator("#sections-group .add-row a").click()
    page.select_option("#id_sections-0-chapter", "cooperatives")
    page.fill("#id_sections-0-heading", "Une année de confection partagée")
    page.fill("#id_sections-0-body", "La coopérative textile a démarré en septembre.")
    shot(page, "guide-06-edition", full_page=True)
    page.locator("input[name=_continue]").click()
    expect(page.locator(".messagelist")).to_contain_text("ajouté")
    # The demo brings its own draft 2020 edition: take the one just created (its page).
    edition = ReportEdition.objects.get(pk=page.url.rstrip("/").split("/")[-2])
    page.get_by_role("link", name="Page", exact=True).click()
    expect(page.locator("body")).to_contain_text("Provisoire")
    shot(page, "guide-07-apercu-rapport")

    # The board, meanwhile, has the dashboard open (and cached): the edition is a draft.
    board = browser.new_page(locale="fr-FR", timezone_id="Europe/Paris", viewport=LAPTOP)
    log_in(board, base, board_user.email)
    board.goto(f"{base}/dashboard/2020/")
    # Its own line (the demo's draft edition of 2020 is listed too).
    ours = board.locator(".life-reports li", has_text=f"version {edition.version}")
    expect(ours.locator(".status-draft")).to_have_count(1)

    # 4. Publish from the edition's page, after a confirmation.
    page.goto(f"{base}/admin/reports/reportedition/{edition.pk}/change/")
    page.get_by_role("link", name="Publier").click()
    expect(page).to_have_url(f"{base}/admin/reports/reportedition/{edition.pk}/publish/")
    shot(page, "guide-08-publier-confirmation")
    page.get_by_role("button", name="Oui, publier").click()
    expect(page.locator(".messagelist")).to_contain_text("Rapport 2020 publié")
    expect(page.get_by_role("link", name="Publier")).to_have_count(0)
    shot(page, "guide-09-publiee")
    edition.refresh_from_db()
    assert edition.is_published

    # The board's next look shows it published, with its PDF.
    board.reload()
    expect(ours.locator(".status-published")).to_have_count(1)
    shot(board, "guide-10-conseil-tableau-de-bord", full_page=True)
    board.close()
