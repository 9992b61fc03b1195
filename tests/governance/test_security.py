"""Security behaviour on real responses: headers, session lifetime, MFA for staff."""

import datetime
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
import time_machine
from allauth.mfa.models import Authenticator
from django.urls import reverse

from core.middleware import SESSION_STARTED_KEY
from tests.entrepreneurs.factories import EntrepreneurFactory

ROOT = Path(__file__).resolve().parents[2]


def test_pages_of_logged_in_users_are_never_cached(staff_client):
    response = staff_client.get(reverse("admin:index"))
    assert "no-store" in response["Cache-Control"]


def test_security_headers_on_a_real_response(client, db):
    response = client.get(reverse("account_login"))
    assert response["X-Frame-Options"] == "DENY"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Content-Type-Options"] == "nosniff"
    csp = response["Content-Security-Policy"]
    script_src = re.search(r"script-src ([^;]*)", csp).group(1)
    assert "'self'" in script_src and "unsafe-inline" not in script_src
    assert "frame-ancestors 'none'" in csp


def test_hsts_is_sent_over_https_in_production(client, db, settings):
    settings.SECURE_HSTS_SECONDS = 31536000
    settings.SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    response = client.get(reverse("account_login"), secure=True)
    assert response["Strict-Transport-Security"].startswith("max-age=31536000")


@pytest.mark.parametrize("url_name", ["account_login", "admin:index", "reports:dashboard"])
def test_pages_carry_no_inline_script(staff_client, url_name):
    html = staff_client.get(reverse(url_name)).content.decode()
    inline = [
        tag
        for tag in re.findall(r"<script\b[^>]*>", html)
        if "src=" not in tag and "application/json" not in tag
    ]
    assert inline == []


def test_session_ends_after_thirty_minutes_idle(client, staff_user):
    with time_machine.travel(datetime.datetime(2026, 3, 2, 9, 0, tzinfo=datetime.UTC)) as clock:
        client.force_login(staff_user)
        assert client.get(reverse("admin:index")).status_code == 200
        clock.shift(datetime.timedelta(minutes=29))
        assert client.get(reverse("admin:index")).status_code == 200
        clock.shift(datetime.timedelta(minutes=31))
        response = client.get(reverse("admin:index"))
        assert response.status_code == 302


def test_active_session_ends_after_twelve_hours(client, staff_user):
    with time_machine.travel(datetime.datetime(2026, 3, 2, 8, 0, tzinfo=datetime.UTC)) as clock:
        client.force_login(staff_user)
        for _ in range(25):  # active every 29 minutes for 12 h 05
            assert client.get(reverse("admin:index")).status_code == 200
            clock.shift(datetime.timedelta(minutes=29))
        response = client.get(reverse("admin:index"))
        assert response.status_code == 302
        assert response.url.startswith(reverse("account_login"))
        assert SESSION_STARTED_KEY not in client.session


def test_staff_without_second_factor_is_sent_to_enrolment(staff_client, settings):
    settings.MFA_REQUIRED_FOR_STAFF = True
    response = staff_client.get(reverse("admin:index"))
    assert response.status_code == 302
    assert response.url == reverse("mfa_activate_totp")


@pytest.mark.parametrize("export_format", ["", "json", "pdf"])
@pytest.mark.parametrize("persona", ["staff_user", "superuser"])
def test_a_password_alone_exports_nobody_when_mfa_is_required(
    request, client, settings, persona, export_format
):
    """A stolen password without the second factor: a person's export sends to enrolment."""
    settings.MFA_REQUIRED_FOR_STAFF = True
    client.force_login(request.getfixturevalue(persona))
    person = EntrepreneurFactory()
    url = reverse("privacy:subject_access", args=[person.pk])
    response = client.get(url, {"format": export_format} if export_format else {})
    assert response.status_code == 302
    assert response.url == reverse("mfa_activate_totp")


def test_staff_without_second_factor_may_still_log_out(staff_client, settings):
    settings.MFA_REQUIRED_FOR_STAFF = True
    assert staff_client.get(reverse("account_logout")).status_code == 200


def test_staff_with_totp_reaches_the_admin(staff_client, staff_user, settings):
    settings.MFA_REQUIRED_FOR_STAFF = True
    Authenticator.objects.create(user=staff_user, type=Authenticator.Type.TOTP, data={})
    assert staff_client.get(reverse("admin:index")).status_code == 200


def test_mfa_requirement_leaves_the_board_dashboard_alone(board_client, settings):
    settings.MFA_REQUIRED_FOR_STAFF = True
    assert board_client.get(reverse("reports:dashboard")).status_code == 200


def test_production_settings_pass_the_deploy_check():
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "MFA_"))}
    env.update(
        DJANGO_DEBUG="0",
        DJANGO_SECRET_KEY="k" * 30 + "Zq8!vR2#pL6@wN4$" * 3,
        DJANGO_ALLOWED_HOSTS="gestion.example.org",
    )
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout
