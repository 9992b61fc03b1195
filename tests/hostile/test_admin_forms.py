"""Admin forms: a bad value is a form error naming the field, nothing saved."""

import pytest
from django.urls import reverse

from entrepreneurs.models import Encounter, Entrepreneur
from events.models import Event
from tests.hostile.inputs import (
    ENTREPRENEUR,
    EVENT,
    LONG,
    MODELS,
    NUL,
    ORGANISATION,
    RTL,
    SQL,
    XSS,
    ZERO_WIDTH,
    admin_add_data,
    form_errors,
)

pytestmark = pytest.mark.django_db

# --- Admin add forms: (model, field, value) -> the form error names the field -------------

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


@pytest.mark.parametrize(
    ("model_name", "field", "value"),
    REFUSED_FIELDS,
    ids=[f"{m.split('_')[1]}-{f}-{v[:20]!r}" for m, f, v in REFUSED_FIELDS],
)
def test_admin_add_form_refuses_bad_value_naming_the_field(staff_client, model_name, field, value):
    data = admin_add_data(staff_client, model_name)
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
    data = admin_add_data(staff_client, ENTREPRENEUR)
    data.update({"encounters-0-kind": "follow_up", "encounters-0-date": "15/06/2020"})

    response = staff_client.post(reverse(f"admin:{ENTREPRENEUR}_add"), {**data, field: value})

    assert form_errors(response)
    assert Entrepreneur.objects.count() == 1  # the factory's copy only
    assert Encounter.objects.count() == 0


@pytest.mark.parametrize(
    "value", [SQL, RTL, ZERO_WIDTH, XSS[:100], "0001-01-01"], ids=["sql", "rtl", "zw", "xss", "y1"]
)
def test_strange_but_valid_text_is_stored_as_typed_and_pages_still_render(staff_client, value):
    data = admin_add_data(staff_client, ENTREPRENEUR)

    response = staff_client.post(reverse(f"admin:{ENTREPRENEUR}_add"), {**data, "last_name": value})

    assert response.status_code == 302, form_errors(response)
    person = Entrepreneur.objects.get(reference="NEW-0001")
    assert person.last_name == value
    changelist = staff_client.get(reverse(f"admin:{ENTREPRENEUR}_changelist") + "?q=Diop")
    assert changelist.status_code == 200
    change = staff_client.get(reverse(f"admin:{ENTREPRENEUR}_change", args=[person.pk]))
    assert change.status_code == 200


@pytest.mark.parametrize("date", ["01/01/0001", "31/12/9999"])
def test_extreme_event_dates_are_refused_and_every_page_keeps_working(staff_client, board, date):
    data = admin_add_data(staff_client, EVENT)

    response = staff_client.post(reverse(f"admin:{EVENT}_add"), {**data, "date": date})

    # Dates outside 1900-2100 are refused on the field (issue 12), and nothing is stored.
    assert response.status_code == 200
    assert "date" in form_errors(response)
    assert not Event.objects.filter(reference="NEW-0001").exists()
    for url in (
        reverse(f"admin:{EVENT}_changelist"),
        reverse(f"admin:{EVENT}_changelist") + "?date__year=1",
        reverse("reports:dashboard"),
        reverse("reports:dashboard_year", args=[2020]),
        reverse("reports:report", args=[2020]),
    ):
        assert staff_client.get(url, follow=True).status_code == 200, url
        assert board.get(url, follow=True).status_code in (200, 403), url
