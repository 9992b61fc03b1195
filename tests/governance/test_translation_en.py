"""The English translation: served pages really switch language, and the catalogue is complete."""

import datetime
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import translation

from tests.entrepreneurs.factories import EncounterFactory

EN_PO = Path(settings.BASE_DIR) / "locale" / "en" / "LC_MESSAGES" / "django.po"

# One catalogue entry: its comment lines, then keyword + quoted string + continuation lines.
FIELD = re.compile(r'^(msgid|msgid_plural|msgstr(?:\[\d+\])?) ((?:"(?:[^"\\]|\\.)*"\n?)+)', re.M)


@pytest.fixture(autouse=True)
def _restore_language():
    # PreferredLanguageMiddleware activates the chosen language on this thread and leaves it
    # active after the response: without this, English would leak into the next test modules.
    language = translation.get_language()
    yield
    translation.activate(language)


def test_login_page_heading_is_english_when_english_is_chosen(client, db):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    html = client.get(reverse("account_login")).content.decode()
    assert "<h1>Log in</h1>" in html
    assert "Connexion" not in html


def test_board_member_sees_the_dashboard_title_in_english(board_client):
    EncounterFactory(date=datetime.date(2020, 5, 1))
    board_client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    response = board_client.get(reverse("reports:dashboard_year", args=[2020]))
    html = response.content.decode()
    assert response.status_code == 200
    assert "<h1>Dashboard 2020</h1>" in html
    assert "Tableau de bord" not in html


def test_english_catalogue_has_no_empty_or_fuzzy_translation():
    entries = EN_PO.read_text(encoding="utf-8").strip().split("\n\n")
    untranslated, fuzzy = [], []
    for entry in entries[1:]:  # entries[0] is the header, whose msgid is empty by design
        fields = {key: "".join(re.findall(r'"(.*)"', body)) for key, body in FIELD.findall(entry)}
        if any(key.startswith("msgstr") and not value for key, value in fields.items()):
            untranslated.append(fields["msgid"])
        if re.search(r"^#,.*\bfuzzy\b", entry, re.M):
            fuzzy.append(fields["msgid"])
    assert len(entries) > 500  # the file was parsed, not silently skipped
    assert untranslated == []
    assert fuzzy == []
