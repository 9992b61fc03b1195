"""`sales_total` and the cooperative funnel (people met before the start to the situation
6 months after)."""

import datetime
import random

import pytest

from cooperatives.models import Checkpoint, ExitReason, Situation
from core.period import Period
from events import stats
from events.models import Attendance, Event
from tests.cooperatives.factories import CooperativeFactory, MembershipFactory, OutcomeFactory
from tests.entrepreneurs.factories import EncounterFactory, EntrepreneurFactory
from tests.events.factories import AttendanceFactory, EventFactory, SaleFactory

pytestmark = pytest.mark.django_db

D = datetime.date
YEAR_2020 = Period.year(2020)


@pytest.mark.parametrize(
    ("day", "counted"),
    [
        (D(2019, 12, 31), False),
        (D(2020, 1, 1), True),
        (D(2020, 12, 31), True),
        (D(2021, 1, 1), False),
    ],
)
def test_sales_total_sums_sales_of_commercial_events_within_the_period(day, counted):
    SaleFactory(event__date=day, amount="120.50")
    SaleFactory(event__date=D(2020, 6, 1), amount="79.55")

    # A JSON number, to the cent.
    assert stats.sales_total(YEAR_2020) == (200.05 if counted else 79.55)


def test_sales_total_is_zero_euros_without_sales():
    assert stats.sales_total(YEAR_2020) == 0


def test_sales_are_entered_on_commercial_events_only():
    sale = SaleFactory.build(
        event=EventFactory(kind=Event.Kind.WORKSHOP), cooperative=CooperativeFactory()
    )

    with pytest.raises(Exception, match="événement commercial"):
        sale.full_clean()


def test_a_sale_of_a_cooperator_belongs_to_their_cooperative():
    other = MembershipFactory()
    sale = SaleFactory.build(
        event=EventFactory(kind=Event.Kind.COMMERCIAL),
        cooperative=CooperativeFactory(),
        membership=other,
    )

    with pytest.raises(Exception, match="pas membre"):
        sale.full_clean()


@pytest.fixture
def cohort():
    """A cooperative from 1 September 2020 to 28 February 2021 and its recruitment."""
    coop = CooperativeFactory(start_date=D(2020, 9, 1), end_date=D(2021, 2, 28))
    people = EntrepreneurFactory.create_batch(6)
    # Met in the window (1 March - 31 August 2020), in various ways.
    meeting = EventFactory(kind=Event.Kind.COLLECTIVE_MEETING, date=D(2020, 3, 1))
    for person in people[:4]:
        AttendanceFactory(event=meeting, entrepreneur=person)
    AttendanceFactory(event=meeting, entrepreneur=people[5], status=Attendance.Status.ABSENT)
    for person in people[:3]:
        EncounterFactory(entrepreneur=person, date=D(2020, 8, 31))
    EncounterFactory(entrepreneur=people[4], date=D(2020, 2, 29))  # the day before the window
    EncounterFactory(entrepreneur=people[5], date=D(2020, 9, 1), kind="follow_up")  # start day
    # Three selected: one completes, one leaves early for a job, one on the last day.
    MembershipFactory(cooperative=coop, entrepreneur=people[0])
    MembershipFactory(
        cooperative=coop,
        entrepreneur=people[1],
        left_on=D(2020, 12, 1),
        exit_reason=ExitReason.EMPLOYMENT,
    )
    MembershipFactory(cooperative=coop, entrepreneur=people[2], left_on=D(2021, 2, 28))
    OutcomeFactory(
        entrepreneur=people[0], checkpoint=Checkpoint.SIX_MONTHS, situation=Situation.CAE
    )
    OutcomeFactory(
        entrepreneur=people[1], checkpoint=Checkpoint.SIX_MONTHS, situation=Situation.EMPLOYED
    )
    OutcomeFactory(
        entrepreneur=people[2], checkpoint=Checkpoint.SIX_MONTHS, situation=Situation.UNKNOWN
    )
    return coop


def test_funnel_of_a_small_cohort(cohort):
    funnel = stats.cooperative_funnel(cohort)

    assert (funnel.met, funnel.interviewed, funnel.selected) == (4, 3, 3)
    assert funnel.completed == 2
    assert [(i.code, i.label, i.count) for i in funnel.exits_by_reason] == [
        ("employment", "Emploi", 1)
    ]
    assert funnel.positive_6m == 2
    assert stats.recruitment_window(cohort) == Period(D(2020, 3, 1), D(2020, 8, 31))


def test_people_met_in_overlapping_windows_count_in_each_funnel(cohort):
    # Recruited from 1 May to 31 October 2020: the encounters of 31 August count in both.
    later = CooperativeFactory(start_date=D(2020, 11, 1), end_date=D(2021, 4, 30))
    interviewed = EntrepreneurFactory()
    EncounterFactory(entrepreneur=interviewed, date=D(2020, 10, 31), kind="individual_interview")

    first, second = stats.funnels_of([cohort, later])

    assert (first.met, first.interviewed) == (4, 3)
    # The three interviewed on 31 August, the one followed up on 1 September (the first's
    # start day) and the one interviewed on 31 October; the March meeting is too early.
    assert (second.met, second.interviewed) == (5, 4)


def test_people_met_per_window_are_those_a_window_by_window_count_finds():
    # Ten cohorts whose windows overlap in every way, forty people met on random days.
    rng = random.Random(7)
    starts = sorted(D(2020, 1, 1) + datetime.timedelta(days=rng.randrange(300)) for _ in range(10))
    cooperatives = [CooperativeFactory(start_date=start) for start in starts]
    people = EntrepreneurFactory.create_batch(40)
    days = {}
    for person in people:
        for _ in range(rng.randrange(1, 4)):
            day = D(2019, 7, 1) + datetime.timedelta(days=rng.randrange(500))
            kind = rng.choice(["individual_interview", "first_contact"])
            EncounterFactory(entrepreneur=person, date=day, kind=kind)
            days.setdefault(person.pk, []).append((day, kind))

    funnels = stats.funnels_of(cooperatives)

    for coop, funnel in zip(cooperatives, funnels, strict=True):
        window = stats.recruitment_window(coop)
        inside = {
            p: [k for d, k in seen if window.start <= d <= window.end] for p, seen in days.items()
        }
        assert funnel.met == sum(1 for kinds in inside.values() if kinds)
        assert funnel.interviewed == sum(
            1 for kinds in inside.values() if "individual_interview" in kinds
        )


def test_an_early_exit_without_reason_is_not_given(cohort):
    MembershipFactory(cooperative=cohort, left_on=D(2020, 10, 1))

    funnel = stats.cooperative_funnel(cohort)

    assert {i.label: i.count for i in funnel.exits_by_reason} == {"Emploi": 1, "Non renseigné": 1}


@pytest.mark.parametrize(
    ("period", "listed"),
    [
        (YEAR_2020, True),
        (Period.year(2021), True),  # ends 28 February 2021
        (Period(D(2021, 3, 1), D(2021, 12, 31)), False),
        (Period(D(2020, 1, 1), D(2020, 8, 31)), False),
    ],
)
def test_funnels_list_the_cooperatives_active_in_the_period(cohort, period, listed):
    assert [f.cooperative_id for f in stats.cooperative_funnels(period)] == (
        [cohort.pk] if listed else []
    )


@pytest.mark.parametrize("others", [1, 4])
def test_funnels_take_four_queries_however_many_cooperatives(
    cohort, django_assert_num_queries, others
):
    for month in range(3, 3 + others):
        CooperativeFactory(start_date=D(2020, month, 1), end_date=D(2020, 12, 31))
    # The cooperatives; memberships per cooperative; early exits per cooperative and
    # reason; the encounters and the attended events of every window.
    with django_assert_num_queries(5):
        funnels = stats.cooperative_funnels(YEAR_2020)
    assert len(funnels) == 1 + others
    assert funnels[0].to_dict()["exits_by_reason"] == []


def test_board_members_see_small_exit_reasons_merged(cohort):
    for reason in (ExitReason.MOVED_AWAY, ExitReason.MOVED_AWAY, ExitReason.MOVED_AWAY):
        MembershipFactory(cooperative=cohort, left_on=D(2020, 10, 1), exit_reason=reason)
    MembershipFactory(cooperative=cohort, left_on=D(2020, 10, 1), exit_reason=ExitReason.OTHER)

    funnel = stats.cooperative_funnel(cohort).with_small_groups_merged(3)

    # « Emploi » (1) and « Autre » (1) are too small: merged, and « Autres » (2) still is,
    # so it takes the smallest remaining category too.
    assert [(i.label, i.count) for i in funnel.exits_by_reason] == [("Autres", 5)]
    assert funnel.selected == 7
