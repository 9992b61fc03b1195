"""Event and attendance rules: refused by the model (French message on the field), by the
database when clean() is bypassed, and by the admin form, which then saves nothing."""

import pytest
from django.core.exceptions import NON_FIELD_ERRORS
from django.urls import reverse

from events.models import Attendance
from tests.entrepreneurs.factories import EntrepreneurFactory
from tests.events.factories import AttendanceFactory, EventFactory
from tests.events.forms import event_form
from tests.validation import (
    assert_admin_form_refused,
    assert_database_refuses,
    clean_errors,
    management_form,
)

pytestmark = pytest.mark.django_db

DUPLICATE_ATTENDANCE = "Cette personne est déjà inscrite à cette séance."


def test_same_person_twice_at_an_event_is_refused():
    first = AttendanceFactory()
    duplicate = Attendance(event=first.event, entrepreneur=first.entrepreneur)
    assert clean_errors(duplicate)[NON_FIELD_ERRORS] == [DUPLICATE_ATTENDANCE]


def test_database_refuses_same_person_twice_at_an_event():
    first = AttendanceFactory()
    assert_database_refuses(
        lambda: AttendanceFactory(event=first.event, entrepreneur=first.entrepreneur)
    )


def test_negative_duration_is_refused_on_duration():
    event = EventFactory.build(duration_hours=-1)
    assert clean_errors(event)["duration_hours"] == [
        "Assurez-vous que cette valeur est supérieure ou égale à 0."
    ]


def test_database_refuses_negative_duration():
    assert_database_refuses(lambda: EventFactory(duration_hours=-1))


def test_admin_refuses_same_person_twice_at_an_event(staff_client):
    first = AttendanceFactory()
    response = staff_client.post(
        reverse("admin:events_attendance_add"),
        {"event": first.event.pk, "entrepreneur": first.entrepreneur.pk, "status": "attended"},
    )
    assert_admin_form_refused(response, NON_FIELD_ERRORS, DUPLICATE_ATTENDANCE)
    assert Attendance.objects.count() == 1


def test_admin_refuses_the_same_person_twice_in_the_attendance_inline(staff_client):
    event = EventFactory(title="Atelier couture")
    entrepreneur = EntrepreneurFactory()
    row = {"entrepreneur": entrepreneur.pk, "status": "attended"}
    data = event_form(
        event,
        title="Atelier couture renommé",
        **management_form("attendances", total=2),
        **{f"attendances-{i}-{key}": value for i in (0, 1) for key, value in row.items()},
    )
    response = staff_client.post(reverse("admin:events_event_change", args=[event.pk]), data)
    assert response.status_code == 200
    formset = response.context["inline_admin_formsets"][1].formset
    assert "en double" in " ".join(formset.non_form_errors())
    assert not Attendance.objects.exists()
    event.refresh_from_db()
    assert event.title == "Atelier couture"


def test_admin_refuses_adding_someone_already_attending_through_the_inline(staff_client):
    first = AttendanceFactory()
    data = event_form(
        first.event,
        **management_form("attendances", total=2, initial=1),
        **{
            "attendances-0-id": first.pk,
            "attendances-0-event": first.event.pk,
            "attendances-0-entrepreneur": first.entrepreneur.pk,
            "attendances-0-status": "attended",
            "attendances-0-version": first.version,
            "attendances-1-event": first.event.pk,
            "attendances-1-entrepreneur": first.entrepreneur.pk,
            "attendances-1-status": "absent",
        },
    )
    response = staff_client.post(reverse("admin:events_event_change", args=[first.event.pk]), data)
    assert response.status_code == 200
    formset = response.context["inline_admin_formsets"][1].formset
    assert "Corrigez les données en double dans entrepreneur" in formset.non_form_errors()[0]
    assert Attendance.objects.get().status == Attendance.Status.ATTENDED


def test_admin_refuses_negative_duration(staff_client):
    event = EventFactory()
    url = reverse("admin:events_event_change", args=[event.pk])
    response = staff_client.post(url, event_form(event, duration_hours="-2"))
    message = "Assurez-vous que cette valeur est supérieure ou égale à 0."
    assert_admin_form_refused(response, "duration_hours", message)
    event.refresh_from_db()
    assert event.duration_hours == 3
