import datetime
import json
import re
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from pypdf import PdfReader

from governance.models import Meeting
from tests.entrepreneurs.factories import EncounterFactory
from tests.governance.factories import MeetingFactory

pytestmark = pytest.mark.django_db


def run(*args: str) -> tuple[str, str]:
    out, err = StringIO(), StringIO()
    call_command("annual_report", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_json_report_goes_to_stdout_with_indicators_at_top_level():
    EncounterFactory(date=datetime.date(2020, 12, 31))
    MeetingFactory(kind=Meeting.Kind.GENERAL_ASSEMBLY, date=datetime.date(2020, 6, 30))

    out, _err = run("2020", "--format", "json")
    data = json.loads(out)

    assert data["year"] == 2020
    assert data["entrepreneurs_met"] == 1
    assert data["women_percent"] == 100
    assert data["general_assemblies"] == 1
    assert data["breakdowns"]["entrepreneurs_met_by_gender"] == [
        {"code": "female", "label": "Femme", "count": 1}
    ]


def test_json_is_the_default_format_and_keeps_accents_readable():
    EncounterFactory(date=datetime.date(2020, 5, 5))

    out, _err = run("2020")

    assert '"label": "Sénégal"' not in out  # not a cooperator: no country breakdown
    assert '"label": "Femme"' in out
    assert "\\u00e9" not in out


def test_a_year_without_data_gives_zeros_and_nulls():
    data = json.loads(run("1975")[0])

    assert data["entrepreneurs_met"] == 0
    assert data["board_meetings"] == 0
    assert data["women_percent"] is None
    assert data["cooperators_average_age"] is None


def test_output_writes_the_file_and_nothing_to_stdout(tmp_path):
    target = tmp_path / "rapport-2020.json"

    out, err = run("2020", "--output", str(target))

    assert out == ""
    assert json.loads(target.read_text(encoding="utf-8"))["year"] == 2020
    assert str(target) in err
    assert [p.name for p in tmp_path.iterdir()] == ["rapport-2020.json"]  # no temp file left


def test_output_to_a_missing_directory_is_a_clear_error(tmp_path):
    target = tmp_path / "missing" / "rapport.json"

    with pytest.raises(CommandError, match=r"--output .*missing"):
        run("2020", "--output", str(target))


def test_a_failed_write_leaves_no_partial_file_behind(tmp_path):
    target = tmp_path / "rapport.json"
    target.mkdir()  # a directory cannot be replaced by the report

    with pytest.raises(CommandError, match="--output .*rapport.json"):
        run("2020", "--output", str(target))

    assert target.is_dir()
    assert [p.name for p in tmp_path.iterdir()] == ["rapport.json"]


@pytest.mark.parametrize("year", ["20", "20200", "deux", "1899", "2101", "2020.0", "-202", "٢٠٢٠"])
def test_a_year_that_is_not_a_sane_four_digit_year_is_refused_naming_year(year):
    with pytest.raises(CommandError, match=f"YEAR .*« {year} »"):
        run(year)


def test_an_unknown_format_is_refused_naming_the_option():
    with pytest.raises(CommandError, match="--format"):
        run("2020", "--format", "docx")


def test_html_report_is_the_printable_document_with_the_figures():
    EncounterFactory.create_batch(3, date=datetime.date(2020, 5, 4))
    out, _err = run("2020", "--format", "html")
    assert out.lstrip().lower().startswith("<!doctype html")
    assert "Rapport d" in out and "2020" in out
    assert re.search(r">\s*3\s*<", out)  # the three people met


def test_pdf_report_is_written_to_the_output_file(tmp_path):
    EncounterFactory(date=datetime.date(2020, 5, 4))
    target = tmp_path / "rapport-2020.pdf"
    _out, err = run("2020", "--format", "pdf", "--output", str(target))
    text = "".join(page.extract_text() for page in PdfReader(target).pages)
    assert target.read_bytes().startswith(b"%PDF")
    assert "2020" in text
    assert str(target) in err
