"""Each cached entry reads only what its families declare (`reports.families.READS`).

A write moves the versions of the families that read the fields it wrote: a table or a
column an entry reads but its families do not declare would leave that entry stale. The
tests compute every entry of the dashboard (this year's and a closed year's) and of the
report page with a cold cache, read the tables and columns in the SQL of each one, and
check each is declared by one of the entry's families.
"""

import datetime
import re

import pytest
import time_machine
from django.apps import apps
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from cooperatives.models import Checkpoint, Situation
from events.models import Attendance, Event
from governance.models import Meeting
from reports import cache as figure_cache
from reports.families import DATES, FAMILIES, READS
from reports.figures import COMPUTED_BREAKDOWNS, FAMILY_OF, FIGURES, INDICATOR_FAMILIES
from reports.freshness import FIGURE_APPS, IGNORED_MODELS, families_reading, snapshot_fields
from tests.cooperatives.factories import CooperativeFactory, MembershipFactory, OutcomeFactory
from tests.entrepreneurs.factories import EncounterFactory, EntrepreneurFactory
from tests.events.factories import AttendanceFactory, EventFactory, SaleFactory, SessionFactory
from tests.funding.factories import GrantAgreementFactory, InstalmentFactory
from tests.governance.factories import DecisionFactory, MeetingFactory, OrganisationFactory
from tests.reports.pages import page

NOON = datetime.datetime(2020, 11, 26, 11, 0, tzinfo=datetime.UTC)
D = datetime.date

# FROM "table" [AS] [alias], JOIN "table" [alias]; then qualifier.column, quoted or not.
TABLE = re.compile(r'\b(?:FROM|JOIN)\s+"(\w+)"(?:\s+(?:AS\s+)?"?([A-Za-z_]\w*)"?)?', re.I)
COLUMN = re.compile(r'(?:"(\w+)"|\b([A-Za-z_]\w*))\.(?:"(\w+)"|(\w+))')
NOT_ALIASES = {
    "where", "on", "inner", "left", "right", "full", "outer", "cross", "join", "group",
    "order", "limit", "union", "having", "offset", "window", "using",
}  # fmt: skip
CACHE_TABLE = "meltingcoop_cache"


def reads_of(sql: str) -> set[tuple[str, str | None]]:
    """(model label, field name) of every column the SQL names, and (label, None) for
    every table it reads."""
    sql = re.sub(r"'(?:[^']|'')*'", "''", sql)  # literals hold no column
    models = {
        m._meta.db_table: m for m in apps.get_models(include_auto_created=True) if not m._meta.proxy
    }
    aliases: dict[str, set[str]] = {}
    reads: set[tuple[str, str | None]] = set()
    for table, alias in TABLE.findall(sql):
        if table == CACHE_TABLE:
            continue
        assert table in models, f"a table of no model: {table}"
        reads.add((models[table]._meta.label, None))
        aliases.setdefault(table, set()).add(table)
        if alias and alias.lower() not in NOT_ALIASES:
            # Subqueries reuse U0, U1...: a column of an alias counts for each of its tables.
            aliases.setdefault(alias, set()).add(table)
    for quoted, bare, quoted_column, bare_column in COLUMN.findall(sql):
        column = quoted_column or bare_column
        for table in aliases.get(quoted or bare, ()):
            model = models[table]
            for field in model._meta.concrete_fields:
                if field.column == column and not field.primary_key:
                    reads.add((model._meta.label, field.name))
    return reads


def undeclared(reads, families) -> set:
    def declared(label, field):
        for family in families:
            fields = READS[family].get(label, False)
            if fields is None or (fields and (field is None or field in fields)):
                return True
        return False

    return {(label, field) for label, field in reads if not declared(label, field)}


@pytest.fixture
def every_record(transactional_db):
    """Records of every kind the figures read, in 2019 and 2020 (committed: the pages
    then read and fill the cache)."""
    referrer = OrganisationFactory(name="France Travail")
    funder = OrganisationFactory(name="Fondation")
    for year in (2019, 2020):
        person = EntrepreneurFactory(referred_by=referrer, project_kind="Retouche")
        EncounterFactory(entrepreneur=person, date=D(year, 3, 2))
        EncounterFactory(entrepreneur=person, date=D(year, 4, 2), kind="follow_up")
        training = EventFactory(kind=Event.Kind.TRAINING, date=D(year, 5, 4))
        first = training.sessions.get()
        SessionFactory(event=training)
        AttendanceFactory(event=training, session=first, entrepreneur=person)
        AttendanceFactory(event=training, session=first, status=Attendance.Status.ABSENT)
        EventFactory(kind=Event.Kind.COLLECTIVE_MEETING, date=D(year, 6, 1))
        SaleFactory(event__date=D(year, 7, 1))
        coop = CooperativeFactory(start_date=D(year, 2, 1), end_date=D(year, 12, 1))
        membership = MembershipFactory(cooperative=coop, entrepreneur=person)
        membership.left_on, membership.exit_reason = D(year, 6, 1), "employment"
        membership.save()
        OutcomeFactory(entrepreneur=person, date=D(year, 6, 1))
        OutcomeFactory(
            entrepreneur=person,
            checkpoint=Checkpoint.SIX_MONTHS,
            situation=Situation.EMPLOYED,
            date=D(year, 11, 1),
        )
        DecisionFactory(meeting=MeetingFactory(kind=Meeting.Kind.BOARD, date=D(year, 3, 3)))
        MeetingFactory(kind=Meeting.Kind.GENERAL_ASSEMBLY, date=D(year, 6, 6))
        grant = GrantAgreementFactory(
            funder=funder, start_date=D(year, 1, 1), end_date=D(year, 12, 31)
        )
        InstalmentFactory(agreement=grant, received_on=D(year, 3, 1))


@pytest.fixture
def computed(monkeypatch):
    """Every entry computed, with the reads of its SQL."""
    entries = []
    store = figure_cache._compute_and_store

    def capture(key, entry, compute):
        with CaptureQueriesContext(connection) as queries:
            value = store(key, entry, lambda: compute())
        sql = [q["sql"] for q in queries.captured_queries if CACHE_TABLE not in q["sql"]]
        entries.append((entry, set().union(*map(reads_of, sql)) if sql else set()))
        return value

    monkeypatch.setattr(figure_cache, "_compute_and_store", capture)
    return entries


def test_every_cached_entry_reads_only_what_its_families_declare(
    every_record, computed, staff_client, board_user
):
    board_client = Client()  # staff_client's own client is the staff member's
    board_client.force_login(board_user)
    cache.clear()
    with time_machine.travel(NOON, tick=False):
        # A board member's page is cached whole: built from the figures, computed here.
        page(board_client, 2020)  # this year: the year so far against last year too
        page(staff_client, 2019)
        assert staff_client.get("/reports/2020/").status_code == 200
    names = {entry.parts[0] for entry, _reads in computed}
    assert names == {
        "indicators", "earlier-years", "to-date", "met-by-month", "year-life", "year-story",
        "recruitment", "dashboard-body",
    }  # fmt: skip
    for entry, reads in computed:
        assert reads, entry  # it ran queries, and they were read
        assert not undeclared(reads, entry.families), entry


def test_the_sql_reader_finds_aliased_and_raw_columns():
    sql = (
        'SELECT U0."entrepreneur_id" FROM "entrepreneurs_encounter" U0 WHERE U0."kind" = %s '
        'UNION SELECT person.gender FROM "entrepreneurs_entrepreneur" person '
        "WHERE person.notes = 'a.b'"
    )
    assert reads_of(sql) == {
        ("entrepreneurs.Encounter", None),
        ("entrepreneurs.Encounter", "entrepreneur"),
        ("entrepreneurs.Encounter", "kind"),
        ("entrepreneurs.Entrepreneur", None),
        ("entrepreneurs.Entrepreneur", "gender"),
        ("entrepreneurs.Entrepreneur", "notes"),
    }


def test_every_model_of_the_figure_apps_is_read_by_a_family_or_ignored():
    declared = {label for reads in READS.values() for label in reads}
    labels = set()
    for label in FIGURE_APPS:
        for model in apps.get_app_config(label).get_models(include_auto_created=True):
            owner = model._meta.auto_created  # the model of a many-to-many relation
            if not (owner and owner._meta.label in IGNORED_MODELS):
                labels.add(model._meta.label)
    assert labels - declared - set(IGNORED_MODELS) == set()
    assert declared & set(IGNORED_MODELS) == set()
    assert declared <= labels
    # The fields and dates declared exist.
    for reads in READS.values():
        for label, fields in reads.items():
            model = apps.get_model(label)
            for name in fields or ():
                model._meta.get_field(name)
    for label in DATES:
        assert snapshot_fields(apps.get_model(label))


def test_every_figure_and_breakdown_has_a_family():
    assert {FAMILY_OF[f.source] for f in FIGURES} <= set(FAMILIES)
    assert all(b.family in FAMILIES for b in COMPUTED_BREAKDOWNS)
    assert set(INDICATOR_FAMILIES) == {FAMILY_OF[f.source] for f in FIGURES} | {
        b.family for b in COMPUTED_BREAKDOWNS
    }


@pytest.mark.parametrize(
    "label, changed, families",
    [
        # The bench's write: an encounter's kind (a follow-up becomes an interview).
        ("entrepreneurs.Encounter", {"kind"}, {"interviews", "year-story"}),
        ("entrepreneurs.Encounter", {"date"}, {"met", "interviews", "year-story"}),
        ("entrepreneurs.Encounter", {"notes"}, set()),
        ("entrepreneurs.Encounter", None, {"met", "interviews", "year-story"}),
        ("entrepreneurs.Entrepreneur", {"gender"}, {"met"}),
        ("entrepreneurs.Entrepreneur", {"birth_year"}, {"cooperatives", "year-story"}),
        ("entrepreneurs.Entrepreneur", {"phone", "email"}, set()),
        ("governance.Meeting", None, {"governance", "year-life", "year-story"}),
        ("events.Attendance", {"status"}, {"met", "events", "year-story"}),
        ("funding.Instalment", None, {"year-life"}),
        ("governance.Organisation", {"name"}, {"met", "funding", "year-life", "year-story"}),
        ("governance.Organisation", {"website"}, {"year-life", "year-story"}),
        ("governance.MeetingAttendance", None, set()),
        ("governance.Contribution", None, {"year-story"}),
    ],
)
def test_a_write_moves_the_families_that_read_what_it_wrote(label, changed, families):
    assert families_reading(label, None if changed is None else frozenset(changed)) == families
