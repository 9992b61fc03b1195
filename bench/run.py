"""`make bench`: measure meltingcoop at network scale and write bench/RESULTS.md.

Needs PostgreSQL (BENCH_DATABASE_URL, default postgres://postgres@127.0.0.1:5432/
meltingcoop_bench) and wrk. For each scale of BENCH_SCALES (default 0.1, 1, 3) creates,
migrates and fills `<name>_s<scale>` when it holds no entrepreneur, then measures the
indicators against the single-SQL floor, a funder's year, the dashboard (after a write
and cached), the PDF and the dashboard under load with and without writes alongside.
Every server it starts listens on 127.0.0.1 and is stopped at the end.
"""

import datetime
import json
import os
import platform
import secrets
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import psycopg2

ROOT = Path(__file__).resolve().parent.parent
PYTHON = str(ROOT / ".venv" / "bin" / "python")
GUNICORN = str(ROOT / ".venv" / "bin" / "gunicorn")
DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/meltingcoop_bench"
YEAR = int(os.environ.get("BENCH_YEAR", "2025"))
LOAD_SECONDS = int(os.environ.get("BENCH_LOAD_SECONDS", "30"))
# Session settings for a probe that asks for them; every row of RESULTS.md runs at
# PostgreSQL's default work_mem (pgoptions=None).
TUNED_PGOPTIONS = os.environ.get("BENCH_PGOPTIONS", "-c work_mem=64MB")
WRK_SCRIPT = """
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    'JSON {"p50_ms":%.1f,"p95_ms":%.1f,"p99_ms":%.1f,"max_ms":%.1f,"requests":%d,'
    .. '"errors":%d}\\n',
    latency:percentile(50) / 1000, latency:percentile(95) / 1000,
    latency:percentile(99) / 1000, latency.max / 1000, summary.requests,
    e.connect + e.read + e.write + e.status + e.timeout))
end
"""


def log(message: str) -> None:
    print(f"[bench {time.strftime('%H:%M:%S')}] {message}", flush=True)


def with_database(url: str, name: str) -> str:
    parts = urlsplit(url)
    return urlunsplit(parts._replace(path=f"/{name}"))


def database_name(url: str) -> str:
    return urlsplit(url).path.lstrip("/")


def admin_connection(url: str):
    connection = psycopg2.connect(with_database(url, "postgres"))
    connection.autocommit = True
    return connection


def database_exists(url: str, name: str) -> bool:
    connection = admin_connection(url)
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
        found = cursor.fetchone() is not None
    connection.close()
    return found


def create_database(url: str, name: str, template: str | None = None, drop: bool = False):
    connection = admin_connection(url)
    with connection.cursor() as cursor:
        if drop:
            cursor.execute(f'DROP DATABASE IF EXISTS "{name}"')
        clause = f' TEMPLATE "{template}"' if template else ""
        cursor.execute(f'CREATE DATABASE "{name}"{clause}')
    connection.close()


def env_for(url: str, **extra: str) -> dict[str, str]:
    env = {**os.environ, "DATABASE_URL": url, "DJANGO_SETTINGS_MODULE": "meltingcoop.settings"}
    env.pop("PGOPTIONS", None)
    env.update(extra)
    return env


def manage(url: str, *args: str, **env: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [PYTHON, "manage.py", *args], cwd=ROOT, env=env_for(url, **env), check=True,
        capture_output=True, text=True,
    )  # fmt: skip


# One throwaway secret per run: the session made for the load test is signed with it.
SECRET = secrets.token_urlsafe(50)


def probe(url: str, name: str, pgoptions: str | None = TUNED_PGOPTIONS, timeout=None) -> dict:
    extra = {"DJANGO_SECRET_KEY": SECRET}
    if pgoptions:
        extra["PGOPTIONS"] = pgoptions
    result = subprocess.run(
        [PYTHON, "bench/probes.py", name, str(YEAR)], cwd=ROOT, env=env_for(url, **extra),
        capture_output=True, text=True, timeout=timeout,
    )  # fmt: skip
    if result.returncode:
        raise RuntimeError(f"probe {name} failed:\n{result.stderr[-3000:]}")
    return json.loads(result.stdout.strip().splitlines()[-1])


def prepare(url: str, scale: float, rebuild: bool = False) -> float | None:
    """Create, migrate and fill a database; the generation time, or None if kept."""
    name = database_name(url)
    if rebuild or not database_exists(url, name):
        create_database(url, name, drop=True)
    manage(url, "migrate", "--noinput", "-v0")
    manage(url, "createcachetable")
    count = count_rows(url, "entrepreneurs_entrepreneur")
    if count:
        return None
    log(f"generating scale {scale} in {name} ...")
    started = time.monotonic()
    manage(url, "generate_bench_data", "--scale", str(scale))
    return time.monotonic() - started


# Measurements ------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for(port: int, seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        with socket.socket() as sock:
            if sock.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.2)
    raise RuntimeError(f"gunicorn did not listen on port {port}")


def load_test(url: str, cookie: str, writes: str | None = None) -> dict:
    """gunicorn (2 workers, debug off, no page cache: the figures are cached by family
    and year) serving the board's dashboard to wrk's 16 clients; with `writes`, one write
    per second alongside (bench/probes.py `writer`: an encounter's kind changed, or
    `new-encounters`), each one moving the versions of what it wrote."""
    port = free_port()
    env = env_for(
        url,
        DJANGO_DEBUG="0",
        DJANGO_SECRET_KEY=SECRET,
        DJANGO_SECURE_SSL_REDIRECT="0",
        DJANGO_ALLOWED_HOSTS="127.0.0.1",
    )
    server = subprocess.Popen(
        [GUNICORN, "meltingcoop.wsgi:application", "--workers", "2",
         "--bind", f"127.0.0.1:{port}", "--timeout", "120", "--log-level", "warning"],
        cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip
    page = f"http://127.0.0.1:{port}/dashboard/{YEAR}/"
    writer = None
    try:
        wait_for(port)
        request = urllib.request.Request(page, headers={"Cookie": cookie})
        started = time.monotonic()
        with urllib.request.urlopen(request, timeout=120) as response:
            body = response.read().decode()
            first = {"status": response.status, "seconds": time.monotonic() - started}
        if "Entrepreneur·es rencontré·es" not in body:
            raise RuntimeError("the dashboard did not render for the board member")
        with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as script:
            script.write(WRK_SCRIPT)
        if writes is not None:
            writer = subprocess.Popen(
                [PYTHON, "bench/probes.py", writes, str(LOAD_SECONDS)], cwd=ROOT,
                env=env_for(url, DJANGO_SECRET_KEY=SECRET, BENCH_YEAR=str(YEAR)),
                stdout=subprocess.PIPE, text=True,
            )  # fmt: skip
        load_before = os.getloadavg()
        output = subprocess.run(
            ["wrk", "-t2", "-c16", f"-d{LOAD_SECONDS}s", "--timeout", "30s", "-s", script.name,
             "-H", f"Cookie: {cookie}", page],
            capture_output=True, text=True, timeout=LOAD_SECONDS + 60, check=True,
        ).stdout  # fmt: skip
        os.unlink(script.name)
        line = next(x for x in output.splitlines() if x.startswith("JSON "))
        result = {**json.loads(line[5:]), "first_request": first, "writes": 0}
        result["load_average"] = [load_before, os.getloadavg()]
        if writer is not None:
            out, _err = writer.communicate(timeout=LOAD_SECONDS + 30)
            result["writes"] = json.loads(out.strip().splitlines()[-1])["writes"]
            writer = None
        return result
    finally:
        if writer is not None:
            writer.terminate()
            writer.wait()
        server.terminate()
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()


def write_csv_folder(folder: Path, entrepreneurs: int, encounters: int) -> None:
    """entrepreneurs.csv and encounters.csv in the import format, from the generator."""
    code = (
        "import csv, sys\n"
        "from bench.datagen import Generator, Start\n"
        "from entrepreneurs.models import Entrepreneur, Encounter\n"
        f"folder, n, m = sys.argv[1], {entrepreneurs}, {encounters}\n"
        "start = Start(ids={Entrepreneur: 1, Encounter: 1}, refs={Entrepreneur: 1}, tag='')\n"
        "gen = Generator(1, 42, start, 'default')\n"
        "gen.counts = {'entrepreneurs': n, 'encounters': m}\n"
        "gen.organisation_ids = []\n"
        "cols = ['reference', 'first_name', 'last_name', 'gender', 'birth_year',\n"
        "        'country_of_origin', 'arrival_year', 'email', 'phone', 'sector',\n"
        "        'project_kind', 'skill_level', 'informal_activity']\n"
        "yes = {True: 'oui', False: 'non', None: ''}\n"
        "refs = {}\n"
        "with open(folder + '/entrepreneurs.csv', 'w', newline='') as f:\n"
        "    out = csv.writer(f, delimiter=';'); out.writerow(cols)\n"
        "    for row in gen.entrepreneurs():\n"
        "        refs[row['id']] = row['reference']\n"
        "        row['informal_activity'] = yes[row['informal_activity']]\n"
        "        out.writerow(['' if row[c] is None else row[c] for c in cols])\n"
        "if m:\n"
        "    with open(folder + '/encounters.csv', 'w', newline='') as f:\n"
        "        out = csv.writer(f, delimiter=';')\n"
        "        out.writerow(['entrepreneur', 'date', 'kind'])\n"
        "        for row in gen.encounters():\n"
        "            out.writerow([refs[row['entrepreneur_id']], row['date'], row['kind']])\n"
    )
    subprocess.run(
        [PYTHON, "manage.py", "shell", "-c", f"import sys; sys.argv = ['x', {str(folder)!r}]\n"
         + code],
        cwd=ROOT, env=env_for(os.environ["BENCH_SCRATCH_URL"]), check=True,
    )  # fmt: skip


def timed_load_rss(url: str, folder: Path) -> dict:
    started = time.monotonic()
    with open(os.devnull, "w") as devnull:
        child = subprocess.Popen(
            [PYTHON, "manage.py", "load_csv", str(folder)], cwd=ROOT, env=env_for(url),
            stdout=devnull, stderr=devnull,
        )  # fmt: skip
        _pid, status, usage = os.wait4(child.pid, 0)
    child.returncode = os.waitstatus_to_exitcode(status)
    return {
        "returncode": child.returncode,
        "seconds": time.monotonic() - started,
        "max_rss_mb": usage.ru_maxrss / 1024,  # kilobytes on Linux
    }


def csv_loads(url: str) -> dict:
    template = database_name(url) + "_scratch_tpl"
    scratch = database_name(url) + "_scratch"
    tpl_url, scratch_url = with_database(url, template), with_database(url, scratch)
    os.environ["BENCH_SCRATCH_URL"] = tpl_url
    create_database(url, template, drop=True)
    manage(tpl_url, "migrate", "--noinput", "-v0")
    manage(tpl_url, "createcachetable")
    results = {}
    with tempfile.TemporaryDirectory() as tmp:
        small, large = Path(tmp, "small"), Path(tmp, "large")
        small.mkdir()
        large.mkdir()
        write_csv_folder(small, 10_000, 30_000)
        write_csv_folder(large, 100_000, 0)
        for name, folder in (("10k+30k", small), ("100k", large)):
            create_database(url, scratch, template=template, drop=True)
            log(f"load_csv {name} ...")
            results[name] = timed_load_rss(scratch_url, folder)
            results[name]["entrepreneurs"] = count_rows(scratch_url, "entrepreneurs_entrepreneur")
            results[name]["encounters"] = count_rows(scratch_url, "entrepreneurs_encounter")
    connection = admin_connection(url)
    with connection.cursor() as cursor:
        for name in (scratch, template):
            cursor.execute(f'DROP DATABASE IF EXISTS "{name}"')
    connection.close()
    return results


def count_rows(url: str, table: str) -> int:
    with psycopg2.connect(url) as connection, connection.cursor() as cursor:
        cursor.execute(f"SELECT count(*) FROM {table}")
        return cursor.fetchone()[0]


# Report ------------------------------------------------------------------------------------


def machine(url: str) -> dict:
    cpuinfo = Path("/proc/cpuinfo").read_text().splitlines()
    cpu = next((x.split(":", 1)[1].strip() for x in cpuinfo if "model name" in x), "?")
    meminfo = Path("/proc/meminfo").read_text().splitlines()
    mem_kb = next(int(x.split()[1]) for x in meminfo if "MemTotal" in x)
    with psycopg2.connect(url) as connection, connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        pg = cursor.fetchone()[0]
        cursor.execute("SHOW work_mem")
        work_mem = cursor.fetchone()[0]
    return {
        "nproc": os.cpu_count(),
        "memory_gb": round(mem_kb / 1024 / 1024, 1),
        "cpu": cpu,
        "postgresql": pg,
        "default_work_mem": work_mem,
        "python": platform.python_version(),
        "cache": "Redis (REDIS_URL)" if os.environ.get("REDIS_URL") else "the database cache",
        "date": datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%d %H:%M UTC"),
    }


def verdict(ok: bool) -> str:
    return "met" if ok else "**missed**"


SCALES = [float(x) for x in os.environ.get("BENCH_SCALES", "0.1,1,3").split(",")]


def scale_url(url: str, scale: float) -> str:
    suffix = f"{scale:g}".replace(".", "_")
    return with_database(url, f"{database_name(url)}_s{suffix}")


def measure_scale(url: str, scale: float, saved: Path, results: dict) -> None:
    """Every measurement of one scale, at PostgreSQL's default work_mem (no PGOPTIONS)."""
    key = f"{scale:g}"
    mine = results.setdefault("scales", {}).setdefault(key, {})

    def step(name: str, function) -> None:
        if name in mine:
            return
        log(f"scale {key}: {name} ...")
        mine[name] = function()
        saved.write_text(json.dumps(results, indent=2, default=str))

    step("generation_s", lambda: prepare(url, scale))
    step("compute", lambda: probe(url, "compute", pgoptions=None))
    step("funder", lambda: probe(url, "funder", pgoptions=None))
    step("dashboard", lambda: probe(url, "dashboard", pgoptions=None))
    step("pdf", lambda: probe(url, "pdf", pgoptions=None))
    manage(url, "collectstatic", "--noinput", "-v0", DJANGO_DEBUG="0", DJANGO_SECRET_KEY=SECRET)
    cookie = probe(url, "session")["cookie"]
    step("load", lambda: {
        "no writes": load_test(url, cookie),
        "one write per second": load_test(url, cookie, writes="writer"),
        "one new encounter per second": load_test(url, cookie, writes="new-encounters"),
        "one new encounter every 10 s": load_test(
            url, cookie, writes="new-encounters-every-10s"
        ),
    })  # fmt: skip


def main() -> int:
    if not shutil.which("wrk"):
        print("wrk is missing: apt-get install -y wrk", file=sys.stderr)
        return 2
    url = os.environ.get("BENCH_DATABASE_URL", DEFAULT_URL)
    # BENCH_RESUME=1 keeps the steps bench/results.json already holds (after a failure).
    saved = Path(ROOT, "bench", "results.json")
    results: dict = {}
    if os.environ.get("BENCH_RESUME") == "1" and saved.exists():
        results = json.loads(saved.read_text())
    results["load_before"] = os.getloadavg()
    results["machine"] = machine(with_database(url, "postgres"))
    for scale in SCALES:
        measure_scale(scale_url(url, scale), scale, saved, results)
    if os.environ.get("BENCH_CSV") == "1" and "csv" not in results:
        log("load_csv ...")
        results["csv"] = csv_loads(scale_url(url, SCALES[0]))
    results["load_after"] = os.getloadavg()
    saved.write_text(json.dumps(results, indent=2, default=str))
    write_results(results)
    log("wrote bench/RESULTS.md and bench/results.json")
    return 0


def _ms(seconds: float) -> str:
    return f"{seconds * 1000:.0f} ms"


def scale_rows(scale: str, r: dict) -> list[tuple[str, str, str, str]]:
    c, f, d = r["compute"], r["funder"], r["dashboard"]
    ratio = c["compute_median_s"] / c["floor_median_s"]
    cold, warm = d["after a write"], d["cached"]
    rows = [
        (
            f"indicators {YEAR}, default work_mem, median of 5 (`annual_report --format json`)",
            "≤ 1 s and ≤ 1.2× the single-SQL floor",
            f"{c['compute_median_s']:.2f} s; floor {c['floor_median_s']:.2f} s (×{ratio:.2f}); "
            f"{c['queries']} queries; floor figures match: {c['floor_matches']}",
            verdict(c["compute_median_s"] <= 1 and ratio <= 1.2),
        ),
        (
            f"indicators of a funder's year ({f['period']})",
            "same query count as a calendar year",
            f"{f['median_s']:.2f} s; {f['queries']} queries (calendar year: "
            f"{f['calendar_queries']})",
            verdict(f["queries"] == f["calendar_queries"]),
        ),
        (
            "dashboard in-process, after a write (every figure recomputed), median of 3",
            "queries bounded",
            f"{_ms(cold['median_s'])}; {cold['queries']} queries",
            "—",
        ),
        (
            "dashboard in-process, no write since (figures from the cache), median of 3",
            "p95 ≤ 300 ms under load (below)",
            f"{_ms(warm['median_s'])}; {warm['queries']} queries",
            "—",
        ),
        *(
            (
                f"dashboard in-process, {name} (the load test's write), median of 3",
                "only what it moved recomputed",
                f"{_ms(d[name]['median_s'])}; {d[name]['queries']} queries; computed: "
                + ", ".join(f"{k} ×{v}" for k, v in sorted(d[name]["computed"].items())),
                "—",
            )
            for name in ("after an encounter's kind changed", "after a new encounter")
            if name in d
        ),
        (
            f"PDF of {YEAR}, nothing written since the last one (figures and the year told "
            "from the cache), median of 3",
            "≤ 5 s",
            f"{r['pdf']['pdf_median_s']:.2f} s, {r['pdf']['pages']} pages",
            verdict(r["pdf"]["pdf_median_s"] <= 5),
        ),
        *(
            (
                f"PDF of {YEAR} right after {what}",
                "≤ 5 s",
                f"{r['pdf'][key]:.2f} s",
                verdict(r["pdf"][key] <= 5),
            )
            for key, what in (
                (
                    "pdf_after_write_s",
                    "a write that moved every version (every figure and the year told computed)",
                ),
                (
                    "pdf_after_new_encounter_s",
                    f"a new encounter of {YEAR} (the people met, "
                    "the interviews, the cohorts' recruitment and the year told computed)",
                ),
                (
                    "pdf_after_later_s",
                    f"a new encounter of {YEAR + 1} (the year told "
                    "computed, its cohorts' recruitment from the cache)",
                ),
            )
            if key in r["pdf"]
        ),
    ]
    for name, load in r["load"].items():
        before, after = load["load_average"]
        if name == "one write per second":
            name += " (an encounter's kind changed)"
        rows.append(
            (
                f"dashboard under load, {name}: gunicorn 2 workers, wrk 16 clients, "
                f"{LOAD_SECONDS} s, no page cache",
                "p95 ≤ 300 ms, 0 errors",
                f"p50 {load['p50_ms']:.0f} ms, p95 {load['p95_ms']:.0f} ms, "
                f"p99 {load['p99_ms']:.0f} ms, {load['requests']} requests, "
                f"{load['errors']} errors, {load['writes']} writes; load average "
                f"{before[0]:.1f} → {after[0]:.1f}",
                verdict(load["p95_ms"] <= 300 and load["errors"] == 0),
            )
        )
    return rows


def growth_rows(scales: dict) -> list[tuple[str, ...]]:
    keys = sorted(scales, key=float)

    def measures(r: dict) -> dict[str, float]:
        return {
            "indicators (s)": r["compute"]["compute_median_s"],
            "indicators: queries": r["compute"]["queries"],
            "single-SQL floor (s)": r["compute"]["floor_median_s"],
            "funder's year (s)": r["funder"]["median_s"],
            "dashboard after a write (s)": r["dashboard"]["after a write"]["median_s"],
            "dashboard after a write: queries": r["dashboard"]["after a write"]["queries"],
            "dashboard cached (s)": r["dashboard"]["cached"]["median_s"],
            "dashboard cached: queries": r["dashboard"]["cached"]["queries"],
            "PDF (s)": r["pdf"]["pdf_median_s"],
            "PDF after a write (s)": r["pdf"].get("pdf_after_write_s", 0),
            "load p95, no writes (ms)": r["load"]["no writes"]["p95_ms"],
            "load p95, 1 write/s (ms)": r["load"]["one write per second"]["p95_ms"],
            "load p95, 1 new encounter/s (ms)": r["load"]
            .get("one new encounter per second", {})
            .get("p95_ms", 0),
            "load p95, 1 new encounter/10 s (ms)": r["load"]
            .get("one new encounter every 10 s", {})
            .get("p95_ms", 0),
        }

    values = {k: measures(scales[k]) for k in keys}
    rows = []
    for name in values[keys[0]]:
        cells = [f"{values[k][name]:.3g}" for k in keys]
        first, last = values[keys[0]][name], values[keys[-1]][name]
        factor = f"×{last / first:.1f}" if first else "—"
        rows.append((name, *cells, factor))
    return [("measure", *(f"scale {k}" for k in keys), f"growth {keys[0]} → {keys[-1]}"), *rows]


def markdown(rows) -> str:
    header, *body = rows
    lines = ["| " + " | ".join(header) + " |", "|" + " --- |" * len(header)]
    lines += ["| " + " | ".join(str(c) for c in row) + " |" for row in body]
    return "\n".join(lines)


def write_results(results: dict) -> None:
    m = results["machine"]
    scales = results["scales"]
    sections = []
    for key in sorted(scales, key=float):
        r = scales[key]
        generated = r.get("generation_s")
        note = f"generated in {generated:.0f} s" if generated else "generated by an earlier run"
        rows = [("what", "target", "measured", ""), *scale_rows(key, r)]
        sections.append(f"### Scale {key} ({note})\n\n{markdown(rows)}")
    growth = markdown(growth_rows(scales)) if len(scales) > 1 else "(one scale only)"
    text = f"""# Benchmark results

Produced by `make bench` (bench/run.py) on {m["date"]}. Raw figures: `bench/results.json`.

## Machine

- {m["nproc"]} CPUs ({m["cpu"]}), {m["memory_gb"]} GB memory
- PostgreSQL {m["postgresql"]} on the same machine, **default work_mem ({m["default_work_mem"]})
  for every row**; Python {m["python"]}; the shared cache: {m.get("cache", "?")}
- Load average (1, 5, 15 min) before / after the run: {_load(results["load_before"])} /
  {_load(results["load_after"])}; other engineers' test runs share the two CPUs, and
  wrk, gunicorn and PostgreSQL share them too.

## Data set

`generate_bench_data --scale S` (seed 1), years 2016-2025; at scale 1: 100,000
entrepreneurs, 400,000 encounters, 500 cooperatives, 20,000 events, 600,000 attendances,
5,000 meetings. Year measured: {YEAR}.

## Results

{(chr(10) * 2).join(sections)}

## Growth

{growth}

{FINDINGS}

## How to reproduce

```sh
apt-get install -y wrk          # the load generator
make bench                      # or: .venv/bin/python bench/run.py
BENCH_SCALES=0.1,1 BENCH_DATABASE_URL=postgres://user@host:5432/bench make bench
```
One database per scale (`<name>_s0_1`, `<name>_s1`, `<name>_s3`), kept between runs
(generation is skipped when it holds entrepreneurs); drop one to regenerate it.
`BENCH_YEAR`, `BENCH_LOAD_SECONDS`, `BENCH_RESUME=1` (keep the steps `results.json` holds)
and `BENCH_CSV=1` (the `load_csv` runs) change what runs.
"""
    Path(ROOT, "bench", "RESULTS.md").write_text(text)


def _generated(seconds: float | None) -> str:
    return f"Generated in {seconds:.0f} s." if seconds else "(Generated by an earlier run.)"


def _load(values) -> str:
    return " ".join(f"{v:.1f}" for v in values)


# Analysis written by hand after a run (EXPLAIN ANALYZE, causes, fixes), kept across runs.
FINDINGS_FILE = Path(ROOT, "bench", "findings.md")
FINDINGS = FINDINGS_FILE.read_text() if FINDINGS_FILE.exists() else ""


if __name__ == "__main__":
    sys.exit(main())
