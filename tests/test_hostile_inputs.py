"""Hostile and broken input across forms, imports, URLs and query strings.

For each: no server error, a clear message (a form error naming the field, an import error
naming the row, or a 400/404), and nothing saved by a refused request. Runs on SQLite and
PostgreSQL, which differ on NUL characters and out-of-range dates.
"""

import io
import re
import struct
import zlib

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.db import connection
from django.test import Client
from django.urls import reverse
from PIL import Image

from cooperatives.models import Cooperative
from entrepreneurs.models import Encounter, Entrepreneur
from events.models import Event
from governance.models import Organisation
from reports.models import ReportEdition
from tests.entrepreneurs.factories import EntrepreneurFactory
from tests.events.factories import EventFactory
from tests.governance.factories import OrganisationFactory
from tests.privacy.admin_forms import change_form_post_data

pytestmark = pytest.mark.django_db

NUL = "Awa\x00Diop"
RTL = "\u202eAwa Diop"  # right-to-left override: « poiD awA » on screen
ZERO_WIDTH = "A\u200bw\u200ca\ufeff"
XSS = '<script>alert("x")</script><img src=x onerror=alert(1)>'
SQL = "Robert'); DROP TABLE entrepreneurs_entrepreneur;--"
LONG = "x" * 10_000


def form_errors(response) -> dict:
    """The admin form's errors by field, inline forms' included (`prefix-n-field`)."""
    assert response.status_code == 200, f"expected the form again, got {response.status_code}"
    context = response.context
    errors = dict(context["adminform"].form.errors)
    for inline in context["inline_admin_formsets"]:
        formset = inline.formset
        if formset.non_form_errors():
            errors[f"{formset.prefix}-__all__"] = formset.non_form_errors()
        for form in formset.forms:
            errors.update({f"{form.prefix}-{name}": e for name, e in form.errors.items()})
    return errors


def add_form_data(client, model_name: str, obj) -> dict:
    """What a browser would post to add a copy of `obj` (read from its change page)."""
    page = client.get(reverse(f"admin:{model_name}_change", args=[obj.pk]))
    data = change_form_post_data(page)
    return {key: value for key, value in data.items() if value != "[]"}


# --- Admin add forms: (model, field, value) -> the form error names the field -------------

ENTREPRENEUR = "entrepreneurs_entrepreneur"
EVENT = "events_event"
ORGANISATION = "governance_organisation"
REFUSED_FIELDS = [
    (ENTREPRENEUR, "first_name", NUL),
    (ENTREPRENEUR, "notes", f"Notes {NUL}"),
    (ENTREPRENEUR, "first_name", LONG),
    (ENTREPRENEUR, "first_name", "   "),
    (ENTREPRENEUR, "email", "<script>@example.org"),
    (ENTREPRENEUR, "email", f"a{NUL}@example.org"),
    (ENTREPRENEUR, "birth_year", "-5"),
    (ENTREPRENEUR, "birth_year", "99999999999999999999"),
    (ENTREPRENEUR, "birth_year", "1980; DROP TABLE x"),
    (ENTREPRENEUR, "consent_date", "31/02/2020"),
    (ENTREPRENEUR, "consent_date", "99999-01-01"),
    (ENTREPRENEUR, "consent_date", "01/01/99999"),
    (ENTREPRENEUR, "country_of_origin", "ZZ"),
    (ENTREPRENEUR, "gender", "<script>"),
    (ENTREPRENEUR, "reference", SQL),
    (EVENT, "title", NUL),
    (EVENT, "date", "31/02/2020"),
    (EVENT, "date", "99999-01-01"),
    (EVENT, "duration_hours", "1e309"),
    (EVENT, "duration_hours", "NaN"),
    (ORGANISATION, "name", NUL),
    (ORGANISATION, "website", "javascript:alert(1)"),
]
FACTORIES = {ENTREPRENEUR: EntrepreneurFactory, EVENT: EventFactory, ORGANISATION: lambda: None}
MODELS = {ENTREPRENEUR: Entrepreneur, EVENT: Event, ORGANISATION: Organisation}


def _template(client, model_name: str) -> dict:
    if model_name == ORGANISATION:
        return {"name": "CAE Clara", "kind": "cooperative", **_empty_formset("partnerships")}
    data = add_form_data(client, model_name, FACTORIES[model_name]())
    data["reference"] = "NEW-0001"
    return data


def _empty_formset(prefix: str) -> dict:
    return {f"{prefix}-TOTAL_FORMS": "0", f"{prefix}-INITIAL_FORMS": "0"}


@pytest.mark.parametrize(
    ("model_name", "field", "value"),
    REFUSED_FIELDS,
    ids=[f"{m.split('_')[1]}-{f}-{v[:20]!r}" for m, f, v in REFUSED_FIELDS],
)
def test_admin_add_form_refuses_bad_value_naming_the_field(staff_client, model_name, field, value):
    data = _template(staff_client, model_name)
    model = MODELS[model_name]
    before = model.objects.count()

    response = staff_client.post(reverse(f"admin:{model_name}_add"), {**data, field: value})

    assert field in form_errors(response)
    assert model.objects.count() == before


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("encounters-TOTAL_FORMS", "abc"),
        ("encounters-0-staff_member", "-1"),
        ("encounters-0-date", "31/02/2020"),
        ("encounters-0-notes", NUL),
        ("version", "abc"),
    ],
)
def test_tampered_inline_and_hidden_fields_are_form_errors(staff_client, field, value):
    data = _template(staff_client, ENTREPRENEUR)
    data.update({"encounters-0-kind": "follow_up", "encounters-0-date": "15/06/2020"})

    response = staff_client.post(reverse(f"admin:{ENTREPRENEUR}_add"), {**data, field: value})

    assert form_errors(response)
    assert Entrepreneur.objects.count() == 1  # the factory's copy only
    assert Encounter.objects.count() == 0


@pytest.mark.parametrize(
    "value", [SQL, RTL, ZERO_WIDTH, XSS[:100], "0001-01-01"], ids=["sql", "rtl", "zw", "xss", "y1"]
)
def test_strange_but_valid_text_is_stored_as_typed_and_pages_still_render(staff_client, value):
    data = _template(staff_client, ENTREPRENEUR)

    response = staff_client.post(reverse(f"admin:{ENTREPRENEUR}_add"), {**data, "last_name": value})

    assert response.status_code == 302, form_errors(response)
    person = Entrepreneur.objects.get(reference="NEW-0001")
    assert person.last_name == value
    changelist = staff_client.get(reverse(f"admin:{ENTREPRENEUR}_changelist") + "?q=Diop")
    assert changelist.status_code == 200
    change = staff_client.get(reverse(f"admin:{ENTREPRENEUR}_change", args=[person.pk]))
    assert change.status_code == 200


@pytest.fixture
def board(board_user) -> Client:
    """The board member on a client of their own (staff_client holds the staff login)."""
    client = Client()
    client.force_login(board_user)
    return client


@pytest.mark.parametrize("date", ["01/01/0001", "31/12/9999"])
def test_extreme_but_valid_event_dates_keep_every_page_working(staff_client, board, date):
    data = _template(staff_client, EVENT)

    response = staff_client.post(reverse(f"admin:{EVENT}_add"), {**data, "date": date})

    # Either a clear refusal or a stored event; never a crash on the pages that read it.
    if response.status_code == 200:
        assert "date" in form_errors(response)
    for url in (
        reverse(f"admin:{EVENT}_changelist"),
        reverse(f"admin:{EVENT}_changelist") + "?date__year=1",
        reverse("reports:dashboard"),
        reverse("reports:dashboard_year", args=[2020]),
        reverse("reports:report", args=[2020]),
    ):
        assert staff_client.get(url, follow=True).status_code == 200, url
        assert board.get(url, follow=True).status_code in (200, 403), url


# --- Login form ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("login", "password"),
    [
        (NUL, "x"),
        ("board@example.org", f"pass{NUL}word"),
        (LONG + "@example.org", "x"),
        ("' OR 1=1 --", "' OR 1=1 --"),
        (XSS, "x"),
        (RTL, ZERO_WIDTH),
    ],
    ids=["nul-login", "nul-password", "overlong", "sql", "xss", "unicode"],
)
def test_login_form_refuses_hostile_input_with_a_message(client, board_user, login, password):
    response = client.post(reverse("account_login"), {"login": login, "password": password})

    assert response.status_code == 200
    assert response.context["form"].errors
    assert "_auth_user_id" not in client.session
    assert "<script>alert" not in response.content.decode()


# --- Report edition narrative and logo -------------------------------------------------------


def edition_data(**fields) -> dict:
    return {
        "year": "2020",
        "title": "Rapport d'activité",
        "introduction": "Bonjour",
        "sections-TOTAL_FORMS": "1",
        "sections-INITIAL_FORMS": "0",
        "sections-0-order": "1",
        "sections-0-chapter": "support",
        "sections-0-heading": "Accueil",
        "sections-0-body": "Texte",
        **fields,
    }


def png_bomb(side: int = 30_000) -> bytes:
    """65 bytes declaring a 30000 x 30000 image: Pillow's decompression bomb."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        crc = zlib.crc32(kind + data) & 0xFFFFFFFF
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", crc)

    header = struct.pack(">IIBBBBB", side, side, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(b""))
        + chunk(b"IEND", b"")
    )


def png(size: tuple[int, int] = (4, 4), padding: int = 0) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, "white").save(buffer, "PNG")
    return buffer.getvalue() + b"\0" * padding


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("introduction", f"Intro {NUL}"),
        ("title", LONG),
        ("year", "99999"),
        ("year", "-1"),
        ("sections-0-body", f"Corps {NUL}"),
        ("sections-0-chapter", "<script>"),
        ("logo", SimpleUploadedFile("logo.png", png(padding=3 * 1024 * 1024))),
        ("logo", SimpleUploadedFile("logo.png", b"not an image at all")),
        ("logo", SimpleUploadedFile("logo.png", b"GIF89a\x01\x00\x01\x00\x00\x00\x00;")),
        ("logo", SimpleUploadedFile("logo.svg", b"<svg onload='alert(1)'/>")),
        ("logo", SimpleUploadedFile("logo.png", png_bomb())),
    ],
    ids=[
        "nul-intro",
        "long-title",
        "year-99999",
        "year-negative",
        "nul-section",
        "chapter",
        "logo-3mb",
        "logo-text",
        "logo-gif",
        "logo-svg",
        "logo-bomb",
    ],
)
def test_report_edition_form_refuses_bad_input_naming_the_field(staff_client, field, value):
    response = staff_client.post(
        reverse("admin:reports_reportedition_add"), edition_data(**{field: value})
    )

    assert field in form_errors(response)
    assert ReportEdition.objects.count() == 0


def test_narrative_with_html_is_stored_but_shown_inert_on_the_report(staff_client, board):
    response = staff_client.post(
        reverse("admin:reports_reportedition_add"),
        edition_data(introduction=f"Bienvenue {XSS} [lien](javascript:alert(1))"),
    )
    assert response.status_code == 302

    for client in (staff_client, board):
        page = client.get(reverse("reports:report", args=[2020])).content.decode()
        # Raw tags never reach the page (escaped text « &lt;img ... » may).
        assert not re.search(r"<script>alert|<img src=x", page)
        assert 'href="javascript:' not in page


# --- Imports: admin upload and load_csv ------------------------------------------------------

CSV_HEAD = "reference;first_name;birth_year\n"


def admin_preview(client, content: bytes, name: str = "entrepreneurs.csv", fmt: str = "0"):
    upload = SimpleUploadedFile(name, content, content_type="text/csv")
    url = reverse("admin:entrepreneurs_entrepreneur_import")
    return client.post(url, {"import_file": upload, "format": fmt, "resource": "0"})


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
        "import.csv:2: plus de cellules",
    ),
    "year-overflow": ((CSV_HEAD + "ENT-0001;Awa;99999999999999999999\n").encode(), "birth_year"),
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


# --- URLs and query strings ------------------------------------------------------------------

CHANGELIST = "/admin/entrepreneurs/entrepreneur/"
ENCOUNTERS = "/admin/entrepreneurs/encounter/"
EVENTS = "/admin/events/event/"
# url -> statuses that are a clear answer (302: the admin's « bad parameters » redirect).
STAFF_URLS = {
    f"{CHANGELIST}?q={LONG}": {200},
    f"{CHANGELIST}?q=%27%20OR%201%3D1%20--": {200},
    f"{CHANGELIST}?q=%3Cscript%3Ealert(1)%3C/script%3E": {200},
    f"{CHANGELIST}?q=%00": {400},
    f"{CHANGELIST}?o=999": {200},
    f"{CHANGELIST}?o=-1.abc": {200},
    # A page number out of range shows the first or last page.
    f"{CHANGELIST}?p=-1": {200},
    f"{CHANGELIST}?p=abc": {200},
    f"{CHANGELIST}?p=99999999999999999999": {200},
    f"{CHANGELIST}?gender__exact=%00": {400},
    f"{CHANGELIST}?country_of_origin=%00": {400},
    f"{CHANGELIST}?birth_year=99999999999999999999": {200},
    f"{CHANGELIST}?reference__regex=(": {302},
    f"{CHANGELIST}?no_such_field=1": {302},
    # A lookup across a relation the admin does not offer: SuspiciousOperation.
    f"{CHANGELIST}?encounters__notes__icontains=x": {400},
    f"{EVENTS}?date__year=abc": {302},
    f"{EVENTS}?date__year=99999": {302},
    f"{ENCOUNTERS}?date__year=0": {302},
    f"{ENCOUNTERS}?date__year=-5": {302},
    f"{ENCOUNTERS}?date__year__gte=99999": {302},
    f"{ENCOUNTERS}?date__month=13": {200, 302},
    f"{ENCOUNTERS}?date__gte=0001-01-01": {200},
    f"{ENCOUNTERS}?date__gte=99999-01-01": {302},
    f"{ENCOUNTERS}?date__gte=31/02/2020": {302},
    f"{EVENTS}?kind__exact=%00": {400},
    "/admin/auditlog/logentry/?timestamp__year=99999": {200, 302},
    "/admin/reports/entrepreneurmet/?year=99999999999999999999": {200},
    f"{CHANGELIST}99999999999999999999/change/": {302},
    f"{CHANGELIST}-1/change/": {302},
    f"{CHANGELIST}%00/change/": {400},
    f"{CHANGELIST}1%27%20OR%201=1--/change/": {302},
    "/admin/autocomplete/?app_label=entrepreneurs&model_name=encounter"
    "&field_name=entrepreneur&term=%00": {400},
    "/admin/autocomplete/?app_label=%3Cscript%3E&model_name=x&field_name=y": {403},
    "/personal-data/-1/": {404},
    "/personal-data/99999999999999999999/": {404},
    "/reports/99999.pdf": {404},
    "/reports/0/": {404},
    "/dashboard/0/": {404},
    "/dashboard/99999999999999999999/": {404},
    "/dashboard/-2020/": {404},
    f"/reports/2020/?{'x=1&' * 500}": {200},
    "/accounts/login/?next=%00": {400},
    "/accounts/password/reset/key/1-%00/": {400},
    "/i18n/setlang/?next=javascript:alert(1)": {302},
}


@pytest.mark.parametrize("url", STAFF_URLS, ids=lambda url: url[:70])
def test_hostile_url_gets_a_clear_answer(staff_client, url):
    EntrepreneurFactory()
    EventFactory()

    response = staff_client.get(url)

    assert response.status_code in STAFF_URLS[url], response.content[:300]
    if "%00" in url:
        assert "caractère nul" in response.content.decode()
    if response.status_code == 302 and "/admin/" in url:
        # The admin's « bad parameters » answer: back to the list, flagged as an error.
        assert response["Location"].endswith("?e=1") or "/admin/" in response["Location"]
    if "setlang" in url:
        assert "javascript" not in response["Location"]


def test_subject_access_with_an_unknown_format_names_the_parameter(staff_client):
    person = EntrepreneurFactory()
    url = reverse("privacy:subject_access", args=[person.pk]) + "?format=%3Cscript%3E"

    response = staff_client.get(url)

    assert response.status_code == 400
    assert "format" in response.content.decode()


def test_too_many_form_fields_are_refused_with_400(staff_client, settings):
    data = {f"field{i}": "x" for i in range(settings.DATA_UPLOAD_MAX_NUMBER_FIELDS + 1)}
    before = Entrepreneur.objects.count()

    response = staff_client.post(reverse(f"admin:{ENTREPRENEUR}_add"), data)

    assert response.status_code == 400
    assert Entrepreneur.objects.count() == before


def test_oversized_form_body_is_refused_with_400(staff_client, settings):
    notes = "x" * (settings.DATA_UPLOAD_MAX_MEMORY_SIZE + 1)

    response = staff_client.post(reverse(f"admin:{ENTREPRENEUR}_add"), {"notes": notes})

    assert response.status_code == 400
    assert Entrepreneur.objects.count() == 0


def test_upload_limits_are_set_for_the_files_the_app_accepts(settings):
    from spreadsheets.admin import MAX_UPLOAD_BYTES

    # An accepted import is held in memory, never written to a temporary file on disk.
    assert settings.FILE_UPLOAD_MAX_MEMORY_SIZE >= MAX_UPLOAD_BYTES
    assert settings.DATA_UPLOAD_MAX_MEMORY_SIZE <= 2.5 * 1024 * 1024
    assert settings.DATA_UPLOAD_MAX_NUMBER_FIELDS <= 1000
    assert settings.DATA_UPLOAD_MAX_NUMBER_FILES <= 10


def test_accepted_import_upload_never_touches_the_disk(staff_client, monkeypatch):
    from django.core.files.uploadhandler import TemporaryFileUploadHandler

    def refuse(*args, **kwargs):
        raise AssertionError("an upload below the limit was written to a temporary file")

    monkeypatch.setattr(TemporaryFileUploadHandler, "new_file", refuse)
    # Above Django's default 2.5 MB in memory, below the 5 MB import limit; in cp1252, so
    # the import stops at once (« pas encodé en UTF-8 ») after the upload was read.
    content = ("reference;first_name\n" + "ENT-0001;Hélène\n" * 200_000).encode("cp1252")
    assert 2.5 * 1024 * 1024 < len(content) < 5 * 1024 * 1024

    response = admin_preview(staff_client, content)

    assert "pas encodé en UTF-8" in response.content.decode()


# --- Escaping: user text on every page that shows it -----------------------------------------


def _text_fields(model) -> list[str]:
    return [
        field.name
        for field in model._meta.concrete_fields
        if field.get_internal_type() in ("CharField", "TextField")
        and not field.choices
        and field.name not in ("reference", "country_of_origin")
        and field.editable
    ]


@pytest.fixture
def hostile_records(db):
    """An entrepreneur, an event and an organisation with HTML/JS in every text field."""

    def payload(model, field) -> str:
        limit = model._meta.get_field(field).max_length or 1000
        return f"<script>alert('{field}')</script>"[:limit]

    organisation = OrganisationFactory(
        name="<script>alert('org')</script>",
        **{f: payload(Organisation, f) for f in _text_fields(Organisation) if f != "name"},
    )
    person = EntrepreneurFactory(
        referred_by=organisation,
        **{f: payload(Entrepreneur, f) for f in _text_fields(Entrepreneur)},
    )
    event = EventFactory(**{f: payload(Event, f) for f in _text_fields(Event)})
    event.partners.add(organisation)
    return {"person": person, "event": event, "organisation": organisation}


def test_every_page_showing_user_text_escapes_it(staff_client, board, hostile_records):
    records = hostile_records
    staff_pages = [
        reverse(f"admin:{ENTREPRENEUR}_changelist"),
        reverse(f"admin:{ENTREPRENEUR}_change", args=[records["person"].pk]),
        reverse(f"admin:{EVENT}_changelist"),
        reverse(f"admin:{EVENT}_change", args=[records["event"].pk]),
        reverse(f"admin:{ORGANISATION}_changelist"),
        reverse(f"admin:{ORGANISATION}_change", args=[records["organisation"].pk]),
        reverse("privacy:subject_access", args=[records["person"].pk]),
        reverse("reports:report", args=[2020]),
        reverse("reports:dashboard_year", args=[2020]),
    ]
    shown = 0
    for client, pages in ((staff_client, staff_pages), (board, staff_pages[-2:])):
        for url in pages:
            html = client.get(url).content.decode()
            assert not re.search(r"<script>alert", html), url
            shown += html.count("&lt;script&gt;alert(")
    assert shown >= 10  # the text is shown (escaped), not silently dropped


def test_no_template_turns_off_escaping_except_plain_text_mail():
    from pathlib import Path

    root = Path(__file__).resolve().parents[1]
    unsafe = [
        str(path.relative_to(root))
        for path in (root / "templates").rglob("*")
        if path.is_file()
        and re.search(r"\|\s*safe\b|autoescape\s+off", path.read_text(encoding="utf-8"))
    ]
    # The invitation, the notice and the weekly digest are plain-text e-mails: HTML escaping
    # would garble them (the digest's HTML part escapes).
    assert sorted(unsafe) == [
        "templates/governance/email/digest.txt",
        "templates/governance/email/invitation.txt",
        "templates/governance/email/notice.txt",
    ]


def test_database_is_whole_after_sql_looking_input(staff_client):
    staff_client.post(
        reverse(f"admin:{ENTREPRENEUR}_add"),
        {**_template(staff_client, ENTREPRENEUR), "last_name": SQL},
    )
    tables = connection.introspection.table_names()
    assert Entrepreneur._meta.db_table in tables
    assert Cooperative._meta.db_table in tables
    assert Entrepreneur.objects.filter(last_name=SQL).count() == 1
