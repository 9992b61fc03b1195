"""A folder of spreadsheets for `load_csv`, and running the command on it."""

import io
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

FOLDER = {
    "organisations.csv": "name;kind\nCAE Clara;Coopérative\nPôle emploi;public_body\n",
    "entrepreneurs.csv": (
        "reference;first_name;last_name;gender;birth_year;country_of_origin;arrival_year;"
        "informal_activity;referred_by\n"
        "ENT-0001;Awa;Diop;Femme;1979;Sénégal;2009;oui;pôle emploi\n"
        "ENT-0002;Mariam;Traoré;female;1985;ML;2015;;\n"
    ),
    "encounters.csv": (
        "entrepreneur,date,kind,notes\n"
        'ENT-0001,15/06/2020,Accueil,"=HYPERLINK(""http://x"")"\n'
        "ENT-0002,2020-06-16,follow_up,\n"
    ),
    "cooperatives.csv": (
        "reference,name,kind,sector,host,planned_start,start_date,end_date\n"
        "COOP-001,Fil Commun,ephemeral,Textile,CAE Clara,2020-03-16,2020-09-14,2021-02-26\n"
    ),
    "memberships.csv": "cooperative,entrepreneur,joined_on\nCOOP-001,ENT-0001,14/09/2020\n",
    "events.csv": (
        "reference,title,kind,date,duration_hours,format,cooperative\n"
        'EVT-0001,Atelier prix,Atelier,2020-10-01,"2,5",Visio,COOP-001\n'
    ),
    "attendances.csv": "event,entrepreneur,status\nEVT-0001,ENT-0001,\nEVT-0001,ENT-0002,absent\n",
    "meetings.csv": "kind,date,format,title\nConseil d'administration,2020-03-12,visio,CA\n",
}


def write_folder(path: Path, files: dict[str, str | bytes]) -> Path:
    for name, content in files.items():
        data = content.encode("utf-8") if isinstance(content, str) else content
        (path / name).write_bytes(data)
    return path


def run(path: Path, *args: str) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    call_command("load_csv", str(path), *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def run_failing(path: Path, *args: str) -> str:
    err = io.StringIO()
    with pytest.raises(CommandError, match="rien n'a été enregistré"):
        call_command("load_csv", str(path), *args, stdout=io.StringIO(), stderr=err)
    return err.getvalue()
