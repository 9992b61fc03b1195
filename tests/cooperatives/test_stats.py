import datetime

import pytest

from cooperatives import stats
from cooperatives.models import Cooperative, Membership
from core.period import Period
from tests.cooperatives.factories import CooperativeFactory, MembershipFactory
from tests.entrepreneurs.factories import EntrepreneurFactory

pytestmark = pytest.mark.django_db

D = datetime.date
COLLECTIVE = Cooperative.Kind.COLLECTIVE


@pytest.mark.parametrize(
    ("start", "end", "active"),
    [
        (D(2020, 12, 31), None, True),  # starts on the last day
        (D(2019, 3, 1), D(2020, 1, 1), True),  # ends on the first day
        (D(2018, 3, 1), None, True),  # still open
        (D(2019, 3, 1), D(2019, 12, 31), False),  # ended the day before
        (D(2021, 1, 1), None, False),  # starts the day after
        (None, None, False),  # planned, no start date
    ],
)
def test_cooperatives_active_when_their_period_meets_the_year(start, end, active):
    CooperativeFactory(start_date=start, end_date=end)

    assert stats.cooperative_stats(Period.year(2020)).cooperatives_active == int(active)
    assert Cooperative.objects.overlapping(Period.year(2020)).exists() is active


def test_collectives_are_not_active_cooperatives():
    CooperativeFactory(kind=COLLECTIVE, start_date=D(2020, 1, 1), end_date=None)

    assert stats.cooperative_stats(Period.year(2020)).cooperatives_active == 0


def test_brands_created_counts_brands_dated_within_the_year_of_any_kind():
    CooperativeFactory(brand_name="A", brand_created_on=D(2020, 1, 1))
    CooperativeFactory(brand_name="B", brand_created_on=D(2020, 12, 31), kind=COLLECTIVE)
    CooperativeFactory(brand_name="C", brand_created_on=D(2021, 1, 1))
    CooperativeFactory(brand_name="", brand_created_on=None)

    assert stats.cooperative_stats(Period.year(2020)).cooperative_brands_created == 2


def member(coop_start, coop_end, joined, left=None, kind=Cooperative.Kind.EPHEMERAL, **person):
    coop = CooperativeFactory(start_date=coop_start, end_date=coop_end, kind=kind)
    return MembershipFactory(
        cooperative=coop,
        entrepreneur=EntrepreneurFactory(**person),
        joined_on=joined,
        left_on=left,
    )


@pytest.mark.parametrize(
    ("coop_end", "joined", "left", "engaged"),
    [
        (None, D(2020, 12, 31), None, True),  # joined on the last day
        (None, D(2019, 1, 1), None, True),  # open membership of an open cooperative
        (D(2020, 1, 1), D(2019, 1, 1), None, True),  # cooperative ends on the first day
        (D(2019, 12, 31), D(2019, 1, 1), None, False),  # cooperative ended the day before
        (None, D(2019, 1, 1), D(2019, 12, 31), False),  # left before the year
        (None, D(2019, 1, 1), D(2020, 1, 1), True),  # left on the first day
        (D(2021, 6, 1), D(2019, 1, 1), D(2019, 6, 1), False),  # left though coop went on
        (None, D(2021, 1, 1), None, False),  # joined after the year
    ],
)
def test_cooperators_engaged_when_their_membership_meets_the_year(coop_end, joined, left, engaged):
    member(D(2019, 1, 1), coop_end, joined, left)

    assert stats.cooperator_stats(Period.year(2020)).cooperators_engaged == int(engaged)
    assert Membership.objects.overlapping(Period.year(2020)).exists() is engaged


def test_members_of_collectives_are_not_cooperators_engaged():
    member(D(2020, 1, 1), None, D(2020, 1, 1), kind=COLLECTIVE)

    assert stats.cooperator_stats(Period.year(2020)).cooperators_engaged == 0


def test_a_cooperator_in_two_cooperatives_counts_once():
    person = EntrepreneurFactory()
    for start in (D(2020, 1, 1), D(2020, 6, 1)):
        MembershipFactory(cooperative=CooperativeFactory(start_date=start), entrepreneur=person)

    assert stats.cooperator_stats(Period.year(2020)).cooperators_engaged == 1


def test_average_age_is_rounded_half_up_over_known_birth_years():
    coop = CooperativeFactory(start_date=D(2020, 1, 1), end_date=None)
    for birth_year in (1980, 1979, None):  # ages 40 and 41 -> 40.5; unknown left out
        MembershipFactory(cooperative=coop, entrepreneur=EntrepreneurFactory(birth_year=birth_year))

    assert stats.cooperator_stats(Period.year(2020)) == stats.CooperatorStats(
        cooperators_engaged=3, cooperators_average_age=41, known_birth_years=2
    )


def test_average_age_is_null_when_no_birth_year_is_known():
    member(D(2020, 1, 1), None, D(2020, 1, 1), birth_year=None)

    assert stats.cooperator_stats(Period.year(2020)).cooperators_average_age is None


def test_average_age_ignores_people_who_left_before_the_year():
    member(D(2019, 1, 1), None, D(2019, 1, 1), left=D(2019, 6, 1), birth_year=1950)
    member(D(2019, 1, 1), None, D(2019, 1, 1), birth_year=1990)

    assert stats.cooperator_stats(Period.year(2020)).cooperators_average_age == 30


def test_cooperator_stats_are_zero_and_null_for_a_year_without_records():
    assert stats.cooperator_stats(Period.year(2020)) == stats.CooperatorStats(0, None)
    assert stats.cooperative_stats(Period.year(2020)) == stats.CooperativeStats(0, 0)
