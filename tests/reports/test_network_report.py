"""A network's year in print: past a dozen cooperatives and sixty dates, the report
summarises them (one line per cooperative, the dates by month) instead of 175 pages."""

import datetime

import pytest
from django.utils import translation

from events.models import Event
from reports.rendering import build_content, render_document
from reports.year_story import STORIES_MAX, TIMELINE_MAX_ENTRIES
from tests.cooperatives.factories import CooperativeFactory, MembershipFactory
from tests.events.factories import EventFactory

pytestmark = pytest.mark.django_db

D = datetime.date


def story(year: int = 2020):
    return build_content(year, None).story


def test_a_small_year_is_told_date_by_date_and_cooperative_by_cooperative():
    CooperativeFactory(name="Atelier des Lilas", start_date=D(2020, 3, 1))
    EventFactory(kind=Event.Kind.COMMERCIAL, date=D(2020, 5, 2), title="Marché de printemps")

    told = story()
    html = render_document(build_content(2020, None))

    assert told.timeline_by_month is None and told.cooperative_rows is None
    assert "Marché de printemps" in html
    assert '<h2 class="section-heading">Atelier des Lilas</h2>' in html


def test_a_networks_year_is_summarised_by_month_and_one_line_per_cooperative():
    for n in range(STORIES_MAX + 1):
        coop = CooperativeFactory(
            name=f"Coopérative {n:02}", start_date=D(2020, 1 + n % 12, 1), end_date=None
        )
        MembershipFactory(cooperative=coop)
    # The cooperatives' starts are dates too: the events make up the rest, in two months.
    for n in range(TIMELINE_MAX_ENTRIES):
        EventFactory(kind=Event.Kind.COMMERCIAL, date=D(2020, 5 if n % 3 else 6, 1 + n % 28))

    told = story()
    html = render_document(build_content(2020, None))

    months = dict(told.timeline_by_month)
    assert months["mai 2020"] == "Événement commercial (40), Démarrage (1)"
    assert months["janvier 2020"] == "Démarrage (2)"
    assert len(told.cooperative_rows) == STORIES_MAX + 1
    first = told.cooperative_rows[0]
    # The board's view: one cooperator is too few to say whether she is still a member.
    assert first == ("Coopérative 00", "1er janvier 2020", "en cours", "1", "—")
    assert "13 coopératives actives dans l'année" in html
    assert '<th scope="row">Coopérative 12</th>' in html
    assert '<h2 class="section-heading">Coopérative 00</h2>' not in html
    assert "Les dates marquantes de l'année, mois par mois\u202f:" in html
    # The drafted paragraph counts the cooperatives instead of naming thirteen.
    assert "l'association a accompagné 13 coopératives éphémères." in html
    assert 'class="timeline-entry"' not in html
    with translation.override("en"):  # a page shown in English reads the same facts
        assert told.cooperative_rows[0] == first
