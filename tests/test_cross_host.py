"""Two app hosts, one database and one shared cache: a write on one host shows on the
other's next page (docs/deployment.md, « Several hosts »).

Two `runserver --noreload` processes on two loopback ports stand for two machines; they
share a temporary SQLite file and its database cache (Redis in production), as hosts
share PostgreSQL and Redis. A write made through the ORM in a third process (as an
admin save on either host would) commits and moves the data version, and host B, which
has cached the old figures, shows the new one on its next page.
"""

import os
import re
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
INTERVIEWS = re.compile(
    r'<h3 class="kpi-label">Entretiens individuels</h3>\s*<p class="kpi-value">([^<]*)<'
)

SETUP = """
import datetime
from django.contrib.auth.models import Group
from django.test import Client
from entrepreneurs.models import Encounter, Entrepreneur
from governance.models import User
from governance.roles import BOARD_GROUP
user = User.objects.create_user(email="ca@example.org", password="x")
user.groups.add(Group.objects.get(name=BOARD_GROUP))
person = Entrepreneur.objects.create(reference="ENT-0001", first_name="Awa", last_name="D")
Encounter.objects.create(entrepreneur=person, date=datetime.date(2020, 5, 1), kind="follow_up")
client = Client()
client.force_login(user)
print(client.cookies["sessionid"].value)
"""

WRITE = """
import datetime
from entrepreneurs.models import Encounter, Entrepreneur
person = Entrepreneur.objects.get(reference="ENT-0001")
kind = Encounter.Kind.INDIVIDUAL_INTERVIEW
Encounter.objects.create(entrepreneur=person, date=datetime.date(2020, 5, 2), kind=kind)
"""


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def manage(env: dict, *args: str) -> str:
    result = subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True,
        text=True, timeout=120,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr[-2000:]
    return result.stdout


def wait_for(port: int, server: subprocess.Popen) -> None:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        assert server.poll() is None, server.stderr.read()
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return
        except OSError:
            time.sleep(0.2)
    raise AssertionError(f"no server on port {port}")


def interviews(port: int, session: str) -> str:
    request = urllib.request.Request(
        f"http://127.0.0.1:{port}/dashboard/2020/", headers={"Cookie": f"sessionid={session}"}
    )
    with urllib.request.urlopen(request, timeout=60) as response:
        html = response.read().decode()
    match = INTERVIEWS.search(html)
    assert match, html[:2000]
    return match.group(1).strip()


@pytest.fixture
def hosts(tmp_path):
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{tmp_path / 'shared.sqlite3'}",
        "DJANGO_DEBUG": "1",
        "REDIS_URL": "",
        "DJANGO_SETTINGS_MODULE": "meltingcoop.settings",
    }
    manage(env, "migrate", "--noinput", "-v0")
    session = manage(env, "shell", "-c", SETUP).strip().splitlines()[-1]
    ports = [free_port(), free_port()]
    servers = [
        subprocess.Popen(
            [sys.executable, "manage.py", "runserver", "--noreload", f"127.0.0.1:{port}"],
            cwd=ROOT,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
        )  # fmt: skip
        for port in ports
    ]
    try:
        for port, server in zip(ports, servers, strict=True):
            wait_for(port, server)
        yield env, ports, session
    finally:
        for server in servers:
            server.terminate()
            server.wait(timeout=10)


def test_a_write_seen_by_one_host_shows_on_the_other_hosts_next_page(hosts):
    env, (a, b), session = hosts
    assert interviews(a, session) == "0"
    assert interviews(b, session) == "0"  # both hosts have read (and cached) the figures
    manage(env, "shell", "-c", WRITE)
    assert interviews(b, session) == "1"
    assert interviews(a, session) == "1"
