"""An import confirmed after its upload is gone gets a French message, not a server error;
expired uploads are purged by a command and by every visit to the import pages."""

import datetime

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from entrepreneurs.models import Entrepreneur
from privacy.services import anonymise_entrepreneur
from spreadsheets.models import PendingUpload
from tests.entrepreneurs.factories import EntrepreneurFactory
from tests.imports.uploads import CSV, preview

pytestmark = pytest.mark.django_db

GONE = "Ce fichier n'est plus disponible, importez-le à nouveau."
PROCESS = "admin:entrepreneurs_entrepreneur_process_import"


def confirm_data(client) -> dict:
    return preview(client, CSV).context["confirm_form"].initial


def assert_gone(response) -> None:
    assert response.status_code == 200
    assert response.request["PATH_INFO"] == reverse("admin:entrepreneurs_entrepreneur_import")
    assert GONE in [str(message) for message in response.context["messages"]]


def test_a_double_submit_saves_once_and_then_says_the_file_is_gone(staff_client):
    data = confirm_data(staff_client)
    staff_client.post(reverse(PROCESS), data)

    response = staff_client.post(reverse(PROCESS), data, follow=True)

    assert_gone(response)
    assert Entrepreneur.objects.count() == 2


def test_an_unknown_upload_name_says_the_file_is_gone(staff_client):
    data = {**confirm_data(staff_client), "import_file_name": "0" * 32}

    assert_gone(staff_client.post(reverse(PROCESS), data, follow=True))
    assert Entrepreneur.objects.count() == 0


def test_an_upload_purged_by_an_erasure_says_the_file_is_gone(staff_client, staff_user):
    data = confirm_data(staff_client)
    anonymise_entrepreneur(EntrepreneurFactory(), staff_user)

    assert_gone(staff_client.post(reverse(PROCESS), data, follow=True))
    assert Entrepreneur.objects.count() == 1


def age_uploads(minutes: int, **which) -> None:
    PendingUpload.objects.filter(**which).update(
        created_at=timezone.now() - datetime.timedelta(minutes=minutes)
    )


def test_an_expired_upload_says_the_file_is_gone(staff_client):
    data = confirm_data(staff_client)
    age_uploads(61)

    assert_gone(staff_client.post(reverse(PROCESS), data, follow=True))
    assert Entrepreneur.objects.count() == 0


def test_opening_the_import_page_purges_expired_uploads(staff_client):
    confirm_data(staff_client)
    age_uploads(61)

    staff_client.get(reverse("admin:entrepreneurs_entrepreneur_import"))

    assert PendingUpload.objects.count() == 0


def test_purge_uploads_drops_expired_uploads_and_keeps_recent_ones(staff_client, capsys):
    expired = confirm_data(staff_client)["import_file_name"]
    kept = confirm_data(staff_client)["import_file_name"]
    age_uploads(61, name=expired)

    call_command("purge_uploads")

    assert list(PendingUpload.objects.values_list("name", flat=True)) == [kept]
    assert "1 fichier" in capsys.readouterr().out
