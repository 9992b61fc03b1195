"""Every import and export of records is in the audit trail, without personal data."""

import pytest
from auditlog.models import LogEntry
from django.urls import reverse

from tests.entrepreneurs.factories import EntrepreneurFactory
from tests.imports.folders import FOLDER, run, write_folder
from tests.imports.uploads import CSV, export, preview

pytestmark = pytest.mark.django_db


def transfers():
    return list(
        LogEntry.objects.filter(additional_data__has_key="transfer")
        .order_by("pk")
        .values_list("additional_data", "actor__email")
    )


def test_admin_export_is_recorded_with_its_author_and_row_count(staff_client, staff_user):
    EntrepreneurFactory.create_batch(3, last_name="Ndiaye")
    export(staff_client, "0")
    ((data, actor),) = transfers()
    assert actor == staff_user.email
    assert data == {
        "transfer": "export",
        "model": "entrepreneurs.entrepreneur",
        "count": 3,
        "source": "admin",
    }


def test_confirmed_admin_import_is_recorded_but_not_its_preview(staff_client, staff_user):
    confirm = preview(staff_client, CSV).context["confirm_form"].initial
    assert transfers() == []
    staff_client.post(reverse("admin:entrepreneurs_entrepreneur_process_import"), confirm)
    ((data, actor),) = transfers()
    assert (data["transfer"], data["count"], data["source"], actor) == (
        "import",
        2,
        "admin",
        staff_user.email,
    )


def test_load_csv_records_one_entry_per_file_and_no_names(tmp_path):
    run(write_folder(tmp_path, FOLDER))
    recorded = {data["model"]: data["count"] for data, _actor in transfers()}
    assert recorded["entrepreneurs.entrepreneur"] == 2
    assert recorded["events.attendance"] == 2
    assert len(recorded) == len(FOLDER)
    dumped = str(list(LogEntry.objects.values()))
    assert "Awa" not in dumped and "Diop" not in dumped


def test_dry_run_records_nothing(tmp_path):
    run(write_folder(tmp_path, FOLDER), "--dry-run")
    assert transfers() == []
