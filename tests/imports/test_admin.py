"""The admin's import (with preview) and export buttons: who sees them, what they do."""

import csv
import io
import tempfile
from pathlib import Path

import openpyxl
import pytest
from django.conf import settings
from django.contrib.auth.models import Permission
from django.core.management import call_command
from django.urls import reverse

from entrepreneurs.models import Entrepreneur
from entrepreneurs.resources import EntrepreneurResource
from spreadsheets.models import PendingUpload
from tests.entrepreneurs.factories import EntrepreneurFactory
from tests.governance.factories import OrganisationFactory
from tests.imports.uploads import CSV, export, preview
from tests.personas import make_user

pytestmark = pytest.mark.django_db

MODELS = [
    "governance_organisation",
    "entrepreneurs_entrepreneur",
    "entrepreneurs_encounter",
    "cooperatives_cooperative",
    "cooperatives_membership",
    "events_event",
    "events_attendance",
    "governance_meeting",
]
# Text a spreadsheet would run as a formula. The admin's forms strip leading whitespace,
# so only the first four can be stored by staff and round-trip; all six must be escaped.
FORMULA_NAMES = ['=HYPERLINK("http://evil","x")', "+33 6 00", "-2+3", "@SUM(A1)"]
HOSTILE_NAMES = [*FORMULA_NAMES, "\tTab", "\rCR"]


def test_only_the_staff_role_holds_the_import_and_export_permissions(staff_user, board_user):
    assert staff_user.has_perm("spreadsheets.import_spreadsheets")
    assert staff_user.has_perm("spreadsheets.export_spreadsheets")
    assert not board_user.has_perm("spreadsheets.import_spreadsheets")
    assert not board_user.has_perm("spreadsheets.export_spreadsheets")


@pytest.mark.parametrize("model", MODELS)
def test_staff_sees_import_and_export_buttons(staff_client, model):
    response = staff_client.get(reverse(f"admin:{model}_changelist"))

    assert reverse(f"admin:{model}_import").encode() in response.content
    assert reverse(f"admin:{model}_export").encode() in response.content
    assert staff_client.get(reverse(f"admin:{model}_import")).status_code == 200


@pytest.mark.parametrize("model", MODELS)
def test_board_member_cannot_open_import_or_export(board_client, model):
    for action in ("import", "export", "process_import"):
        response = board_client.get(reverse(f"admin:{model}_{action}"))
        assert response.status_code in (302, 403)
        assert response.status_code == 403 or "/login" in response["Location"]


def test_view_only_staff_sees_no_button_and_is_refused(client, django_user_model):
    user = make_user(django_user_model, "viewer@example.org", is_staff=True)
    user.user_permissions.add(Permission.objects.get(codename="view_entrepreneur"))
    client.force_login(user)

    changelist = client.get(reverse("admin:entrepreneurs_entrepreneur_changelist"))

    assert changelist.status_code == 200
    assert reverse("admin:entrepreneurs_entrepreneur_import").encode() not in changelist.content
    assert reverse("admin:entrepreneurs_entrepreneur_export").encode() not in changelist.content
    assert client.get(reverse("admin:entrepreneurs_entrepreneur_import")).status_code == 403
    assert client.get(reverse("admin:entrepreneurs_entrepreneur_export")).status_code == 403


def test_import_preview_shows_row_errors_and_saves_nothing(staff_client):
    response = preview(staff_client, CSV + "ENT-0001;Awa;2999\nENT-0003;Cat;abc\n")

    content = response.content.decode()
    assert "L&#x27;année de naissance est dans le futur." in content
    assert "n&#x27;est pas un nombre entier" in content
    assert response.context.get("confirm_form") is None  # nothing to confirm
    assert Entrepreneur.objects.count() == 0


def test_import_preview_keeps_the_upload_in_the_database_not_in_tmp(
    staff_client, settings, tmp_path, monkeypatch
):
    # A temporary folder of this test's own: another process's files cannot interfere.
    settings.FILE_UPLOAD_TEMP_DIR = str(tmp_path)
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))

    response = preview(staff_client, CSV)

    assert list(tmp_path.iterdir()) == []
    name = response.context["confirm_form"].initial["import_file_name"]
    assert PendingUpload.objects.filter(name=name).exists()
    assert Entrepreneur.objects.count() == 0


def test_confirmed_import_saves_the_rows_and_forgets_the_upload(staff_client):
    confirm = preview(staff_client, CSV).context["confirm_form"].initial
    url = reverse("admin:entrepreneurs_entrepreneur_process_import")

    response = staff_client.post(url, confirm)

    assert response.status_code == 302
    assert sorted(Entrepreneur.objects.values_list("reference", flat=True)) == [
        "ENT-0001",
        "ENT-0002",
    ]
    assert not PendingUpload.objects.filter(name=confirm["import_file_name"]).exists()


def test_import_of_a_wrong_encoding_gets_a_clear_error(staff_client):
    response = preview(staff_client, "reference;first_name\nENT-0001;Hélène\n".encode("cp1252"))

    assert "pas encodé en UTF-8" in response.content.decode()
    assert Entrepreneur.objects.count() == 0


def test_import_of_an_xlsx_that_is_not_a_zip_gets_a_clear_error(staff_client):
    response = preview(staff_client, CSV, fmt="1", name="entrepreneurs.xlsx")

    assert "ce n&#x27;est pas un classeur XLSX valide" in response.content.decode()


def test_import_of_a_file_too_large_for_the_admin_is_refused(staff_client):
    big = CSV + "ENT-0003;Cat;1980\n" * 300_000

    response = preview(staff_client, big)

    assert "Fichier trop volumineux" in response.content.decode()
    assert Entrepreneur.objects.count() == 0


def test_export_of_the_filtered_list_in_csv(staff_client):
    EntrepreneurFactory(reference="ENT-0001", first_name="Awa", gender="female")
    EntrepreneurFactory(reference="ENT-0002", first_name="Bob", gender="male")

    content = export(staff_client, "0", "?gender__exact=male").decode("utf-8-sig")

    lines = content.splitlines()
    assert lines[0].startswith("Référence;Prénom;Nom;Genre;Année de naissance;Pays d'origine;")
    assert lines[0].split(";") == [
        EntrepreneurResource.column_label(name) for name in EntrepreneurResource.columns()
    ]
    assert len(lines) == 2 and lines[1].startswith("ENT-0002;Bob;")


@pytest.mark.parametrize(("fmt", "suffix"), [("0", "csv"), ("1", "xlsx")])
def test_export_writes_the_codes_as_headers_on_request(staff_client, fmt, suffix):
    EntrepreneurFactory(reference="ENT-0001", first_name="Awa")

    content = export(staff_client, fmt, headers="codes")

    if suffix == "csv":
        header = content.decode("utf-8-sig").splitlines()[0].split(";")
    else:
        sheet = openpyxl.load_workbook(io.BytesIO(content)).active
        header = [cell.value for cell in next(sheet.rows)]
    assert header == EntrepreneurResource.columns()


def test_xlsx_export_writes_the_french_titles_as_headers(staff_client):
    EntrepreneurFactory(reference="ENT-0001", first_name="Awa")

    book = openpyxl.load_workbook(io.BytesIO(export(staff_client, "1")))

    header = [cell.value for cell in next(book.active.rows)]
    assert header[:3] == ["Référence", "Prénom", "Nom"]
    assert "Pays d'origine" in header


def test_csv_export_neutralises_formulas(staff_client):
    for i, name in enumerate(HOSTILE_NAMES, start=1):
        EntrepreneurFactory(reference=f"ENT-{i:04d}", first_name=name)

    content = export(staff_client, "0").decode("utf-8-sig")

    rows = list(csv.reader(io.StringIO(content, newline=""), delimiter=";"))[1:]
    assert [row[1] for row in rows] == ["'" + name for name in HOSTILE_NAMES]


def test_xlsx_export_writes_text_cells_never_formulas(staff_client):
    for i, name in enumerate(HOSTILE_NAMES, start=1):
        EntrepreneurFactory(reference=f"ENT-{i:04d}", first_name=name)

    book = openpyxl.load_workbook(io.BytesIO(export(staff_client, "1")))

    cells = [row[1] for row in book.active.iter_rows(min_row=2)]
    assert [cell.data_type for cell in cells] == ["s"] * len(HOSTILE_NAMES)
    assert all(cell.quotePrefix for cell in cells)
    assert [cell.value for cell in cells[:4]] == FORMULA_NAMES


@pytest.mark.parametrize(("fmt", "suffix"), [("0", "csv"), ("1", "xlsx")])
def test_an_export_reimports_unchanged(staff_client, tmp_path, fmt, suffix):
    organisation = OrganisationFactory(name="Pôle emploi")
    for i, name in enumerate(["Awa", *FORMULA_NAMES], start=1):
        EntrepreneurFactory(
            reference=f"ENT-{i:04d}",
            first_name=name,
            informal_activity=[True, False, None][i % 3],
            referred_by=None if i % 2 else organisation,
            country_of_origin="SN",
        )
    first = export(staff_client, fmt)
    rows = list(Entrepreneur.objects.order_by("reference").values(*EntrepreneurResource.columns()))
    Entrepreneur.objects.all().delete()
    (tmp_path / f"entrepreneurs.{suffix}").write_bytes(first)

    call_command("load_csv", str(tmp_path), stdout=io.StringIO(), stderr=io.StringIO())

    reloaded = Entrepreneur.objects.order_by("reference").values(*EntrepreneurResource.columns())
    assert list(reloaded) == rows
    if suffix == "csv":
        assert export(staff_client, fmt) == first


@pytest.mark.parametrize(
    ("header", "message"),
    [
        ("reference;first_name;shoe_size", "shoe_size : colonne(s) inconnue(s)"),
        (
            "first_name;birth_year",
            "reference : colonne clé manquante (en-tête « Référence » ou reference).",
        ),
    ],
)
def test_import_with_a_wrong_header_names_the_column_without_a_traceback(
    staff_client, header, message
):
    response = preview(staff_client, header + "\nAwa;1980\n")

    content = response.content.decode()
    assert message in content
    assert "Traceback" not in content
    assert response.context.get("confirm_form") is None
    assert Entrepreneur.objects.count() == 0


def test_xlsx_upload_previews_then_imports(staff_client):
    book = openpyxl.Workbook()
    book.active.append(["reference", "first_name", "birth_year"])
    book.active.append(["ENT-0001", "Awa", 1979])
    data = io.BytesIO()
    book.save(data)
    confirm = preview(staff_client, data.getvalue(), fmt="1", name="e.xlsx").context["confirm_form"]

    staff_client.post(reverse("admin:entrepreneurs_entrepreneur_process_import"), confirm.initial)

    assert Entrepreneur.objects.get().birth_year == 1979


def test_a_file_of_another_list_is_refused_with_the_name_of_its_list(staff_client):
    response = preview(staff_client, "entrepreneur;date;kind;notes\nENT-0001;2020-06-15;Accueil;\n")

    content = response.content.decode()
    assert "ces colonnes sont celles de la liste « Rencontres », pas « Entrepreneur·es »" in content
    assert "colonne(s) inconnue(s)" not in content
    assert response.context.get("confirm_form") is None


def test_a_file_that_two_other_lists_accept_names_both(staff_client):
    response = preview(staff_client, "reference;kind\nCOOP-001;ephemeral\n")

    assert (
        "ces colonnes sont celles de la liste « Coopératives » ou « Événements »"
        in response.content.decode()
    )


@pytest.mark.parametrize("header", ["reference;first_name;shoe_size", "reference;frist_name"])
def test_a_file_that_fits_no_other_list_better_gets_its_column_errors(staff_client, header):
    response = preview(staff_client, header + "\n" + ";".join(["x"] * header.count(";")) + ";x\n")

    content = response.content.decode()
    assert "ces colonnes sont celles de la liste" not in content
    assert "colonne(s) inconnue(s)" in content


def test_every_template_header_is_accepted_by_its_own_list_only():
    from imports.loading import FILES

    kinds = [resource for _stem, resource in FILES]
    for stem, resource in FILES:
        template = Path(settings.BASE_DIR) / "docs/templates" / f"{stem}.csv"
        titles = template.read_text(encoding="utf-8-sig").strip().split(";")
        # The templates have the French titles; a header of codes must fare the same.
        for columns in (titles, resource.columns()):
            assert resource.header_fit(columns)[0], stem
            for other in kinds:
                if other is not resource:
                    assert other.kinds_of_header(columns, kinds) == [resource], (stem, other)
        # A key-only file is sent to lists that include its own (« reference » alone fits
        # entrepreneurs, cooperatives and events), or left where it is.
        keys = resource.key_columns()
        for columns in (keys, [resource.column_label(key) for key in keys]):
            for other in kinds:
                if other is not resource:
                    sent_to = other.kinds_of_header(columns, kinds)
                    assert sent_to == [] or resource in sent_to, (stem, other)
