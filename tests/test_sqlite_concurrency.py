"""The zero-set-up SQLite database survives two staff saving at the same moment."""

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

# Two threads (two connections) each read then write the same row, as two admin saves do.
SCRIPT = """
import threading, time
from django.db import connection, transaction
with connection.cursor() as cursor:
    cursor.execute("CREATE TABLE counter (id integer primary key, n integer)")
    cursor.execute("INSERT INTO counter VALUES (1, 0)")
errors = []
def save():
    try:
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("SELECT n FROM counter WHERE id = 1")
            (n,) = cursor.fetchone()
            time.sleep(0.3)
            cursor.execute("UPDATE counter SET n = %s WHERE id = 1", [n + 1])
    except Exception as error:
        errors.append(repr(error))
    finally:
        connection.close()
threads = [threading.Thread(target=save) for _ in range(2)]
for thread in threads:
    thread.start()
for thread in threads:
    thread.join()
with connection.cursor() as cursor:
    cursor.execute("SELECT n FROM counter")
    print("errors", errors, "n", cursor.fetchone()[0])
"""


def test_two_concurrent_saves_on_sqlite_both_succeed_one_after_the_other(tmp_path):
    env = {
        "PATH": "/usr/bin:/bin",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
        "DJANGO_CONN_MAX_AGE": "0",
    }
    result = subprocess.run(
        [sys.executable, "manage.py", "shell", "--no-imports", "-c", SCRIPT],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "errors [] n 2", result.stdout


def test_the_sqlite_options_apply_to_sqlite_only():
    script = "from django.conf import settings; print(settings.DATABASES['default']['OPTIONS'])"
    for url, expected in [
        ("sqlite:////tmp/x.sqlite3", "{'transaction_mode': 'IMMEDIATE', 'timeout': 20}"),
        ("postgres://u@127.0.0.1:5432/x", "{'options': '-c jit=off'}"),
    ]:
        result = subprocess.run(
            [sys.executable, "manage.py", "shell", "--no-imports", "-c", script],
            cwd=ROOT,
            env={"PATH": "/usr/bin:/bin", "DATABASE_URL": url},
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert result.stdout.strip() == expected, result.stderr
