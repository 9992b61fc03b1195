"""A staff member keeps the records in a real browser: admin forms, CSV import and export."""

from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from entrepreneurs.models import Encounter, Entrepreneur
from governance.models import Organisation
from tests.e2e.browser import confirm_import, import_file, log_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

ORGANISATIONS = "name;kind\nReveil;association\nCAE Clara;cooperative\n"
ENTREPRENEURS_HEADER = "reference;first_name;last_name;gender;birth_year;referred_by\n"
ENTREPRENEURS_OK = "ENT-0101;Awa;Diop;female;1979;Reveil\nENT-0102;Olga;Smirnova;female;1976;\n"
# Line 4: a birth year that is not a number.
ENTREPRENEURS_BAD_LINE = "ENT-0103;Grace;Nakato;female;mille neuf cent;CAE Clara\n"
ENTREPRENEURS_FIXED_LINE = "ENT-0103;Grace;Nakato;female;1991;CAE Clara\n"
ENCOUNTERS = (
    "entrepreneur;date;kind;notes\n"
    "ENT-0101;2020-02-03;first_contact;\n"
    "ENT-0102;2020-02-10;individual_interview;\n"
    "ENT-0103;2020-03-02;orientation;\n"
)


def test_staff_creates_imports_and_exports_entrepreneurs(
    page: Page, live_server, staff_user, snap, tmp_path
):
    base = live_server.url
    log_in(page, base, staff_user.email)
    expect(page).to_have_url(f"{base}/admin/")
    snap(page, "01-staff-admin-index")

    # An entrepreneur and her first encounter, in one form (encounter inline).
    page.goto(f"{base}/admin/entrepreneurs/entrepreneur/add/")
    page.fill("#id_first_name", "Fatima")
    page.fill("#id_last_name", "Benali")
    page.select_option("#id_gender", "female")
    page.fill("#id_birth_year", "1985")
    page.fill("#id_encounters-0-date", "05/11/2020")
    page.select_option("#id_encounters-0-kind", "first_contact")
    snap(page, "02-staff-entrepreneur-add")
    page.locator("input[name=_save]").click()
    expect(page.locator(".messagelist")).to_contain_text("Fatima")
    created = Entrepreneur.objects.get(first_name="Fatima", last_name="Benali")
    encounter = created.encounters.get()
    assert (encounter.date.isoformat(), encounter.kind) == ("2020-11-05", "first_contact")
    assert encounter.staff_member == staff_user  # pre-selected: the person filling the form

    # A folder of spreadsheets, one list at a time: organisations, entrepreneurs, encounters.
    folder = tmp_path / "tableurs"
    folder.mkdir()
    (folder / "organisations.csv").write_text(ORGANISATIONS, encoding="utf-8")
    entrepreneurs = folder / "entrepreneurs.csv"
    entrepreneurs.write_text(
        ENTREPRENEURS_HEADER + ENTREPRENEURS_OK + ENTREPRENEURS_BAD_LINE, encoding="utf-8"
    )
    (folder / "encounters.csv").write_text(ENCOUNTERS, encoding="utf-8")

    import_file(page, base, "governance/organisation", folder / "organisations.csv")
    expect(page.locator("input[name=confirm]")).to_be_visible()
    snap(page, "03-staff-import-organisations-preview")
    confirm_import(page, base, "governance/organisation")
    assert set(Organisation.objects.values_list("name", flat=True)) == {"Reveil", "CAE Clara"}

    # The refused row is named by its line and column; nothing is saved.
    import_file(page, base, "entrepreneurs/entrepreneur", entrepreneurs)
    errors = page.locator("table.import-preview")
    expect(errors).to_contain_text("birth_year")
    # Every row is shown; the refused one with its error beside the cell.
    expect(errors.locator("tbody tr")).to_have_count(3)
    refused = errors.locator("tbody tr.row-error")
    expect(refused).to_have_count(1)
    expect(refused.locator("th.line")).to_have_text("4")
    expect(refused.locator("td.cell-error")).to_contain_text("n'est pas un nombre entier")
    expect(page.locator("input[name=confirm]")).to_have_count(0)
    snap(page, "04-staff-import-refused-row")
    assert Entrepreneur.objects.count() == 1

    # Fixed in the file, uploaded again from the same page, previewed, confirmed.
    entrepreneurs.write_text(
        ENTREPRENEURS_HEADER + ENTREPRENEURS_OK + ENTREPRENEURS_FIXED_LINE, encoding="utf-8"
    )
    import_file(page, base, "entrepreneurs/entrepreneur", entrepreneurs)
    expect(page.locator("input[name=confirm]")).to_be_visible()
    # The preview lists what confirming will do: three new rows.
    expect(page.locator("table.import-preview tbody tr")).to_have_count(3)
    expect(page.locator("table.import-preview tbody")).to_contain_text("Nouvelle")
    snap(page, "05-staff-import-preview")
    confirm_import(page, base, "entrepreneurs/entrepreneur")
    snap(page, "06-staff-entrepreneur-list")
    grace = Entrepreneur.objects.get(reference="ENT-0103")
    assert (grace.birth_year, grace.referred_by.name) == (1991, "CAE Clara")

    import_file(page, base, "entrepreneurs/encounter", folder / "encounters.csv")
    confirm_import(page, base, "entrepreneurs/encounter")
    assert Encounter.objects.filter(entrepreneur__reference__startswith="ENT-01").count() == 3

    # The list goes out as a CSV file holding the records just created and imported.
    page.goto(f"{base}/admin/entrepreneurs/entrepreneur/export/")
    page.select_option("select[name=format]", label="csv")
    snap(page, "07-staff-export")
    with page.expect_download() as download_info:
        page.locator("form input[type=submit]").click()
    download = download_info.value
    assert download.suggested_filename.endswith(".csv")
    text = Path(download.path()).read_text(encoding="utf-8-sig")
    lines = text.splitlines()
    # The French titles as headers; they import back as the codes do.
    assert lines[0].startswith("Référence;Prénom;Nom;Genre;Année de naissance")
    assert len(lines) == 1 + 4
    # Choices are written as the French labels staff read in the admin (and can re-import).
    assert "ENT-0103;Grace;Nakato;Femme;1991" in text
    assert any(line.split(";")[1:3] == ["Fatima", "Benali"] for line in lines[1:])
