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
from django.db.models import Count, Exists, OuterRef, Q, QuerySet, Sum
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from core.period import Period
from governance.models import (
    Contribution,
    Dossier,
    Format,
    Mandate,
    Meeting,
    Partnership,
    StaffPosition,
)

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


@dataclass(frozen=True)
class ProtectedFigure:
    """A share or mean as a board member may see it.

    `value` is None when the figure is undefined (nobody to take it over) or withheld;
    `withheld` says it is withheld because it would single people out, and the renderers
    then show `withheld_label(minimum)` (« moins de 3 personnes ») instead of a number.
    """

    value: int | None
    withheld: bool = False

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def _too_few(count: int, minimum: int) -> bool:
    # Nobody (0) singles nobody out; 1 to minimum - 1 people do.
    return 0 < count < minimum


def protect_share(part: int, whole: int, minimum: int) -> ProtectedFigure:
    """`part` out of `whole` in percent (half up), withheld when it would describe fewer
    than `minimum` people: the `whole` it is taken over, the `part` it counts, or the
    complement `whole - part` (« 10 rencontrées, 80 % de femmes » is exactly 2 men).

    Undefined (None, not withheld) when `whole` is 0.
    """
    if not whole:
        return ProtectedFigure(None)
    if any(_too_few(n, minimum) for n in (whole, part, whole - part)):
        return ProtectedFigure(None, withheld=True)
    return ProtectedFigure(percent_half_up(part, whole))


def protect_mean(value: int | None, count: int, minimum: int) -> ProtectedFigure:
    """A mean `value` taken over `count` people, withheld when `count` is below `minimum`
    (the mean age of one cooperator is her age). Undefined when `count` is 0."""
    if not count or value is None:
        return ProtectedFigure(None)
    if _too_few(count, minimum):
        return ProtectedFigure(None, withheld=True)
    return ProtectedFigure(value)


def withheld_label(minimum: int) -> str:
    """What a board member reads in place of a withheld figure."""
    return ngettext("moins de %(minimum)s personne", "moins de %(minimum)s personnes", minimum) % {
        "minimum": minimum
    }


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


# The association's year told, not counted: the dated meetings, the dossiers, the staff
# and the contributions, for the annual report's chapters (reports.year_story).


@dataclass(frozen=True)
class MeetingLine:
    """A meeting dated in the period, with the decisions it voted (texts, in order)."""

    kind: str
    kind_label: str
    date: Any
    title: str
    format: str
    format_label: str
    decisions: tuple[str, ...]


@dataclass(frozen=True)
class StaffLine:
    """A staff position held at some point of the period. `name` is empty unless the
    position says the person agreed to have it printed."""

    role: str
    contract_label: str
    start_date: Any
    end_date: Any
    funding_scheme: str
    name: str
    made_permanent: bool  # a permanent contract following a contract for the same role


@dataclass(frozen=True)
class ContributionLine:
    """Volunteer time or an in-kind gift dated in the period. `organisation` only: a
    volunteer's own name is not printed."""

    kind: str
    date: Any
    hours: Decimal | None
    value: Decimal | None
    description: str
    organisation: str
    meeting_title: str


@dataclass(frozen=True)
class ContributionTotals:
    """`volunteer_hours`: hours of volunteering dated in the period; `in_kind_value`:
    the stated value (euros) of in-kind gifts and of volunteering given as a value."""

    volunteer_hours: Decimal
    in_kind_value: Decimal


def meetings_of_period(period: Period) -> tuple[MeetingLine, ...]:
    """Every meeting dated in the period, in date order, with its decisions (two
    queries: the meetings, their decisions)."""
    meetings = (
        Meeting.objects.in_period(period).order_by("date", "kind").prefetch_related("decisions")
    )
    kinds, formats = dict(Meeting.Kind.choices), dict(Format.choices)
    return tuple(
        MeetingLine(
            kind=m.kind,
            kind_label=str(kinds.get(m.kind, m.kind)),
            date=m.date,
            title=m.title,
            format=m.format,
            format_label=str(formats.get(m.format, m.format)),
            decisions=tuple(d.text for d in m.decisions.all()),
        )
        for m in meetings
    )


def dossiers_of_period(period: Period) -> tuple[str, ...]:
    """Titles of the dossiers held by a board mandate overlapping the period (one query;
    titles only, never who holds them)."""
    first, last = period.as_range()
    mandates = Mandate.objects.filter(start_date__lte=last).filter(
        Q(end_date__isnull=True) | Q(end_date__gte=first)
    )
    names = Dossier.objects.filter(mandates__in=mandates).values_list("name", flat=True).distinct()
    return tuple(sorted(names, key=sort_key))


def staff_of_period(period: Period) -> tuple[StaffLine, ...]:
    """Staff positions whose own period [start, end or open] meets the period (one
    query), in start order; `made_permanent` when a permanent contract follows an earlier
    position of the same person in the same role."""
    first, last = period.as_range()
    earlier = StaffPosition.objects.filter(
        first_name=OuterRef("first_name"),
        last_name=OuterRef("last_name"),
        role=OuterRef("role"),
        end_date__lt=OuterRef("start_date"),
    )
    positions = (
        StaffPosition.objects.filter(start_date__lte=last)
        .filter(Q(end_date__isnull=True) | Q(end_date__gte=first))
        .annotate(follows=Exists(earlier))
        .order_by("start_date", "role")
    )
    contracts = dict(StaffPosition.ContractType.choices)
    return tuple(
        StaffLine(
            role=p.role,
            contract_label=str(contracts.get(p.contract_type, p.contract_type)),
            start_date=p.start_date,
            end_date=p.end_date,
            funding_scheme=p.funding_scheme,
            name=f"{p.first_name} {p.last_name}" if p.name_printable else "",
            made_permanent=p.follows and p.contract_type == StaffPosition.ContractType.PERMANENT,
        )
        for p in positions
    )


def contributions_of_period(period: Period) -> tuple[ContributionLine, ...]:
    """Volunteering and in-kind gifts dated in the period, in date order (one query)."""
    rows = (
        Contribution.objects.filter(date__range=period.as_range())
        .select_related("organisation", "meeting")
        .order_by("date", "pk")
    )
    return tuple(
        ContributionLine(
            kind=c.kind,
            date=c.date,
            hours=c.hours,
            value=c.value,
            description=c.description,
            organisation=c.organisation.name if c.organisation else "",
            meeting_title=str(c.meeting) if c.meeting else "",
        )
        for c in rows
    )


def contribution_totals(period: Period) -> ContributionTotals:
    """See `ContributionTotals` (one query)."""
    totals = Contribution.objects.filter(date__range=period.as_range()).aggregate(
        hours=Sum("hours", filter=Q(kind=Contribution.Kind.VOLUNTEERING)),
        value=Sum("value"),
    )
    return ContributionTotals(
        volunteer_hours=totals["hours"] or Decimal(0), in_kind_value=totals["value"] or Decimal(0)
    )
