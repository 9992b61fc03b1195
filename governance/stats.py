"""Yearly figures on the association's own life, and the building blocks every app's
`stats` module shares (breakdown items, half-up rounding).

Every function is read-only, takes a `core.period.Period` (a span of plain local days,
Europe/Paris, both ends included: a calendar year, a year so far, a funder's year) and
counts in SQL.
"""

import unicodedata
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import asdict, dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.conf import settings
from django.db.models import Count, Q, QuerySet, Sum
from django.utils.translation import gettext_lazy as _

from core.period import Period
from governance.models import Format, Grant, Meeting, Partnership

NOT_GIVEN = _("Non renseigné")
CENT = Decimal("0.01")

Code = str | int | bool | None


@dataclass(frozen=True)
class BreakdownItem:
    """One bar or slice of a chart: a stored value, its French label, how many."""

    code: Code
    label: str
    count: int

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True)
class FunderItem:
    """Grants of one funder: how many and their total, in euros."""

    code: int
    label: str
    count: int
    amount: Decimal

    def to_dict(self) -> dict[str, Any]:
        # A string keeps the cents exact in JSON.
        return {**asdict(self), "amount": str(self.amount)}


@dataclass(frozen=True)
class MeetingStats:
    board_meetings: int
    general_assemblies: int


OTHERS = _("Autres")
OTHERS_CODE = "__others__"


def min_group_size() -> int:
    """Smallest group of people shown as its own category outside the staff's views."""
    return settings.DASHBOARD_MIN_GROUP_SIZE


def suppress_small_groups(
    items: Sequence[BreakdownItem], minimum: int
) -> tuple[BreakdownItem, ...]:
    """Merge every category of fewer than `minimum` people into « Autres », last.

    If « Autres » itself would hold fewer than `minimum` people, the smallest remaining
    categories join it until it does (or nothing is left), so no one is recognisable
    from what a chart shows next to the total.
    """
    kept = [item for item in items if item.count >= minimum]
    merged = sum(item.count for item in items if 0 < item.count < minimum)
    kept.sort(key=lambda item: -item.count)
    while 0 < merged < minimum and kept:
        merged += kept.pop().count
    if not merged:
        return tuple(kept)
    return (*kept, BreakdownItem(code=OTHERS_CODE, label=str(OTHERS), count=merged))


def round_half_up(value: Decimal) -> int:
    """Round to an integer, halves away from zero (12.5 -> 13), unlike round()."""
    return int(value.quantize(Decimal(1), rounding=ROUND_HALF_UP))


def json_number(value: Decimal) -> int | float:
    """A Decimal of at most two decimals as a JSON number: 65 or 65.5 (hours, euros)."""
    value = value.quantize(CENT)
    return int(value) if value == value.to_integral() else float(value)


def percent_half_up(part: int, whole: int) -> int | None:
    """`part` out of `whole` in percent, rounded half up; None when `whole` is 0."""
    if not whole:
        return None
    return round_half_up(Decimal(part * 100) / Decimal(whole))


def sort_key(label: str) -> str:
    """Accent- and case-insensitive key, so « Égypte » sorts next to « Equateur »."""
    decomposed = unicodedata.normalize("NFKD", label)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def build_breakdown(
    rows: Iterable[Mapping[str, Any]],
    key: str,
    label_for: Callable[[Any], str] | Mapping[Any, str] | None = None,
) -> tuple[BreakdownItem, ...]:
    """Turn grouped `values(key).annotate(count=...)` rows into ordered items.

    Empty values ("" or None) are merged under « Non renseigné »; the order is count
    descending, then label, so a chart never reshuffles between two runs.
    """
    counts: dict[Code, int] = {}
    for row in rows:
        code = row[key]
        code = None if code in ("", None) else code
        counts[code] = counts.get(code, 0) + row["count"]
    items = [BreakdownItem(code, _label(code, label_for), n) for code, n in counts.items()]
    return tuple(sorted(items, key=lambda i: (-i.count, sort_key(i.label), str(i.code))))


def _label(code: Code, label_for) -> str:
    if code is None:
        return str(NOT_GIVEN)
    if label_for is None:
        return str(code)
    if callable(label_for):
        return str(label_for(code))
    return str(label_for.get(code, code))


def meeting_stats(period: Period) -> MeetingStats:
    """`board_meetings`, `general_assemblies`: meetings of those kinds dated in the
    period."""
    counts = Meeting.objects.in_period(period).aggregate(
        board_meetings=Count("pk", filter=Q(kind=Meeting.Kind.BOARD)),
        general_assemblies=Count("pk", filter=Q(kind=Meeting.Kind.GENERAL_ASSEMBLY)),
    )
    return MeetingStats(**counts)


def years_span(years: Sequence[int]) -> Period:
    """From 1 January of the first of `years` to 31 December of the last."""
    return Period(Period.year(min(years)).start, Period.year(max(years)).end)


def aggregate_by_year(
    queryset: QuerySet, years: Sequence[int], aggregates: Callable[[Period], dict[str, Any]]
) -> dict[int, dict[str, Any]]:
    """One `aggregate()` query over `queryset` computing `aggregates(Period.year(y))`
    for each of `years` (each aggregate carries its year's own filter), by year.

    The `..._by_year` functions of the apps' stats build on it: the period function's
    filters, once per year, in a single query instead of one query per year.
    """
    names: dict[int, list[str]] = {}
    expressions: dict[str, Any] = {}
    for year in years:
        year_aggregates = aggregates(Period.year(year))
        names[year] = list(year_aggregates)
        expressions.update({f"y{year}_{name}": e for name, e in year_aggregates.items()})
    totals = queryset.aggregate(**expressions) if expressions else {}
    return {year: {name: totals[f"y{year}_{name}"] for name in names[year]} for year in years}


def in_year(field: str, period: Period) -> Q:
    """`field` dated in `period` (a year of `aggregate_by_year`)."""
    return Q(**{f"{field}__range": period.as_range()})


def meeting_stats_by_year(years: Sequence[int]) -> dict[int, MeetingStats]:
    """`meeting_stats` of each of `years` (calendar years), in one query."""

    def counts(period: Period) -> dict[str, Count]:
        dated = in_year("date", period)
        return {
            "board_meetings": Count("pk", filter=dated & Q(kind=Meeting.Kind.BOARD)),
            "general_assemblies": Count("pk", filter=dated & Q(kind=Meeting.Kind.GENERAL_ASSEMBLY)),
        }

    rows = aggregate_by_year(Meeting.objects.in_period(years_span(years)), years, counts)
    return {year: MeetingStats(**row) for year, row in rows.items()}


def meetings_by_format(period: Period) -> tuple[BreakdownItem, ...]:
    """Meetings of every kind dated in the period, by format (in person, online, hybrid)."""
    rows = Meeting.objects.in_period(period).values("format").annotate(count=Count("pk")).order_by()
    return build_breakdown(rows, "format", dict(Format.choices))


def grants_by_funder(period: Period) -> tuple[FunderItem, ...]:
    """Grants that were granted or paid (requested and refused ones are not funding), by
    funder: how many and the total amount.

    A grant records only the year it is for (`Grant.year`), not the dates it covers: a
    grant counts when its year is one of the years the period touches
    (`period.start.year` to `period.end.year`), so for a calendar year exactly that
    year's grants. The funder work will give grants their own dates and replace this.
    """
    years = (period.start.year, period.end.year)
    rows = (
        Grant.objects.filter(year__range=years)
        .filter(status__in=[Grant.Status.GRANTED, Grant.Status.PAID])
        .values("funder", "funder__name")
        .annotate(count=Count("pk"), amount=Sum("amount"))
        .order_by()
    )
    items = [
        FunderItem(r["funder"], r["funder__name"], r["count"], r["amount"].quantize(CENT))
        for r in rows
    ]
    return tuple(sorted(items, key=lambda i: (-i.count, sort_key(i.label), i.code)))


def partners_of_period(period: Period) -> list[dict[str, str]]:
    """Organisations in partnership with the association at some point of the period, with
    the role of each partnership (one query; organisations only, never a person)."""
    rows = (
        Partnership.objects.overlapping(period)
        .values_list("role", "organisation__name")
        .order_by("role", "organisation__name")
        .distinct()
    )
    return [{"role": role, "name": name} for role, name in rows]
