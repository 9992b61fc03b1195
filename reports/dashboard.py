"""What the board dashboard shows for a year, assembled from the year's indicators.

`build_dashboard(year, today=..., exact=...)` runs a bounded number of SQL queries whatever
the data size (listed in tests/reports/test_dashboard.py). It adds to `compute_indicators`
only what is dashboard-specific: comparisons with other years and with the same date last
year (`reports.comparisons`), a monthly series, small-count suppression, and the "life of
the association" lists. Cards, charts and trend lines are those `reports.figures`
declares. Its figures are cached by family and year (`reports.freshness`): a page after
a write shows it, recomputing only the figures of the families and years the write
moved; every other page reads the figures from the shared cache.
"""

import datetime
from dataclasses import dataclass, replace

from django.db.models import Max, Min
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from cooperatives import stats as cooperative_stats
from core.formatting import french_date
from core.period import MAX_YEAR, MIN_YEAR, Period, years_before
from entrepreneurs.models import Encounter
from events import stats as event_stats
from events.models import Event
from funding import stats as funding_stats
from governance import alerts as governance_alerts
from governance import stats as governance_stats
from governance.models import Meeting
from governance.stats import min_group_size, withheld_label
from reports.cache import Entry, FigureCache, cached, digest
from reports.charts import Chart, line_chart
from reports.comparisons import (
    Card,
    Figures,
    ToDate,
    build_cards,
    figures_to_date,
    trend_rows,
)
from reports.families import FAMILIES, MET, STORY, YEAR_LIFE
from reports.figure_charts import breakdown_chart
from reports.figures import (
    BREAKDOWNS,
    FIGURES,
    INDICATOR_FAMILIES,
    MONTHS,
    SUPPORT,
    Audience,
    family_figures,
    figure_values_by_year,
    protect_for_board,
    to_date_figures,
    trend_figures,
)
from reports.indicators import Indicators, cached_indicators, indicator_entries
from reports.models import ReportEdition
from reports.year_story import TIMELINE_EVENT_KINDS, build_timeline

TREND_YEARS = 5
RUNNING_LIMIT = 20
# The « Temps forts » the dashboard lists, around today (the report lists them all): a
# year of hundreds of meetings and events would make every page long to render.
TIMELINE_LIMIT = 20
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
    cards: tuple[Card, ...]
    charts: tuple[DashboardChart, ...]
    timeline: tuple[dict, ...]  # the year's « Temps forts », as in the report (up to 20)
    cooperatives: tuple[dict, ...]  # the cooperatives active in the year
    editions: tuple[dict, ...]
    report_url: str
    report_pdf_url: str
    # The year's grant agreements by funder and status (everyone); the deadlines of the
    # next 60 days or overdue (staff only, `exact`).
    grants: tuple = ()
    deadlines: tuple = ()
    # What a board member reads in place of a figure that would single people out.
    withheld_label: str = ""
    # The year's « Temps forts » not listed (beyond TIMELINE_LIMIT): in the report.
    timeline_hidden: int = 0
    # Governance to watch (staff only): mandates ending within 60 days, the last year's
    # general assemblies that fell short of their quorum.
    mandates_ending: tuple = ()
    assemblies_without_quorum: tuple = ()


class YearOutOfRange(ValueError):
    """A year the dashboard does not offer (outside the data's years and this year)."""


# Years ---------------------------------------------------------------------------------


def data_years(today: datetime.date) -> tuple[tuple[int, ...], int | None]:
    """Years the selector offers: from the first dated record to the last one, plus this
    year (no run of empty years up to today); and the last year holding a dated record
    (None if none).

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
    last = min(max([*lasts, first]), MAX_YEAR)
    years = set(range(first, last + 1)) | {today.year}
    return tuple(sorted(y for y in years if MIN_YEAR < y <= MAX_YEAR)), last_data


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


# The families whose figures the trend and the cards compare across years, and those
# the year so far compares with the same dates last year.
TREND_FAMILIES = tuple(f for f in INDICATOR_FAMILIES if family_figures(f))
TO_DATE_FAMILIES = tuple(f for f in TREND_FAMILIES if family_figures(f, to_date_figures()))


def _earlier_entries(years: tuple[int, ...]) -> dict[str, Entry]:
    """The cache entry of each family's figures of the earlier `years` (keyed by the
    versions of the last of them: a write dated this year leaves them cached)."""
    if not years:
        return {}
    key = ",".join(map(str, years))
    return {f: Entry(("earlier-years", f, key), (f,), max(years)) for f in TREND_FAMILIES}


def _earlier_years(years: tuple[int, ...], figures: FigureCache) -> dict[int, Figures]:
    """The figures of `years`, each family's from one query per stats group for all the
    years (`figure_values_by_year`), cached by that family's versions."""
    merged: dict[int, Figures] = {y: {} for y in years}
    for family, entry in _earlier_entries(years).items():
        values = figures.get(
            entry, lambda f=family: figure_values_by_year(years, family_figures(f))
        )
        for year, year_values in values.items():
            support = {**merged[year].get(SUPPORT, {}), **year_values.get(SUPPORT, {})}
            merged[year].update(year_values)
            if support:
                merged[year][SUPPORT] = support
    return merged


def _trend(
    indicators: Indicators, years: tuple[int, ...], figures: FigureCache
) -> tuple[dict, Figures | None]:
    """The figures of up to TREND_YEARS years ending with the one shown, and those of the
    year before it (for the cards), whether or not the trend draws it.

    The earlier years come from one query per stats group for all of them
    (`figure_values_by_year`), cached by family.
    """
    year = indicators.year
    earliest, before = _trend_years(year, years)
    trend = _earlier_years(before, figures)
    previous = trend.get(year - 1)
    trend = {y: figures for y, figures in trend.items() if y >= earliest}
    trend[year] = {f.key: getattr(indicators, f.key) for f in FIGURES}
    trend[year][SUPPORT] = indicators.support
    return trend, previous


def _to_date_entries(today: datetime.date) -> dict[str, Entry]:
    return {f: Entry(("to-date", f, today), (f,), today.year) for f in TO_DATE_FAMILIES}


def _to_date(today: datetime.date, figures: FigureCache) -> ToDate:
    """The year so far against the same dates last year, each family's cached apart."""
    now: Figures = {}
    before: Figures = {}
    day = today
    for family, entry in _to_date_entries(today).items():
        part = figures.get(entry, lambda f=family: figures_to_date(today, family_figures(f)))
        now.update(part.now)
        before.update(part.before)
        day = part.day
    return ToDate(now, before, day)


def _for_board(trend: dict, previous: Figures | None, minimum: int):
    """The trend and the previous year as a board member sees them (protect_for_board),
    and the keys withheld in the year shown (its last year)."""
    year = max(trend)
    protected = {y: protect_for_board(values, minimum) for y, values in trend.items()}
    if previous is not None:
        previous = protect_for_board(previous, minimum)[0]
    return {y: values for y, (values, _keys) in protected.items()}, previous, protected[year][1]


def _year_timeline(period: Period, cooperatives, today: datetime.date) -> tuple[dict, ...]:
    """The year's dated facts, as the report's « Temps forts » lists them (meetings and
    their decisions: 2 queries, events: 1), each marked when it is still to come."""
    meetings = governance_stats.meetings_of_period(period)
    events = event_stats.dated_events(period, TIMELINE_EVENT_KINDS)
    return tuple(
        {"entry": entry, "upcoming": entry.date >= today}
        for entry in build_timeline(period, cooperatives, meetings, events)
    )


def _timeline_window(timeline: tuple[dict, ...]) -> tuple[dict, ...]:
    """At most TIMELINE_LIMIT entries, around the first one still to come (the last ones
    of a past year, the first ones of a year to come)."""
    if len(timeline) <= TIMELINE_LIMIT:
        return timeline
    upcoming = next((i for i, item in enumerate(timeline) if item["upcoming"]), len(timeline))
    start = max(0, min(upcoming - TIMELINE_LIMIT // 2, len(timeline) - TIMELINE_LIMIT))
    return timeline[start : start + TIMELINE_LIMIT]


def _year_cooperatives(period: Period, cooperatives) -> tuple[dict, ...]:
    """The cooperatives active in the year with their cooperators of the year (1 query)."""
    people = cooperative_stats.cooperators_by_cooperative(period)
    return tuple(
        {
            "name": c.name,
            "kind": c.kind,
            "kind_label": c.kind_label,
            "host": c.host,
            "start_date": c.start_date,
            "end_date": c.end_date,
            "start_display": french_date(c.start_date),
            "end_display": french_date(c.end_date) if c.end_date else "",
            "cooperators": people.get(c.pk, 0),
        }
        for c in cooperatives[:RUNNING_LIMIT]
    )


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


def _check_year(year: int, years: tuple[int, ...]) -> None:
    if year not in years:
        raise YearOutOfRange(
            f"year must be one of {years[0]}..{years[-1]} (the data's years), got {year!r}"
        )


def build_dashboard(
    year: int,
    *,
    today: datetime.date,
    exact: bool,
    years: tuple[tuple[int, ...], int | None] | None = None,
    editions: tuple[dict, ...] | None = None,
) -> Dashboard:
    """Everything the dashboard page shows for `year` (one of `data_years`).

    Raises YearOutOfRange for any other year. `exact` is for staff: breakdowns of people
    are shown without small-count suppression. `years` (`data_years(today)`) and
    `editions` (`_editions()`) are read unless given.
    """
    years, last_data_year = years or data_years(today)
    _check_year(year, years)
    period = Period.year(year)
    # The figures at their families' versions: one read for the versions of all of them,
    # one for the figures; only those of the families and years a write moved are
    # computed again.
    figures = FigureCache()
    by_month_entry = Entry(("met-by-month", year), (MET,), year)
    life_entry = Entry(("year-life", year, today), (YEAR_LIFE,), year)
    entries = [
        *indicator_entries(period).values(),
        *_earlier_entries(_trend_years(year, years)[1]).values(),
        by_month_entry,
        life_entry,
        *(_to_date_entries(today).values() if year == today.year else ()),
    ]
    figures.prefetch(*entries)
    indicators = cached_indicators(period, figures)
    trend, previous = _trend(indicators, years, figures)
    by_month = figures.get(by_month_entry, lambda: event_stats.entrepreneurs_met_by_month(period))
    to_date = _to_date(today, figures) if year == today.year else None
    audience = Audience.STAFF if exact else Audience.BOARD
    minimum = min_group_size()
    withheld: set = set()
    if not exact:
        trend, previous, withheld = _for_board(trend, previous, minimum)
    life = figures.get(life_entry, lambda: _year_life(period, today))
    timeline, timeline_hidden, cooperatives, grants = life
    return Dashboard(
        year=year,
        today=today,
        is_current_year=year == today.year,
        exact=exact,
        min_group_size=minimum,
        years=years,
        last_data_year=last_data_year,
        cards=build_cards(trend[year], year, previous, to_date, audience, withheld),
        withheld_label=withheld_label(minimum),
        charts=(
            _monthly_chart(year, by_month),
            *_breakdown_charts(indicators, exact, minimum),
            _trend_chart(trend, audience),
        ),
        timeline=timeline,
        timeline_hidden=timeline_hidden,
        cooperatives=cooperatives,
        editions=_editions() if editions is None else editions,
        report_url=reverse("reports:report", args=[year]),
        report_pdf_url=reverse("reports:report_pdf", args=[year]),
        grants=grants,
        deadlines=tuple(funding_stats.deadlines_due(today)) if exact else (),
        **(_governance_alerts(today) if exact else {}),
    )


def _year_life(period: Period, today: datetime.date) -> tuple:
    """The year's timeline (the entries listed, and how many are not), cooperatives and
    grants: records like the figures, cached by the versions of their own family
    (`reports.families.YEAR_LIFE`)."""
    cooperatives = cooperative_stats.cooperatives_of_period(period)
    timeline = _year_timeline(period, cooperatives, today)
    listed = _timeline_window(timeline)
    return (
        listed,
        len(timeline) - len(listed),
        _year_cooperatives(period, cooperatives),
        funding_stats.grants_by_funder_and_status(period),
    )


def _governance_alerts(today: datetime.date) -> dict[str, tuple]:
    """Mandates ending within 60 days and the past year's general assemblies without
    quorum (governance.alerts): for staff, who prepare the next election or assembly."""
    return {
        "mandates_ending": tuple(governance_alerts.mandates_ending(today)),
        "assemblies_without_quorum": tuple(
            governance_alerts.assemblies_without_quorum(years_before(today), today)
        ),
    }


# What a board member's page reads: every family but the report's year told.
BODY_FAMILIES = tuple(f for f in FAMILIES if f != STORY)


def dashboard_html(year: int, *, today: datetime.date, exact: bool, request) -> str:
    """The dashboard's content from figures cached by family and year (`reports.cache`):
    never stale, recomputed only after a write that moved them.

    A board member's page is cached whole, rendered, under the versions of every family
    it reads at the year shown (a write dated that year or before, or undated, renders
    it again), the years offered, the report editions listed, the day, the language,
    the small-count threshold and whether the reader may open the report: most of a
    cached page's time was building and rendering it. Staff pages are rendered each
    time: they add the deadlines and governance alerts, read live.
    """
    years = data_years(today)
    _check_year(year, years[0])
    if exact:
        return _render_body(build_dashboard(year, today=today, exact=True, years=years), request)
    editions = _editions()
    parts = (
        "dashboard-body",
        year,
        today.isoformat(),
        translation.get_language(),
        min_group_size(),
        request.user.has_perm("reports.view_annual_report"),
        digest(repr((years, editions))),
    )

    def render() -> str:
        board = build_dashboard(year, today=today, exact=False, years=years, editions=editions)
        return _render_body(board, request)

    return cached(Entry(parts, BODY_FAMILIES, year), render)


def _render_body(board: Dashboard, request) -> str:
    context = {"year": board.year, "dashboard": board}
    return render_to_string("reports/_dashboard_body.html", context, request=request)
