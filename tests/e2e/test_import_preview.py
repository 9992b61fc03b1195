"""A staff member previews an import in a real browser: the values of each row, the cell
an update changes, the error beside its cell, at a laptop's width."""

import pytest
from playwright.sync_api import Page, expect

from entrepreneurs.models import Entrepreneur
from tests.e2e.browser import import_file, log_in
from tests.entrepreneurs.factories import EntrepreneurFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

# French titles as headers. Line 2 updates Awa's first name, line 3 is a new person,
# line 4 has a birth year that is not a number.
FILE = (
    "Référence;Prénom;Nom;Genre;Année de naissance;Pays d'origine\n"
    "ENT-0201;Awa-Marie;Diop;Femme;1979;Sénégal\n"
    "ENT-0202;Olga;Smirnova;Femme;1976;Ukraine\n"
    "ENT-0203;Grace;Nakato;Femme;mille neuf cent;Ouganda\n"
)


def test_staff_sees_the_values_the_changed_cell_and_the_error_of_each_row(
    page: Page, live_server, staff_user, snap, tmp_path
):
    EntrepreneurFactory(
        reference="ENT-0201",
        first_name="Awa",
        last_name="Diop",
        gender="female",
        birth_year=1979,
        country_of_origin="SN",
    )
    path = tmp_path / "entrepreneurs.csv"
    path.write_text(FILE, encoding="utf-8")
    page.set_viewport_size({"width": 1366, "height": 900})
    log_in(page, live_server.url, staff_user.email)

    page.goto(f"{live_server.url}/admin/entrepreneurs/entrepreneur/import/")
    columns = page.locator(".spreadsheet-columns")
    expect(columns).to_contain_text("Pays d'origine")
    expect(columns).to_contain_text("country_of_origin")
    import_file(page, live_server.url, "entrepreneurs/entrepreneur", path)

    expect(page.locator(".preview-counts")).to_contain_text(
        "3 lignes\u00a0: 1 nouvelle, 1 modifiée, 1 en erreur."
    )
    rows = page.locator("table.import-preview tbody tr")
    expect(rows).to_have_count(3)
    update, new, refused = rows.nth(0), rows.nth(1), rows.nth(2)
    expect(update.locator("td.kind")).to_have_text("Modifiée")
    changed = update.locator("td.changed")
    expect(changed).to_have_count(1)
    expect(changed.locator(".value")).to_have_text("Awa-Marie")
    expect(changed.locator(".old-value")).to_contain_text("Awa")
    expect(changed).to_have_attribute("title", "Avant\u00a0: Awa")
    expect(new.locator("td.kind")).to_have_text("Nouvelle")
    expect(new).to_contain_text("Smirnova")
    expect(new).to_contain_text("Ukraine")
    expect(refused.locator("th.line")).to_have_text("4")
    error_cell = refused.locator("td.cell-error")
    expect(error_cell).to_have_count(1)
    expect(error_cell.locator(".value")).to_have_text("mille neuf cent")
    expect(error_cell.locator(".errorlist")).to_contain_text(
        "« mille neuf cent » n'est pas un nombre entier."
    )
    expect(error_cell).to_be_visible()
    expect(page.locator("input[name=confirm]")).to_have_count(0)
    snap(page, "import-preview-with-errors")
    assert Entrepreneur.objects.get().first_name == "Awa"
