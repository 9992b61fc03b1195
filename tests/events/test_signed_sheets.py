"""Signed sheet scans: type read from the content, 10 MB at most, private storage,
served to staff only without caching; purge and the access export's list."""

import datetime
import io
from pathlib import Path

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse

from core.validators import UPLOAD_MAX_BYTES
from events.models import SignedSheet
from events.services import purge_expired_scans, sheets_for
from tests.events.factories import PDF_BYTES, AttendanceFactory, EventFactory, SignedSheetFactory

pytestmark = pytest.mark.django_db

PNG = b"\x89PNG\r\n\x1a\n" + b"\0" * 64
JPEG = b"\xff\xd8\xff\xe0" + b"\0" * 64


def upload(client, session, name, data):
    url = reverse("events:upload_signed_sheet", args=[session.pk])
    return client.post(url, {"file": SimpleUploadedFile(name, data)}, follow=True)


@pytest.mark.parametrize(
    ("name", "data", "content_type"),
    [
        ("Grace Nakato.pdf", PDF_BYTES, "application/pdf"),
        ("Olga.png", PNG, "image/png"),
        ("Awa Diop.jpg", JPEG, "image/jpeg"),
    ],
)
def test_pdf_png_and_jpeg_scans_are_stored_privately(
    staff_client, settings, name, data, content_type
):
    session = EventFactory().sessions.get()
    upload(staff_client, session, name, data)
    sheet = SignedSheet.objects.get()
    assert sheet.content_type == content_type
    path = sheet.file.path
    assert path.startswith(str(settings.PRIVATE_MEDIA_ROOT))
    assert not path.startswith(str(settings.MEDIA_ROOT))
    assert (
        name.split(".")[0] not in sheet.file.name
    )  # a random name: the uploaded one may hold a person's


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("scan.pdf", b"<html>not a pdf</html>", "doit être un fichier PDF, JPEG ou PNG"),
        ("scan.png", b"GIF89a" + b"\0" * 10, "doit être un fichier PDF, JPEG ou PNG"),
        ("big.pdf", b"%PDF-" + b"\0" * UPLOAD_MAX_BYTES, "10 Mo"),
    ],
)
def test_other_files_are_refused_by_content_and_size(staff_client, name, data, message):
    session = EventFactory().sessions.get()
    response = upload(staff_client, session, name, data)
    assert message in response.content.decode()
    assert not SignedSheet.objects.exists()


def test_board_members_cannot_download_a_scan(board_client):
    sheet = SignedSheetFactory()
    assert board_client.get(reverse("events:signed_sheet", args=[sheet.pk])).status_code == 403


def test_staff_download_a_scan_never_cached(staff_client):
    sheet = SignedSheetFactory()
    url = reverse("events:signed_sheet", args=[sheet.pk])
    response = staff_client.get(url)
    assert b"".join(response.streaming_content) == PDF_BYTES
    assert "no-store" in response["Cache-Control"]
    assert response["Content-Type"] == "application/pdf"


def test_scans_have_no_url():
    sheet = SignedSheetFactory()
    with pytest.raises(ValueError):
        sheet.file.url  # noqa: B018


def test_purge_deletes_the_files_and_rows_of_sessions_before_the_day():
    old = SignedSheetFactory(session=EventFactory(date=datetime.date(2015, 3, 1)).sessions.get())
    kept = SignedSheetFactory(session=EventFactory(date=datetime.date(2020, 3, 1)).sessions.get())
    old_path = old.file.path
    assert purge_expired_scans(datetime.date(2016, 1, 1), dry_run=True) == 1
    assert purge_expired_scans(datetime.date(2016, 1, 1)) == 1
    assert list(SignedSheet.objects.all()) == [kept]
    assert not Path(old_path).exists()


def test_sheets_for_lists_the_scans_of_the_sessions_a_person_was_registered_for():
    attendance = AttendanceFactory()
    mine = SignedSheetFactory(session=attendance.session)
    SignedSheetFactory()
    assert list(sheets_for(attendance.entrepreneur)) == [mine]


@time_machine.travel(datetime.datetime(2026, 6, 1, 12, tzinfo=datetime.UTC), tick=False)
def test_apply_retention_deletes_the_sheets_past_their_period_and_a_dry_run_keeps_them(settings):
    settings.SIGNED_SHEET_RETENTION_YEARS = 5
    today = datetime.date(2026, 6, 1)
    old_day = datetime.date(2020, 5, 31)  # six years before
    old = SignedSheetFactory(session=EventFactory(date=old_day).sessions.get())
    recent = SignedSheetFactory(session=EventFactory(date=today).sessions.get())

    out = io.StringIO()
    call_command("apply_retention", "--dry-run", stdout=out)
    assert "1 feuille(s) d'émargement signée(s)" in out.getvalue()
    assert SignedSheet.objects.count() == 2

    call_command("apply_retention", stdout=io.StringIO())
    assert list(SignedSheet.objects.all()) == [recent]
    assert not Path(old.file.path).exists()


def test_the_access_export_lists_the_sheets_carrying_the_persons_name(staff_client):
    attendance = AttendanceFactory()
    SignedSheetFactory(session=attendance.session)
    SignedSheetFactory()  # another session's
    url = reverse("privacy:subject_access", args=[attendance.entrepreneur.pk])
    data = staff_client.get(url, {"format": "json"}).json()
    assert [sheet["event"] for sheet in data["signed_sheets"]] == [attendance.event.reference]
    page = staff_client.get(url).content.decode()
    assert "émargement signées portant son nom (1)" in page


def test_download_query_count_is_fixed(staff_client, django_assert_num_queries):
    sheet = SignedSheetFactory()
    # 1 login session, 2 user, 3-4 permissions, 5 the sheet with its session and event.
    with django_assert_num_queries(5):
        response = staff_client.get(reverse("events:signed_sheet", args=[sheet.pk]))
    assert response.status_code == 200


def test_deleting_a_session_deletes_its_scan_files():
    sheet = SignedSheetFactory()
    path = Path(sheet.file.path)
    assert path.exists()
    sheet.session.event.delete()
    assert not path.exists()
