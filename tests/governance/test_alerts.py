"""Register alerts for the staff dashboard and digest: mandates ending, AGs short of quorum."""

import datetime

from governance.alerts import assemblies_without_quorum, mandates_ending
from governance.models import Meeting
from tests.governance.factories import (
    DueFactory,
    MandateFactory,
    MeetingAttendanceFactory,
    MeetingFactory,
)

TODAY = datetime.date(2020, 5, 1)
D = datetime.date


def test_mandates_ending_within_sixty_days_inclusive(db):
    MandateFactory(end_date=TODAY)
    MandateFactory(end_date=TODAY + datetime.timedelta(days=60))
    MandateFactory(end_date=TODAY + datetime.timedelta(days=61))
    MandateFactory(end_date=TODAY - datetime.timedelta(days=1))
    MandateFactory(end_date=None)
    assert [m.end_date for m in mandates_ending(TODAY)] == [TODAY, D(2020, 6, 30)]


def test_mandates_ending_takes_one_query(db, django_assert_num_queries):
    MandateFactory.create_batch(3, end_date=TODAY)
    with django_assert_num_queries(1):
        assert [str(m.member) for m in mandates_ending(TODAY, days=10)]


def _assembly(date, voters, counted):
    members = [DueFactory(year=date.year).member for _ in range(voters)]
    meeting = MeetingFactory(kind=Meeting.Kind.GENERAL_ASSEMBLY, date=date)
    for member in members[:counted]:
        MeetingAttendanceFactory(meeting=meeting, member=member)
    return meeting


def test_assemblies_one_voter_short_of_the_quorum_are_listed(db):
    short = _assembly(D(2020, 7, 7), voters=12, counted=2)
    _assembly(D(2019, 6, 15), voters=8, counted=2)  # exactly a quarter
    found = assemblies_without_quorum(D(2019, 1, 1), D(2020, 12, 31))
    assert [(a.meeting, a.counted, a.required) for a in found] == [(short, 2, 3)]


def test_assemblies_outside_the_period_are_not_listed(db):
    _assembly(D(2018, 6, 1), voters=4, counted=0)
    assert assemblies_without_quorum(D(2019, 1, 1), D(2020, 12, 31)) == []
