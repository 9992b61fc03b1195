"""The one table of figures: what each figure and breakdown is, where it shows, how it reads.

The JSON (`annual_report`), the dashboard, the HTML report and the PDF all iterate over
`FIGURES` and `BREAKDOWNS`; none of them lists a figure of its own. The definitions live
in the apps' `stats` functions named as `source` (their docstrings say what is counted).

Adding a figure: write its function of a `Period` in the owning app's `stats.py` (or add
a field to an existing group there), then declare it here once. Its place in the JSON is
its place in `FIGURES`: published editions keep that key order, so a new figure goes at
the end and `card`/`key_figure` place it on the pages.
"""

from collections.abc import Callable, Iterable, Sequence
from functools import partial
from typing import Any

from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

from cooperatives import stats as cooperative_stats
from cooperatives.models import Checkpoint, Situation
from core.period import Period
from entrepreneurs import stats as entrepreneur_stats
from entrepreneurs.models import Encounter, Gender
from events import stats as event_stats
from events.models import Event
from funding import stats as funding_stats
from governance import stats as governance_stats
from governance.models import Format, Meeting
from reports import families
from reports.figure_types import (
    AdminFilter,
    Audience,
    Breakdown,
    Chapter,
    ChartKind,
    Figure,
    Protect,
    Records,
    Unit,
)

__all__ = [
    "BREAKDOWNS", "COMPUTED_BREAKDOWNS", "FAMILY_OF", "FIGURES", "INDICATOR_FAMILIES", "MONTHS",
    "AdminFilter", "Audience", "Breakdown", "Chapter", "ChartKind", "Figure", "cards",
    "chapter_figures", "family_breakdowns", "family_figures", "figure_filters",
    "figure_values", "figure_values_by_year", "key_figures",
    "protect_for_board", "SUPPORT",
    "to_date_figures", "trend_figures",
]  # fmt: skip

# Where `figure_values` (and the indicators' JSON) keep the counts behind protected figures.
SUPPORT = "support"

# The one list of month names, for every chart drawn over the months of a year.
MONTHS = (
    _("janv."), _("févr."), _("mars"), _("avr."), _("mai"), _("juin"),
    _("juil."), _("août"), _("sept."), _("oct."), _("nov."), _("déc."),
)  # fmt: skip


def _people(group: Callable, people: Callable, period: Period) -> tuple:
    """`group` (a profile breakdown of `entrepreneurs.stats`) of a set of people."""
    return group(people(period))


def of_cooperators(group: Callable) -> Callable[[Period], tuple]:
    return partial(_people, group, cooperative_stats.cooperators_engaged)


def _events(*params: tuple[str, str]) -> Records:
    return Records("admin:events_event_changelist", params)


def _meetings(kind: str) -> Records:
    return Records("admin:governance_meeting_changelist", (("kind__exact", kind),))


def _training_attendances(*params: tuple[str, str]) -> Records:
    return Records(
        "admin:events_attendance_changelist",
        (("event__kind__in", TRAININGS), *params),
        year_param="session__date__year",
    )


def _outcomes(checkpoint: str, *params: tuple[str, str]) -> Records:
    return Records(
        "admin:cooperatives_outcome_changelist", (("checkpoint__exact", checkpoint), *params)
    )


TRAININGS = f"{Event.Kind.WORKSHOP.value},{Event.Kind.TRAINING.value}"
MET = "admin:reports_entrepreneurmet_changelist"
ENGAGED = "admin:reports_cooperatorengaged_changelist"
Kind = Event.Kind

# In JSON order. `card` and `key_figure` give the order on the dashboard and in the report's
# key figures; a chapter lists its figures in this order.
FIGURES: tuple[Figure, ...] = (
    Figure(
        "entrepreneurs_met",
        label=_("Entrepreneur·es rencontré·es"),
        caption=ngettext_lazy("entrepreneur·e rencontré·e", "entrepreneur·es rencontré·es", "n"),
        source=event_stats.met_profile,
        chapter=Chapter.SUPPORT,
        card=1,
        key_figure=1,
        trend=_("Rencontré·es"),
        to_date=True,
        records=Records(MET, year_param="year"),
    ),
    Figure(
        "women_percent",
        label=_("Part de femmes"),
        caption=_("de femmes parmi les personnes rencontrées"),
        source=event_stats.met_profile,
        chapter=Chapter.SUPPORT,
        unit=Unit.PERCENT,
        card=3,
        key_figure=2,
        protect=Protect.SHARE,
        support=("women", "entrepreneurs_met"),
        records=Records(MET, (("gender__exact", Gender.FEMALE.value),), year_param="year"),
    ),
    Figure(
        "new_entrepreneurs",
        label=_("dont nouvelles personnes"),
        caption=ngettext_lazy(
            "nouvelle personne accompagnée", "nouvelles personnes accompagnées", "n"
        ),
        source=event_stats.met_profile,
        chapter=Chapter.SUPPORT,
        card=2,
        key_figure=3,
        trend=_("Nouvelles personnes"),
        records=Records(MET, (("new", "1"),), year_param="year"),
    ),
    Figure(
        "individual_interviews",
        label=_("Entretiens individuels"),
        caption=ngettext_lazy("entretien individuel", "entretiens individuels", "n"),
        source=entrepreneur_stats.individual_interviews,
        chapter=Chapter.SUPPORT,
        card=4,
        key_figure=4,
        to_date=True,
        records=Records(
            "admin:entrepreneurs_encounter_changelist",
            (("kind__exact", Encounter.Kind.INDIVIDUAL_INTERVIEW.value),),
        ),
    ),
    Figure(
        "collective_meetings",
        label=_("Réunions collectives"),
        caption=ngettext_lazy("réunion collective", "réunions collectives", "n"),
        source=event_stats.event_stats,
        chapter=Chapter.SUPPORT,
        card=5,
        key_figure=10,
        to_date=True,
        records=_events(("kind__exact", Kind.COLLECTIVE_MEETING.value)),
    ),
    Figure(
        "cooperatives_active",
        label=_("Coopératives éphémères actives"),
        caption=ngettext_lazy("coopérative éphémère active", "coopératives éphémères actives", "n"),
        source=cooperative_stats.cooperative_stats,
        chapter=Chapter.COOPERATIVES,
        card=8,
        records=Records("admin:reports_activecooperative_changelist", year_param="year"),
    ),
    Figure(
        "cooperators_engaged",
        label=_("Coopérateur·rices engagé·es"),
        caption=ngettext_lazy("coopérateur·rice engagé·e", "coopérateur·rices engagé·es", "n"),
        source=cooperative_stats.cooperator_stats,
        chapter=Chapter.COOPERATIVES,
        card=9,
        key_figure=5,
        trend=_("Coopérateur·rices"),
        records=Records(ENGAGED, year_param="year"),
    ),
    Figure(
        "cooperative_brands_created",
        label=_("Marques coopératives créées"),
        caption=ngettext_lazy("marque coopérative créée", "marques coopératives créées", "n"),
        source=cooperative_stats.cooperative_stats,
        chapter=Chapter.COOPERATIVES,
        card=10,
        key_figure=7,
        records=Records(
            "admin:cooperatives_cooperative_changelist", year_param="brand_created_on__year"
        ),
    ),
    Figure(
        "workshops_in_person",
        label=_("Ateliers et formations en présentiel"),
        caption=ngettext_lazy(
            "atelier ou journée de formation en présentiel",
            "ateliers et journées de formation en présentiel",
            "n",
        ),
        source=event_stats.event_stats,
        chapter=Chapter.SUPPORT,
        card=6,
        key_figure=8,
        to_date=True,
        records=_events(
            ("kind__in", f"{Kind.WORKSHOP.value},{Kind.TRAINING.value}"),
            ("format__exact", Format.IN_PERSON.value),
        ),
    ),
    Figure(
        "commercial_events",
        label=_("Événements commerciaux"),
        caption=ngettext_lazy("événement commercial commun", "événements commerciaux communs", "n"),
        source=event_stats.event_stats,
        chapter=Chapter.COOPERATIVES,
        card=7,
        key_figure=9,
        to_date=True,
        records=_events(("kind__exact", Kind.COMMERCIAL.value)),
    ),
    Figure(
        "board_meetings",
        label=_("Conseils d'administration"),
        caption=ngettext_lazy(
            "réunion du conseil d'administration", "réunions du conseil d'administration", "n"
        ),
        source=governance_stats.meeting_stats,
        chapter=Chapter.ASSOCIATIVE_LIFE,
        card=11,
        key_figure=11,
        to_date=True,
        records=_meetings(Meeting.Kind.BOARD.value),
    ),
    Figure(
        "general_assemblies",
        label=_("Assemblées générales"),
        caption=ngettext_lazy("assemblée générale", "assemblées générales", "n"),
        source=governance_stats.meeting_stats,
        chapter=Chapter.ASSOCIATIVE_LIFE,
        card=12,
        key_figure=12,
        to_date=True,
        records=_meetings(Meeting.Kind.GENERAL_ASSEMBLY.value),
    ),
    Figure(
        "cooperators_average_age",
        label=_("Âge moyen des coopérateur·rices"),
        caption=_("d'âge moyen des coopérateur·rices"),
        source=cooperative_stats.cooperator_stats,
        chapter=Chapter.COOPERATIVES,
        unit=Unit.YEARS,
        key_figure=6,
        protect=Protect.MEAN,
        support=("known_birth_years",),
        records=Records(ENGAGED, (("birth_year__isnull", "False"),), year_param="year"),
    ),
    Figure(
        "training_hours_delivered",
        label=_("Heures de formation dispensées"),
        caption=ngettext_lazy(
            "heure d'atelier ou de formation dispensée",
            "heures d'ateliers et de formations dispensées",
            "n",
        ),
        source=event_stats.training_stats,
        chapter=Chapter.SUPPORT,
        unit=Unit.HOURS,
        card=13,
        records=Records(
            "admin:events_session_changelist",
            (("event__kind__in", TRAININGS),),
        ),
    ),
    Figure(
        "participant_hours",
        label=_("Heures suivies par les participant·es"),
        caption=ngettext_lazy(
            "heure de formation suivie par les participant·es",
            "heures de formation suivies par les participant·es",
            "n",
        ),
        source=event_stats.training_stats,
        chapter=Chapter.SUPPORT,
        unit=Unit.HOURS,
        card=14,
        records=_training_attendances(("status__exact", "attended")),
    ),
    Figure(
        "people_trained",
        label=_("Personnes formées"),
        caption=ngettext_lazy(
            "personne présente à un atelier ou une formation",
            "personnes présentes aux ateliers et formations",
            "n",
        ),
        source=event_stats.training_stats,
        chapter=Chapter.SUPPORT,
        card=15,
        records=_training_attendances(("status__exact", "attended")),
    ),
    Figure(
        "attendance_rate",
        label=_("Taux de présence aux formations"),
        caption=_(
            "de présence aux ateliers et formations (présent·es sur présent·es et absent·es)"
        ),
        source=event_stats.training_stats,
        chapter=Chapter.SUPPORT,
        unit=Unit.PERCENT,
        card=16,
        protect=Protect.SHARE,
        support=("attended", "marked"),
        records=_training_attendances(("status__in", "attended,absent")),
    ),
    Figure(
        "exits",
        label=_("Sorties de coopérative"),
        caption=ngettext_lazy("sortie enregistrée", "sorties enregistrées", "n"),
        source=cooperative_stats.outcome_stats,
        chapter=Chapter.COOPERATIVES,
        card=17,
        records=_outcomes(Checkpoint.EXIT),
    ),
    Figure(
        "positive_outcomes_6m_percent",
        label=_("Sorties positives à 6 mois"),
        caption=_(
            "des situations connues à 6 mois sont positives (emploi, activité, CAE, formation)"
        ),
        source=cooperative_stats.outcome_stats,
        chapter=Chapter.COOPERATIVES,
        unit=Unit.PERCENT,
        card=18,
        protect=Protect.SHARE,
        support=("positive_6m", "known_6m"),
        records=_outcomes(
            Checkpoint.SIX_MONTHS,
            ("situation__in", ",".join(s for s in Situation.values if s != Situation.UNKNOWN)),
        ),
    ),
    Figure(
        "sales_total",
        label=_("Ventes aux événements commerciaux"),
        caption=_("de ventes lors des événements commerciaux"),
        source=event_stats.sales_total,
        chapter=Chapter.COOPERATIVES,
        unit=Unit.EUROS,
        card=19,
        records=Records("admin:events_sale_changelist", year_param="event__date__year"),
    ),
)

# Computed ones in JSON order; a chapter draws its charts in this order (those not marked
# `report=False`: the cooperatives' stories name their cooperators' profile, « Vie
# associative » counts the board meetings by format, the funders' table gives their
# grants), the dashboard those marked
# `dashboard`.
BREAKDOWNS: tuple[Breakdown, ...] = (
    Breakdown(
        "cooperators_by_country",
        _("Coopérateur·rices par pays d'origine"),
        Chapter.COOPERATIVES,
        of_cooperators(entrepreneur_stats.by_country),
        people=True,
        dashboard=True,
        report=False,
        family=families.COOPERATIVES,
    ),
    Breakdown(
        "cooperators_by_project_kind",
        _("Coopérateur·rices par type de projet"),
        Chapter.COOPERATIVES,
        of_cooperators(entrepreneur_stats.by_project_kind),
        people=True,
        dashboard=True,
        report=False,
        family=families.COOPERATIVES,
    ),
    Breakdown(
        "cooperators_by_skill_level",
        _("Coopérateur·rices par niveau de compétence"),
        Chapter.COOPERATIVES,
        of_cooperators(entrepreneur_stats.by_skill_level),
        people=True,
        report=False,
        family=families.COOPERATIVES,
    ),
    Breakdown(
        "cooperators_by_informal_activity",
        _("Coopérateur·rices exerçant déjà de manière informelle"),
        Chapter.COOPERATIVES,
        of_cooperators(entrepreneur_stats.by_informal_activity),
        people=True,
        report=False,
        family=families.COOPERATIVES,
    ),
    Breakdown(
        "entrepreneurs_met_by_gender",
        _("Personnes rencontrées par genre"),
        Chapter.SUPPORT,
        event_stats.met_profile,
        field="by_gender",
        people=True,
        family=families.MET,
    ),
    Breakdown(
        "entrepreneurs_met_by_sector",
        _("Personnes rencontrées par secteur d'activité"),
        Chapter.SUPPORT,
        event_stats.met_profile,
        field="by_sector",
        people=True,
        family=families.MET,
    ),
    Breakdown(
        "entrepreneurs_met_by_referrer",
        _("Personnes rencontrées par structure d'orientation"),
        Chapter.SUPPORT,
        event_stats.met_profile,
        field="by_referrer",
        people=True,
        family=families.MET,
    ),
    Breakdown(
        "events_by_kind_and_month",
        _("Événements par type"),
        Chapter.SUPPORT,
        event_stats.events_by_kind_and_month,
        dashboard=True,
        family=families.EVENTS,
    ),
    Breakdown(
        "events_by_month",
        _("Événements par mois"),
        Chapter.SUPPORT,
        data="events_by_kind_and_month",
        kind=ChartKind.MONTHS,
        legend=_("Événements"),
    ),
    Breakdown(
        "meetings_by_format",
        _("Réunions de gouvernance par format"),
        Chapter.ASSOCIATIVE_LIFE,
        governance_stats.meetings_by_format,
        dashboard=True,
        report=False,
        family=families.GOVERNANCE,
    ),
    Breakdown(
        "grants_by_funder",
        _("Subventions accordées par financeur (€)"),
        Chapter.PARTNERSHIPS,
        funding_stats.grants_by_funder,
        kind=ChartKind.FUNDERS,
        dashboard=True,
        report=False,
        family=families.FUNDING,
    ),
)
COMPUTED_BREAKDOWNS = tuple(b for b in BREAKDOWNS if b.source is not None)

# The family (reports.families) each stats group is computed and cached with: a write
# recomputes only the families that read what it wrote. A computed breakdown names its own.
FAMILY_OF: dict[Callable, str] = {
    event_stats.met_profile: families.MET,
    entrepreneur_stats.individual_interviews: families.INTERVIEWS,
    event_stats.event_stats: families.EVENTS,
    event_stats.training_stats: families.EVENTS,
    event_stats.sales_total: families.EVENTS,
    cooperative_stats.cooperative_stats: families.COOPERATIVES,
    cooperative_stats.cooperator_stats: families.COOPERATIVES,
    cooperative_stats.outcome_stats: families.COOPERATIVES,
    governance_stats.meeting_stats: families.GOVERNANCE,
}


def family_figures(family: str, figures: Iterable[Figure] = FIGURES) -> tuple[Figure, ...]:
    return tuple(f for f in figures if FAMILY_OF[f.source] == family)


def family_breakdowns(family: str) -> tuple[Breakdown, ...]:
    return tuple(b for b in COMPUTED_BREAKDOWNS if b.family == family)


# The families the indicators are made of, in the order of reports.families.
INDICATOR_FAMILIES: tuple[str, ...] = tuple(
    family for family in families.FAMILIES if family_figures(family) or family_breakdowns(family)
)


# Views of the table, for the renderers.


def figure(key: str) -> Figure:
    return next(f for f in FIGURES if f.key == key)


def visible(figures: Iterable[Figure], audience: Audience) -> tuple[Figure, ...]:
    return tuple(f for f in figures if audience in f.audience)


def cards(audience: Audience) -> tuple[Figure, ...]:
    shown = (f for f in FIGURES if f.card is not None)
    return visible(sorted(shown, key=lambda f: f.card), audience)


def key_figures(audience: Audience) -> tuple[Figure, ...]:
    shown = (f for f in FIGURES if f.key_figure is not None)
    return visible(sorted(shown, key=lambda f: f.key_figure), audience)


def chapter_figures(chapter: Chapter, audience: Audience) -> tuple[Figure, ...]:
    return visible((f for f in FIGURES if f.chapter == chapter), audience)


def trend_figures() -> tuple[Figure, ...]:
    return tuple(f for f in FIGURES if f.trend)


def to_date_figures() -> tuple[Figure, ...]:
    return tuple(f for f in FIGURES if f.to_date)


def figure_values(
    period: Period, figures: Iterable[Figure], results: dict[Callable, Any] | None = None
) -> dict[str, Any]:
    """The figures' values over `period`, each stats group queried once (`results` keeps
    the groups' values, shared with `Breakdown.compute`); when protected figures are
    among them, their counts under SUPPORT (for `protect_for_board`)."""
    results = {} if results is None else results
    values: dict[str, Any] = {}
    support = {}
    for f in figures:
        if f.source not in results:
            results[f.source] = f.source(period)
        values[f.key] = f.value_from(results[f.source])
        if f.support:
            support[f.key] = f.support_from(results[f.source])
    if support:
        values[SUPPORT] = support
    return values


def protect_for_board(values: dict[str, Any], minimum: int) -> tuple[dict[str, Any], set]:
    """The values a board member may see: every protected figure that would describe
    fewer than `minimum` people (or whose complement would) becomes None; returns them
    and the keys withheld (shown as « moins de k personnes »). Staff see `values`."""
    support = values.get(SUPPORT) or {}
    withheld = {
        f.key for f in FIGURES if f.key in values and f.is_withheld(support.get(f.key), minimum)
    }
    return {**values, **dict.fromkeys(withheld)}, withheld


# Each stats group's function of several calendar years at once (one query per group,
# whatever the number of years): the dashboard's trend. A group left out is computed
# year by year; tests/reports/test_figures_by_year.py checks each equals its period one.
BY_YEAR: dict[Callable, Callable[[Sequence[int]], dict[int, Any]]] = {
    event_stats.met_profile: event_stats.met_stats_by_year,
    event_stats.event_stats: event_stats.event_stats_by_year,
    event_stats.training_stats: event_stats.training_stats_by_year,
    event_stats.sales_total: event_stats.sales_total_by_year,
    entrepreneur_stats.individual_interviews: entrepreneur_stats.individual_interviews_by_year,
    cooperative_stats.cooperative_stats: cooperative_stats.cooperative_stats_by_year,
    cooperative_stats.cooperator_stats: cooperative_stats.cooperator_stats_by_year,
    cooperative_stats.outcome_stats: cooperative_stats.outcome_stats_by_year,
    governance_stats.meeting_stats: governance_stats.meeting_stats_by_year,
}


def figure_values_by_year(
    years: Sequence[int], figures: Iterable[Figure]
) -> dict[int, dict[str, int | None]]:
    """`figure_values(Period.year(y), figures)` for each of `years`, each stats group
    queried once for all the years (`BY_YEAR`)."""
    figures = tuple(figures)
    years = tuple(years)
    if not years:
        return {}
    results: dict[Callable, dict[int, Any]] = {}
    for f in figures:
        if f.source not in results:
            by_year = BY_YEAR.get(f.source)
            if by_year is not None:
                results[f.source] = by_year(years)
            else:
                results[f.source] = {y: f.source(Period.year(y)) for y in years}
    by_year = {}
    for y in years:
        values: dict[str, Any] = {f.key: f.value_from(results[f.source][y]) for f in figures}
        support = {f.key: f.support_from(results[f.source][y]) for f in figures if f.support}
        by_year[y] = {**values, SUPPORT: support} if support else values
    return by_year


def figure_filters(period: Period) -> dict[str, AdminFilter]:
    """The admin changelist filter listing the records behind each traceable figure: by
    calendar year, or by first and last day for any other period (a funder's year)."""
    return {f.key: f.records.for_period(period) for f in FIGURES if f.records is not None}
