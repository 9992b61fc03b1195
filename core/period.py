"""A span of calendar days, the unit every figure is computed over.

A `Period` is a pair of plain local dates (Europe/Paris), both included: a calendar year
(`Period.year(2020)`), a year so far (`Period.year(2026, until=today)`), or any range a
funder's agreement runs over (1 July 2020 to 30 June 2021).
"""

import datetime
from dataclasses import dataclass

MIN_YEAR = 1900
MAX_YEAR = 2100


def validate_year(year: int) -> int:
    """Refuse a year outside MIN_YEAR..MAX_YEAR (a typo, not a year with no data)."""
    if isinstance(year, bool) or not isinstance(year, int) or not MIN_YEAR <= year <= MAX_YEAR:
        raise ValueError(f"year must be an integer from {MIN_YEAR} to {MAX_YEAR}, got {year!r}")
    return year


def years_before(day: datetime.date, years: int = 1) -> datetime.date:
    """The same calendar day `years` earlier (28 February for a 29 February)."""
    try:
        return day.replace(year=day.year - years)
    except ValueError:
        return day.replace(year=day.year - years, day=28)


@dataclass(frozen=True, order=True)
class Period:
    """From `start` to `end`, both days included."""

    start: datetime.date
    end: datetime.date

    def __post_init__(self) -> None:
        if not isinstance(self.start, datetime.date) or not isinstance(self.end, datetime.date):
            raise TypeError("a period's start and end are dates")
        if self.end < self.start:
            raise ValueError(f"a period cannot end ({self.end}) before it starts ({self.start})")
        validate_year(self.start.year)
        validate_year(self.end.year)

    @classmethod
    def year(cls, year: int, until: datetime.date | None = None) -> "Period":
        """The calendar year, or its part up to `until` (the year so far)."""
        validate_year(year)
        last = datetime.date(year, 12, 31)
        return cls(datetime.date(year, 1, 1), min(last, until) if until else last)

    @property
    def is_calendar_year(self) -> bool:
        return (
            self.start.year == self.end.year
            and (self.start.month, self.start.day) == (1, 1)
            and (self.end.month, self.end.day) == (12, 31)
        )

    @property
    def reference_year(self) -> int:
        """The year ages and yearly dues are counted at: the year the period ends in."""
        return self.end.year

    def as_range(self) -> tuple[datetime.date, datetime.date]:
        """`(start, end)` for a `__range` lookup."""
        return self.start, self.end

    def __contains__(self, day: datetime.date) -> bool:
        return self.start <= day <= self.end

    def until(self, day: datetime.date) -> "Period":
        """This period cut at `day` (included)."""
        return Period(self.start, min(self.end, day))

    def years_before(self, years: int = 1) -> "Period":
        """The same days `years` earlier (the year before, the same dates last year)."""
        return Period(years_before(self.start, years), years_before(self.end, years))

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1
