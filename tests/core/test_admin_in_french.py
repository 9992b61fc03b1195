"""Every admin page reads in French: no English left by Django, django-auditlog or
django-import-export (issue 18, point 3), and French wording and typography (point 8)."""

import contextlib
import datetime
import re
from decimal import Decimal
from html.parser import HTMLParser

import pytest
from django.contrib import admin
from django.urls import NoReverseMatch, reverse

from core.admin import french_datetime
from entrepreneurs.models import Entrepreneur
from tests.entrepreneurs.factories import EncounterFactory
from tests.governance.factories import GrantFactory

pytestmark = pytest.mark.django_db

# Whole words seen in the French admin before issue 18 (the audit log, the export page).
ENGLISH = [
    "Select all",
    "AUDIT LOG",
    "Audit log",
    "Correlation ID",
    "changes:",
    "change:",
    "Created",
    "create",
    "update",
    "system",
    "Resource",
    "First Name",
    "Last Name",
    "encounter",
    "attendance",
    "membership",
]
ENGLISH_PATTERN = re.compile("|".join(rf"(?<!\w){re.escape(word)}(?!\w)" for word in ENGLISH))


class VisibleText(HTMLParser):
    """The text a person reads: no script, style, or attribute (title, value)."""

    def __init__(self):
        super().__init__()
        self.skip = 0
        self.parts: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style", "template"):
            self.skip += 1

    def handle_endtag(self, tag):
        if tag in ("script", "style", "template") and self.skip:
            self.skip -= 1

    def handle_data(self, data):
        if not self.skip:
            self.parts.append(data)


def visible_text(html: str) -> str:
    parser = VisibleText()
    parser.feed(html)
    # Spaces and line breaks squeezed; no-break spaces kept (they are typography).
    return re.sub(r"[ \t\r\n]+", " ", " ".join(parser.parts)).strip()


def admin_pages() -> list[str]:
    """The index, every changelist and add form, each export page, the audit log."""
    urls = [reverse("admin:index")]
    for model in admin.site._registry:
        if model._meta.app_label == "mfa":
            # allauth's own list of second factors, superuser only: its `created_at` has no
            # verbose name to translate (« Created at »).
            continue
        info = f"admin:{model._meta.app_label}_{model._meta.model_name}"
        urls.append(reverse(f"{info}_changelist"))
        for suffix in ("add", "export", "import"):
            with contextlib.suppress(NoReverseMatch):  # no such page for this model
                urls.append(reverse(f"{info}_{suffix}"))
    return urls


@pytest.fixture
def records(superuser):
    # Audit log entries of every kind: created by a person, by the system (no actor), changed.
    EncounterFactory(date=datetime.date(2020, 4, 1))
    person = Entrepreneur.objects.first()
    person.notes = "Rappeler en mai."
    person.save()
    GrantFactory(amount=Decimal("15000.00"), year=2020)


def test_every_admin_page_is_free_of_known_english_words(client, superuser, records):
    client.force_login(superuser)
    found = {}
    for url in admin_pages():
        response = client.get(url, HTTP_ACCEPT_LANGUAGE="fr")
        if response.status_code != 200:  # add forms of read-only lists
            continue
        words = set(ENGLISH_PATTERN.findall(visible_text(response.content.decode())))
        if words:
            found[url] = sorted(words)
    assert found == {}


def test_audit_log_reads_in_french(client, superuser, records):
    client.force_login(superuser)
    text = visible_text(client.get(reverse("admin:auditlog_logentry_changelist")).content.decode())
    assert "Journal des modifications" in text
    assert "création" in text
    assert "système" in text
    assert "rencontre" in text  # the kinds of records, by their French names


def test_admin_index_title_reads_well_before_a_vowel(staff_client):
    text = visible_text(
        staff_client.get(reverse("admin:app_list", args=["events"])).content.decode()
    )
    assert "Administration de Événements" not in text
    assert "Administration\u202f: Événements" in text


def test_add_form_title_reads_well_before_a_vowel(staff_client):
    text = visible_text(
        staff_client.get(reverse("admin:entrepreneurs_entrepreneur_add")).content.decode()
    )
    assert "Ajout de entrepreneur·e" not in text
    assert "Ajout\u202f: entrepreneur·e" in text


def test_changelist_dates_write_the_first_of_the_month_as_1er(staff_client):
    EncounterFactory(date=datetime.date(2019, 4, 1))
    text = visible_text(
        staff_client.get(reverse("admin:entrepreneurs_encounter_changelist")).content.decode()
    )
    assert "1er avril 2019" in text
    assert "1 avril 2019" not in text


def test_grant_amounts_are_written_in_euros(staff_client):
    GrantFactory(amount=Decimal("15000.00"))
    text = visible_text(
        staff_client.get(reverse("admin:governance_grant_changelist")).content.decode()
    )
    assert "15\u202f000\u00a0€" in text
    assert "15000,00" not in text


def test_datetimes_are_written_in_paris_time_with_1er():
    moment = datetime.datetime(2020, 7, 1, 12, 5, tzinfo=datetime.UTC)
    assert french_datetime(moment) == "1er juillet 2020 à 14:05"


def test_delete_action_does_not_agree_in_gender_with_nothing(staff_client):
    html = staff_client.get(reverse("admin:reports_reportedition_changelist")).content.decode()
    assert (
        "Supprimer la sélection (éditions du rapport d'activité)" in html
        or "sélectionnés" not in html
    )
