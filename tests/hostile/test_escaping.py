"""User text is escaped on every page that shows it."""

import re

import pytest
from django.db import connection
from django.urls import reverse

from cooperatives.models import Cooperative
from entrepreneurs.models import Entrepreneur
from events.models import Event
from governance.models import Organisation
from tests.entrepreneurs.factories import EntrepreneurFactory
from tests.events.factories import EventFactory
from tests.governance.factories import OrganisationFactory
from tests.hostile.inputs import (
    ENTREPRENEUR,
    EVENT,
    ORGANISATION,
    SQL,
    admin_add_data,
)

pytestmark = pytest.mark.django_db

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

    root = Path(__file__).resolve().parents[2]
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
        {**admin_add_data(staff_client, ENTREPRENEUR), "last_name": SQL},
    )
    tables = connection.introspection.table_names()
    assert Entrepreneur._meta.db_table in tables
    assert Cooperative._meta.db_table in tables
    assert Entrepreneur.objects.filter(last_name=SQL).count() == 1
