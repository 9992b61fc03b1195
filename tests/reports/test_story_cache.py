"""The year told is computed once per version of what it reads (`cached_year_story`).

The report page, its PDF and its drafts read the story from the figures' cache; a write
to any record it reads, whatever its date (a cohort's six-month outcome is recorded the
year after), and an edit of the edition it is told with, make the next page tell it
again. The tests commit (transactional database), as the app does.
"""

import datetime
import re

import pytest
import time_machine
from django.core.cache import cache
from django.urls import reverse

from cooperatives.models import Checkpoint, Situation
from reports import cache as figure_cache
from tests.cooperatives.factories import CooperativeFactory, MembershipFactory, OutcomeFactory
from tests.entrepreneurs.factories import EncounterFactory, EntrepreneurFactory
from tests.governance.factories import ContributionFactory
from tests.reports.factories import EditionFactory

pytestmark = pytest.mark.django_db(transaction=True)

# The 2020 report is written in March 2021, when the cohorts' six-month outcomes come in.
SPRING = datetime.datetime(2021, 3, 15, 11, 0, tzinfo=datetime.UTC)
D = datetime.date


@pytest.fixture(autouse=True)
def _fresh_cache():
    cache.clear()
    with time_machine.travel(SPRING, tick=False):
        yield


@pytest.fixture
def cohort():
    coop = CooperativeFactory(
        name="Atelier des Lilas", start_date=D(2020, 3, 1), end_date=D(2020, 8, 31)
    )
    people = EntrepreneurFactory.create_batch(3)
    for person in people:
        EncounterFactory(entrepreneur=person, date=D(2020, 1, 6), kind="individual_interview")
        MembershipFactory(cooperative=coop, entrepreneur=person)
    return people


def report(client) -> str:
    """The report page's text, its form tokens left out."""
    response = client.get(reverse("reports:report", args=[2020]))
    assert response.status_code == 200
    html = re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', "", response.content.decode())
    return re.sub(r"\s+", " ", html)


def stories_told() -> int:
    return figure_cache.COMPUTED.get("year-story", 0)


def recruitments_counted() -> int:
    return figure_cache.COMPUTED.get("recruitment", 0)


def test_the_story_is_told_once_then_read_from_the_cache(cohort, staff_client):
    before = stories_told()
    first = report(staff_client)
    second = report(staff_client)

    assert stories_told() - before == 1
    assert "Atelier des Lilas" in first
    assert first == second


def test_an_outcome_recorded_the_year_after_shows_on_the_next_page(cohort, staff_client):
    assert "Six mois après" not in report(staff_client)

    # Dated 2021: a write dated after the report's year still tells the year again.
    OutcomeFactory(
        entrepreneur=cohort[0],
        checkpoint=Checkpoint.SIX_MONTHS,
        situation=Situation.EMPLOYED,
        date=D(2021, 3, 1),
    )

    assert "1 sur 3 en emploi" in report(staff_client)


def test_a_contribution_saved_shows_on_the_next_page(cohort, staff_client):
    report(staff_client)

    ContributionFactory(date=D(2020, 10, 2), description="Prêt d'une salle de réunion")

    assert "Prêt d&#x27;une salle de réunion" in report(staff_client)


def test_the_edition_edited_tells_the_year_again(cohort, staff_client):
    edition = EditionFactory(year=2020, premises="Locaux prêtés par la mairie du 19e")
    assert "Locaux prêtés par la mairie du 19e" in report(staff_client)

    edition.premises = "Locaux partagés avec la CAE"
    edition.save()

    page = report(staff_client)
    assert "Locaux partagés avec la CAE" in page
    assert "mairie du 19e" not in page


def test_this_years_encounters_leave_last_years_recruitment_counted(cohort, staff_client):
    assert "3 personnes rencontrées dans les six mois avant le démarrage" in report(staff_client)
    stories, recruitments = stories_told(), recruitments_counted()

    # March 2021: the 2020 report is being written while this year's people are met.
    EncounterFactory(date=D(2021, 3, 10))
    report(staff_client)
    assert (stories_told() - stories, recruitments_counted() - recruitments) == (1, 0)

    # Someone met in the cohort's recruitment window (the six months before 1 March 2020).
    EncounterFactory(date=D(2019, 11, 4))
    page = report(staff_client)
    assert recruitments_counted() - recruitments == 1
    assert "4 personnes rencontrées dans les six mois avant le démarrage" in page


def test_a_write_of_this_year_counts_again_this_years_windows_only(cohort, staff_client):
    # Open since March 2019: recruited in the autumn of 2018, told again in 2020.
    older = CooperativeFactory(name="Saveurs d'ailleurs", start_date=D(2019, 3, 1), end_date=None)
    MembershipFactory(cooperative=older, entrepreneur=EntrepreneurFactory())
    report(staff_client)
    recruitments = recruitments_counted()

    EncounterFactory(entrepreneur=cohort[1], date=D(2020, 2, 3))  # in the 2020 window

    assert "Saveurs d&#x27;ailleurs" in report(staff_client)
    assert recruitments_counted() - recruitments == 1  # 2020's windows, not 2019's
