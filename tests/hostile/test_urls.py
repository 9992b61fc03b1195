"""URLs, query strings and request limits: a clear 4xx, never a 500."""

import pytest
from django.urls import reverse

from entrepreneurs.models import Entrepreneur
from tests.entrepreneurs.factories import EntrepreneurFactory
from tests.events.factories import EventFactory
from tests.hostile.inputs import (
    ENTREPRENEUR,
    LONG,
    admin_preview,
)

pytestmark = pytest.mark.django_db

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
        # An unknown record: back to the admin's index (with its message); bad list
        # parameters: back to the list, flagged as an error.
        expected = "/admin/" if url.endswith("/change/") else "?e=1"
        assert response["Location"].endswith(expected), response["Location"]
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
