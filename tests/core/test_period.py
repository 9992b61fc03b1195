import datetime

import pytest

from core.period import Period, validate_year, years_before

D = datetime.date


def test_calendar_year_spans_first_to_last_day():
    period = Period.year(2020)
    assert period.as_range() == (D(2020, 1, 1), D(2020, 12, 31))
    assert period.is_calendar_year
    assert period.days == 366


def test_year_so_far_stops_at_the_day_given():
    period = Period.year(2020, until=D(2020, 3, 15))
    assert period.as_range() == (D(2020, 1, 1), D(2020, 3, 15))
    assert not period.is_calendar_year


def test_until_after_the_year_keeps_the_whole_year():
    assert Period.year(2020, until=D(2021, 5, 1)) == Period.year(2020)


def test_any_range_is_a_period_and_contains_its_bounds():
    period = Period(D(2020, 7, 1), D(2021, 6, 30))
    assert D(2020, 7, 1) in period
    assert D(2021, 6, 30) in period
    assert D(2020, 6, 30) not in period
    assert period.reference_year == 2021


def test_a_period_cannot_end_before_it_starts():
    with pytest.raises(ValueError):
        Period(D(2020, 2, 1), D(2020, 1, 31))


@pytest.mark.parametrize("year", [1899, 2101, True, "2020", 2020.0])
def test_impossible_years_are_refused(year):
    with pytest.raises((ValueError, TypeError)):
        Period.year(year)


def test_dates_outside_the_bounds_are_refused():
    with pytest.raises(ValueError):
        Period(D(1, 1, 1), D(2020, 1, 1))
    with pytest.raises(ValueError):
        Period(D(2020, 1, 1), D(9999, 12, 31))


def test_validate_year_returns_the_year():
    assert validate_year(2020) == 2020


def test_years_before_turns_29_february_into_28():
    assert years_before(D(2024, 2, 29)) == D(2023, 2, 28)
    assert Period.year(2024, until=D(2024, 2, 29)).years_before() == Period(
        D(2023, 1, 1), D(2023, 2, 28)
    )
