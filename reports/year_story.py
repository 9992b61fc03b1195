"""The year told, not only counted: the dated timeline, one story per cooperative and the
association's own life, composed from the apps' `stats` read functions for a `Period`.

Everything is written out here in French typography (« 7 juillet 2020 », « 15 000 € »),
so the HTML report, the PDF and the dashboard print the same words. Groups of people are
described only as the small-count rule allows (`minimum`, see `small_count_allows`): outside the
staff's views a mean or a share over fewer than k people, or whose complement is fewer
than k, is left out, and countries are named only for a group of at least k people.

Queries (fixed, whatever the data size): meetings and their decisions (2), dossiers (1),
staff (1), contributions (1) and their totals (1), cooperatives (1), cooperator profiles
(5), the cohorts' funnels (4, none without an ephemeral cooperative), timeline events (1),
events by cooperative (1): 18. `cached_year_story` computes it once per version of what
it reads (the figures' cache), for the report's pages, its PDF and its drafts.
"""

import datetime
from dataclasses import asdict, dataclass
from decimal import Decimal
from typing import Any

from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext_lazy

from cooperatives import stats as cooperative_stats
from cooperatives.models import Cooperative
from core.formatting import NBSP, NNBSP, french_amount, french_date, french_number
from core.period import Period
from events import stats as event_stats
from events.models import Event
from governance import stats as governance_stats
from governance.models import Format, Meeting
from governance.stats import NOT_GIVEN, OTHERS_CODE, sort_key, suppress_small_groups
from reports.cache import Entry, FigureCache, cached, digest, period_key
from reports.families import INTERVIEWS, MET, STORY
from reports.models import DEFAULT_VOLUNTEER_RATE, DEFAULT_VOLUNTEER_RATE_SOURCE

CENT = Decimal("0.01")

TIMELINE_EVENT_KINDS = (Event.Kind.COMMERCIAL, Event.Kind.EXTERNAL_TALK, Event.Kind.CONVIVIAL)
# Board meetings are counted in « Vie associative », not listed one by one.
TIMELINE_MEETING_KINDS = (Meeting.Kind.GENERAL_ASSEMBLY, Meeting.Kind.SEMINAR, Meeting.Kind.PARTNER)

# How many events of a kind, in a sentence: « 8 ateliers », « 1 temps convivial ».
EVENT_KIND_COUNTS = {
    Event.Kind.WORKSHOP: ngettext_lazy("%(n)s atelier", "%(n)s ateliers", "n"),
    Event.Kind.TRAINING: ngettext_lazy("%(n)s formation", "%(n)s formations", "n"),
    Event.Kind.COMMERCIAL: ngettext_lazy(
        "%(n)s événement commercial", "%(n)s événements commerciaux", "n"
    ),
    Event.Kind.CONVIVIAL: ngettext_lazy("%(n)s temps convivial", "%(n)s temps conviviaux", "n"),
    Event.Kind.COLLECTIVE_MEETING: ngettext_lazy(
        "%(n)s réunion collective", "%(n)s réunions collectives", "n"
    ),
    Event.Kind.EXTERNAL_TALK: ngettext_lazy(
        "%(n)s intervention extérieure", "%(n)s interventions extérieures", "n"
    ),
    Event.Kind.OTHER: ngettext_lazy("%(n)s autre rendez-vous", "%(n)s autres rendez-vous", "n"),
}
# The stages of a cohort's funnel, in a sentence.
MET_BEFORE = ngettext_lazy(
    "%(n)s personne rencontrée dans les six mois avant le démarrage",
    "%(n)s personnes rencontrées dans les six mois avant le démarrage",
    "n",
)
INTERVIEWED = ngettext_lazy("%(n)s en entretien individuel", "%(n)s en entretien individuel", "n")
SELECTED = ngettext_lazy("%(n)s retenue", "%(n)s retenues", "n")
# A meeting's format inside a sentence: « 4 en visio ».
FORMAT_IN_SENTENCE = {
    Format.IN_PERSON: gettext_lazy("en présentiel"),
    Format.ONLINE: gettext_lazy("en visio"),
    Format.HYBRID: gettext_lazy("en format hybride"),
}


@dataclass(frozen=True)
class TimelineEntry:
    date: datetime.date
    date_display: str
    kind_label: str
    title: str
    details: str  # « Présentiel · Parc de la Villette, Paris 19e »


@dataclass(frozen=True)
class StoryFact:
    label: str
    text: str


@dataclass(frozen=True)
class CooperativeStory:
    name: str
    kind: str
    kind_label: str
    facts: tuple[StoryFact, ...]
    end_date: datetime.date | None
    continues: bool  # still running after the period's last day
    postponed: bool


@dataclass(frozen=True)
class DatedLine:
    date_display: str
    title: str
    details: str = ""


@dataclass(frozen=True)
class StaffRow:
    role: str
    contract: str
    dates: str
    funding: str
    name: str


@dataclass(frozen=True)
class AssociativeLife:
    assemblies: tuple[tuple[DatedLine, tuple[str, ...]], ...]  # (the AG, its decisions)
    board_meetings: int
    board_formats: str
    other_meetings: tuple[DatedLine, ...]  # seminars and partner committees
    dossiers: tuple[str, ...]
    staff: tuple[StaffRow, ...]
    volunteer_hours: Decimal
    volunteer_hours_display: str
    volunteer_value_display: str
    in_kind_value_display: str
    total_value_display: str
    rate_display: str
    rate_source: str
    contributions: tuple[DatedLine, ...]
    premises: str


#: Past these counts (a network of associations, not one), the printed report summarises:
#: the timeline by month, the cooperatives one line each.
TIMELINE_MAX_ENTRIES = 60
STORIES_MAX = 12
#: The facts of a cooperative's line in the summary table, in its columns' order.
SUMMARY_FACTS = (
    (gettext_lazy("Démarrage"),),
    (gettext_lazy("Fin"),),
    (gettext_lazy("Coopérateur·rices"),),
    (gettext_lazy("Parcours complet"), gettext_lazy("Toujours membres")),
)


@dataclass(frozen=True)
class YearStory:
    timeline: tuple[TimelineEntry, ...]
    cooperatives: tuple[CooperativeStory, ...]
    life: AssociativeLife

    @property
    def timeline_by_month(self) -> list[tuple[str, str]] | None:
        """(« mars 2025 », « Événement commercial (12), Temps convivial (3) ») per month,
        when the timeline is too long to print date by date; None otherwise."""
        if len(self.timeline) <= TIMELINE_MAX_ENTRIES:
            return None
        months: dict[tuple[int, int], dict[str, int]] = {}
        for entry in self.timeline:
            kinds = months.setdefault((entry.date.year, entry.date.month), {})
            kinds[entry.kind_label] = kinds.get(entry.kind_label, 0) + 1
        return [
            (
                month_year(datetime.date(year, month, 1)),
                ", ".join(
                    f"{label} ({french_number(count)})"
                    for label, count in sorted(kinds.items(), key=lambda k: (-k[1], sort_key(k[0])))
                ),
            )
            for (year, month), kinds in sorted(months.items())
        ]

    @property
    def summarises_cooperatives(self) -> bool:
        """A network's year: too many cooperatives to tell one by one (STORIES_MAX)."""
        return len(self.cooperatives) > STORIES_MAX

    @property
    def cooperative_rows(self) -> list[tuple[str, ...]] | None:
        """One line per cooperative (its name, then `SUMMARY_FACTS`), when there are too
        many to tell one by one; None otherwise."""
        if not self.summarises_cooperatives:
            return None
        # The facts were written in French (published editions keep them so): read their
        # labels in French too, whatever the language the page is shown in.
        with translation.override("fr"):
            columns = [[str(label) for label in labels] for labels in SUMMARY_FACTS]
        rows = []
        for story in self.cooperatives:
            facts = {fact.label: fact.text for fact in story.facts}
            cells = [next((facts[x] for x in labels if x in facts), "—") for labels in columns]
            rows.append((story.name, *cells))
        return rows

    def to_dict(self) -> dict[str, Any]:
        """Plain data for a published edition's JSON (dates and decimals as strings
        through DjangoJSONEncoder); `from_dict` reads it back."""
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> "YearStory":
        life = data["life"]
        return cls(
            timeline=tuple(
                TimelineEntry(**{**e, "date": _day(e["date"])}) for e in data["timeline"]
            ),
            cooperatives=tuple(
                CooperativeStory(
                    **{
                        **c,
                        "facts": tuple(StoryFact(**f) for f in c["facts"]),
                        "end_date": _day(c["end_date"]),
                    }
                )
                for c in data["cooperatives"]
            ),
            life=AssociativeLife(
                **{
                    **life,
                    "assemblies": tuple(
                        (DatedLine(**line), tuple(decisions))
                        for line, decisions in life["assemblies"]
                    ),
                    "other_meetings": tuple(DatedLine(**x) for x in life["other_meetings"]),
                    "dossiers": tuple(life["dossiers"]),
                    "staff": tuple(StaffRow(**x) for x in life["staff"]),
                    "volunteer_hours": Decimal(life["volunteer_hours"]),
                    "contributions": tuple(DatedLine(**x) for x in life["contributions"]),
                }
            ),
        )


def _day(value) -> datetime.date | None:
    if value is None or isinstance(value, datetime.date):
        return value
    return datetime.date.fromisoformat(value)


def month_year(day: datetime.date) -> str:
    """« mars 2020 »."""
    with translation.override("fr"):
        return formats.date_format(day, "F Y")


def counted(n: int, phrase) -> str:
    """`phrase` (an ngettext_lazy with %(n)s) for `n`, the number in French typography."""
    return str(phrase % {"n": n}).replace(str(n), french_number(n), 1)


def small_count_allows(part: int, whole: int, minimum: int, *, share: bool = False) -> bool:
    """The small-count rule: a figure over `part` of `whole` people is shown only if
    `part` is at least `minimum` and its complement is 0 (for a mean: everyone's age is
    known) or at least `minimum`; for a share (`share=True`) the complement must be at
    least `minimum` too."""
    rest = whole - part
    if minimum <= 1:
        return part > 0
    if share:  # « all of them » tells about each one: its complement must be k too
        return part >= minimum and rest >= minimum
    return part >= minimum and (rest == 0 or rest >= minimum)


def _joined(items: list[str]) -> str:
    if len(items) < 2:
        return "".join(items)
    return _("%(first)s et %(last)s") % {"first": ", ".join(items[:-1]), "last": items[-1]}


# The timeline ------------------------------------------------------------------------


def _details(*parts: str) -> str:
    return " · ".join(p for p in parts if p)


def _cooperative_dates(line, period: Period) -> list[TimelineEntry]:
    first, last = period.as_range()
    facts = [
        (line.start_date, _("Démarrage"), line.name),
        (line.end_date, _("Fin"), line.name),
        (line.brand_created_on, _("Création de marque"), f"{line.brand_name} ({line.name})"),
    ]
    return [
        TimelineEntry(day, french_date(day), label, title, line.kind_label)
        for day, label, title in facts
        if day and first <= day <= last
    ]


def build_timeline(period: Period, cooperatives, meetings, events) -> tuple[TimelineEntry, ...]:
    entries = [
        TimelineEntry(
            m.date, french_date(m.date), m.kind_label, m.title or m.kind_label, m.format_label
        )
        for m in meetings
        if m.kind in TIMELINE_MEETING_KINDS
    ]
    entries += [
        TimelineEntry(
            e.date, french_date(e.date), e.kind_label, e.title, _details(e.format_label, e.location)
        )
        for e in events
    ]
    for line in cooperatives:
        entries += _cooperative_dates(line, period)
    return tuple(sorted(entries, key=lambda e: (e.date, sort_key(e.kind_label), e.title)))


# The cooperatives' stories -----------------------------------------------------------


def _postponement(line) -> str:
    """« prévue en mars 2020, démarrée le 14 septembre 2020 », agreed with the kind."""
    if not (line.planned_start and line.start_date) or line.planned_start == line.start_date:
        return ""
    values = {"planned": month_year(line.planned_start), "start": french_date(line.start_date)}
    if line.kind == Cooperative.Kind.COLLECTIVE:
        return _("prévu en %(planned)s, démarré le %(start)s") % values
    return _("prévue en %(planned)s, démarrée le %(start)s") % values


def _end(line, period: Period) -> str:
    if line.end_date is None:
        return _("en cours")
    if line.end_date > period.end:
        return _("en cours au %(last)s (fin le %(end)s)") % {
            "last": french_date(period.end),
            "end": french_date(line.end_date),
        }
    return french_date(line.end_date)


def _workspace(line) -> str:
    """« 25 m² : espace de confection équipé… »."""
    if not line.workspace_area_m2:
        return line.workspace_description
    area = f"{french_number(line.workspace_area_m2)}{NBSP}m²"
    if not line.workspace_description:
        return area
    return f"{area}{NNBSP}: {line.workspace_description}"


def _brand(line) -> str:
    if not line.brand_name or not line.brand_created_on:
        return line.brand_name
    return _("%(brand)s, créée le %(day)s") % {
        "brand": line.brand_name,
        "day": french_date(line.brand_created_on),
    }


def _postponement_fact(line) -> str:
    postponed = _postponement(line)
    if not postponed or not line.postponement_reason:
        return postponed
    return f"{postponed} — {line.postponement_reason}"


def _items(items, minimum: int, *, counts: bool = True) -> str:
    """Named categories (« Non renseigné » left out), small ones merged into « Autres »."""
    known = [i for i in items if i.label != str(NOT_GIVEN)]
    if minimum > 1:
        known = list(suppress_small_groups(known, minimum))
    if all(i.code == OTHERS_CODE for i in known):
        return ""  # every group too small to tell apart: « Autres » alone says nothing
    if counts:
        return ", ".join(f"{i.label} ({french_number(i.count)})" for i in known)
    names = sorted((i.label for i in known if i.code != OTHERS_CODE), key=sort_key)
    return ", ".join(names)


def _profile_facts(profile, minimum: int) -> list[StoryFact]:
    if profile is None or not profile.people:
        return []
    facts = [StoryFact(_("Coopérateur·rices"), french_number(profile.people))]
    if profile.mean_age is not None and small_count_allows(
        profile.known_ages, profile.people, minimum
    ):
        facts.append(StoryFact(_("Âge moyen"), f"{french_number(profile.mean_age)}{NBSP}ans"))
    for label, items in (
        (_("Projets"), profile.project_kinds),
        (_("Niveaux"), profile.skill_levels),
    ):
        text = _items(items, minimum)
        if text:
            facts.append(StoryFact(label, text))
    informal = next((i.count for i in profile.informal_activity if i.code is True), 0)
    if informal and small_count_allows(informal, profile.people, minimum, share=True):
        facts.append(
            StoryFact(
                _("Activité informelle"),
                counted(
                    informal,
                    ngettext_lazy(
                        "%(n)s exerçait déjà de manière informelle",
                        "%(n)s exerçaient déjà de manière informelle",
                        "n",
                    ),
                ),
            )
        )
    if profile.people >= minimum:
        countries = _items(profile.countries, 1, counts=False)
        if countries:
            facts.append(StoryFact(_("Pays d'origine"), countries))
    return facts


def _funnel_facts(funnel, minimum: int, *, ended: bool) -> list[StoryFact]:
    """The cohort's journey, from the people met before it started to six months after.

    The stage counts are told as they are; what says something about the members one by
    one follows the small-count rule: who completed (its complement left early), the exit
    reasons (small ones merged), the members in a positive situation at six months (a
    share of the cohort, so its complement must be k too). Until the cooperative has
    ended (`ended`), those who completed are the members still there."""
    if funnel is None or not (funnel.met or funnel.selected):
        return []
    recruitment = _("%(met)s, dont %(interviewed)s ; %(selected)s") % {
        "met": counted(funnel.met, MET_BEFORE),
        "interviewed": counted(funnel.interviewed, INTERVIEWED),
        "selected": counted(funnel.selected, SELECTED),
    }
    facts = [StoryFact(_("Recrutement"), recruitment)]
    if funnel.selected and small_count_allows(funnel.completed, funnel.selected, minimum):
        facts.append(
            StoryFact(
                _("Parcours complet") if ended else _("Toujours membres"),
                _("%(completed)s sur %(selected)s")
                % {
                    "completed": french_number(funnel.completed),
                    "selected": french_number(funnel.selected),
                },
            )
        )
    exits = _items(funnel.exits_by_reason, minimum)
    if exits:
        facts.append(StoryFact(_("Sorties anticipées"), exits))
    positive = funnel.positive_6m
    if positive and small_count_allows(positive, funnel.selected, minimum, share=True):
        text = _(
            "%(positive)s sur %(selected)s en emploi, en activité immatriculée, en CAE ou "
            "en formation"
        ) % {"positive": french_number(positive), "selected": french_number(funnel.selected)}
        facts.append(StoryFact(_("Six mois après"), text))
    return facts


def _events_summary(items) -> str:
    parts = [
        counted(i.count, EVENT_KIND_COUNTS.get(i.code, EVENT_KIND_COUNTS[Event.Kind.OTHER]))
        for i in items
    ]
    return _joined(parts)


def _story(line, profile, funnel, events, period: Period, minimum: int) -> CooperativeStory:
    candidates = [
        (_("Type"), line.kind_label),
        (_("Structure d'accueil"), line.host),
        (_("Secteur"), line.sector_label),
        (_("Marque"), _brand(line)),
        (_("Démarrage prévu"), french_date(line.planned_start) if line.planned_start else ""),
        (_("Démarrage"), french_date(line.start_date) if line.start_date else ""),
        (_("Fin"), _end(line, period)),
        (_("Report"), _postponement_fact(line)),
        (_("Espace de travail"), _workspace(line)),
    ]
    facts = [StoryFact(label, text) for label, text in candidates if text]
    facts += _profile_facts(profile, minimum)
    ended = line.end_date is not None and line.end_date < timezone.localdate()
    facts += _funnel_facts(funnel, minimum, ended=ended)
    summary = _events_summary(events)
    if summary:
        facts.append(StoryFact(_("Événements de l'année"), summary))
    return CooperativeStory(
        name=line.name,
        kind=line.kind,
        kind_label=line.kind_label,
        facts=tuple(facts),
        end_date=line.end_date,
        continues=line.end_date is None or line.end_date > period.end,
        postponed=bool(_postponement(line)),
    )


# The association's life --------------------------------------------------------------


def _board_formats(meetings) -> tuple[int, str]:
    board = [m for m in meetings if m.kind == Meeting.Kind.BOARD]
    by_format: dict[str, int] = {}
    for m in board:
        by_format[m.format] = by_format.get(m.format, 0) + 1
    parts = [
        f"{french_number(n)} {FORMAT_IN_SENTENCE.get(code, code)}"
        for code, n in sorted(by_format.items(), key=lambda kv: (-kv[1], kv[0]))
    ]
    return len(board), _joined(parts)


def _position_dates(row, period: Period) -> str:
    start = (
        _("depuis le %(day)s") % {"day": french_date(row.start_date)}
        if row.start_date >= period.start
        else _("en poste avant le %(day)s") % {"day": french_date(period.start)}
    )
    if row.end_date and row.end_date <= period.end:
        return _("%(start)s, jusqu'au %(end)s") % {"start": start, "end": french_date(row.end_date)}
    return start


def _life(period: Period, meetings, edition) -> AssociativeLife:
    if edition is not None:
        rate, source = edition.volunteer_rate
    else:
        rate, source = DEFAULT_VOLUNTEER_RATE, str(DEFAULT_VOLUNTEER_RATE_SOURCE)
    totals = governance_stats.contribution_totals(period)
    volunteer_value = (totals.volunteer_hours * rate).quantize(CENT)
    count, board_formats = _board_formats(meetings)
    return AssociativeLife(
        assemblies=tuple(
            (DatedLine(french_date(m.date), m.title or m.kind_label, m.format_label), m.decisions)
            for m in meetings
            if m.kind == Meeting.Kind.GENERAL_ASSEMBLY
        ),
        board_meetings=count,
        board_formats=board_formats,
        other_meetings=tuple(
            DatedLine(french_date(m.date), m.title or m.kind_label, m.kind_label)
            for m in meetings
            if m.kind in (Meeting.Kind.SEMINAR, Meeting.Kind.PARTNER)
        ),
        dossiers=governance_stats.dossiers_of_period(period),
        staff=tuple(
            StaffRow(
                s.role,
                _("%(contract)s (poste pérennisé)") % {"contract": s.contract_label}
                if s.made_permanent
                else s.contract_label,
                _position_dates(s, period),
                s.funding_scheme,
                s.name,
            )
            for s in governance_stats.staff_of_period(period)
        ),
        volunteer_hours=totals.volunteer_hours,
        volunteer_hours_display=f"{french_number(totals.volunteer_hours)}{NBSP}h",
        volunteer_value_display=french_amount(volunteer_value),
        in_kind_value_display=french_amount(totals.in_kind_value),
        total_value_display=french_amount(volunteer_value + totals.in_kind_value),
        rate_display=french_amount(rate),
        rate_source=source,
        contributions=tuple(
            DatedLine(
                french_date(c.date),
                (c.description or c.organisation).rstrip("."),
                _details(c.organisation, c.meeting_title),
            )
            for c in governance_stats.contributions_of_period(period)
        ),
        premises=edition.premises if edition else "",
    )


def _cached_recruitment(cohorts) -> dict[int, dict[str, int]] | None:
    """The people met and interviewed in each cohort's recruitment window
    (`events.stats.met_and_interviewed`: most of the story's time at network scale),
    cached by the year the windows end in, under the people met's and interviews'
    versions of that year: a write dated this year counts again this year's windows
    only, not those of the cohorts still open since earlier years, and one dated later
    (this year's encounters, while last year's report is written) none."""
    if not cohorts:
        return None
    by_year: dict[int, dict[int, Period]] = {}
    for pk, window in event_stats.recruitment_windows(cohorts).items():
        by_year.setdefault(window.end.year, {})[pk] = window
    entries = {}
    for year, windows in by_year.items():
        spans = ";".join(f"{pk}:{w.start}..{w.end}" for pk, w in sorted(windows.items()))
        entries[year] = Entry(("recruitment", digest(spans)), (MET, INTERVIEWS), year)
    figures = FigureCache()
    figures.prefetch(*entries.values())
    counts: dict[int, dict[str, int]] = {}
    for year, entry in entries.items():
        windows = by_year[year]
        counts.update(figures.get(entry, lambda w=windows: event_stats.met_and_interviewed(w)))
    return counts


def build_year_story(period: Period, edition=None, *, minimum: int) -> YearStory:
    """The period's timeline, cooperative stories and associative life; `minimum` is the
    smallest group described (1 for the staff's exact views)."""
    meetings = governance_stats.meetings_of_period(period)
    cooperatives = cooperative_stats.cooperatives_of_period(period)
    profiles = cooperative_stats.cooperator_profiles(period)
    events = event_stats.dated_events(period, TIMELINE_EVENT_KINDS)
    linked = event_stats.events_by_cooperative(period)
    cohorts = [line for line in cooperatives if line.kind == Cooperative.Kind.EPHEMERAL]
    funnels = {
        funnel.cooperative_id: funnel
        for funnel in event_stats.funnels_of(cohorts, met=_cached_recruitment(cohorts))
    }
    stories = tuple(
        _story(
            line,
            profiles.get(line.pk),
            funnels.get(line.pk),
            linked.get(line.pk, ()),
            period,
            minimum,
        )
        for line in cooperatives
    )
    life = _life(period, meetings, edition)
    return YearStory(
        timeline=build_timeline(period, cooperatives, meetings, events),
        cooperatives=stories,
        life=life,
    )


# The versions of a year this far ahead are the later years' shared one, which every dated
# write moves (reports.freshness.moved_keys): what a story keyed by it needs, since it
# reads records dated after its period.
EVERY_WRITE_YEAR = 9999


def cached_year_story(period: Period, edition=None, *, minimum: int) -> YearStory:
    """`build_year_story`, computed once per version of the records it reads (the STORY
    family, whatever their date) and per edition revision (its volunteer rate and
    premises), smallest group, language and day (a cooperative has ended or not)."""
    parts = (
        "year-story",
        period_key(period),
        edition.pk if edition is not None else None,
        edition.revision if edition is not None else None,
        minimum,
        translation.get_language(),
        timezone.localdate().isoformat(),
    )
    story = cached(
        Entry(parts, (STORY,), EVERY_WRITE_YEAR),
        lambda: build_year_story(period, edition, minimum=minimum).to_dict(),
    )
    return YearStory.from_dict(story)
