"""The year's indicators, composed from the apps' `stats` modules.

`compute_indicators(year)` is the one object the annual report (JSON, HTML, PDF), the
dashboard and any API render. It runs a fixed number of SQL queries whatever the data
size (see tests/reports/test_indicators.py) and holds only plain numbers and strings.
"""

from dataclasses import dataclass, fields
from typing import Any

from django.utils import translation
from django.utils.http import urlencode

from cooperatives import stats as cooperative_stats
from core.period import Period
from entrepreneurs import stats as entrepreneur_stats
from entrepreneurs.models import Encounter, Gender
from events import stats as event_stats
from events.models import Event
from events.stats import KindByMonthItem
from governance import stats as governance_stats
from governance.models import Format, Meeting
from governance.stats import BreakdownItem, FunderItem

REPORT_LANGUAGE = "fr"


@dataclass(frozen=True)
class Breakdowns:
    """Chart data: ordered items (count descending, then label); empty values are
    labelled « Non renseigné »."""

    cooperators_by_country: tuple[BreakdownItem, ...]
    cooperators_by_project_kind: tuple[BreakdownItem, ...]
    cooperators_by_skill_level: tuple[BreakdownItem, ...]
    cooperators_by_informal_activity: tuple[BreakdownItem, ...]
    entrepreneurs_met_by_gender: tuple[BreakdownItem, ...]
    entrepreneurs_met_by_sector: tuple[BreakdownItem, ...]
    entrepreneurs_met_by_referrer: tuple[BreakdownItem, ...]
    events_by_kind_and_month: tuple[KindByMonthItem, ...]
    meetings_by_format: tuple[BreakdownItem, ...]
    grants_by_funder: tuple[FunderItem, ...]

    def to_dict(self) -> dict[str, list[dict[str, Any]]]:
        return {f.name: [item.to_dict() for item in getattr(self, f.name)] for f in fields(self)}


@dataclass(frozen=True)
class YearIndicators:
    """Every figure of the year; the definitions are in the docstrings of the apps'
    `stats` functions. None means "not defined" (nobody to take a share or mean of)."""

    year: int
    entrepreneurs_met: int
    women_percent: int | None
    new_entrepreneurs: int
    individual_interviews: int
    collective_meetings: int
    cooperatives_active: int
    cooperators_engaged: int
    cooperative_brands_created: int
    workshops_in_person: int
    commercial_events: int
    board_meetings: int
    general_assemblies: int
    cooperators_average_age: int | None
    breakdowns: Breakdowns

    def to_dict(self) -> dict[str, Any]:
        figures = {f.name: getattr(self, f.name) for f in fields(self) if f.name != "breakdowns"}
        return {**figures, "breakdowns": self.breakdowns.to_dict()}


def compute_indicators(period: Period) -> YearIndicators:
    """The period's indicators, labels in French whatever the request's language."""
    if not isinstance(period, Period):
        raise TypeError(f"compute_indicators takes a Period, got {period!r}")
    with translation.override(REPORT_LANGUAGE):
        return YearIndicators(
            year=period.reference_year,
            **vars(event_stats.met_stats(period)),
            individual_interviews=entrepreneur_stats.individual_interviews(period),
            **vars(event_stats.event_stats(period)),
            **vars(cooperative_stats.cooperative_stats(period)),
            **vars(cooperative_stats.cooperator_stats(period)),
            **vars(governance_stats.meeting_stats(period)),
            breakdowns=_breakdowns(period),
        )


def _breakdowns(period: Period) -> Breakdowns:
    cooperators = cooperative_stats.cooperators_engaged(period)
    met = event_stats.entrepreneurs_met(period)
    return Breakdowns(
        cooperators_by_country=entrepreneur_stats.by_country(cooperators),
        cooperators_by_project_kind=entrepreneur_stats.by_project_kind(cooperators),
        cooperators_by_skill_level=entrepreneur_stats.by_skill_level(cooperators),
        cooperators_by_informal_activity=entrepreneur_stats.by_informal_activity(cooperators),
        entrepreneurs_met_by_gender=entrepreneur_stats.by_gender(met),
        entrepreneurs_met_by_sector=entrepreneur_stats.by_sector(met),
        entrepreneurs_met_by_referrer=entrepreneur_stats.by_referrer(met),
        events_by_kind_and_month=event_stats.events_by_kind_and_month(period),
        meetings_by_format=governance_stats.meetings_by_format(period),
        grants_by_funder=governance_stats.grants_by_funder(period),
    )


# Traceability: for each figure, the admin changelist and standard lookups listing
# exactly the records it counts.


@dataclass(frozen=True)
class AdminFilter:
    """A filtered admin changelist: `reverse(url_name) + "?" + query_string()`."""

    url_name: str
    params: tuple[tuple[str, str], ...]

    def query_string(self) -> str:
        return urlencode(self.params)


# Figures without a list of their own: each links to the list of the records it is
# computed over (reports' read-only traceability lists).
RATIO_BASES = {
    "women_percent": "women among entrepreneurs_met",
    "cooperators_average_age": "cooperators_engaged with a known birth year",
}


def figure_filters(period: Period) -> dict[str, AdminFilter]:
    """The admin changelist filter listing the records behind each traceable figure.

    `date__year` and `kind__exact` are the parameters of the changelists' own year and
    kind filters, so the sidebar shows the selection; `__year` on a date means the same
    1 January to 31 December as the figures.
    """
    year_param = str(period.reference_year)

    def events(*params: tuple[str, str]) -> AdminFilter:
        return AdminFilter("admin:events_event_changelist", (("date__year", year_param), *params))

    def meetings(kind: str) -> AdminFilter:
        return AdminFilter(
            "admin:governance_meeting_changelist",
            (("date__year", year_param), ("kind__exact", kind)),
        )

    return {
        "individual_interviews": AdminFilter(
            "admin:entrepreneurs_encounter_changelist",
            (
                ("date__year", year_param),
                ("kind__exact", Encounter.Kind.INDIVIDUAL_INTERVIEW.value),
            ),
        ),
        "collective_meetings": events(("kind__exact", Event.Kind.COLLECTIVE_MEETING.value)),
        "workshops_in_person": events(
            ("kind__in", f"{Event.Kind.WORKSHOP.value},{Event.Kind.TRAINING.value}"),
            ("format__exact", Format.IN_PERSON.value),
        ),
        "commercial_events": events(("kind__exact", Event.Kind.COMMERCIAL.value)),
        "entrepreneurs_met": AdminFilter(
            "admin:reports_entrepreneurmet_changelist", (("year", year_param),)
        ),
        "women_percent": AdminFilter(
            "admin:reports_entrepreneurmet_changelist",
            (("year", year_param), ("gender__exact", Gender.FEMALE.value)),
        ),
        "new_entrepreneurs": AdminFilter(
            "admin:reports_entrepreneurmet_changelist", (("year", year_param), ("new", "1"))
        ),
        "cooperators_engaged": AdminFilter(
            "admin:reports_cooperatorengaged_changelist", (("year", year_param),)
        ),
        "cooperators_average_age": AdminFilter(
            "admin:reports_cooperatorengaged_changelist",
            (("year", year_param), ("birth_year__isnull", "False")),
        ),
        "cooperatives_active": AdminFilter(
            "admin:reports_activecooperative_changelist", (("year", year_param),)
        ),
        "cooperative_brands_created": AdminFilter(
            "admin:cooperatives_cooperative_changelist", (("brand_created_on__year", year_param),)
        ),
        "board_meetings": meetings(Meeting.Kind.BOARD.value),
        "general_assemblies": meetings(Meeting.Kind.GENERAL_ASSEMBLY.value),
    }
