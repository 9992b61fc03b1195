"""`load_csv DIR`: a folder of spreadsheets loads all or nothing, and names every error."""

import datetime
import io
from pathlib import Path

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.management import CommandError, call_command

from cooperatives.models import Cooperative, Membership, Outcome
from entrepreneurs.models import Encounter, Entrepreneur
from events.models import Attendance, Event
from governance.models import Meeting, Organisation
from imports import loading
from tests.entrepreneurs.factories import EntrepreneurFactory
from tests.imports.folders import FOLDER, run, run_failing, write_folder

pytestmark = pytest.mark.django_db


def test_load_csv_loads_every_file_in_dependency_order(tmp_path):
    out, _err = run(write_folder(tmp_path, FOLDER))

    awa = Entrepreneur.objects.get(reference="ENT-0001")
    assert (awa.gender, awa.country_of_origin.code, awa.informal_activity) == ("female", "SN", True)
    assert awa.referred_by.name == "Pôle emploi"
    assert Entrepreneur.objects.get(reference="ENT-0002").informal_activity is None
    encounter = Encounter.objects.get(entrepreneur=awa)
    assert (encounter.date, encounter.kind) == (datetime.date(2020, 6, 15), "first_contact")
    assert Cooperative.objects.get(reference="COOP-001").host.kind == "cooperative"
    assert Membership.objects.get().joined_on == datetime.date(2020, 9, 14)
    event = Event.objects.get(reference="EVT-0001")
    assert (event.kind, event.format, str(event.duration_hours)) == ("workshop", "online", "2.50")
    assert sorted(Attendance.objects.values_list("status", flat=True)) == ["absent", "attended"]
    assert Meeting.objects.get().kind == "board"
    assert "Chargement terminé" in out


def test_imported_text_is_stored_as_typed_even_a_formula(tmp_path):
    run(write_folder(tmp_path, FOLDER))

    assert Encounter.objects.get(kind="first_contact").notes == '=HYPERLINK("http://x")'


def test_loading_the_same_folder_twice_creates_and_changes_nothing(tmp_path):
    write_folder(tmp_path, FOLDER)
    run(tmp_path)
    stamps = dict(Entrepreneur.objects.values_list("reference", "updated_at"))

    report = loading.load_folder(tmp_path)

    assert [(f.created, f.updated) for f in report.files] == [(0, 0)] * len(FOLDER)
    assert sum(f.unchanged for f in report.files) == 12
    assert dict(Entrepreneur.objects.values_list("reference", "updated_at")) == stamps
    assert (Entrepreneur.objects.count(), Encounter.objects.count()) == (2, 2)


def test_a_changed_row_updates_its_record(tmp_path):
    write_folder(tmp_path, FOLDER)
    run(tmp_path)
    (tmp_path / "entrepreneurs.csv").write_text(
        FOLDER["entrepreneurs.csv"].replace("ENT-0002;Mariam", "ENT-0002;Mariama")
    )

    report = loading.load_folder(tmp_path)

    assert (report.files[1].updated, report.files[1].unchanged) == (1, 1)
    assert Entrepreneur.objects.get(reference="ENT-0002").first_name == "Mariama"
    assert Entrepreneur.objects.count() == 2


def test_rows_refer_to_records_already_in_the_database(tmp_path):
    EntrepreneurFactory(reference="ENT-0100")
    write_folder(
        tmp_path, {"encounters.csv": "entrepreneur,date,kind\nENT-0100,2020-01-02,Suivi\n"}
    )

    run(tmp_path)

    assert Encounter.objects.get().entrepreneur.reference == "ENT-0100"


def test_dry_run_reports_what_would_change_and_saves_nothing(tmp_path):
    out, _err = run(write_folder(tmp_path, FOLDER), "--dry-run")

    assert Organisation.objects.count() == 0
    assert Entrepreneur.objects.count() == 0
    assert "entrepreneurs.csv  2       2       0          0           0" in out
    assert "rien n'a été enregistré" in out


@pytest.mark.parametrize("separator", [";", ","])
@pytest.mark.parametrize("bom", [b"", b"\xef\xbb\xbf"])
def test_separator_and_byte_order_mark_are_detected(tmp_path, separator, bom):
    text = "reference;first_name;birth_year\nENT-0001;Hélène;1980\n".replace(";", separator)
    write_folder(tmp_path, {"entrepreneurs.csv": bom + text.encode("utf-8")})

    run(tmp_path)

    assert Entrepreneur.objects.get().first_name == "Hélène"


def test_xlsx_file_loads_with_its_dates_and_numbers(tmp_path):
    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["reference", "first_name", "birth_year"])
    sheet.append(["ENT-0001", "Awa", 1979])
    book.save(tmp_path / "entrepreneurs.xlsx")
    book = openpyxl.Workbook()
    book.active.append(["entrepreneur", "date", "kind"])
    book.active.append(["ENT-0001", datetime.datetime(2020, 6, 15), "Entretien individuel"])
    book.save(tmp_path / "encounters.xlsx")

    run(tmp_path)

    assert Entrepreneur.objects.get().birth_year == 1979
    assert Encounter.objects.get().date == datetime.date(2020, 6, 15)


def test_large_files_report_progress_without_personal_data(tmp_path, monkeypatch):
    monkeypatch.setattr(loading, "CHUNK_ROWS", 2)
    rows = "".join(f"ENT-{i:04d};Secret{i}\n" for i in range(1, 6))
    write_folder(tmp_path, {"entrepreneurs.csv": "reference;first_name\n" + rows})

    _out, err = run(tmp_path)

    assert "entrepreneurs.csv : 2 lignes lues" in err
    assert "Secret" not in err
    assert Entrepreneur.objects.count() == 5


def test_a_file_of_several_megabytes_loads(tmp_path):
    EntrepreneurFactory(reference="ENT-0001")
    notes = "x" * 1500
    rows = "".join(
        f"ENT-0001,{datetime.date(2000, 1, 1) + datetime.timedelta(days=i)},Suivi,{notes}\n"
        for i in range(2500)
    )
    write_folder(tmp_path, {"encounters.csv": "entrepreneur,date,kind,notes\n" + rows})
    assert (tmp_path / "encounters.csv").stat().st_size > 3_500_000

    run(tmp_path)

    assert Encounter.objects.count() == 2500


def test_loading_a_folder_takes_a_fixed_number_of_queries(tmp_path, django_assert_num_queries):
    rows = "".join(f"ENT-{i:04d};P{i};1980\n" for i in range(1, 41))
    encounters = "".join(f"ENT-{i:04d},2020-01-02,Suivi\n" for i in range(1, 41))
    write_folder(
        tmp_path,
        {
            "entrepreneurs.csv": "reference;first_name;birth_year\n" + rows,
            "encounters.csv": "entrepreneur,date,kind\n" + encounters,
        },
    )
    # SAVEPOINT (folder); entrepreneurs: SAVEPOINT (chunk), SELECT stored rows of the
    # chunk, INSERT of the chunk, RELEASE; encounters: SAVEPOINT, SELECT the entrepreneurs'
    # reference -> id map, SELECT stored rows, INSERT, RELEASE; audit trail: per file one
    # SELECT of its content type and one INSERT of the entry; RELEASE (folder).
    # The same 15 whatever the number of rows, up to a chunk (2,000 rows).
    ContentType.objects.clear_cache()
    with django_assert_num_queries(15):
        loading.load_folder(tmp_path)

    assert Encounter.objects.count() == 40


# --- Bad input: a clear error naming file, line and column, no traceback, nothing saved ------


def _zip_bomb(path: Path) -> None:
    import zipfile

    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        with archive.open("xl/worksheets/sheet1.xml", "w") as member:
            for _ in range(40):
                member.write(b"<row>" + b" " * (1024 * 1024) + b"</row>")


def _formula_xlsx(path: Path) -> None:
    import openpyxl

    book = openpyxl.Workbook()
    book.active.append(["reference", "first_name", "birth_year"])
    book.active.append(["ENT-0001", "Awa", "=1900+79"])
    book.save(path)


HEADER = "reference;first_name;birth_year\n"
BAD_INPUTS = {
    "wrong_encoding": (
        {"entrepreneurs.csv": (HEADER + "ENT-0001;Hélène;1980\n").encode("cp1252")},
        "entrepreneurs.csv : le fichier n'est pas encodé en UTF-8",
    ),
    "wrong_separator": (
        {"entrepreneurs.csv": "reference\tfirst_name\nENT-0001\tAwa\n"},
        "entrepreneurs.csv : séparateur non reconnu",
    ),
    "missing_key_column": (
        {"entrepreneurs.csv": "first_name;birth_year\nAwa;1980\n"},
        "entrepreneurs.csv:1: reference: colonne clé manquante",
    ),
    "unknown_column": (
        {"entrepreneurs.csv": "reference;first_name;shoe_size\nENT-0001;Awa;38\n"},
        "entrepreneurs.csv:1: shoe_size: colonne(s) inconnue(s)",
    ),
    "duplicate_key": (
        {"entrepreneurs.csv": HEADER + "ENT-0001;Awa;1980\nENT-0002;Bea;1981\nENT-0001;Awa;1980\n"},
        "entrepreneurs.csv:4: reference: même clé qu'à la ligne 2",
    ),
    "unknown_reference": (
        {"encounters.csv": "entrepreneur,date,kind\nENT-9999,2020-01-02,Suivi\n"},
        "encounters.csv:2: entrepreneur: « ENT-9999 » introuvable",
    ),
    "invalid_date": (
        {"encounters.csv": "entrepreneur,date,kind\nENT-0001,31/02/2020,Suivi\n"},
        "encounters.csv:2: date: « 31/02/2020 » n'est pas une date valide",
    ),
    "impossible_choice": (
        {"encounters.csv": "entrepreneur,date,kind\nENT-0001,2020-01-02,Goûter\n"},
        "encounters.csv:2: kind: « Goûter » n'est pas un choix possible",
    ),
    "birth_year_in_the_future": (
        {"entrepreneurs.csv": HEADER + "ENT-0001;Awa;2999\n"},
        "entrepreneurs.csv:2: birth_year: L'année de naissance est dans le futur.",
    ),
    "empty_key": (
        {"entrepreneurs.csv": HEADER + ";Awa;1980\n"},
        "entrepreneurs.csv:2: reference: Valeur obligatoire",
    ),
    "empty_file": ({"entrepreneurs.csv": ""}, "entrepreneurs.csv : le fichier est vide."),
    "header_only_file": ({"entrepreneurs.csv": HEADER}, "entrepreneurs.csv: aucune ligne"),
    "xlsx_not_a_zip": (
        {"entrepreneurs.xlsx": HEADER + "ENT-0001;Awa;1980\n"},
        "entrepreneurs.xlsx : ce n'est pas un classeur XLSX valide",
    ),
    "xlsx_zip_bomb": (_zip_bomb, "entrepreneurs.xlsx : classeur refusé"),
    "formula_cell": (_formula_xlsx, "entrepreneurs.xlsx:2: birth_year: formule refusée"),
}


@pytest.mark.parametrize("case", BAD_INPUTS)
def test_bad_input_is_named_and_nothing_is_saved(tmp_path, case):
    EntrepreneurFactory(reference="ENT-0001", first_name="Awa")
    files, expected = BAD_INPUTS[case]
    # A valid file loaded first must be rolled back too.
    write_folder(tmp_path, {"organisations.csv": "name;kind\nCAE Clara;Coopérative\n"})
    if callable(files):
        files(tmp_path / "entrepreneurs.xlsx")
    else:
        write_folder(tmp_path, files)

    err = run_failing(tmp_path)

    assert expected in err
    assert "Traceback" not in err
    assert Organisation.objects.count() == 0
    assert list(Entrepreneur.objects.values_list("reference", "first_name")) == [
        ("ENT-0001", "Awa")
    ]
    assert Encounter.objects.count() == 0


def test_zip_bomb_is_refused_in_under_a_second(tmp_path):
    import time

    _zip_bomb(tmp_path / "entrepreneurs.xlsx")
    started = time.perf_counter()

    run_failing(tmp_path)

    assert time.perf_counter() - started < 1


def test_every_error_of_every_file_is_printed(tmp_path):
    write_folder(
        tmp_path,
        {
            "entrepreneurs.csv": HEADER + "ENT-0001;;1980\nENT-0002;Bea;abc\n",
            "meetings.csv": "kind,date\nboard,2020-13-01\n",
        },
    )

    err = run_failing(tmp_path)

    assert err.splitlines()[:3] == [
        "entrepreneurs.csv:2: first_name: Ce champ ne peut pas être vide.",
        "entrepreneurs.csv:3: birth_year: « abc » n'est pas un nombre entier.",
        "meetings.csv:2: date: « 2020-13-01 » n'est pas une date valide"
        " (AAAA-MM-JJ ou JJ/MM/AAAA).",
    ]


def test_a_folder_without_known_files_is_an_error(tmp_path):
    (tmp_path / "notes.txt").write_text("hello")

    with pytest.raises(CommandError):
        call_command("load_csv", str(tmp_path), stdout=io.StringIO(), stderr=io.StringIO())


def test_a_missing_folder_is_an_error(tmp_path):
    with pytest.raises(CommandError, match="n'est pas un dossier"):
        call_command("load_csv", str(tmp_path / "nope"), stdout=io.StringIO())


def test_an_import_update_bumps_the_version_so_an_open_form_cannot_overwrite_it(tmp_path):
    EntrepreneurFactory(reference="ENT-0001", first_name="Awa")
    write_folder(tmp_path, {"entrepreneurs.csv": "reference;first_name\nENT-0001;Awa Marie\n"})

    run(tmp_path)
    run(tmp_path)  # unchanged the second time: no new version

    assert Entrepreneur.objects.values_list("first_name", "version").get() == ("Awa Marie", 2)


def test_an_anonymised_person_cannot_be_brought_back_by_an_old_spreadsheet(tmp_path):
    EntrepreneurFactory(
        reference="ENT-0001", first_name="-", anonymised_at=datetime.datetime.now(datetime.UTC)
    )
    write_folder(tmp_path, {"entrepreneurs.csv": "reference;first_name\nENT-0001;Awa\n"})

    err = run_failing(tmp_path)

    assert "entrepreneurs.csv:2: reference: cette personne a été anonymisée" in err
    assert Entrepreneur.objects.get().first_name == "-"


def test_an_error_quotes_the_cell_as_typed_in_the_spreadsheet(tmp_path):
    write_folder(
        tmp_path, {"entrepreneurs.csv": "reference;birth_year\nENT-0001;mille neuf cent\n"}
    )

    err = run_failing(tmp_path)

    assert "entrepreneurs.csv:2: birth_year: « mille neuf cent » n'est pas un nombre entier." in err


OUTCOMES_FOLDER = {
    **{
        name: FOLDER[name]
        for name in ("organisations.csv", "entrepreneurs.csv", "cooperatives.csv")
    },
    "memberships.csv": (
        "cooperative,entrepreneur,joined_on,left_on,exit_reason\n"
        "COOP-001,ENT-0001,14/09/2020,,\n"
        "COOP-001,ENT-0002,14/09/2020,30/11/2020,Emploi\n"
    ),
    "outcomes.csv": (
        "entrepreneur;checkpoint;date;situation;notes\n"
        "ENT-0001;exit;26/02/2021;En recherche d'emploi;\n"
        "ENT-0001;6 mois;2021-08-26;cae;Entrée en CAE\n"
        "ENT-0002;Sortie;30/11/2020;;\n"
    ),
}


def test_outcomes_and_exit_reasons_load_from_codes_or_french_labels(tmp_path):
    run(write_folder(tmp_path, OUTCOMES_FOLDER))

    left = Membership.objects.get(entrepreneur__reference="ENT-0002")
    assert left.exit_reason == "employment"
    rows = Outcome.objects.order_by("entrepreneur__reference", "date").values_list(
        "entrepreneur__reference", "checkpoint", "situation", "notes"
    )
    assert list(rows) == [
        ("ENT-0001", "exit", "job_search", ""),
        ("ENT-0001", "6_months", "cae", "Entrée en CAE"),
        ("ENT-0002", "exit", "unknown", ""),
    ]


def test_loading_outcomes_twice_changes_nothing(tmp_path):
    folder = write_folder(tmp_path, OUTCOMES_FOLDER)
    run(folder)

    out, _err = run(folder)

    assert "outcomes.csv" in out
    assert Outcome.objects.count() == 3


def test_an_unknown_checkpoint_or_duplicate_key_names_the_line(tmp_path):
    files = {
        **OUTCOMES_FOLDER,
        "outcomes.csv": (
            "entrepreneur,checkpoint,date,situation\n"
            "ENT-0001,exit,26/02/2021,employed\n"
            "ENT-0001,3 mois,26/05/2021,employed\n"
            "ENT-0001,Sortie,27/02/2021,employed\n"
        ),
    }

    error = run_failing(write_folder(tmp_path, files))

    assert "outcomes.csv:3: checkpoint" in error and "« 3 mois » n'est pas un choix" in error
    assert "outcomes.csv:4: entrepreneur" in error and "doublon" in error
