import datetime
from decimal import Decimal

import pytest

from core.period import Period
from governance import stats
from governance.models import Grant, Meeting
from governance.stats import BreakdownItem, FunderItem
from tests.governance.factories import GrantFactory, MeetingFactory, OrganisationFactory

D = datetime.date


@pytest.mark.parametrize(
    ("value", "expected"),
    [("12.5", 13), ("91.6667", 92), ("0.5", 1), ("40.49", 40), ("2.5", 3)],
)
def test_round_half_up_rounds_halves_up_unlike_bankers_rounding(value, expected):
    assert stats.round_half_up(Decimal(value)) == expected


def test_percent_half_up_is_null_for_an_empty_base():
    assert stats.percent_half_up(0, 0) is None
    assert stats.percent_half_up(11, 12) == 92
    assert stats.percent_half_up(1, 8) == 13


def test_build_breakdown_merges_empty_values_and_orders_by_count_then_label():
    rows = [
        {"k": "b", "count": 2},
        {"k": "", "count": 1},
        {"k": None, "count": 1},
        {"k": "e", "count": 2},
        {"k": "a", "count": 1},
    ]
    labels = {"a": "Zèbre", "b": "Été", "e": "Autre"}

    assert stats.build_breakdown(rows, "k", labels) == (
        BreakdownItem("e", "Autre", 2),
        BreakdownItem("b", "Été", 2),
        BreakdownItem(None, "Non renseigné", 2),
        BreakdownItem("a", "Zèbre", 1),
    )


@pytest.mark.django_db
def test_meeting_stats_count_board_meetings_and_general_assemblies_of_the_year():
    MeetingFactory(kind=Meeting.Kind.BOARD, date=D(2020, 1, 1))
    MeetingFactory(kind=Meeting.Kind.BOARD, date=D(2020, 12, 31))
    MeetingFactory(kind=Meeting.Kind.BOARD, date=D(2019, 12, 31))
    MeetingFactory(kind=Meeting.Kind.GENERAL_ASSEMBLY, date=D(2020, 6, 30))
    MeetingFactory(kind=Meeting.Kind.GENERAL_ASSEMBLY, date=D(2021, 1, 1))
    MeetingFactory(kind=Meeting.Kind.SEMINAR, date=D(2020, 10, 1))

    assert stats.meeting_stats(Period.year(2020)) == stats.MeetingStats(
        board_meetings=2, general_assemblies=1
    )


@pytest.mark.django_db
def test_meetings_by_format_counts_every_kind_of_meeting_of_the_year():
    MeetingFactory(format="online", date=D(2020, 3, 1))
    MeetingFactory(format="online", date=D(2020, 4, 1))
    MeetingFactory(format="in_person", kind=Meeting.Kind.SEMINAR, date=D(2020, 3, 1))
    MeetingFactory(format="in_person", date=D(2021, 3, 1))

    assert stats.meetings_by_format(Period.year(2020)) == (
        BreakdownItem("online", "Visio", 2),
        BreakdownItem("in_person", "Présentiel", 1),
    )


@pytest.mark.django_db
def test_grants_by_funder_sums_granted_and_paid_grants_of_the_year_only():
    fondation = OrganisationFactory(name="Fondation Abbé Pierre")
    ville = OrganisationFactory(name="Ville de Paris")
    GrantFactory(funder=fondation, amount=Decimal("10000.50"), status=Grant.Status.GRANTED)
    GrantFactory(funder=fondation, amount=Decimal("5000"), status=Grant.Status.PAID)
    GrantFactory(funder=fondation, amount=Decimal("999"), status=Grant.Status.REFUSED)
    GrantFactory(funder=ville, amount=Decimal("3000"), status=Grant.Status.REQUESTED)
    GrantFactory(funder=ville, amount=Decimal("2000"), status=Grant.Status.PAID)
    GrantFactory(funder=ville, amount=Decimal("7000"), year=2021)

    items = stats.grants_by_funder(Period.year(2020))

    assert items == (
        FunderItem(fondation.pk, "Fondation Abbé Pierre", 2, Decimal("15000.50")),
        FunderItem(ville.pk, "Ville de Paris", 1, Decimal("2000")),
    )
    assert items[0].to_dict()["amount"] == "15000.50"


def test_partners_of_period_are_the_partnerships_meeting_the_year(db):
    from governance.stats import partners_of_period
    from tests.governance.factories import OrganisationFactory, PartnershipFactory

    def partner(name, start, end):
        PartnershipFactory(
            organisation=OrganisationFactory(name=name), start_date=start, end_date=end
        )

    partner("Ended 2019", datetime.date(2018, 1, 1), datetime.date(2019, 12, 31))
    partner("Open", None, None)
    partner("From 31 December", datetime.date(2020, 12, 31), None)
    partner("Starts 2021", datetime.date(2021, 1, 1), None)
    names = [row["name"] for row in partners_of_period(Period.year(2020))]
    assert names == ["From 31 December", "Open"]
