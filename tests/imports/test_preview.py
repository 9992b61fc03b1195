"""The admin's import preview: each row's values, changed cells with their old value, every
row with each error beside its cell, the counts, a page at a time."""

import datetime
import io
from decimal import Decimal

import openpyxl
import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from cooperatives.models import Membership
from entrepreneurs.models import Entrepreneur
from governance.roles import BOARD_GROUP
from spreadsheets.models import PendingUpload
from spreadsheets.preview import PAGE_ROWS
from spreadsheets.widgets import cell_text
from tests.cooperatives.factories import CooperativeFactory
from tests.entrepreneurs.factories import EntrepreneurFactory
from tests.imports.uploads import preview, upload
from tests.personas import make_user

pytestmark = pytest.mark.django_db

IMPORT = "admin:entrepreneurs_entrepreneur_import"
PROCESS = "admin:entrepreneurs_entrepreneur_process_import"
HEADER = "reference;first_name;birth_year;gender\n"


def cells(row) -> list[str]:
    return [cell.text for cell in row.cells]


def page(client, name: str, **query):
    return client.get(reverse(IMPORT), {"preview": name, **query})


def stored_name(response) -> str:
    return response.context["preview"].url.split("preview=")[1]


def test_the_preview_shows_the_values_of_new_updated_and_unchanged_rows(staff_client):
    EntrepreneurFactory(reference="ENT-0001", first_name="Awa", birth_year=1980)
    EntrepreneurFactory(reference="ENT-0002", first_name="Bea", birth_year=1985)
    content = HEADER + "ENT-0001;Awa-Marie;1980;Femme\nENT-0002;Bea;1985;female\n"
    content += "ENT-0003;Cat;1990;Homme\n"

    response = preview(staff_client, content)

    rows = response.context["preview"].rows
    assert [(row.line, row.kind) for row in rows] == [(2, "update"), (3, "skip"), (4, "new")]
    assert cells(rows[0]) == ["ENT-0001", "Awa-Marie", "1980", "Femme"]
    assert cells(rows[2]) == ["ENT-0003", "Cat", "1990", "Homme"]
    changed = [(c.text, c.old) for row in rows for c in row.cells if c.changed]
    assert changed == [("Awa-Marie", "Awa")]
    html = response.content.decode()
    assert 'class="changed"' in html and "Avant\u00a0: Awa" in html
    assert "(modifié)" in html
    for label in ("Modifiée", "Inchangée", "Nouvelle"):
        assert label in html
    assert "3 lignes\u00a0: 1 nouvelle, 1 modifiée, 1 inchangée." in html
    assert response.context["confirm_form"] is not None


def test_the_old_value_of_a_changed_choice_or_reference_is_shown_as_its_cell_would_be(
    staff_client,
):
    EntrepreneurFactory(reference="ENT-0001", gender="male", birth_year=None)

    response = preview(staff_client, HEADER + "ENT-0001;Awa;1979;Femme\n")

    row = response.context["preview"].rows[0]
    olds = {cell.text: cell.old for cell in row.cells if cell.changed}
    assert olds["Femme"] == "Homme"
    assert olds["1979"] == ""
    assert "(vide)" in response.content.decode()


def test_with_errors_every_row_is_shown_with_each_error_beside_its_cell(staff_client):
    EntrepreneurFactory(reference="ENT-0001", first_name="Awa", birth_year=1980)
    content = HEADER + (
        "ENT-0001;Awa;1981;female\n"
        "ENT-0002;Bea;abc;female\n"
        "\n"
        "ENT-0003;Cat;1990;Non binaire\n"
        "ENT-0002;Dia;1991;female\n"
        "ENT-0004;Eve;1992;female\n"
    )

    response = preview(staff_client, content)

    view = response.context["preview"]
    assert [(row.line, row.kind) for row in view.rows] == [
        (2, "update"),
        (3, "error"),
        (5, "error"),
        (6, "error"),
        (7, "new"),
    ]
    errors = {row.line: {c.text: c.errors for c in row.cells if c.errors} for row in view.rows}
    assert errors[3] == {"abc": ["« abc » n'est pas un nombre entier."]}
    assert list(errors[5]) == ["Non binaire"]
    assert errors[5]["Non binaire"][0].startswith("« Non binaire » n'est pas un choix possible")
    # A key seen twice names the spreadsheet line of the first, blank lines counted.
    assert errors[6] == {"ENT-0002": ["même clé qu'à la ligne 3 (doublon dans le fichier)."]}
    html = response.content.decode()
    assert "5 lignes\u00a0: 1 nouvelle, 1 modifiée, 3 en erreur." in html
    assert "rien n'a été enregistré" in html
    assert response.context.get("confirm_form") is None
    assert Entrepreneur.objects.count() == 1


def test_an_error_of_several_columns_is_shown_in_the_errors_column_with_their_titles(
    staff_client,
):
    cooperative = CooperativeFactory(reference="COOP-001")
    person = EntrepreneurFactory(reference="ENT-0001")
    content = "cooperative;entrepreneur;joined_on;exit_reason\n"
    content += f"{cooperative.reference};{person.reference};2020-09-14;Emploi\n"

    response = staff_client.post(
        reverse("admin:cooperatives_membership_import"),
        {"import_file": upload(content, "m.csv"), "format": "0", "resource": "0"},
    )

    row = response.context["preview"].rows[0]
    assert row.kind == "error"
    assert row.errors == [
        "Motif de sortie, Sortie le\u00a0: Un motif de sortie demande une date de sortie."
    ]
    assert '<th scope="col">Erreurs</th>' in response.content.decode()
    assert Membership.objects.count() == 0


def test_an_xlsx_preview_shows_its_cells_as_text(staff_client):
    book = openpyxl.Workbook()
    book.active.append(
        ["Référence", "Prénom", "Année de naissance", "Exerce déjà de manière informelle"]
    )
    book.active.append(["ENT-0001", "Awa", 1979.0, True])
    data = io.BytesIO()
    book.save(data)

    response = preview(staff_client, data.getvalue(), fmt="1", name="e.xlsx")

    view = response.context["preview"]
    assert view.headers == [
        "Référence",
        "Prénom",
        "Année de naissance",
        "Exerce déjà de manière informelle",
    ]
    assert cells(view.rows[0]) == ["ENT-0001", "Awa", "1979", "oui"]


def _many(count: int, start: int = 1) -> str:
    return "".join(f"ENT-{i:04d};P{i};1980;female\n" for i in range(start, start + count))


def test_a_long_preview_is_shown_a_page_at_a_time(staff_client):
    for i in (1, 150):
        EntrepreneurFactory(reference=f"ENT-{i:04d}", first_name=f"P{i}", birth_year=1970)
    response = preview(staff_client, HEADER + _many(250))
    name = stored_name(response)

    first = response.context["preview"]
    third = page(staff_client, name, page=3).context["preview"]
    updates = page(staff_client, name, show="update").context["preview"]

    assert len(first.rows) == PAGE_ROWS and first.rows[0].line == 2
    assert [row.line for row in third.rows] == list(range(202, 252))
    assert [row.line for row in updates.rows] == [2, 151]
    assert all(row.kind == "update" for row in updates.rows)
    assert updates.page_links() == {}
    assert first.page_links()["next"].endswith(f"preview={name}&page=2")
    html = page(staff_client, name, page=2).content.decode()
    assert "Page 2 sur 3" in html
    assert f'href="{reverse(IMPORT)}?preview={name}&amp;show=update"' in html


def test_every_page_of_a_valid_preview_confirms_the_whole_file(staff_client):
    response = preview(staff_client, HEADER + _many(150))

    second = page(staff_client, stored_name(response), page=2)
    staff_client.post(reverse(PROCESS), second.context["confirm_form"].initial)

    assert second.context["confirm_form"].initial == response.context["confirm_form"].initial
    assert Entrepreneur.objects.count() == 150
    assert PendingUpload.objects.count() == 0


def test_a_long_preview_with_errors_is_kept_to_page_through_but_cannot_be_confirmed(
    staff_client,
):
    response = preview(staff_client, HEADER + _many(150) + "ENT-9999;X;abc;female\n")
    name = stored_name(response)

    errors = page(staff_client, name, show="error")

    assert [row.line for row in errors.context["preview"].rows] == [152]
    assert errors.context["confirm_form"] is None
    assert PendingUpload.objects.filter(name=name).exists()


def test_a_page_of_a_preview_gone_says_so(staff_client):
    response = page(staff_client, "0" * 32, page=2)

    assert response.status_code == 302
    followed = staff_client.get(response["Location"])
    messages = [str(message) for message in followed.context["messages"]]
    assert "Ce fichier n'est plus disponible, importez-le à nouveau." in messages


def test_a_page_of_a_preview_needs_the_import_permission(staff_client, django_user_model):
    name = stored_name(preview(staff_client, HEADER + _many(150)))
    board = Client()
    board.force_login(make_user(django_user_model, "board2@example.org", BOARD_GROUP))

    response = board.get(reverse(IMPORT), {"preview": name})

    assert response.status_code in (302, 403)
    assert response.status_code == 403 or "/login" in response["Location"]
    assert "P1" not in response.content.decode()


def _queries(run) -> list[str]:
    with CaptureQueriesContext(connection) as queries:
        run()
    return [query["sql"] for query in queries.captured_queries]


def test_the_preview_takes_as_many_queries_for_300_rows_as_for_30(staff_client):
    for i in range(1, 6):
        EntrepreneurFactory(reference=f"ENT-{i:04d}")  # rows 1 to 5 are updates
    bulk_insert = 'INSERT INTO "entrepreneurs_entrepreneur"'

    small = _queries(lambda: preview(staff_client, HEADER + _many(30)))
    large = _queries(lambda: preview(staff_client, HEADER + _many(300)))

    # Session, user; expired uploads dropped; permissions (group's, user's); expired
    # uploads dropped again (storage); the upload stored: SAVEPOINT, SELECT, SAVEPOINT,
    # INSERT, RELEASE x2; the upload read back (the library); the dry run: SAVEPOINT,
    # SAVEPOINT + RELEASE (before_import), SELECT the stored rows of the file's keys,
    # SAVEPOINT, the bulk INSERTs, one bulk UPDATE, RELEASE, SAVEPOINT + RELEASE
    # (after_import), ROLLBACK TO SAVEPOINT, RELEASE; the preview's summary stored (UPDATE).
    # The bulk INSERT of the new rows (rolled back) is split by SQLite, which takes at
    # most 999 values a statement: a few more there, one per 1,000 rows on PostgreSQL.
    # Nothing is read or written per row.
    others = [[q for q in queries if not q.startswith(bulk_insert)] for queries in (small, large)]
    assert len(others[0]) == len(others[1]) == 25
    assert len([q for q in large if q.startswith(bulk_insert)]) <= 300 // 40


def test_a_page_of_a_preview_takes_a_fixed_number_of_queries(
    staff_client, django_assert_num_queries
):
    small = stored_name(preview(staff_client, HEADER + _many(120)))
    large = stored_name(preview(staff_client, HEADER + _many(1200)))

    # Session, user, its permissions (two: the group's, the user's own), expired uploads
    # dropped (one DELETE), the upload and its preview: whatever the file's size.
    for name in (small, large):
        with django_assert_num_queries(6):
            response = page(staff_client, name, page=2)
        assert len(response.context["preview"].rows) == 20 if name == small else PAGE_ROWS


def test_a_confirmation_that_fails_shows_the_rows_in_error(staff_client):
    people = EntrepreneurFactory.create_batch(2)
    content = "entrepreneur;date;kind\n" + "".join(
        f"{p.reference};2020-03-0{i + 1};individual_interview\n" for i, p in enumerate(people)
    )
    initial = (
        staff_client.post(
            reverse("admin:entrepreneurs_encounter_import"),
            {"import_file": upload(content, "r.csv"), "format": "0", "resource": "0"},
        )
        .context["confirm_form"]
        .initial
    )
    people[1].delete()

    response = staff_client.post(reverse("admin:entrepreneurs_encounter_process_import"), initial)

    view = response.context["preview"]
    assert [(row.line, row.kind) for row in view.rows] == [(3, "error")]
    assert view.rows[0].cells[0].errors == [
        f"« {people[1].reference} » introuvable (ni dans la base ni dans les fichiers chargés)."
    ]
    assert view.headers == ["Entrepreneur·e", "Date", "Type"]


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (None, ""),
        ("  Awa ", "  Awa "),
        (1979.0, "1979"),
        (2.5, "2,5"),
        (Decimal("12.50"), "12,50"),
        (True, "oui"),
        (datetime.datetime(2020, 6, 15), "15/06/2020"),
        (datetime.datetime(2020, 6, 15, 9, 30), "15/06/2020 09:30"),
        (datetime.date(2020, 6, 15), "15/06/2020"),
        (datetime.time(9, 30), "09:30"),
    ],
)
def test_a_cell_is_shown_as_a_french_spreadsheet_shows_it(value, text):
    assert cell_text(value) == text


def test_a_confirmed_import_writes_each_rows_changed_columns(staff_client):
    EntrepreneurFactory(reference="ENT-0001", first_name="Awa", birth_year=1980, gender="female")
    EntrepreneurFactory(reference="ENT-0002", first_name="Bea", birth_year=1985, gender="female")
    EntrepreneurFactory(reference="ENT-0003", first_name="Cat", birth_year=1990, gender="female")
    content = HEADER + "ENT-0001;Awa-Marie;1980;female\nENT-0002;Bea;1986;Homme\n"
    content += "ENT-0003;Cat;1990;female\n"
    confirm = preview(staff_client, content).context["confirm_form"].initial

    with CaptureQueriesContext(connection) as queries:
        staff_client.post(reverse(PROCESS), confirm)

    rows = Entrepreneur.objects.order_by("reference").values_list(
        "first_name", "birth_year", "gender", "version"
    )
    assert list(rows) == [
        ("Awa-Marie", 1980, "female", 2),
        ("Bea", 1986, "male", 2),
        ("Cat", 1990, "female", 1),
    ]
    updates = [
        q["sql"] for q in queries.captured_queries if q["sql"].startswith('UPDATE "entrepreneurs')
    ]
    # One UPDATE per set of changed columns, each naming only those (and the version).
    assert len(updates) == 2
    assert all('"last_name"' not in sql for sql in updates)
