"""The admin import's confirmation is all-or-nothing: the whole file again, in one
transaction, or nothing at all."""

import pytest
from django.urls import reverse

from entrepreneurs.models import Encounter, Entrepreneur
from spreadsheets.models import PendingUpload
from tests.entrepreneurs.factories import EntrepreneurFactory
from tests.imports.uploads import CSV, upload

pytestmark = pytest.mark.django_db

ENCOUNTERS = "entrepreneur;date;kind\n{}"
ENCOUNTER_ROW = "{};2020-03-0{};individual_interview\n"


def preview_encounters(client, content: str):
    url = reverse("admin:entrepreneurs_encounter_import")
    return client.post(
        url, {"import_file": upload(content, "rencontres.csv"), "format": "0", "resource": "0"}
    )


def confirm(client, model: str, initial: dict):
    return client.post(reverse(f"admin:entrepreneurs_{model}_process_import"), initial)


def test_confirmation_saves_nothing_when_a_row_no_longer_holds(staff_client):
    people = EntrepreneurFactory.create_batch(3)
    rows = "".join(ENCOUNTER_ROW.format(p.reference, i + 1) for i, p in enumerate(people))
    initial = preview_encounters(staff_client, ENCOUNTERS.format(rows)).context["confirm_form"]
    people[2].delete()  # a colleague deletes the person row 3 refers to

    response = confirm(staff_client, "encounter", initial.initial)

    assert response.status_code == 200
    assert Encounter.objects.count() == 0
    content = response.content.decode()
    assert f"« {people[2].reference} » introuvable" in content
    assert "rien n'a été enregistré" in content


def test_a_preview_with_errors_is_not_stored(staff_client):
    response = preview_encounters(staff_client, CSV + "ENT-0003;Cat;abc\n")

    assert response.context.get("confirm_form") is None
    assert PendingUpload.objects.count() == 0


def test_confirming_a_file_with_errors_saves_none_of_its_rows(staff_client):
    # The name of a stored upload whose rows do not all hold, posted by hand.
    PendingUpload.objects.create(name="f" * 32, data=(CSV + "ENT-0003;Cat;abc\n").encode())
    initial = {
        "import_file_name": "f" * 32,
        "original_file_name": "personnes.csv",
        "format": "0",
        "resource": "0",
    }

    response = confirm(staff_client, "entrepreneur", initial)

    assert response.status_code == 200
    assert Entrepreneur.objects.count() == 0
    assert "n&#x27;est pas un nombre entier" in response.content.decode()
