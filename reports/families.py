"""The figures' families: what each group of cached figures reads, and how a record is dated.

A family is a group of figures computed together and cached together (`reports.cache`),
each with its own data versions (`reports.freshness`): a write moves the versions of the
families that read the fields it wrote, and only from the year its record is dated in.
A meeting saved does not recompute the people met; an encounter's kind changed does not
recompute them either (only the individual interviews count kinds); a write dated this
year leaves the closed years' figures cached.

`READS` says, for each family, which models it reads and, where it reads only some of a
model's fields, which ones (None: every field). tests/reports/test_families.py runs each
family's computations and fails if they read a table or a column not declared here, and
if a model of `reports.freshness.FIGURE_APPS` is neither read by a family nor listed in
`reports.freshness.IGNORED_MODELS`.

`DATES` says where a record's days are: its own date fields, or one relation away
(an attendance is dated by its event). The figures of a period read records dated in it
or earlier (the people met *before*, cooperatives still running), never only later ones:
a record dated on day D, moved from day D1 to D2, changes the figures of the periods that
end in D's year or later (the earliest of D1, D2). A model without dates here (a person's
profile, an organisation's name, a cooperative, which its members may predate when
imported) changes every year of the families that read it.

Only names here (labels, fields), no model import: `reports.freshness` reads this table
at startup, `reports.figures` maps each stats function to its family.
"""

from collections.abc import Mapping

MET = "met"  # the people met: met_stats, their profile breakdowns, the months they were met
INTERVIEWS = "interviews"  # individual interviews (by kind of encounter)
EVENTS = "events"  # events by kind, training sessions and attendances, sales
COOPERATIVES = "cooperatives"  # cooperatives, cooperators and their profiles, outcomes
GOVERNANCE = "governance"  # meetings by kind and format
FUNDING = "funding"  # grants by funder
YEAR_LIFE = "year-life"  # the dashboard's timeline, cooperatives and grants of the year
# The report's year told (reports.year_story): timeline, cooperative stories with their
# cohorts' funnels, associative life. It also reads records dated after its period (a
# cohort's six-month outcomes, recorded the year after): cached by the versions every
# write moves (`reports.year_story.cached_year_story`), not by its year's.
STORY = "year-story"

Fields = frozenset[str] | None

_PROFILE_OF_PEOPLE_MET = frozenset({"gender", "sector", "referred_by"})
_PROFILE_OF_COOPERATORS = frozenset(
    {"birth_year", "country_of_origin", "project_kind", "skill_level", "informal_activity"}
)
_NAME = frozenset({"name"})

READS: Mapping[str, Mapping[str, Fields]] = {
    MET: {
        "entrepreneurs.Encounter": frozenset({"entrepreneur", "date"}),
        "events.Attendance": frozenset({"event", "entrepreneur", "status"}),
        "events.Event": frozenset({"date"}),
        "entrepreneurs.Entrepreneur": _PROFILE_OF_PEOPLE_MET,
        "governance.Organisation": _NAME,  # the referrers' names
    },
    INTERVIEWS: {
        "entrepreneurs.Encounter": frozenset({"date", "kind"}),
    },
    EVENTS: {
        "events.Event": None,
        "events.Session": None,
        "events.Attendance": None,
        "events.Sale": None,
    },
    COOPERATIVES: {
        "cooperatives.Cooperative": None,
        "cooperatives.Membership": None,
        "cooperatives.Outcome": None,
        "entrepreneurs.Entrepreneur": _PROFILE_OF_COOPERATORS,
    },
    GOVERNANCE: {
        "governance.Meeting": None,
    },
    FUNDING: {
        "funding.GrantAgreement": None,
        "governance.Organisation": _NAME,  # the funders' names
    },
    YEAR_LIFE: {
        "governance.Meeting": None,
        "governance.Decision": None,
        "events.Event": None,
        "cooperatives.Cooperative": None,
        "cooperatives.Membership": None,
        "funding.GrantAgreement": None,
        "funding.Instalment": None,
        "governance.Organisation": None,  # hosts (the whole row) and funders
    },
    STORY: {
        "governance.Meeting": None,
        "governance.Decision": None,
        "governance.Mandate": None,
        "governance.Mandate_dossiers": None,
        "governance.Dossier": None,
        "governance.StaffPosition": None,
        "governance.Contribution": None,
        "governance.Organisation": None,  # hosts, contributors
        "cooperatives.Cooperative": None,
        "cooperatives.Membership": None,
        "cooperatives.Outcome": None,
        "entrepreneurs.Entrepreneur": _PROFILE_OF_COOPERATORS,
        "entrepreneurs.Encounter": frozenset({"entrepreneur", "date", "kind"}),
        "events.Event": None,
        "events.Attendance": frozenset({"event", "entrepreneur", "status"}),
    },
}
FAMILIES: tuple[str, ...] = tuple(READS)

# Where a record's days are: a field of its own, or `relation__field`. The earliest of
# them (old and new values) is the first year whose figures the record can change.
DATES: Mapping[str, tuple[str, ...]] = {
    "entrepreneurs.Encounter": ("date",),
    "events.Event": ("date",),  # its first session's (Event.sync_dates_with_sessions)
    "events.Session": ("date",),  # never before its event's date
    "events.Attendance": ("event__date",),  # the people met count it in the event's year
    "events.Sale": ("event__date",),
    "governance.Meeting": ("date",),
    "governance.Decision": ("meeting__date",),
    "cooperatives.Outcome": ("date",),
    "cooperatives.Membership": ("joined_on", "left_on"),
    "funding.GrantAgreement": ("start_date", "end_date"),
    # Counted (received on any day) with its agreement, over the agreement's period.
    "funding.Instalment": ("agreement__start_date",),
}

# Records the figures read only through other records' relations (an encounter's person,
# a grant's funder, a cooperative's host), never on their own: a new one changes no
# figure until a record that does count refers to it (and that write moves its own
# families). Its later edits and its deletion move them as usual.
READ_THROUGH_RELATIONS: frozenset[str] = frozenset(
    {"entrepreneurs.Entrepreneur", "governance.Organisation"}
)

# Saving one of these also writes the other through QuerySet.update, which sends no
# signal: a session's date moves its event's (`Session.save`), an event of one session
# moves its session (`Event.sync_single_session`). Model: (fields whose change does it,
# the other model, the fields it writes there).
ALSO_WRITES: Mapping[str, tuple[frozenset[str], str, frozenset[str]]] = {
    "events.Session": (frozenset({"date"}), "events.Event", frozenset({"date"})),
    "events.Event": (
        frozenset({"date", "duration_hours"}),
        "events.Session",
        frozenset({"date", "hours"}),
    ),
}
