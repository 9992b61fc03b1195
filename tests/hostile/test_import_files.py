"""Imports, admin upload and load_csv: a bad file or row is named, nothing saved."""

import io

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from entrepreneurs.models import Encounter, Entrepreneur
from tests.entrepreneurs.factories import EntrepreneurFactory
from tests.hostile.inputs import (
    LONG,
    RTL,
    SQL,
    ZERO_WIDTH,
    admin_preview,
    png,
)
from tests.imports.workbooks import xlsx as lying_xlsx

pytestmark = pytest.mark.django_db

# --- Imports: admin upload and load_csv ------------------------------------------------------

CSV_HEAD = "reference;first_name;birth_year\n"


IMPORT_CASES = {
    "nul-byte": ((CSV_HEAD + "ENT-0001;Awa\x00;1980\n").encode(), "caractère nul"),
    "binary-garbage": (png(), "UTF-8"),
    "oversized": ((CSV_HEAD + "ENT-0001;Awa;1980\n" * 300_000).encode(), "trop volumineux"),
    "overlong-cell": ((CSV_HEAD + f"ENT-0001;{LONG};1980\n").encode(), "first_name"),
    "html-header": (
        b"reference;<script>x</script>\nENT-0001;Awa\n",
        "&lt;script&gt;x&lt;/script&gt; : colonne(s) inconnue(s)",
    ),
    "extra-cells": (
        (CSV_HEAD + f"ENT-0001;{SQL};1980\n").encode(),
        "entrepreneurs.csv:2: plus de cellules",
    ),
    "year-overflow": ((CSV_HEAD + "ENT-0001;Awa;99999999999999999999\n").encode(), "birth_year"),
    "unclosed-quote": (
        (CSV_HEAD + 'ENT-0001;"Awa;1980\nENT-0002;Bea;1981\n').encode(),
        "entrepreneurs.csv:2: guillemet ouvert à la ligne 2",
    ),
    "overlong-quoted-cell": (
        (CSV_HEAD + 'ENT-0001;"' + "x" * 200_000 + '";1980\n').encode(),
        "cellule de plus de",
    ),
    "year-underscore": ((CSV_HEAD + "ENT-0001;Awa;1_990\n").encode(), "« 1_990 »"),
    "year-arabic-digits": ((CSV_HEAD + "ENT-0001;Awa;١٩٩٠\n").encode(), "n&#x27;est pas un nombre"),
}


@pytest.mark.parametrize("case", IMPORT_CASES)
def test_admin_import_refuses_a_bad_file_with_a_clear_message(staff_client, case):
    content, message = IMPORT_CASES[case]

    response = admin_preview(staff_client, content)

    assert response.status_code == 200
    assert message in response.content.decode()
    assert Entrepreneur.objects.count() == 0


@pytest.mark.parametrize(
    ("row", "message"),
    [
        ("ENT-0001,31/02/2020,Suivi", "2: date"),
        ("ENT-0001,99999-01-01,Suivi", "2: date"),
        ("ENT-0001,2020-01-02,Suivi\x00", "2: kind: caractère nul"),
        ('ENT-0001,2020-01-02,=HYPERLINK("http://evil")', "2: kind"),
        ("-1,2020-01-02,Suivi", "2: entrepreneur"),
        (f"{SQL},2020-01-02,Suivi", "2: entrepreneur"),
    ],
    ids=["feb-31", "year-99999", "nul", "formula-as-choice", "negative-ref", "sql-ref"],
)
def test_load_csv_refuses_a_bad_row_naming_it_and_saves_nothing(tmp_path, row, message):
    EntrepreneurFactory(reference="ENT-0001")
    (tmp_path / "encounters.csv").write_text(f"entrepreneur,date,kind\n{row}\n", encoding="utf-8")
    err = io.StringIO()

    with pytest.raises(CommandError, match="rien n'a été enregistré"):
        call_command("load_csv", str(tmp_path), stdout=io.StringIO(), stderr=err)

    assert f"encounters.csv:{message}" in err.getvalue()
    assert "Traceback" not in err.getvalue()
    assert Encounter.objects.count() == 0


def test_load_csv_stores_unicode_edge_cases_as_typed(tmp_path):
    rows = f"ENT-0001;{RTL};1980\nENT-0002;{ZERO_WIDTH};1981\n"
    (tmp_path / "entrepreneurs.csv").write_text(CSV_HEAD + rows, encoding="utf-8")

    call_command("load_csv", str(tmp_path), stdout=io.StringIO(), stderr=io.StringIO())

    assert Entrepreneur.objects.get(reference="ENT-0001").first_name == RTL
    assert Entrepreneur.objects.get(reference="ENT-0002").first_name == ZERO_WIDTH


def test_admin_import_of_an_xlsx_lying_about_its_size_previews_every_row(staff_client):
    rows = [["reference", "first_name", "birth_year"]] + [
        [f"ENT-000{n}", f"P{n}", 1980 + n] for n in range(1, 6)
    ]
    content = lying_xlsx(rows, declared="A1:C2")

    response = admin_preview(staff_client, content, name="personnes.xlsx", fmt="1")

    assert response.context["result"].totals["new"] == 5
    assert Entrepreneur.objects.count() == 0


@pytest.mark.parametrize(
    "name",
    ["0" * 32, "../../../etc/passwd", "x" * 1000, "a\x00b", "' OR 1=1 --", "", "%00"],
    ids=repr,
)
def test_confirming_a_forged_upload_name_saves_nothing_and_never_fails(staff_client, name):
    data = {"import_file_name": name, "original_file_name": "p.csv", "format": "0", "resource": "0"}

    response = staff_client.post(
        reverse("admin:entrepreneurs_entrepreneur_process_import"), data, follow=True
    )

    assert response.status_code in (200, 400)
    assert Entrepreneur.objects.count() == 0
