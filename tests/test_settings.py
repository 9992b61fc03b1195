import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings

ROOT = Path(__file__).resolve().parent.parent


def run_check(**env):
    full_env = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    full_env.update(env)
    return subprocess.run(
        [sys.executable, "manage.py", "check"],
        cwd=ROOT,
        env=full_env,
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_production_refuses_to_start_without_secret_key():
    result = run_check(DJANGO_DEBUG="0")
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY" in result.stderr


def test_production_starts_with_a_secret_key():
    result = run_check(DJANGO_DEBUG="0", DJANGO_SECRET_KEY="x" * 60)
    assert result.returncode == 0, result.stderr


def test_cache_is_shared_between_processes():
    # Rate limits live in the cache: a per-process cache would not hold under gunicorn.
    assert "locmem" not in settings.CACHES["default"]["BACKEND"]


def test_french_is_the_default_language_and_paris_the_time_zone():
    assert settings.LANGUAGE_CODE == "fr"
    assert settings.TIME_ZONE == "Europe/Paris"
    assert settings.USE_TZ


def _show_settings(**env) -> list[str]:
    """jit and work_mem as a new process's connection sees them (PostgreSQL only)."""
    database = settings.DATABASES["default"]
    url = f"postgres://{database['USER']}@{database['HOST']}:{database['PORT']}/postgres"
    script = (
        "from django.db import connection\n"
        "with connection.cursor() as c:\n"
        "    for name in ('jit', 'work_mem'):\n"
        "        c.execute('SHOW ' + name); print(c.fetchone()[0])\n"
    )
    full_env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "PG"))}
    full_env.update(DATABASE_URL=url, **env)
    result = subprocess.run(
        [sys.executable, "manage.py", "shell", "-v", "0", "-c", script],
        cwd=ROOT, env=full_env, capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    return result.stdout.split()


needs_postgresql = pytest.mark.skipif(
    settings.DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql",
    reason="PostgreSQL's JIT setting",
)


@needs_postgresql
def test_postgresql_runs_the_figures_without_jit_and_keeps_pgoptions():
    assert _show_settings()[0] == "off"
    assert _show_settings(PGOPTIONS="-c work_mem=64MB") == ["off", "64MB"]
    assert _show_settings(DJANGO_PG_JIT="on")[0] == "on"
