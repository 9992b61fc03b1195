"""Check that login rate limits hold across gunicorn workers (issue 7).

Starts gunicorn with 2 workers on a free loopback port against DATABASE_URL, makes five
failed logins for one account, each from a fresh session so that the workers are free to
share them out, then checks that the sixth attempt, with the right password, is refused.
The limit lives in the shared cache (the database or Redis), not in a worker's memory.
Usage: DATABASE_URL=... python scripts/ratelimit_check.py  (the database must be migrated)
"""

import http.cookiejar
import os
import re
import socket
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
EMAIL, PASSWORD = "ratelimit-check@example.org", "Right-password-2026"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def attempt(base: str, password: str) -> str:
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    page = opener.open(f"{base}/accounts/login/", timeout=10).read().decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
    data = urllib.parse.urlencode(
        {"login": EMAIL, "password": password, "csrfmiddlewaretoken": token}
    ).encode()
    request = urllib.request.Request(
        f"{base}/accounts/login/", data=data, headers={"Referer": f"{base}/accounts/login/"}
    )
    return opener.open(request, timeout=10).read().decode()


def main() -> int:
    env = {**os.environ, "DJANGO_DEBUG": "1", "DJANGO_SETTINGS_MODULE": "meltingcoop.settings"}
    python = sys.executable
    create = (
        "from django.contrib.auth import get_user_model; U = get_user_model(); "
        f"U.objects.filter(email='{EMAIL}').delete(); "
        f"U.objects.create_user(email='{EMAIL}', password='{PASSWORD}')"
    )
    subprocess.run([python, "manage.py", "shell", "-c", create], cwd=ROOT, env=env, check=True)
    port = free_port()
    server = subprocess.Popen(
        [
            str(Path(python).parent / "gunicorn"),
            "meltingcoop.wsgi",
            "--workers",
            "2",
            "--bind",
            f"127.0.0.1:{port}",
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env=env,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(50):
            try:
                urllib.request.urlopen(f"{base}/accounts/login/", timeout=2)
                break
            except OSError:
                time.sleep(0.2)
        for i in range(5):
            assert "Trop de tentatives" not in attempt(base, "wrong-password"), f"attempt {i + 1}"
        sixth = attempt(base, PASSWORD)
    finally:
        server.terminate()
        server.wait(timeout=20)
    if "Trop de tentatives" in sixth:
        print("rate limit check passed: the 6th attempt was refused across 2 gunicorn workers")
        return 0
    print("rate limit check FAILED: the 6th attempt was not refused", file=sys.stderr)
    return 1


if __name__ == "__main__":
    sys.exit(main())
