"""The trend's figures of several years at once (`reports.figures.BY_YEAR`): each stats
group's `..._by_year(years)` equals its period function year by year, in one query per
group whatever the number of years."""

import datetime
from dataclasses import fields, is_dataclass

import pytest

from cooperatives.models import Checkpoint, Situation
from core.period import Period
from events.models import Attendance, Event
from reports.figures import BY_YEAR, FIGURES, figure_values, figure_values_by_year
from tests.cooperatives.factories import CooperativeFactory, MembershipFactory, OutcomeFactory
from tests.entrepreneurs.factories import EncounterFactory, EntrepreneurFactory
from tests.events.factories import AttendanceFactory, EventFactory, SaleFactory
from tests.governance.factories import MeetingFactory

pytestmark = pytest.mark.django_db

YEARS = (2017, 2018, 2019, 2020)


def day(year: int, month: int = 3, d: int = 1) -> datetime.date:
    return datetime.date(year, month, d)


@pytest.fixture
def activity():
    """Years that differ: people met in several years (counted in each, new only in the
    first), absences, a cooperative across a new year, trainings, sales, outcomes."""
    anna = EntrepreneurFactory(gender="female", birth_year=1980)
    bob = EntrepreneurFactory(gender="male", birth_year=None)
    chloe = EntrepreneurFactory(gender="female", birth_year=1990)
    EncounterFactory(entrepreneur=anna, date=day(2016))  # before the trend: never new in it
    EncounterFactory(entrepreneur=anna, date=day(2018))
    EncounterFactory(entrepreneur=anna, date=day(2019), kind="collective")
    EncounterFactory(entrepreneur=bob, date=day(2018, 12, 31))
    EncounterFactory(entrepreneur=bob, date=day(2020, 1, 1))
    workshop = EventFactory(date=day(2019, 5), kind=Event.Kind.WORKSHOP)
    AttendanceFactory(event=workshop, entrepreneur=chloe)
    AttendanceFactory(event=workshop, entrepreneur=bob, status=Attendance.Status.ABSENT)
    EventFactory(date=day(2020, 6), kind=Event.Kind.COLLECTIVE_MEETING, format="online")
    SaleFactory(event=EventFactory(date=day(2018, 9), kind=Event.Kind.COMMERCIAL), amount="12.50")
    coop = CooperativeFactory(start_date=day(2018, 9), end_date=day(2019, 6, 30))
    coop.brand_created_on = day(2019, 2)
    coop.save()
    MembershipFactory(cooperative=coop, entrepreneur=anna)
    MembershipFactory(cooperative=coop, entrepreneur=bob, left_on=day(2018, 12, 1))
    OutcomeFactory(entrepreneur=bob, date=day(2019, 1, 5))
    OutcomeFactory(
        entrepreneur=anna,
        checkpoint=Checkpoint.SIX_MONTHS,
        date=day(2020, 1, 5),
        situation=Situation.EMPLOYED,
    )
    MeetingFactory(date=day(2019, 6), kind="board")
    MeetingFactory(date=day(2020, 6), kind="general_assembly")


def test_every_stats_group_of_the_figures_has_a_by_year_function():
    assert {f.source for f in FIGURES} <= set(BY_YEAR)


def _fields_of(value, like):
    """`value`'s fields that `like` has: a period function may compute more in its query
    than the trend reads (the people met's breakdowns), never less."""
    if not is_dataclass(like):
        return value
    return {f.name: getattr(value, f.name) for f in fields(like)}


@pytest.mark.parametrize("source", list(BY_YEAR), ids=lambda f: f.__name__)
def test_by_year_equals_the_period_function_year_by_year(activity, source):
    by_year = BY_YEAR[source](YEARS)
    assert set(by_year) == set(YEARS)
    assert {y: _fields_of(v, v) for y, v in by_year.items()} == {
        y: _fields_of(source(Period.year(y)), by_year[y]) for y in YEARS
    }


def test_a_person_met_in_two_years_counts_in_each_and_is_new_in_the_first_only(activity):
    figures = figure_values_by_year(YEARS, FIGURES)
    assert [figures[y]["entrepreneurs_met"] for y in YEARS] == [0, 2, 2, 1]
    assert [figures[y]["new_entrepreneurs"] for y in YEARS] == [0, 1, 1, 0]


def test_the_figures_of_n_years_take_one_query_per_stats_group(activity, django_assert_num_queries):
    # met, interviews, events, cooperatives, cooperators, meetings, training sessions and
    # attendances (two), outcomes, sales: 10 whatever the number of years
    for years in (YEARS[-1:], YEARS):
        with django_assert_num_queries(10):
            values = figure_values_by_year(years, FIGURES)
        assert values == {y: figure_values(Period.year(y), FIGURES) for y in years}
