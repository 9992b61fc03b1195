"""In-process measurements, one per call, printed as JSON for bench/run.py.

Run with the project's Python from the project directory and DATABASE_URL set:
`.venv/bin/python bench/probes.py compute|pdf|admin|session|funder|dashboard [YEAR]`,
or `writer SECONDS` / `new-encounters SECONDS` (one write per second, alongside a load
test: an encounter's kind changed, or a new encounter of the year).
"""

import io
import json
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "meltingcoop.settings")

import django  # noqa: E402

django.setup()

from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY  # noqa: E402
from django.contrib.auth.models import Group  # noqa: E402
from django.contrib.sessions.backends.db import SessionStore  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection, reset_queries  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext, setup_test_environment  # noqa: E402

from core.middleware import SESSION_SEEN_KEY, SESSION_STARTED_KEY  # noqa: E402
from core.period import Period  # noqa: E402
from governance.models import User  # noqa: E402
from governance.roles import BOARD_GROUP, STAFF_GROUP  # noqa: E402
from reports.indicators import compute_indicators  # noqa: E402

RUNS = 5

# The headline figures in one hand-written statement: the floor the ORM composition is
# compared with. Same definitions as the apps' stats functions.
FLOOR_SQL = """
WITH
att AS (
  SELECT a.entrepreneur_id, e.date FROM events_attendance a
  JOIN events_event e ON e.id = a.event_id WHERE a.status = 'attended'
),
met AS (
  SELECT entrepreneur_id FROM entrepreneurs_encounter WHERE date BETWEEN %(first)s AND %(last)s
  UNION SELECT entrepreneur_id FROM att WHERE date BETWEEN %(first)s AND %(last)s
),
before AS (
  SELECT entrepreneur_id FROM entrepreneurs_encounter WHERE date < %(first)s
  UNION SELECT entrepreneur_id FROM att WHERE date < %(first)s
),
met_stats AS (
  SELECT count(*) AS met, count(*) FILTER (WHERE p.gender = 'female') AS women,
         (SELECT count(*) FROM (SELECT entrepreneur_id FROM met
                                EXCEPT SELECT entrepreneur_id FROM before) n) AS new
  FROM met JOIN entrepreneurs_entrepreneur p ON p.id = met.entrepreneur_id
),
cooperators AS (
  SELECT DISTINCT m.entrepreneur_id FROM cooperatives_membership m
  JOIN cooperatives_cooperative c ON c.id = m.cooperative_id
  WHERE c.kind = 'ephemeral' AND m.joined_on <= %(last)s
    AND (m.left_on >= %(first)s
         OR (m.left_on IS NULL AND (c.end_date IS NULL OR c.end_date >= %(first)s)))
)
SELECT
  ms.met, ms.women, ms.new,
  (SELECT count(*) FROM entrepreneurs_encounter
    WHERE date BETWEEN %(first)s AND %(last)s AND kind = 'individual_interview'),
  ev.collective, ev.workshops, ev.commercial,
  (SELECT count(*) FROM cooperatives_cooperative WHERE kind = 'ephemeral'
    AND start_date <= %(last)s AND (end_date IS NULL OR end_date >= %(first)s)),
  (SELECT count(*) FROM cooperatives_cooperative
    WHERE brand_created_on BETWEEN %(first)s AND %(last)s),
  co.engaged, co.known, co.birth_sum,
  mt.board, mt.general
FROM met_stats ms,
  (SELECT count(*) FILTER (WHERE kind = 'collective_meeting') AS collective,
          count(*) FILTER (WHERE kind IN ('workshop', 'training') AND format = 'in_person')
            AS workshops,
          count(*) FILTER (WHERE kind = 'commercial') AS commercial
   FROM events_event WHERE date BETWEEN %(first)s AND %(last)s) ev,
  (SELECT count(*) AS engaged, count(p.birth_year) AS known, sum(p.birth_year) AS birth_sum
   FROM cooperators JOIN entrepreneurs_entrepreneur p ON p.id = cooperators.entrepreneur_id) co,
  (SELECT count(*) FILTER (WHERE kind = 'board') AS board,
          count(*) FILTER (WHERE kind = 'general_assembly') AS general
   FROM governance_meeting WHERE date BETWEEN %(first)s AND %(last)s) mt
"""


def timed(function, runs: int = RUNS) -> tuple[float, list[float]]:
    """Median wall time in seconds over `runs`, after one warm-up run."""
    function()
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        function()
        times.append(time.perf_counter() - started)
    return statistics.median(times), times


def floor_figures(year: int) -> dict:
    with connection.cursor() as cursor:
        cursor.execute(FLOOR_SQL, {"first": f"{year}-01-01", "last": f"{year}-12-31"})
        row = cursor.fetchone()
    met, women, new, interviews, collective, workshops, commercial = row[:7]
    active, brands, engaged, known, birth_sum, board, general = row[7:]
    return {
        "entrepreneurs_met": met,
        "women": women,
        "new_entrepreneurs": new,
        "individual_interviews": interviews,
        "collective_meetings": collective,
        "workshops_in_person": workshops,
        "commercial_events": commercial,
        "cooperatives_active": active,
        "cooperative_brands_created": brands,
        "cooperators_engaged": engaged,
        "cooperators_known_age": known,
        "birth_year_sum": birth_sum,
        "board_meetings": board,
        "general_assemblies": general,
    }


def probe_compute(year: int) -> dict:
    def annual_report() -> None:
        call_command("annual_report", str(year), "--format", "json", stdout=io.StringIO())

    with CaptureQueriesContext(connection) as queries:
        indicators = compute_indicators(Period.year(year))
    median, runs = timed(annual_report)
    floor_median, floor_runs = timed(lambda: floor_figures(year))
    floor = floor_figures(year)
    figures = indicators.to_dict()
    compared = [k for k in floor if k in figures]
    mismatches = {k: (figures[k], floor[k]) for k in compared if figures[k] != floor[k]}
    return {
        "year": year,
        "queries": len(queries),
        "compute_median_s": median,
        "compute_runs_s": runs,
        "floor_median_s": floor_median,
        "floor_runs_s": floor_runs,
        "floor_matches": not mismatches,
        "floor_mismatches": mismatches,
        "entrepreneurs_met": figures["entrepreneurs_met"],
    }


def probe_once(year: int) -> dict:
    started = time.perf_counter()
    compute_indicators(Period.year(year))
    return {"seconds": time.perf_counter() - started}


def probe_explain(year: int) -> dict:
    """EXPLAIN ANALYZE of every query compute_indicators runs, slowest first."""
    with CaptureQueriesContext(connection) as queries:
        compute_indicators(Period.year(year))
    plans = []
    with connection.cursor() as cursor:
        for query in queries.captured_queries:
            cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + query["sql"])
            plan = "\n".join(row[0] for row in cursor.fetchall())
            ms = float(plan.rsplit("Execution Time: ", 1)[1].split(" ")[0])
            plans.append({"ms": ms, "sql": query["sql"], "plan": plan})
    plans.sort(key=lambda p: -p["ms"])
    return {"plans": plans}


def probe_pdf(year: int) -> dict:
    from pypdf import PdfReader

    from reports.rendering import render_report_pdf

    content = b""

    def render() -> None:
        nonlocal content
        content = render_report_pdf(year)

    from reports.freshness import bump_data_version

    # After a write that moved every version: the figures and the year told computed
    # again, then the median of 3 with nothing written since (both read from the cache).
    bump_data_version()
    started = time.perf_counter()
    render()
    cold = time.perf_counter() - started
    median, runs = timed(render, runs=3)
    pages = len(PdfReader(io.BytesIO(content)).pages)
    # After a new encounter of the year (the people met, interviews and the year told
    # computed again), then after one dated the year after (the year told only).
    after = {}
    for name, day_year in (("pdf_after_new_encounter_s", year), ("pdf_after_later_s", year + 1)):
        _new_encounter(year, 0, day_year)
        started = time.perf_counter()
        render()
        after[name] = time.perf_counter() - started
        _remove_new_encounters()  # a write too: the next measure starts from the cache
        render()
    return {
        "year": year, "pdf_median_s": median, "pdf_runs_s": runs, "pages": pages,
        "pdf_after_write_s": cold, **after,
    }  # fmt: skip


def probe_funder(year: int) -> dict:
    """A funder's year, 1 July of the year before to 30 June: the same queries as a
    calendar year, timed like it."""
    import datetime

    period = Period(datetime.date(year - 1, 7, 1), datetime.date(year, 6, 30))
    with CaptureQueriesContext(connection) as queries:
        compute_indicators(period)
    with CaptureQueriesContext(connection) as calendar:
        compute_indicators(Period.year(year))
    median, runs = timed(lambda: compute_indicators(period))
    return {
        "period": f"{period.start}..{period.end}",
        "queries": len(queries),
        "calendar_queries": len(calendar),
        "median_s": median,
        "runs_s": runs,
    }


def _change_kind(year: int, writes: int) -> None:
    """The writer's write: the last encounter's kind changed, saved as the roll call and
    the admin's list edits save (update_fields)."""
    from entrepreneurs.models import Encounter

    kinds = [Encounter.Kind.FOLLOW_UP, Encounter.Kind.INDIVIDUAL_INTERVIEW]
    encounter = Encounter.objects.filter(date__year=year).order_by("-date", "-pk").first()
    encounter.kind = kinds[writes % 2]
    encounter.save(update_fields=["kind"])


NEW_ENCOUNTER_NOTE = "bench: new encounter"


def _new_encounter(year: int, writes: int, day_year: int | None = None) -> None:
    """A new encounter of someone met in `year`, dated in `year` (or `day_year`): the
    people met move."""
    import datetime

    from entrepreneurs.models import Encounter

    person_id = (
        Encounter.objects.filter(date__year=year)
        .order_by("pk")
        .values_list("entrepreneur_id", flat=True)[writes % 1000]
    )
    Encounter.objects.create(
        entrepreneur_id=person_id,
        date=datetime.date(day_year or year, 12, 1 + writes % 28),
        kind=Encounter.Kind.FOLLOW_UP,
        notes=NEW_ENCOUNTER_NOTE,
    )


def _remove_new_encounters() -> None:
    from entrepreneurs.models import Encounter

    for encounter in Encounter.objects.filter(notes=NEW_ENCOUNTER_NOTE):
        encounter.delete()


def probe_dashboard(year: int) -> dict:
    """The board's dashboard page in-process: right after every version moved (every
    figure recomputed), from the figures' cache, and right after each of the load test's
    two kinds of write (only what they moved recomputed); time, queries and the entries
    computed of each."""
    from reports import cache as figure_cache
    from reports.freshness import bump_data_version

    setup_test_environment()
    client = Client()
    client.force_login(_user("bench-board@example.invalid", BOARD_GROUP))
    url = f"/dashboard/{year}/"
    client.get(url)
    writes = {
        "after a write": lambda n: bump_data_version(),
        "cached": lambda n: None,
        "after an encounter's kind changed": lambda n: _change_kind(year, n),
        "after a new encounter": lambda n: _new_encounter(year, n),
    }
    result = {}
    for name, write in writes.items():
        times, counts = [], []
        for n in range(3):
            write(n)
            computed = dict(figure_cache.COMPUTED)
            reset_queries()
            with CaptureQueriesContext(connection) as queries:
                started = time.perf_counter()
                status = client.get(url).status_code
                times.append(time.perf_counter() - started)
            counts.append(len(queries))
        result[name] = {
            "status": status,
            "median_s": statistics.median(times),
            "runs_s": times,
            "queries": counts[-1],
            "computed": {
                k: v - computed.get(k, 0)
                for k, v in figure_cache.COMPUTED.items()
                if v != computed.get(k, 0)
            },
        }
    _remove_new_encounters()
    return result


def _write_every(seconds: int, write, interval: float = 1) -> dict:
    writes = 0
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        started = time.monotonic()
        write(writes)
        writes += 1
        time.sleep(max(0.0, min(interval - (time.monotonic() - started), deadline - started)))
    return {"writes": writes}


def probe_writer(seconds: int) -> dict:
    """One write per second for `seconds` (an encounter of the bench year has its kind
    changed and saved, as in the admin): each one moves the interviews' versions of that
    year and the later ones, as the load test's writes alongside."""
    year = int(os.environ.get("BENCH_YEAR", "2025"))
    return _write_every(seconds, lambda n: _change_kind(year, n))


def probe_new_encounters(seconds: int) -> dict:
    """One new encounter of the bench year per second for `seconds` (then removed): each
    one moves the people met's and the interviews' versions of that year and later."""
    year = int(os.environ.get("BENCH_YEAR", "2025"))
    try:
        return _write_every(seconds, lambda n: _new_encounter(year, n))
    finally:
        _remove_new_encounters()


def probe_new_encounters_every_10s(seconds: int) -> dict:
    """`new-encounters` at one every 10 seconds: still 18 times the rate at which the
    bench's network records encounters in its working hours (400,000 in ten years)."""
    year = int(os.environ.get("BENCH_YEAR", "2025"))
    try:
        return _write_every(seconds, lambda n: _new_encounter(year, n), interval=10)
    finally:
        _remove_new_encounters()


def _user(email: str, group: str, **extra) -> User:
    user, _created = User.objects.get_or_create(email=email, defaults=extra)
    user.groups.add(Group.objects.get(name=group))
    return user


CHANGELIST = "/admin/entrepreneurs/entrepreneur/"
ADMIN_URLS = {
    "list": CHANGELIST,
    "search name": CHANGELIST + "?q=Diallo",
    "search reference": CHANGELIST + "?q=ENT-012345",
    "filter gender+sector": CHANGELIST + "?gender__exact=female&sector__exact=food",
    "filter country, page 2": CHANGELIST + "?country_of_origin=SN&p=2",
}


def probe_admin(_year: int) -> dict:
    setup_test_environment()
    client = Client()
    client.force_login(_user("bench-staff@example.invalid", STAFF_GROUP, is_staff=True))
    results = {}
    for name, url in ADMIN_URLS.items():
        status = client.get(url).status_code
        # Each request starts by clearing the query log: start the capture from empty.
        reset_queries()
        with CaptureQueriesContext(connection) as queries:
            client.get(url)
        median, runs = timed(lambda url=url: client.get(url))
        results[name] = {
            "url": url,
            "status": status,
            "queries": len(queries),
            "median_s": median,
            "runs_s": runs,
        }
    return {"pages": results}


def probe_session(_year: int) -> dict:
    """A logged-in board member's session, for the load test's cookie."""
    user = _user("bench-board@example.invalid", BOARD_GROUP)
    session = SessionStore()
    now = int(time.time())
    session.update(
        {
            SESSION_KEY: str(user.pk),
            BACKEND_SESSION_KEY: "django.contrib.auth.backends.ModelBackend",
            HASH_SESSION_KEY: user.get_session_auth_hash(),
            SESSION_STARTED_KEY: now,
            SESSION_SEEN_KEY: now,
        }
    )
    session.create()
    from django.conf import settings

    return {"cookie": f"{settings.SESSION_COOKIE_NAME}={session.session_key}"}


PROBES = {
    "compute": probe_compute,
    "once": probe_once,
    "explain": probe_explain,
    "pdf": probe_pdf,
    "admin": probe_admin,
    "session": probe_session,
    "funder": probe_funder,
    "dashboard": probe_dashboard,
    "writer": probe_writer,
    "new-encounters": probe_new_encounters,
    "new-encounters-every-10s": probe_new_encounters_every_10s,
}

if __name__ == "__main__":
    name = sys.argv[1]
    year = int(sys.argv[2]) if len(sys.argv) > 2 else 2025
    print(json.dumps(PROBES[name](year), default=str))
