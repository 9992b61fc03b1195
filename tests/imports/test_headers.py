"""Headers: a column is named by its code or its French title (case, accents, spaces and
apostrophe styles ignored), in the admin and in load_csv; exports write the titles."""

from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse

from entrepreneurs.models import Encounter, Entrepreneur
from entrepreneurs.resources import EncounterResource, EntrepreneurResource
from events.resources import AttendanceResource
from imports.loading import FILES
from spreadsheets.resources import fold_header
from tests.entrepreneurs.factories import EntrepreneurFactory
from tests.governance.factories import OrganisationFactory
from tests.imports.folders import run, run_failing, write_folder
from tests.imports.uploads import export, preview

pytestmark = pytest.mark.django_db

PROCESS = "admin:entrepreneurs_entrepreneur_process_import"


@pytest.mark.parametrize(("stem", "resource"), FILES)
def test_no_two_columns_of_a_resource_share_a_header(stem, resource):
    owners: dict[str, set[str]] = {}
    for name in resource.columns():
        for header in (name, resource.column_label(name)):
            owners.setdefault(fold_header(header), set()).add(name)

    shared = {header: names for header, names in owners.items() if len(names) > 1}
    assert shared == {}, stem


@pytest.mark.parametrize(("stem", "resource"), FILES)
def test_every_column_has_a_french_title_that_names_it(stem, resource):
    for name in resource.columns():
        title = resource.column_label(name)
        assert title[0].isupper() and title != name, (stem, name)
        assert resource.column_of(title) == name
        assert resource.column_of(f"  {title.upper()} ") == name
        assert resource.column_of(name) == name


@pytest.mark.parametrize(
    ("header", "code"),
    [
        ("Prénom", "first_name"),
        ("prenom", "first_name"),
        ("  PRÉNOM  ", "first_name"),
        ("Pays d'origine", "country_of_origin"),
        ("pays d’origine", "country_of_origin"),
        ("PAYS  D'ORIGINE", "country_of_origin"),
        ("Année d'arrivée en France", "arrival_year"),
        ("Orienté·e par", "referred_by"),
        ("orientee par", "referred_by"),
        ("First name", "first_name"),
        ("COUNTRY_OF_ORIGIN", "country_of_origin"),
        ("E-mail", "email"),
    ],
)
def test_a_header_is_a_code_or_a_title_whatever_its_case_accents_and_spaces(header, code):
    assert EntrepreneurResource.column_of(header) == code


def test_the_titles_of_optional_and_extra_columns_read_as_column_titles():
    assert AttendanceResource.column_label("session_date") == "Date de la séance"
    assert EntrepreneurResource.column_label("country_of_origin") == "Pays d'origine"
    grants = dict(FILES)["grants"]
    assert [grants.column_label(c) for c in ("amount", "report_due", "cooperative")] == [
        "Montant (€)",
        "Rapport final dû le",
        "Coopérative",
    ]


def test_an_admin_import_accepts_french_titles_mixed_with_codes(staff_client):
    OrganisationFactory(name="Pôle emploi")
    content = (
        "Référence;first_name;NOM;Genre;annee de naissance;Pays d’origine;Orienté·e par\n"
        "ENT-0001;Awa;Diop;Femme;1979;Sénégal;pôle emploi\n"
    )
    confirm = preview(staff_client, content).context["confirm_form"]

    staff_client.post(reverse(PROCESS), confirm.initial)

    awa = Entrepreneur.objects.get()
    assert (awa.reference, awa.first_name, awa.last_name, awa.gender) == (
        "ENT-0001",
        "Awa",
        "Diop",
        "female",
    )
    assert (awa.birth_year, awa.country_of_origin.code, awa.referred_by.name) == (
        1979,
        "SN",
        "Pôle emploi",
    )


def test_an_unknown_header_lists_the_codes_and_titles_accepted(staff_client):
    content = preview(staff_client, "Référence;Pointure\nENT-0001;38\n").content.decode()

    assert "Pointure : colonne(s) inconnue(s) ; colonnes possibles : reference (Référence), " in (
        content
    )
    assert "country_of_origin (Pays d&#x27;origine)" in content
    assert Entrepreneur.objects.count() == 0


def test_a_column_named_twice_by_its_code_and_its_title_is_refused(staff_client):
    content = preview(staff_client, "reference;Prénom;first_name\nENT-0001;Awa;Awa\n")

    assert "Prénom, first_name : colonne(s) en double." in content.content.decode()
    assert content.context.get("confirm_form") is None


def test_a_missing_key_column_names_its_title_and_code(staff_client):
    content = preview(staff_client, "Prénom;Nom\nAwa;Diop\n").content.decode()

    assert "reference : colonne clé manquante (en-tête « Référence » ou reference)." in content


def test_a_french_header_of_another_list_is_sent_to_that_list(staff_client):
    content = "Entrepreneur·e;Date;Type;Notes\nENT-0001;2020-06-15;Accueil;\n"

    page = preview(staff_client, content).content.decode()

    assert "ces colonnes sont celles de la liste « Rencontres », pas « Entrepreneur·es »" in page
    assert EncounterResource.kinds_of_header(["Référence", "Prénom"], [EntrepreneurResource]) == [
        EntrepreneurResource
    ]


def test_load_csv_loads_files_with_french_titles_as_with_codes(tmp_path):
    codes, titles = tmp_path / "codes", tmp_path / "titles"
    codes.mkdir()
    titles.mkdir()
    people = "ENT-0001;Awa;Diop;Femme;1979;Sénégal;oui\nENT-0002;Bea;Sow;;1985;ML;\n"
    meetings = "ENT-0001;15/06/2020;Accueil;x\nENT-0002;2020-06-16;follow_up;\n"
    write_folder(
        codes,
        {
            "entrepreneurs.csv": "reference;first_name;last_name;gender;birth_year;"
            "country_of_origin;informal_activity\n" + people,
            "encounters.csv": "entrepreneur;date;kind;notes\n" + meetings,
        },
    )
    write_folder(
        titles,
        {
            "entrepreneurs.csv": "Référence;Prénom;Nom;Genre;Année de naissance;"
            "Pays d'origine;Exerce déjà de manière informelle\n" + people,
            "Encounters.csv": "ENTREPRENEUR·E;date;type;Notes\n" + meetings,
        },
    )
    fields = ["reference", "first_name", "last_name", "gender", "birth_year", "informal_activity"]

    run(codes)
    by_codes = list(Entrepreneur.objects.order_by("reference").values_list(*fields))
    encounters = list(Encounter.objects.order_by("date").values_list("date", "kind", "notes"))
    Encounter.objects.all().delete()
    Entrepreneur.objects.all().delete()
    out, _err = run(titles)

    assert list(Entrepreneur.objects.order_by("reference").values_list(*fields)) == by_codes
    assert list(Encounter.objects.order_by("date").values_list("date", "kind", "notes")) == (
        encounters
    )
    assert len(by_codes) == 2 and len(encounters) == 2
    assert "Chargement terminé" in out


def test_load_csv_names_the_file_a_french_header_belongs_to(tmp_path):
    write_folder(
        tmp_path, {"entrepreneurs.csv": "Entrepreneur·e;Date;Type\nENT-0001;2020-06-15;Accueil\n"}
    )

    err = run_failing(tmp_path)

    assert "entrepreneurs.csv:1: ces colonnes sont celles d'un fichier encounters.csv" in err


def test_load_csv_header_errors_list_the_titles(tmp_path):
    write_folder(tmp_path, {"entrepreneurs.csv": "Référence;Pointure\nENT-0001;38\n"})

    err = run_failing(tmp_path)

    assert "entrepreneurs.csv:1: Pointure: colonne(s) inconnue(s) ; colonnes possibles : " in err
    assert "first_name (Prénom)" in err


def _preview_totals(response) -> dict:
    return response.context["result"].totals


@pytest.mark.parametrize("headers", ["labels", "codes"])
@pytest.mark.parametrize(("fmt", "name"), [("0", "e.csv"), ("1", "e.xlsx")])
def test_an_admin_export_reimports_unchanged_through_the_admin(staff_client, headers, fmt, name):
    organisation = OrganisationFactory(name="Pôle emploi")
    for i in range(1, 4):
        EntrepreneurFactory(
            reference=f"ENT-{i:04d}",
            gender=["female", "male", "undisclosed"][i - 1],
            informal_activity=[True, False, None][i - 1],
            referred_by=organisation if i % 2 else None,
            country_of_origin="SN",
        )
    before = list(Entrepreneur.objects.order_by("reference").values())
    content = export(staff_client, fmt, headers=headers)

    response = preview(staff_client, content, fmt=fmt, name=name)
    staff_client.post(reverse(PROCESS), response.context["confirm_form"].initial)

    totals = _preview_totals(response)
    assert (totals["new"], totals["update"], totals["skip"]) == (0, 0, 3)
    assert list(Entrepreneur.objects.order_by("reference").values()) == before


@pytest.mark.parametrize(("stem", "resource"), FILES)
def test_the_import_format_doc_gives_each_columns_code_and_title(stem, resource):
    doc = (Path(settings.BASE_DIR) / "docs" / "import-format.md").read_text(encoding="utf-8")
    section = doc.split(f"#### `{stem}` ")[1].split("####")[0]

    for name in resource.columns():
        assert f"| `{name}` | {resource.column_label(name)} |" in section, (stem, name)


def test_the_import_page_lists_each_columns_title_and_code_keys_marked(staff_client):
    response = staff_client.get(reverse("admin:entrepreneurs_encounter_import"))

    columns = response.context["spreadsheet_columns"]
    assert [(c["label"], c["code"], c["key"]) for c in columns] == [
        ("Entrepreneur·e", "entrepreneur", True),
        ("Date", "date", True),
        ("Type", "kind", True),
        ("Notes", "notes", False),
    ]
    html = response.content.decode()
    assert '<tr class="key-column">' in html
    assert "<td>Entrepreneur·e</td>" in html and "<code>entrepreneur</code>" in html
