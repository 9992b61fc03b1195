"""A cohort's funnel in its story: exact for the staff, under the small-count rule for
the board, and printed in the report."""

import datetime

import pytest

from cooperatives.models import Checkpoint, ExitReason, Situation
from core.period import Period
from reports.rendering import build_content, render_document
from reports.year_story import build_year_story
from tests.cooperatives.factories import CooperativeFactory, MembershipFactory, OutcomeFactory
from tests.entrepreneurs.factories import EncounterFactory, EntrepreneurFactory

pytestmark = pytest.mark.django_db

D = datetime.date
YEAR = Period.year(2020)


def cohort(members: int, *, left_for_a_job: int = 0, positive: int = 0):
    """Recruited in the spring (one interview each, two more people only met), started
    1 September 2020 for six months."""
    coop = CooperativeFactory(
        name="Atelier des Lilas", start_date=D(2020, 9, 1), end_date=D(2021, 2, 28)
    )
    for _ in range(2):
        EncounterFactory(date=D(2020, 5, 4), kind="first_contact")
    for index in range(members):
        person = EntrepreneurFactory()
        EncounterFactory(entrepreneur=person, date=D(2020, 6, 1), kind="individual_interview")
        early = index < left_for_a_job
        MembershipFactory(
            cooperative=coop,
            entrepreneur=person,
            left_on=D(2020, 12, 1) if early else None,
            exit_reason=ExitReason.EMPLOYMENT if early else "",
        )
        if index < positive:
            OutcomeFactory(
                entrepreneur=person, checkpoint=Checkpoint.SIX_MONTHS, situation=Situation.CAE
            )
    return coop


def facts(minimum: int) -> dict[str, str]:
    (story,) = build_year_story(YEAR, minimum=minimum).cooperatives
    return {fact.label: fact.text for fact in story.facts}


def test_staff_read_every_stage_of_the_funnel():
    cohort(4, left_for_a_job=1, positive=2)

    told = facts(minimum=1)

    assert told["Recrutement"] == (
        "6 personnes rencontrées dans les six mois avant le démarrage, "
        "dont 4 en entretien individuel\u202f; 4 retenues"
    )
    assert told["Parcours complet"] == "3 sur 4"
    assert told["Sorties anticipées"] == "Emploi (1)"
    assert told["Six mois après"] == (
        "2 sur 4 en emploi, en activité immatriculée, en CAE ou en formation"
    )


def test_board_members_read_no_stage_that_tells_about_one_or_two_people():
    cohort(4, left_for_a_job=1, positive=2)

    told = facts(minimum=3)

    # The stage totals stay; who left, why, and the share in a positive situation
    # (its complement, 2, is below 3) do not.
    assert told["Recrutement"].endswith("4 retenues")
    for withheld in ("Parcours complet", "Sorties anticipées", "Six mois après"):
        assert withheld not in told


def test_board_members_read_the_stages_of_a_large_enough_cohort():
    cohort(9, left_for_a_job=3, positive=5)

    told = facts(minimum=3)

    assert told["Parcours complet"] == "6 sur 9"
    assert told["Sorties anticipées"] == "Emploi (3)"
    assert told["Six mois après"].startswith("5 sur 9 ")


def test_until_the_cooperative_ends_those_who_completed_are_still_members():
    coop = cohort(4, left_for_a_job=1)
    coop.end_date = None
    coop.save()

    told = facts(minimum=1)

    assert told["Toujours membres"] == "3 sur 4"
    assert "Parcours complet" not in told


def test_a_cohort_never_recruited_has_no_funnel():
    CooperativeFactory(start_date=D(2020, 9, 1))
    assert "Recrutement" not in facts(minimum=1)


def test_the_funnel_is_printed_in_the_cooperatives_story():
    cohort(4, left_for_a_job=1, positive=2)

    html = render_document(build_content(2020, None))

    assert "Recrutement" in html
    assert "rencontrées dans les six mois avant le démarrage" in html
