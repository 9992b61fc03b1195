"""Training hours and attendance figures over a Period (events.stats.training_stats)."""

import datetime
from decimal import Decimal

import pytest

from core.period import Period
from events import stats
from events.models import Attendance, Event
from tests.entrepreneurs.factories import EntrepreneurFactory
from tests.events.factories import AttendanceFactory, EventFactory, SessionFactory

pytestmark = pytest.mark.django_db

D = datetime.date
Y2020 = Period.year(2020)
S = Attendance.Status


def mark(session, status, person=None):
    return AttendanceFactory(
        event=session.event,
        session=session,
        entrepreneur=person or EntrepreneurFactory(),
        status=status,
    )


def test_no_session_gives_zero_hours_and_no_rate(django_assert_num_queries):
    with django_assert_num_queries(2):
        figures = stats.training_stats(Y2020)
    assert figures == stats.TrainingStats(Decimal("0"), Decimal("0"), 0, None)


def test_sessions_on_the_first_and_last_day_count_and_the_days_around_do_not():
    for day in (D(2019, 12, 31), D(2020, 1, 1), D(2020, 12, 31), D(2021, 1, 1)):
        EventFactory(date=day, duration_hours=2, kind=Event.Kind.TRAINING)
    assert stats.training_stats(Y2020).training_hours_delivered == Decimal("4")


def test_events_without_attendance_count_their_hours_but_nobody_trained():
    EventFactory(date=D(2020, 3, 1), duration_hours=3)
    figures = stats.training_stats(Y2020)
    assert figures.training_hours_delivered == Decimal("3")
    assert (figures.participant_hours, figures.people_trained) == (Decimal("0"), 0)
    assert figures.attendance_rate is None


def test_only_workshops_and_trainings_count_in_any_format():
    EventFactory(date=D(2020, 3, 1), duration_hours=3, kind=Event.Kind.WORKSHOP, format="online")
    EventFactory(date=D(2020, 3, 2), duration_hours=7, kind=Event.Kind.TRAINING)
    EventFactory(date=D(2020, 3, 3), duration_hours=5, kind=Event.Kind.COMMERCIAL)
    assert stats.training_stats(Y2020).training_hours_delivered == Decimal("10")


def test_the_four_statuses_at_a_multi_session_training(django_assert_num_queries):
    """A training of three sessions: 3 h (from the event), then 3 h and 7 h (from times)."""
    training = EventFactory(date=D(2020, 12, 30), duration_hours=3, kind=Event.Kind.TRAINING)
    first = training.sessions.get()
    second = SessionFactory(event=training, date=D(2020, 12, 31))  # 09:30-12:30
    third = SessionFactory(
        event=training, date=D(2021, 1, 4), start_time=datetime.time(9), end_time=datetime.time(16)
    )
    awa, olga, grace, fatou = (EntrepreneurFactory() for _ in range(4))
    mark(first, S.ATTENDED, awa)
    mark(second, S.ATTENDED, awa)
    mark(third, S.ATTENDED, awa)  # 2021: not in 2020
    mark(first, S.ATTENDED, olga)
    mark(second, S.ABSENT, olga)
    mark(first, S.EXCUSED, grace)
    mark(second, S.REGISTERED, fatou)

    with django_assert_num_queries(2):
        figures = stats.training_stats(Y2020)

    assert figures.training_hours_delivered == Decimal("6")
    assert figures.participant_hours == Decimal("9")  # awa 3 + 3, olga 3
    assert figures.people_trained == 2
    assert figures.attendance_rate == 75  # 3 attended / (3 + 1 absent); excused left out
    assert set(stats.trained_entrepreneurs(Y2020)) == {awa, olga}
    in_2021 = stats.training_stats(Period.year(2021))
    assert (in_2021.training_hours_delivered, in_2021.participant_hours) == (7, 7)
    assert in_2021.people_trained == 1


def test_attendance_rate_is_rounded_half_up():
    session = EventFactory(date=D(2020, 5, 5)).sessions.get()
    mark(session, S.ATTENDED)
    for _ in range(7):
        mark(session, S.ABSENT)
    assert stats.training_stats(Y2020).attendance_rate == 13  # 1/8 = 12.5 %


def test_only_excused_and_registered_give_no_rate():
    session = EventFactory(date=D(2020, 5, 5)).sessions.get()
    mark(session, S.EXCUSED)
    mark(session, S.REGISTERED)
    assert stats.training_stats(Y2020).attendance_rate is None
    assert stats.training_stats(Y2020).people_trained == 0


def test_query_count_does_not_grow_with_the_data(django_assert_num_queries):
    for day in range(1, 6):
        session = EventFactory(date=D(2020, 6, day)).sessions.get()
        for status in (S.ATTENDED, S.ABSENT, S.EXCUSED):
            mark(session, status)
    # 1: SUM of the sessions' hours; 2: one aggregate over their attendances.
    with django_assert_num_queries(2):
        figures = stats.training_stats(Y2020)
    assert figures.participant_hours == Decimal("15")


def test_a_period_across_two_years_counts_both_parts():
    EventFactory(date=D(2020, 7, 1), duration_hours=2)
    EventFactory(date=D(2021, 6, 30), duration_hours=3)
    EventFactory(date=D(2021, 7, 1), duration_hours=5)
    assert stats.training_stats(Period(D(2020, 7, 1), D(2021, 6, 30))).training_hours_delivered == 5
