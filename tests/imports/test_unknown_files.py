"""`load_csv DIR` says what it did not load: unknown files are errors, leftovers are listed."""

import io

import pytest
from django.core.management import CommandError, call_command

from entrepreneurs.models import Entrepreneur
from governance.models import Organisation
from imports import loading
from imports.loading import FILES
from tests.imports.folders import FOLDER, run, run_failing, write_folder

pytestmark = pytest.mark.django_db

ENTREPRENEURS = {"entrepreneurs.csv": FOLDER["entrepreneurs.csv"].replace(";pôle emploi", ";")}


@pytest.mark.parametrize(
    ("name", "message"),
    [
        (
            "entrepreneur.csv",
            "entrepreneur.csv : fichier inconnu ; vouliez-vous dire entrepreneurs.csv ?",
        ),
        ("rencontres.csv", "rencontres.csv : fichier inconnu ; vouliez-vous dire encounters.csv ?"),
        ("Réunions.xlsx", "Réunions.xlsx : fichier inconnu ; vouliez-vous dire meetings.xlsx ?"),
        ("entrepreneurs (1).csv", "vouliez-vous dire entrepreneurs.csv ?"),
        (
            "budget.csv",
            "budget.csv : fichier inconnu ; fichiers attendus : "
            + ", ".join(stem for stem, _resource in FILES)
            + ", en .csv ou .xlsx.",
        ),
        ("notes.txt", "notes.txt : fichier inconnu ; fichiers attendus : organisations,"),
        (
            "entrepreneurs.ods",
            "entrepreneurs.ods : format non reconnu ; enregistrez-le en entrepreneurs.csv "
            "(CSV UTF-8) ou entrepreneurs.xlsx.",
        ),
    ],
)
def test_an_unknown_file_is_an_error_naming_the_closest_known_file_and_nothing_is_saved(
    tmp_path, name, message
):
    files = {**FOLDER, name: "reference;first_name\nENT-0009;Zoé\n"}
    files.pop("entrepreneurs.csv") if name.startswith("entrepreneurs") else None

    err = run_failing(write_folder(tmp_path, files))

    assert message in err
    assert Organisation.objects.count() == 0
    assert Entrepreneur.objects.count() == 0


def test_every_unknown_file_is_named_in_one_run(tmp_path):
    write_folder(tmp_path, {**ENTREPRENEURS, "entrepreneur.csv": "x\n", "rencontres.csv": "x\n"})

    report = loading.load_folder(tmp_path)

    assert [error.split(" : ")[0] for error in report.errors] == [
        "entrepreneur.csv",
        "rencontres.csv",
    ]
    assert not report.saved


def test_a_known_file_name_in_capitals_is_loaded(tmp_path):
    write_folder(tmp_path, {"Entrepreneurs.CSV": ENTREPRENEURS["entrepreneurs.csv"]})

    run(tmp_path)

    assert Entrepreneur.objects.count() == 2


LEFTOVERS = {
    "~$entrepreneurs.xlsx": b"\x00locked by Excel",  # Excel's lock file
    ".~lock.entrepreneurs.csv#": "LibreOffice lock",
    ".DS_Store": b"\x00\x00\x00\x01Bud1",  # macOS Finder
    "._entrepreneurs.csv": b"\x00\x05\x16\x07",  # macOS resource fork on a USB key
    "Thumbs.db": b"\xd0\xcf\x11\xe0",  # Windows Explorer
    "desktop.ini": "[.ShellClassInfo]\n",
    ".hidden.csv": "anything\n",
    "entrepreneurs.csv~": "an editor's backup\n",
}


def test_leftovers_of_spreadsheets_and_systems_are_ignored_and_listed(tmp_path):
    write_folder(tmp_path, {**ENTREPRENEURS, **LEFTOVERS})
    macosx = tmp_path / "__MACOSX"
    macosx.mkdir()
    (macosx / "._entrepreneurs.csv").write_bytes(b"\x00\x05\x16\x07")
    (tmp_path / "archives").mkdir()
    (tmp_path / "archives" / "entrepreneurs.csv").write_text("not read\n")

    out, _err = run(tmp_path)

    assert Entrepreneur.objects.count() == 2
    assert "Chargement terminé" in out
    ignored_line = next(line for line in out.splitlines() if line.startswith("Ignorés"))
    for name in [*LEFTOVERS, "__MACOSX/", "archives/"]:
        assert name in ignored_line


def test_leftovers_are_listed_even_when_an_unknown_file_stops_the_load(tmp_path):
    write_folder(tmp_path, {**ENTREPRENEURS, ".DS_Store": b"\x00", "entrepreneur.csv": "x\n"})
    out, err = io.StringIO(), io.StringIO()

    with pytest.raises(CommandError, match="1 erreur"):
        call_command("load_csv", str(tmp_path), stdout=out, stderr=err)

    assert ".DS_Store" in out.getvalue()
    assert "entrepreneur.csv : fichier inconnu" in err.getvalue()
    assert Entrepreneur.objects.count() == 0


def test_a_folder_of_leftovers_only_has_no_known_file(tmp_path):
    write_folder(tmp_path, {".DS_Store": b"\x00", "Thumbs.db": b"\x00"})

    err = run_failing(tmp_path)

    assert "aucun fichier reconnu" in err


def test_a_file_named_as_one_kind_with_the_columns_of_another_says_which(tmp_path):
    write_folder(
        tmp_path, {"entrepreneurs.csv": "entrepreneur;date;kind\nENT-1;2020-01-02;Suivi\n"}
    )

    err = run_failing(tmp_path)

    assert (
        "entrepreneurs.csv:1: ces colonnes sont celles d'un fichier encounters.csv : "
        "renommez-le ou corrigez son en-tête." in err
    )
