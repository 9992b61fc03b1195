"""The kinds of declaration `reports.figures` is made of: a figure, a breakdown, their
units, audiences and traceability links.

Only types and how a value reads (French typography); the table itself, and which stats
function computes what, is in `reports.figures`.
"""

from collections.abc import Callable
from dataclasses import dataclass, is_dataclass
from enum import StrEnum
from typing import Any

from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _

from core.formatting import NBSP, french_amount, french_number, french_percent
from core.period import Period
from governance.stats import protect_mean, protect_share
from reports.models import ReportSection

Chapter = ReportSection.Chapter


class Unit(StrEnum):
    """How a value is written: a count, a share, a mean age, an amount, hours."""

    COUNT = ""
    PERCENT = "%"
    YEARS = "ans"
    EUROS = "€"
    HOURS = "h"


# The word written after a number of that unit, in the report.
UNIT_WORDS = {Unit.YEARS: _("ans"), Unit.HOURS: _("h")}


class Audience(StrEnum):
    """Who reads a page: staff (exact figures, admin links) or the board (and the PDF)."""

    STAFF = "staff"
    BOARD = "board"


EVERYONE = frozenset(Audience)


class Protect(StrEnum):
    """The kind of figure the small-count rule (issue 12) must check before a board member
    sees it: a share or a mean over few people can reveal one of them."""

    SHARE = "share"
    MEAN = "mean"


@dataclass(frozen=True)
class AdminFilter:
    """A filtered admin changelist: `reverse(url_name) + "?" + query_string()`."""

    url_name: str
    params: tuple[tuple[str, str], ...]

    def query_string(self) -> str:
        return urlencode(self.params)


@dataclass(frozen=True)
class Records:
    """The admin changelist listing exactly the records a figure counts (or, for a share
    or a mean, the people it is taken over). `year_param` is the changelist's own year
    filter, so its sidebar shows the selection; on a date, `__year` means the same
    1 January to 31 December as the figures."""

    url_name: str
    params: tuple[tuple[str, str], ...] = ()
    year_param: str = "date__year"

    def for_year(self, year: int) -> AdminFilter:
        return AdminFilter(self.url_name, ((self.year_param, str(year)), *self.params))

    def for_period(self, period: Period) -> AdminFilter:
        """The same list over any days: the year filter for a calendar year; otherwise the
        date's `__gte`/`__lte` lookups, or the figure lists' own `start`/`end`."""
        if period.is_calendar_year:
            return self.for_year(period.reference_year)
        first, last = period.start.isoformat(), period.end.isoformat()
        if self.year_param.endswith("__year"):
            field = self.year_param.removesuffix("__year")
            days = ((f"{field}__gte", first), (f"{field}__lte", last))
        else:
            days = (("start", first), ("end", last))
        return AdminFilter(self.url_name, (*days, *self.params))


@dataclass(frozen=True)
class Figure:
    """One figure. `source` is the stats function computing it over a `Period`: it returns
    the number itself, or a frozen dataclass with a field named `key` (one query computes
    a group of figures). `caption` is what follows the number in the report, built with
    `ngettext_lazy(singular, plural, "n")` for a count."""

    key: str
    label: str
    caption: str
    source: Callable[[Period], Any]
    chapter: Chapter
    unit: Unit = Unit.COUNT
    card: int | None = None  # position among the dashboard cards; None: no card
    key_figure: int | None = None  # position in the report's « L'année en bref »
    trend: str = ""  # legend of its line in the dashboard's trend chart; "": not drawn
    to_date: bool = False  # a count cut at a day: compared « à ce jour » with last year
    audience: frozenset[Audience] = EVERYONE
    protect: Protect | None = None
    # For a protected figure, the fields of its stats result the rule needs: (part, whole)
    # for a share, (count,) for a mean.
    support: tuple[str, ...] = ()
    records: Records | None = None

    def support_from(self, result: Any) -> list[int]:
        return [getattr(result, name) for name in self.support]

    def is_withheld(self, support: list[int] | None, minimum: int) -> bool:
        """Whether a board member must not see this figure (governance.stats rules). A
        protected figure whose counts were not kept (an older frozen edition) is withheld."""
        if self.protect is None:
            return False
        if not support:
            return True
        if self.protect == Protect.SHARE:
            part, whole = support
            return protect_share(part, whole, minimum).withheld
        return protect_mean(1, support[0], minimum).withheld

    def value_from(self, result: Any) -> int | None:
        return getattr(result, self.key) if is_dataclass(result) else result

    def display(self, value: int | None) -> str:
        """The value in French typography: « 1 234 », « 92 % », « 40 ans »."""
        if value is None:
            return "—"
        if self.unit == Unit.PERCENT:
            return french_percent(value)
        if self.unit == Unit.EUROS:
            return french_amount(value)
        if self.unit == Unit.COUNT:
            return french_number(value)
        return f"{french_number(value)}{NBSP}{UNIT_WORDS[self.unit]}"

    def caption_for(self, value: int | float | None) -> str:
        # The plural is chosen on the whole part: « 1,5 heure », « 65,5 heures ».
        return str(self.caption % {"n": int(value or 0)})


class ChartKind(StrEnum):
    BAR = "bar"  # one bar per item, its count
    MONTHS = "months"  # one line over the twelve months, all items added up
    FUNDERS = "funders"  # one bar per funder, its amount (and its number of grants)


@dataclass(frozen=True)
class Breakdown:
    """One chart's data. With a `source` it is computed (and is a key of the JSON's
    `breakdowns`); without, it draws the items of the breakdown named by `data`. A
    breakdown of `people` has its categories of fewer than `min_group_size()` people
    merged into « Autres » outside the staff's views (board, PDF)."""

    key: str
    title: str
    chapter: Chapter
    source: Callable[[Period], Any] | None = None
    data: str = ""  # the computed breakdown this chart draws; default: its own key
    people: bool = False
    kind: ChartKind = ChartKind.BAR
    legend: str = ""  # the name of the line of a MONTHS chart
    dashboard: bool = False  # also drawn on the dashboard
    report: bool = True  # drawn in the report (False: the report tells it in words)
    # The family it is computed and cached with (reports.families), for a computed one.
    family: str = ""
    # The attribute of the source's value it is (a source computing several breakdowns
    # and figures in one query, shared with them); empty: the value itself.
    field: str = ""

    @property
    def data_key(self) -> str:
        return self.data or self.key

    def compute(self, period: Period, results: dict[Callable, Any]) -> tuple:
        """Its items over `period`; `results` holds the sources' values already computed
        (by `reports.figures.figure_values` or another breakdown), computed once each."""
        if self.source not in results:
            results[self.source] = self.source(period)
        value = results[self.source]
        return getattr(value, self.field) if self.field else value
