"""The staff's admin for events and attendance."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from events.models import Attendance, Event, Sale
from tests.admin_checks import (
    CHANGELIST_QUERIES,
    check_add_form_opens,
    check_board_refused,
    check_changelist_queries,
)
from tests.cooperatives.factories import CooperativeFactory, MembershipFactory, ProgrammeFactory
from tests.events.factories import (
    AttendanceFactory,
    EventFactory,
    SaleFactory,
    SessionFactory,
    TrainerFactory,
)
from tests.events.forms import event_form
from tests.governance.factories import OrganisationFactory
from tests.privacy.admin_forms import change_form_post_data


def make_event(i: int) -> None:
    event = EventFactory(
        date=datetime.date(2019 + i % 3, 10, 1),
        cooperative=CooperativeFactory(),
        programme=ProgrammeFactory(),
    )
    event.partners.add(OrganisationFactory())
    AttendanceFactory.create_batch(2, event=event)
    AttendanceFactory(event=event, status=Attendance.Status.ABSENT)


def make_attendance(i: int) -> None:
    AttendanceFactory(event=EventFactory(cooperative=CooperativeFactory()))


def make_session(i: int) -> None:
    session = EventFactory(date=datetime.date(2019 + i % 3, 10, 1)).sessions.get()
    AttendanceFactory.create_batch(2, event=session.event, session=session)


def make_trainer(i: int) -> None:
    TrainerFactory(organisation=OrganisationFactory())


def make_sale(i: int) -> None:
    membership = MembershipFactory()
    SaleFactory(
        event__date=datetime.date(2019 + i % 3, 12, 5),
        cooperative=membership.cooperative,
        membership=membership if i % 2 else None,
    )


# model name -> (row builder, queries of its changelist whatever the number of rows). On top
# of CHANGELIST_QUERIES (request, counts, page of rows with its annotated count): "years" = the
# year filter's distinct years, "cooperatives"/"programmes" = the choices of those filters,
# "hierarchy" = the date hierarchy's min/max and its links (2).
CHANGELISTS = {
    # years, cooperatives, programmes, hierarchy
    "event": (make_event, CHANGELIST_QUERIES + 5),
    "attendance": (make_attendance, CHANGELIST_QUERIES + 2),  # years (through the event), coops
    "session": (make_session, CHANGELIST_QUERIES + 1),  # years
    "trainer": (make_trainer, CHANGELIST_QUERIES),
    "sale": (make_sale, CHANGELIST_QUERIES + 2),  # years (through the event), cooperatives
}


@pytest.mark.parametrize("rows", [1, 30])
@pytest.mark.parametrize("model_name", CHANGELISTS)
def test_events_changelist_query_count_does_not_grow_with_rows(
    staff_client, django_assert_num_queries, model_name, rows
):
    check_changelist_queries(
        staff_client, django_assert_num_queries, "events", CHANGELISTS, model_name, rows
    )


@pytest.mark.parametrize("model_name", CHANGELISTS)
def test_staff_can_open_events_add_form(staff_client, model_name):
    check_add_form_opens(staff_client, "events", model_name)


@pytest.mark.parametrize("model_name", CHANGELISTS)
def test_board_member_cannot_open_events_admin(board_client, model_name):
    check_board_refused(board_client, "events", model_name)


def test_event_changelist_counts_only_people_present(staff_client):
    make_event(0)
    response = staff_client.get(reverse("admin:events_event_changelist"))
    assert [e.attendee_count for e in response.context["cl"].result_list] == [2]


def test_event_cooperative_filter_keeps_that_cooperative_events(staff_client):
    cooperative = CooperativeFactory()
    EventFactory(title="Atelier coop", cooperative=cooperative)
    EventFactory(title="Atelier ouvert")
    url = reverse("admin:events_event_changelist")
    response = staff_client.get(url, {"cooperative__id__exact": cooperative.pk})
    assert [e.title for e in response.context["cl"].result_list] == ["Atelier coop"]


def test_attendance_year_filter_goes_through_the_event_date(staff_client):
    AttendanceFactory(event=EventFactory(date=datetime.date(2019, 3, 1)))
    AttendanceFactory(event=EventFactory(date=datetime.date(2020, 3, 1)))
    url = reverse("admin:events_attendance_changelist")
    response = staff_client.get(url, {"session__date__year": "2019"})
    assert [a.event.date.year for a in response.context["cl"].result_list] == [2019]


def test_event_change_form_has_attendance_inline(staff_client):
    attendance = AttendanceFactory()
    response = staff_client.get(reverse("admin:events_event_change", args=[attendance.event.pk]))
    prefixes = [formset.formset.prefix for formset in response.context["inline_admin_formsets"]]
    assert prefixes == ["sessions", "attendances", "sales"]
    assert attendance.entrepreneur.reference in response.content.decode()


@pytest.mark.parametrize("sessions", [1, 8])
def test_an_entrepreneur_page_lists_her_sessions_in_fixed_queries(
    staff_client, django_assert_num_queries, sessions
):
    person = AttendanceFactory(event=EventFactory(title="Atelier prix")).entrepreneur
    training = EventFactory(title="Formation gestion", duration_hours=None)
    for day in range(1, sessions):
        session = SessionFactory(event=training, date=datetime.date(2020, 11, day))
        AttendanceFactory(
            event=training, session=session, entrepreneur=person, status=Attendance.Status.EXCUSED
        )
    url = reverse("admin:entrepreneurs_entrepreneur_change", args=[person.pk])
    with django_assert_num_queries(QUERIES_OF_ENTREPRENEUR_PAGE):
        response = staff_client.get(url)
    page = response.content.decode()
    assert page.count("<tr><td>") == sessions
    assert "Séances suivies" in page and "Atelier prix" in page and "Présent·e" in page
    assert ("Formation gestion" in page) == ("Excusé·e" in page) == (sessions > 1)


# The entrepreneur change page without encounters (tests/entrepreneurs/test_admin.py), the
# person's attendances with their event and session (1), her outcomes (1), the audit entry
# of the read (core.audit.ReadAuditAdminMixin).
QUERIES_OF_ENTREPRENEUR_PAGE = 12


def test_moving_a_single_session_event_moves_its_session(staff_client):
    event = EventFactory(date=datetime.date(2020, 10, 1))
    url = reverse("admin:events_event_change", args=[event.pk])
    response = staff_client.post(url, event_form(event, date="08/10/2020", duration_hours="4"))
    assert response.status_code == 302
    session = event.sessions.get()
    assert (session.date, session.hours) == (datetime.date(2020, 10, 8), 4)


def test_an_event_of_several_sessions_is_dated_by_the_first(staff_client):
    event = EventFactory(date=datetime.date(2020, 10, 1))
    SessionFactory(event=event, date=datetime.date(2020, 9, 28))
    event.refresh_from_db()
    assert event.date == datetime.date(2020, 9, 28)


def _event_page_with_a_sale(staff_client, event, cooperative, amount: str) -> dict:
    page = staff_client.get(reverse("admin:events_event_change", args=[event.pk]))
    data = {k: v for k, v in change_form_post_data(page).items() if v != "[]"}
    data.update(
        {
            "sales-TOTAL_FORMS": "1",
            "sales-0-cooperative": str(cooperative.pk),
            "sales-0-amount": amount,
            "sales-0-sales_count": "12",
        }
    )
    return data


def test_sales_are_entered_on_the_commercial_event(staff_client):
    event = EventFactory(kind=Event.Kind.COMMERCIAL)
    cooperative = CooperativeFactory()

    response = staff_client.post(
        reverse("admin:events_event_change", args=[event.pk]),
        _event_page_with_a_sale(staff_client, event, cooperative, "345.50"),
    )

    assert response.status_code == 302
    sale = Sale.objects.get()
    assert (sale.cooperative, sale.amount, sale.sales_count) == (cooperative, Decimal("345.50"), 12)


def test_sales_on_a_workshop_are_refused_naming_the_event(staff_client):
    event = EventFactory(kind=Event.Kind.WORKSHOP)

    response = staff_client.post(
        reverse("admin:events_event_change", args=[event.pk]),
        _event_page_with_a_sale(staff_client, event, CooperativeFactory(), "10"),
    )

    assert response.status_code == 200
    assert "Les ventes se saisissent sur un événement commercial." in response.content.decode()
    assert not Sale.objects.exists()
