"""What the board dashboard shows for a year, assembled from the year's indicators.

`build_dashboard(year, today=..., exact=...)` runs a bounded number of SQL queries whatever
the data size (listed in tests/reports/test_dashboard.py). It adds to `compute_indicators`
only what is dashboard-specific: comparisons with other years and with the same date last
year, a monthly series, small-count suppression, and the "life of the association" lists.
`dashboard_html` serves it, rendered, to board members through the shared cache.
"""

import datetime
from collections.abc import Sequence
from dataclasses import dataclass, replace

from django.conf import settings
from django.core.cache import cache
from django.db.models import Count, Max, Min, Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

from cooperatives import stats as cooperative_stats
from cooperatives.models import Cooperative
from core.period import MAX_YEAR, MIN_YEAR, Period
from entrepreneurs import stats as entrepreneur_stats
from entrepreneurs.models import Encounter
from events import stats as event_stats
from events.models import Event
from governance import stats as governance_stats
from governance.models import Format, Meeting
from governance.stats import BreakdownItem, min_group_size, suppress_small_groups
from reports.charts import Chart, bar_chart, line_chart
from reports.indicators import YearIndicators, compute_indicators
from reports.models import ReportEdition

TREND_YEARS = 5
UPCOMING_LIMIT = 5
RUNNING_LIMIT = 20
EDITIONS_LIMIT = 6
MONTHS = (
    _("janv."),
    _("févr."),
    _("mars"),
    _("avr."),
    _("mai"),
    _("juin"),
    _("juil."),
    _("août"),
    _("sept."),
    _("oct."),
    _("nov."),
    _("déc."),
)

# Headline figures, in card order: (field of YearIndicators, label, unit).
CARDS = (
    ("entrepreneurs_met", _("Entrepreneur·es rencontré·es"), ""),
    ("new_entrepreneurs", _("dont nouvelles personnes"), ""),
    ("women_percent", _("Part de femmes"), "%"),
    ("individual_interviews", _("Entretiens individuels"), ""),
    ("collective_meetings", _("Réunions collectives"), ""),
    ("workshops_in_person", _("Ateliers et formations en présentiel"), ""),
    ("commercial_events", _("Événements commerciaux"), ""),
    ("cooperatives_active", _("Coopératives éphémères actives"), ""),
    ("cooperators_engaged", _("Coopérateur·rices engagé·es"), ""),
    ("cooperative_brands_created", _("Marques coopératives créées"), ""),
    ("board_meetings", _("Conseils d'administration"), ""),
    ("general_assemblies", _("Assemblées générales"), ""),
)
# Figures the trend chart draws, with legend names short enough for its legend (the
# table under it lists every headline figure).
TREND_SERIES = {
    "entrepreneurs_met": _("Rencontré·es"),
    "new_entrepreneurs": _("Nouvelles personnes"),
    "cooperators_engaged": _("Coopérateur·rices"),
}


def cache_seconds() -> int:
    """How long a board member's dashboard may be served from the shared cache."""
    return getattr(settings, "DASHBOARD_CACHE_SECONDS", 300)


@dataclass(frozen=True)
class Comparison:
    """A figure against a reference (previous year, or same date last year)."""

    reference_label: str
    reference: int | None
    value: int | None
    unit: str = ""

    @property
    def difference(self) -> int | None:
        if self.value is None or self.reference is None:
            return None
        return self.value - self.reference

    @property
    def direction(self) -> str:
        """up, down, equal, or unknown (a figure is not defined)."""
        diff = self.difference
        if diff is None:
            return "unknown"
        return "up" if diff > 0 else "down" if diff < 0 else "equal"

    @property
    def arrow(self) -> str:
        return {"up": "▲", "down": "▼", "equal": "=", "unknown": "–"}[self.direction]

    @property
    def signed(self) -> str:
        """The difference as text, « +5 », « −2 », « 0 » (points for a percentage)."""
        diff = self.difference
        if diff is None:
            return "—"
        sign = "+" if diff > 0 else "−" if diff < 0 else ""
        unit = f"\u00a0{_('pts')}" if self.unit == "%" else ""
        return f"{sign}{abs(diff)}{unit}"

    @property
    def direction_text(self) -> str:
        return {
            "up": _("en hausse"),
            "down": _("en baisse"),
            "equal": _("stable"),
            "unknown": _("non comparable"),
        }[self.direction]


@dataclass(frozen=True)
class Card:
    key: str
    label: str
    value: int | None
    unit: str
    vs_previous: Comparison | None
    vs_same_date: Comparison | None


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
    indicators: YearIndicators
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


# Figures -------------------------------------------------------------------------------


def headline_figures(year: int) -> dict[str, int | None]:
    """The year's headline figures without breakdowns: six queries."""
    period = Period.year(year)
    figures: dict[str, int | None] = {}
    for part in (
        event_stats.met_stats(period),
        event_stats.event_stats(period),
        cooperative_stats.cooperative_stats(period),
        cooperative_stats.cooperator_stats(period),
        governance_stats.meeting_stats(period),
    ):
        figures.update(vars(part))
    figures["individual_interviews"] = entrepreneur_stats.individual_interviews(period)
    return figures


def figures_to_date(today: datetime.date) -> tuple[dict[str, int], dict[str, int], datetime.date]:
    """The count-based headline figures from 1 January to `today`, and for the same
    period last year (ending on the returned day): the apps' `stats` functions cut at a
    day, four queries per period.
    """
    now = Period.year(today.year, until=today)
    before = now.years_before()
    return _figures_until(now), _figures_until(before), before.end


def _figures_until(period: Period) -> dict[str, int]:
    return {
        "entrepreneurs_met": event_stats.met_stats(period).entrepreneurs_met,
        "individual_interviews": entrepreneur_stats.individual_interviews(period),
        **vars(event_stats.event_stats(period)),
        **vars(governance_stats.meeting_stats(period)),
    }


# Small counts ----------------------------------------------------------------------------


# Assembly ------------------------------------------------------------------------------


def _cards(
    indicators: YearIndicators,
    previous: dict[str, int | None] | None,
    to_date: tuple[dict[str, int], dict[str, int], str] | None,
) -> tuple[Card, ...]:
    cards = []
    for key, label, unit in CARDS:
        value = getattr(indicators, key)
        vs_previous = None
        if previous is not None:
            vs_previous = Comparison(str(indicators.year - 1), previous[key], value, unit)
        vs_same_date = None
        if to_date is not None and key in to_date[0]:
            now, before, when = to_date
            vs_same_date = Comparison(when, before[key], now[key], unit)
        cards.append(Card(key, str(label), value, unit, vs_previous, vs_same_date))
    return tuple(cards)


def _people_chart(title: str, items: Sequence[BreakdownItem], exact: bool, minimum: int):
    if not exact:
        items = suppress_small_groups(items, minimum)
    chart = bar_chart(title, [(item.label, item.count) for item in items])
    note = ""
    if not exact:
        note = _(
            "Pour que personne ne soit reconnaissable, les catégories de moins de "
            "%(n)d personnes sont regroupées dans « Autres »."
        ) % {"n": minimum}
    return DashboardChart(chart, note=str(note))


def _grants_chart(year: int, grants: Sequence) -> DashboardChart:
    grants = sorted(grants, key=lambda item: -item.amount)  # the biggest funder first
    chart = bar_chart(
        str(_("Subventions accordées en %(year)d par financeur (€)") % {"year": year}),
        [(item.label, float(item.amount)) for item in grants],
        value_header=str(_("Montant (€)")),
    )
    # The table also gives how many grants each funder made, and exact cents.
    rows = (
        ("", str(_("Subventions")), str(_("Montant (€)"))),
        *((i.label, str(i.count), f"{i.amount:.2f}".replace(".", ",")) for i in grants),
    )
    return DashboardChart(replace(chart, rows=rows))


def _trend_chart(trend: dict[int, dict[str, int | None]]) -> DashboardChart:
    years = sorted(trend)
    chart = line_chart(
        str(_("Évolution sur %(n)d ans") % {"n": len(years)}),
        [str(y) for y in years],
        {str(name): [trend[y][key] or 0 for y in years] for key, name in TREND_SERIES.items()},
    )

    def cell(value: int | None) -> str:
        return "—" if value is None else str(value)

    rows = (
        ("", *(str(y) for y in years)),
        *((str(label), *(cell(trend[y][key]) for y in years)) for key, label, _unit in CARDS),
    )
    return DashboardChart(replace(chart, rows=rows), wide=True)


def _charts(
    indicators: YearIndicators,
    by_month: tuple[int, ...],
    trend: dict[int, dict[str, int | None]],
    exact: bool,
    minimum: int,
) -> tuple[DashboardChart, ...]:
    year, parts = indicators.year, indicators.breakdowns
    monthly = line_chart(
        str(_("Entrepreneur·es rencontré·es par mois en %(year)d") % {"year": year}),
        [str(m) for m in MONTHS],
        {str(_("Personnes rencontrées")): by_month},
    )
    return (
        DashboardChart(
            monthly,
            note=str(_("Une personne rencontrée plusieurs mois compte dans chacun de ces mois.")),
            wide=True,
        ),
        _people_chart(
            str(_("Coopérateur·rices par pays d'origine")),
            parts.cooperators_by_country,
            exact,
            minimum,
        ),
        _people_chart(
            str(_("Coopérateur·rices par type de projet")),
            parts.cooperators_by_project_kind,
            exact,
            minimum,
        ),
        DashboardChart(
            bar_chart(
                str(_("Événements par type")),
                [(item.label, item.count) for item in parts.events_by_kind_and_month],
            )
        ),
        DashboardChart(
            bar_chart(
                str(_("Réunions de gouvernance par format")),
                [(item.label, item.count) for item in parts.meetings_by_format],
            )
        ),
        _grants_chart(year, parts.grants_by_funder),
        _trend_chart(trend),
    )


def _upcoming(today: datetime.date) -> tuple[tuple[dict, ...], tuple[dict, ...], tuple[dict, ...]]:
    """Next board meetings and general assemblies, next events (titles and dates only,
    never who attends), cooperatives running today with their current cooperators.
    Three queries."""
    meetings = (
        Meeting.objects.filter(date__gte=today)
        .filter(kind__in=[Meeting.Kind.BOARD, Meeting.Kind.GENERAL_ASSEMBLY])
        .order_by("date", "kind")
        .values("title", "kind", "date", "format")[:UPCOMING_LIMIT]
    )
    events = (
        Event.objects.filter(date__gte=today)
        .order_by("date", "title")
        .values("title", "kind", "date", "format")[:UPCOMING_LIMIT]
    )
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
    meeting_kinds, event_kinds = dict(Meeting.Kind.choices), dict(Event.Kind.choices)
    formats = dict(Format.choices)
    return (
        tuple(
            {**m, "kind_label": meeting_kinds[m["kind"]], "format_label": formats.get(m["format"])}
            for m in meetings
        ),
        tuple(
            {
                **e,
                "kind_label": event_kinds.get(e["kind"]),
                "format_label": formats.get(e["format"]),
            }
            for e in events
        ),
        tuple(
            {**c, "kind_label": dict(Cooperative.Kind.choices).get(c["kind"])} for c in cooperatives
        ),
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
    indicators = compute_indicators(Period.year(year))
    earliest = max(year - TREND_YEARS + 1, min(years), MIN_YEAR)
    trend: dict[int, dict[str, int | None]] = {
        y: headline_figures(y) for y in range(min(earliest, year - 1), year) if y >= MIN_YEAR
    }
    previous = trend.get(year - 1)
    trend = {y: figures for y, figures in trend.items() if y >= earliest}
    trend[year] = {key: getattr(indicators, key) for key, _label, _unit in CARDS}
    to_date = None
    if year == today.year:
        now, before, day = figures_to_date(today)
        to_date = (now, before, day.strftime("%d/%m/%Y"))
    minimum = min_group_size()
    meetings, events, cooperatives = _upcoming(today)
    return Dashboard(
        year=year,
        today=today,
        is_current_year=year == today.year,
        exact=exact,
        min_group_size=minimum,
        years=years,
        last_data_year=last_data_year,
        indicators=indicators,
        cards=_cards(indicators, previous, to_date),
        charts=_charts(
            indicators,
            event_stats.entrepreneurs_met_by_month(Period.year(year)),
            trend,
            exact,
            minimum,
        ),
        upcoming_meetings=meetings,
        upcoming_events=events,
        running_cooperatives=cooperatives,
        editions=_editions(),
        report_url=reverse("reports:report", args=[year]),
        report_pdf_url=reverse("reports:report_pdf", args=[year]),
    )


def dashboard_html(year: int, *, today: datetime.date, exact: bool, request) -> str:
    """The dashboard's content, rendered. Served to board members from the shared cache
    for DASHBOARD_CACHE_SECONDS as HTML (a few minutes' delay is fine for aggregated
    figures, and it keeps the page fast when the whole board opens it at once); the page
    around it (navigation, CSRF tokens) is rendered per request. Staff, who change the
    records, always get live figures; 0 turns the cache off."""
    seconds = cache_seconds()
    if exact or not seconds:
        return _render_body(build_dashboard(year, today=today, exact=exact), request)
    language = translation.get_language()
    key = f"reports:dashboard:html:v2:{year}:{today.isoformat()}:{min_group_size()}:{language}"
    html = cache.get(key)
    if html is None:
        html = _render_body(build_dashboard(year, today=today, exact=exact), request)
        cache.set(key, html, seconds)
    return mark_safe(html)  # our own template's output, escaped when it was rendered


def _render_body(board: Dashboard, request) -> str:
    context = {"year": board.year, "dashboard": board}
    return render_to_string("reports/_dashboard_body.html", context, request=request)
