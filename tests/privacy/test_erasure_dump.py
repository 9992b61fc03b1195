"""After an erasure, a dump of the whole database holds the erased person nowhere.

The person goes through what staff really do (admin add, edit, inline membership on a
cooperative, a removed attendance, an access export) so every copy the app makes exists
before the erasure. Data is committed (transactional test) so pg_dump sees it.
"""

import datetime
import os
import shutil
import subprocess

import pytest
from django.db import connection
from django.urls import reverse

from entrepreneurs.models import Entrepreneur
from events.models import Attendance
from spreadsheets.models import PendingUpload
from spreadsheets.storage import PendingUploadStorage, UploadGone
from tests.cooperatives.factories import CooperativeFactory
from tests.events.factories import EventFactory
from tests.privacy.admin_forms import change_form_post_data

# Every form a name takes in storage: plain, and JSON-escaped (admin change messages).
ERASED = ("Zénobie", "Z\\u00e9nobie", "Quarterfield", "zenobie.q", "98 76 54 32")


def database_dump() -> str:
    """The whole database as text: SQLite's iterdump, or pg_dump for PostgreSQL."""
    if connection.vendor == "sqlite":
        connection.ensure_connection()
        return "\n".join(connection.connection.iterdump())
    if shutil.which("pg_dump") is None:
        return _every_text_column()
    params = connection.get_connection_params()
    env = {**os.environ, "PGPASSWORD": params.get("password") or ""}
    command = ["pg_dump", "--data-only", "--dbname", params["dbname"]]
    for flag, key in (("--host", "host"), ("--port", "port"), ("--username", "user")):
        if params.get(key):
            command += [flag, str(params[key])]
    return subprocess.run(command, env=env, check=True, capture_output=True, text=True).stdout


def _every_text_column() -> str:
    values = []
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names(cursor):
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")
            values += [str(value) for row in cursor.fetchall() for value in row]
    return "\n".join(values)


def add_person_in_admin(client) -> Entrepreneur:
    data = change_form_post_data(client.get(reverse("admin:entrepreneurs_entrepreneur_add")))
    data.update(
        first_name="Zénobie",
        last_name="Quarterfield",
        email="zenobie.q@example.org",
        phone="+33 6 98 76 54 32",
        notes="Zénobie Quarterfield, hébergée chez sa sœur",
        gender="female",
        country_of_origin="CM",
        sector="food",
        project_kind="Traiteur",
    )
    assert client.post(reverse("admin:entrepreneurs_entrepreneur_add"), data).status_code == 302
    return Entrepreneur.objects.get(email="zenobie.q@example.org")


def edit_in_admin(client, person: Entrepreneur, **changes) -> None:
    url = reverse("admin:entrepreneurs_entrepreneur_change", args=[person.pk])
    data = change_form_post_data(client.get(url))
    data.update(changes)
    assert client.post(url, data).status_code == 302


def add_membership_in_cooperative_inline(client, person: Entrepreneur) -> None:
    coop = CooperativeFactory(start_date=datetime.date(2020, 9, 1), end_date=None)
    url = reverse("admin:cooperatives_cooperative_change", args=[coop.pk])
    data = change_form_post_data(client.get(url))
    data.update({"memberships-0-entrepreneur": person.pk, "memberships-0-joined_on": "01/09/2020"})
    response = client.post(url, data)
    assert response.status_code == 302, response.context["errors"]


@pytest.mark.django_db(transaction=True)
def test_erased_person_is_nowhere_in_the_database_dump(staff_client):
    person = add_person_in_admin(staff_client)
    edit_in_admin(staff_client, person, last_name="Quarterfield-Ndiaye", notes="Zénobie !")
    add_membership_in_cooperative_inline(staff_client, person)
    attendance = Attendance.objects.create(event=EventFactory(), entrepreneur=person)
    attendance.delete()
    staff_client.get(reverse("privacy:subject_access", args=[person.pk]) + "?format=json")
    dump = database_dump()
    assert all(value in dump for value in ("Zénobie", "Quarterfield")), "copies were made"

    response = staff_client.post(
        reverse("admin:entrepreneurs_entrepreneur_changelist"),
        {"action": "anonymise", "_selected_action": [person.pk], "post": "yes"},
    )
    assert response.status_code == 302

    dump = database_dump()
    assert [value for value in ERASED if value in dump] == []
    assert f"{person.reference} — Anonyme" in dump or person.reference in dump


def test_no_pending_import_upload_keeps_the_erased_name(db, settings, staff_user):
    from privacy.services import anonymise_entrepreneur
    from tests.entrepreneurs.factories import EntrepreneurFactory

    person = EntrepreneurFactory(first_name="Zénobie", last_name="Quarterfield")
    upload = PendingUploadStorage()
    upload.save(f"reference,first_name,last_name\n{person.reference},Zénobie,Quarterfield\n")
    assert "Quarterfield" in upload.read()

    anonymise_entrepreneur(person, staff_user)

    with pytest.raises(UploadGone):
        upload.read()
    assert not PendingUpload.objects.exists()
