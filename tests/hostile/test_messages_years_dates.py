"""Messages in French naming the uploaded file; implausible years and dates refused; the
server-error page in French, without anything from the request."""

import datetime
import io
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command
from django.test import RequestFactory
from django.urls import reverse
from django.views.defaults import server_error

from entrepreneurs.models import Encounter, Entrepreneur
from events.models import Event
from spreadsheets.formats import FileFormatError, open_table
from spreadsheets.widgets import DateWidget, DecimalWidget, IntegerWidget
from tests.entrepreneurs.factories import EntrepreneurFactory
from tests.events.factories import EventFactory
from tests.hostile.inputs import EVENT, admin_add_data, admin_preview, form_errors

pytestmark = pytest.mark.django_db

CSV_HEAD = "reference;first_name;birth_year\n"
# Years Python's int() accepts but no spreadsheet user means.
BAD_YEARS = ["1_990", "١٩٩٠", "１９９０", "१९९०", "+1990", "1990.5"]
# Dates outside 1900-2100, or forms date.fromisoformat() accepts but no one types.
BAD_DATES = [
    "0001-01-01",
    "9999-12-31",
    "1899-12-31",
    "2101-01-01",
    "2020-W01-1",
    "20200101",
    "٢٠٢٠-٠١-٠١",
    "01/01/0001",
    "31/12/9999",
    "1/1/20_20",
]


@pytest.mark.parametrize("year", BAD_YEARS)
def test_the_integer_widget_refuses_a_year_no_one_types(year):
    with pytest.raises(ValueError, match="n'est pas un nombre entier"):
        IntegerWidget().clean(year)


@pytest.mark.parametrize("amount", ["1_000", "١٠٠", "1e3"])
def test_the_decimal_widget_refuses_an_amount_no_one_types(amount):
    with pytest.raises(ValueError, match="n'est pas un nombre"):
        DecimalWidget().clean(amount)


@pytest.mark.parametrize("date", BAD_DATES)
def test_the_date_widget_refuses_an_implausible_date(date):
    with pytest.raises(ValueError, match="date"):
        DateWidget().clean(date)


@pytest.mark.parametrize(
    "cell", [datetime.date(1, 1, 1), datetime.datetime(9999, 12, 31, 0, 0)], ids=str
)
def test_an_xlsx_date_cell_outside_1900_2100_is_refused(cell):
    with pytest.raises(ValueError, match="1900"):
        DateWidget().clean(cell)


@pytest.mark.parametrize("date", ["0001-01-01", "9999-12-31", "2020-W01-1"])
def test_load_csv_refuses_an_implausible_date_naming_the_row(tmp_path, date):
    EntrepreneurFactory(reference="ENT-0001")
    (tmp_path / "encounters.csv").write_text(
        f"entrepreneur,date,kind\nENT-0001,{date},Suivi\n", encoding="utf-8"
    )
    err = io.StringIO()

    with pytest.raises(CommandError):
        call_command("load_csv", str(tmp_path), stdout=io.StringIO(), stderr=err)

    assert "encounters.csv:2: date" in err.getvalue()
    assert Encounter.objects.count() == 0


@pytest.mark.parametrize("year", BAD_YEARS)
def test_admin_import_refuses_a_year_no_one_types(staff_client, year):
    response = admin_preview(staff_client, (CSV_HEAD + f"ENT-0001;Awa;{year}\n").encode())

    assert "birth_year" in response.content.decode()
    assert response.context.get("confirm_form") is None
    assert Entrepreneur.objects.count() == 0


@pytest.mark.parametrize("day", [datetime.date(1, 1, 1), datetime.date(9999, 12, 31)], ids=str)
def test_model_validation_refuses_a_meeting_or_event_outside_1900_2100(day):
    with pytest.raises(ValidationError) as error:
        EventFactory.build(date=day, reference="EVT-9999").full_clean()
    assert "date" in error.value.message_dict


@pytest.mark.parametrize("date", ["01/01/0001", "31/12/9999", "31/12/1899"])
def test_admin_refuses_an_event_dated_outside_1900_2100(staff_client, date):
    data = admin_add_data(staff_client, EVENT)
    before = Event.objects.count()

    response = staff_client.post(reverse(f"admin:{EVENT}_add"), {**data, "date": date})

    assert "date" in form_errors(response)
    assert Event.objects.count() == before


def test_an_overlong_csv_cell_is_refused_in_french():
    text = 'reference;notes\nENT-1;"' + "x" * 200_000 + '"\n'
    table = open_table(text.encode(), "rencontres.csv")

    with pytest.raises(FileFormatError) as error:
        list(table.rows)

    assert str(error.value).startswith("rencontres.csv:2: cellule de plus de 131\u202f072")
    assert "field" not in str(error.value)


def test_admin_import_errors_name_the_uploaded_file(staff_client):
    content = (CSV_HEAD + "ENT-0001;Awa;1980;en trop\n").encode()

    response = admin_preview(staff_client, content, name="liste-mars.csv")

    assert "liste-mars.csv:2: plus de cellules" in response.content.decode()
    assert "import.csv" not in response.content.decode()


def test_an_xlsx_with_too_many_members_says_so_not_zero_megabytes():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for n in range(501):
            archive.writestr(f"xl/m{n}.xml", "<a/>")

    with pytest.raises(FileFormatError) as error:
        open_table(buffer.getvalue(), "classeur.xlsx")

    assert "501 fichiers internes" in str(error.value)
    assert "0 Mo" not in str(error.value)


def test_the_server_error_page_is_french_and_shows_nothing_of_the_request():
    request = RequestFactory().get("/personal-data/7/?q=Awa+Diop", HTTP_REFERER="/secret/")

    response = server_error(request)

    content = response.content.decode()
    assert response.status_code == 500
    assert '<html lang="fr">' in content
    assert "Erreur du serveur" in content
    assert "Awa" not in content and "personal-data" not in content and "secret" not in content
