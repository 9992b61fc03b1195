"""What the board dashboard shows for a year, assembled from the year's indicators.

`build_dashboard(year, today=..., exact=...)` runs a bounded number of SQL queries whatever
the data size (listed in tests/reports/test_dashboard.py). It adds to `compute_indicators`
only what is dashboard-specific: comparisons with other years and with the same date last
year (`reports.comparisons`), a monthly series, small-count suppression, and the "life of
the association" lists. Cards, charts and trend lines are those `reports.figures`
declares. Its figures are cached by the data version (`reports.freshness`): a page after
a write shows it, every other page reads the figures from the shared cache.
"""

import datetime
from dataclasses import dataclass, replace

from django.db.models import Count, Max, Min, Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from cooperatives.models import Cooperative
from core.period import MAX_YEAR, MIN_YEAR, Period
from entrepreneurs.models import Encounter
from events import stats as event_stats
from events.models import Event
from governance.models import Format, Meeting
from governance.stats import min_group_size
from reports.cache import FigureCache, period_key
from reports.charts import Chart, line_chart
from reports.comparisons import (
    Card,
    Figures,
    build_cards,
    figures_to_date,
    trend_rows,
)
from reports.figure_charts import breakdown_chart
from reports.figures import (
    BREAKDOWNS,
    FIGURES,
    MONTHS,
    Audience,
    figure_values_by_year,
    trend_figures,
)
from reports.indicators import Indicators, compute_indicators
from reports.models import ReportEdition

TREND_YEARS = 5
UPCOMING_LIMIT = 5
RUNNING_LIMIT = 20
EDITIONS_LIMIT = 6


@dataclass(frozen=True)
class DashboardChart:
    chart: Chart
    note: str = ""
    # For a wider layout (line charts).
    wide: bool = False


@dataclass(frozen=True)
class Dashboard:
    year: int
    today: datetime.date
    is_current_year: bool
    exact: bool
    min_group_size: int
    years: tuple[int, ...]
    last_data_year: int | None
    indicators: Indicators
    cards: tuple[Card, ...]
    charts: tuple[DashboardChart, ...]
    upcoming_meetings: tuple[dict, ...]
    upcoming_events: tuple[dict, ...]
    running_cooperatives: tuple[dict, ...]
    editions: tuple[dict, ...]
    report_url: str
    report_pdf_url: str


class YearOutOfRange(ValueError):
    """A year the dashboard does not offer (outside the data's years and this year)."""


# Years ---------------------------------------------------------------------------------


def data_years(today: datetime.date) -> tuple[tuple[int, ...], int | None]:
    """Years the selector offers: from the first dated record to the last one or this
    year, whichever is later; and the last year holding a dated record (None if none).

    Three queries (min/max date of encounters, events, meetings; each uses its index).
    """
    firsts, lasts = [], []
    for model in (Encounter, Event, Meeting):
        bounds = model.objects.order_by().aggregate(first=Min("date"), last=Max("date"))
        if bounds["first"]:
            firsts.append(bounds["first"].year)
            lasts.append(bounds["last"].year)
    last_data = max(lasts) if lasts else None
    first = max(min([*firsts, today.year]), MIN_YEAR + 1)
    last = min(max([*lasts, today.year]), MAX_YEAR)
    return tuple(range(first, last + 1)), last_data


# Charts --------------------------------------------------------------------------------


def _breakdown_charts(indicators: Indicators, exact: bool, minimum: int):
    breakdowns = indicators.breakdowns.to_dict()
    note = ""
    if not exact:
        note = _(
            "Pour que personne ne soit reconnaissable, les catégories de moins de "
            "%(n)d personnes sont regroupées dans « Autres »."
        ) % {"n": minimum}
    return tuple(
        DashboardChart(
            breakdown_chart(b, breakdowns, exact=exact, minimum=minimum),
            note=str(note) if b.people else "",
        )
        for b in BREAKDOWNS
        if b.dashboard
    )


def _monthly_chart(year: int, by_month: tuple[int, ...]) -> DashboardChart:
    monthly = line_chart(
        str(_("Entrepreneur·es rencontré·es par mois en %(year)d") % {"year": year}),
        [str(m) for m in MONTHS],
        {str(_("Personnes rencontrées")): by_month},
    )
    note = _("Une personne rencontrée plusieurs mois compte dans chacun de ces mois.")
    return DashboardChart(monthly, note=str(note), wide=True)


def _trend_chart(trend: dict[int, Figures], audience: Audience) -> DashboardChart:
    years = sorted(trend)
    chart: Chart = line_chart(
        str(_("Évolution sur %(n)d ans") % {"n": len(years)}),
        [str(y) for y in years],
        {str(f.trend): [trend[y][f.key] or 0 for y in years] for f in trend_figures()},
    )
    return DashboardChart(replace(chart, rows=trend_rows(trend, audience)), wide=True)


def _trend_years(year: int, years: tuple[int, ...]) -> tuple[int, tuple[int, ...]]:
    """The trend's first year, and the years before `year` whose figures it needs (the
    trend's and the year before, for the cards)."""
    earliest = max(year - TREND_YEARS + 1, min(years), MIN_YEAR)
    return earliest, tuple(y for y in range(min(earliest, year - 1), year) if y >= MIN_YEAR)


def _trend(
    indicators: Indicators, years: tuple[int, ...], figures: FigureCache
) -> tuple[dict, Figures | None]:
    """The figures of up to TREND_YEARS years ending with the one shown, and those of the
    year before it (for the cards), whether or not the trend draws it.

    The earlier years come from one query per stats group for all of them
    (`figure_values_by_year`), cached by the data version.
    """
    year = indicators.year
    earliest, before = _trend_years(year, years)
    trend: dict[int, Figures] = figures.get(
        _headline_key(before),
        lambda: figure_values_by_year(before, FIGURES),
    )
    previous = trend.get(year - 1)
    trend = {y: figures for y, figures in trend.items() if y >= earliest}
    trend[year] = {f.key: getattr(indicators, f.key) for f in FIGURES}
    return trend, previous


def _headline_key(years: tuple[int, ...]) -> tuple[str, str]:
    return ("headline", ",".join(map(str, years)))


def _upcoming_meetings(today: datetime.date) -> tuple[dict, ...]:
    """Next board meetings and general assemblies: one query."""
    meetings = (
        Meeting.objects.filter(date__gte=today)
        .filter(kind__in=[Meeting.Kind.BOARD, Meeting.Kind.GENERAL_ASSEMBLY])
        .order_by("date", "kind")
        .values("title", "kind", "date", "format")[:UPCOMING_LIMIT]
    )
    kinds, formats = dict(Meeting.Kind.choices), dict(Format.choices)
    return tuple(
        {**m, "kind_label": kinds[m["kind"]], "format_label": formats.get(m["format"])}
        for m in meetings
    )


def _upcoming_events(today: datetime.date) -> tuple[dict, ...]:
    """Next events, titles and dates only (never who attends): one query."""
    events = (
        Event.objects.filter(date__gte=today)
        .order_by("date", "title")
        .values("title", "kind", "date", "format")[:UPCOMING_LIMIT]
    )
    kinds, formats = dict(Event.Kind.choices), dict(Format.choices)
    return tuple(
        {**e, "kind_label": kinds.get(e["kind"]), "format_label": formats.get(e["format"])}
        for e in events
    )


def _running_cooperatives(today: datetime.date) -> tuple[dict, ...]:
    """Cooperatives running today with their current cooperators: one query."""
    current = Q(memberships__joined_on__lte=today) & (
        Q(memberships__left_on__isnull=True) | Q(memberships__left_on__gte=today)
    )
    cooperatives = (
        Cooperative.objects.running(today)
        .annotate(cooperators=Count("memberships", filter=current))
        .order_by("start_date", "name")
        .values("name", "kind", "start_date", "end_date", "host__name", "cooperators")[
            :RUNNING_LIMIT
        ]
    )
    kinds = dict(Cooperative.Kind.choices)
    return tuple({**c, "kind_label": kinds.get(c["kind"])} for c in cooperatives)


def _editions() -> tuple[dict, ...]:
    """The latest report editions of every year with their status: one query. The PDF
    link (/reports/YEAR.pdf) serves the latest published version of its year, so only
    that version carries it."""
    rows = ReportEdition.objects.order_by("-year", "-version").values(
        "year", "version", "title", "status", "published_at", "pdf"
    )[:EDITIONS_LIMIT]
    statuses = dict(ReportEdition.Status.choices)
    editions, linked_years = [], set()
    for row in rows:
        published = row["status"] == ReportEdition.Status.PUBLISHED
        pdf_url = None
        if published and row["pdf"] and row["year"] not in linked_years:
            linked_years.add(row["year"])
            pdf_url = reverse("reports:report_pdf", args=[row["year"]])
        editions.append({**row, "status_label": statuses.get(row["status"]), "pdf_url": pdf_url})
    return tuple(editions)


def build_dashboard(year: int, *, today: datetime.date, exact: bool) -> Dashboard:
    """Everything the dashboard page shows for `year` (one of `data_years`).

    Raises YearOutOfRange for any other year. `exact` is for staff: breakdowns of people
    are shown without small-count suppression.
    """
    years, last_data_year = data_years(today)
    if year not in years:
        raise YearOutOfRange(
            f"year must be one of {years[0]}..{years[-1]} (the data's years), got {year!r}"
        )
    period = Period.year(year)
    # The figures at the data version: one read for all of them, computed after a write.
    figures = FigureCache()
    keys = [("indicators", period_key(period)), _headline_key(_trend_years(year, years)[1])]
    keys += [("met-by-month", year), ("to-date", today)]
    figures.prefetch(*keys)
    indicators = figures.get(keys[0], lambda: compute_indicators(period))
    trend, previous = _trend(indicators, years, figures)
    by_month = figures.get(keys[2], lambda: event_stats.entrepreneurs_met_by_month(period))
    to_date = None
    if year == today.year:
        to_date = figures.get(keys[3], lambda: figures_to_date(today))
    audience = Audience.STAFF if exact else Audience.BOARD
    minimum = min_group_size()
    return Dashboard(
        year=year,
        today=today,
        is_current_year=year == today.year,
        exact=exact,
        min_group_size=minimum,
        years=years,
        last_data_year=last_data_year,
        indicators=indicators,
        cards=build_cards(trend[year], year, previous, to_date, audience),
        charts=(
            _monthly_chart(year, by_month),
            *_breakdown_charts(indicators, exact, minimum),
            _trend_chart(trend, audience),
        ),
        upcoming_meetings=_upcoming_meetings(today),
        upcoming_events=_upcoming_events(today),
        running_cooperatives=_running_cooperatives(today),
        editions=_editions(),
        report_url=reverse("reports:report", args=[year]),
        report_pdf_url=reverse("reports:report_pdf", args=[year]),
    )


def dashboard_html(year: int, *, today: datetime.date, exact: bool, request) -> str:
    """The dashboard's content, rendered per request from figures cached by the data
    version (`reports.cache`): never stale, recomputed only after a write."""
    return _render_body(build_dashboard(year, today=today, exact=exact), request)


def _render_body(board: Dashboard, request) -> str:
    context = {"year": board.year, "dashboard": board}
    return render_to_string("reports/_dashboard_body.html", context, request=request)
