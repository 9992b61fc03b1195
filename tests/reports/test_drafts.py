"""The paragraphs drafted from the data: deterministic French, agreement and plurals."""

import pytest
from django.utils import translation

from reports.drafts import (
    draft_associative_life,
    draft_cooperatives,
    draft_outlook,
    draft_partnerships,
    draft_support,
    draft_year_in_brief,
)
from reports.year_story import AssociativeLife, CooperativeStory, DatedLine, YearStory

NNBSP = "\u202f"


@pytest.fixture(autouse=True)
def _french():
    with translation.override("fr"):
        yield


def figures(n: int) -> dict:
    keys = (
        "entrepreneurs_met", "new_entrepreneurs", "cooperatives_active", "cooperators_engaged",
        "workshops_in_person", "commercial_events", "individual_interviews",
        "collective_meetings",
    )  # fmt: skip
    return {**dict.fromkeys(keys, n), "women_percent": 100 if n else None}


def story(n: int) -> YearStory:
    cooperatives = tuple(
        CooperativeStory(f"Coop {i}", "ephemeral", "Coopérative éphémère", (), None, True, True)
        for i in range(1, n + 1)
    )
    life = AssociativeLife(
        assemblies=tuple((DatedLine(f"{i} juillet 2020", "AG"), ()) for i in range(7, 7 + n)),
        board_meetings=n,
        board_formats="",
        other_meetings=(),
        dossiers=tuple(f"Dossier {i}" for i in range(n)),
        staff=(),
        volunteer_hours=0,
        volunteer_hours_display="",
        volunteer_value_display="",
        in_kind_value_display="",
        total_value_display="",
        rate_display="",
        rate_source="",
        contributions=(),
        premises="",
    )
    return YearStory(timeline=(), cooperatives=cooperatives, life=life)


def test_year_in_brief_for_nobody_says_aucun_never_zero():
    text = draft_year_in_brief(2020, figures(0))
    assert text == (
        "En 2020, l'association n'a rencontré aucun·e entrepreneur·e. "
        "Aucune coopérative éphémère n'a été active. "
        "L'année n'a compté aucun atelier en présentiel ni événement commercial."
    )
    assert " 0 " not in text


def test_year_in_brief_for_one_is_singular():
    text = draft_year_in_brief(2020, figures(1))
    assert text == (
        f"En 2020, l'association a rencontré 1 entrepreneur·e, dont 100{NNBSP}% de femmes ; "
        "1 la découvrait. 1 coopérative éphémère a réuni 1 coopérateur·rice. L'année a "
        "compté 1 atelier ou journée de formation en présentiel et 1 événement commercial."
    )


def test_year_in_brief_for_two_is_plural():
    text = draft_year_in_brief(2020, figures(2))
    assert text == (
        f"En 2020, l'association a rencontré 2 entrepreneur·es, dont 100{NNBSP}% de femmes ; "
        "2 la découvraient. 2 coopératives éphémères ont réuni 2 coopérateur·rices. L'année "
        "a compté 2 ateliers et journées de formation en présentiel et 2 événements "
        "commerciaux."
    )


@pytest.mark.parametrize(
    ("n", "expected"),
    [
        (0, "En 2020, l'équipe n'a mené aucun entretien individuel ni réunion collective."),
        (1, "En 2020, l'équipe a mené 1 entretien individuel et 1 réunion collective."),
        (2, "En 2020, l'équipe a mené 2 entretiens individuels et 2 réunions collectives."),
    ],
)
def test_support_agrees_with_its_counts(n, expected):
    assert draft_support(2020, figures(n)) == expected


def test_one_count_at_zero_reads_sans_not_aucun():
    text = draft_support(2020, {"individual_interviews": 2, "collective_meetings": 0})
    assert text == "En 2020, l'équipe a mené 2 entretiens individuels, sans réunion collective."


@pytest.mark.parametrize(
    ("n", "expected"),
    [
        (0, "Aucune coopérative n'a été active en 2020."),
        (
            1,
            "En 2020, l'association a accompagné la coopérative éphémère « Coop 1 ». "
            "1 démarrage a dû être reporté.",
        ),
        (
            2,
            "En 2020, l'association a accompagné les coopératives éphémères « Coop 1 » et "
            "« Coop 2 ». 2 démarrages ont dû être reportés.",
        ),
    ],
)
def test_cooperatives_agree_with_how_many_there_are(n, expected):
    assert draft_cooperatives(2020, story(n)).replace("\u00a0", " ") == expected


@pytest.mark.parametrize(
    ("n", "expected"),
    [
        (0, "En 2020, aucune assemblée générale ne s'est tenue."),
        (
            1,
            "En 2020, l'assemblée générale s'est tenue le 7 juillet 2020. "
            "1 dossier est porté par un·e administrateur·rice.",
        ),
        (
            2,
            "En 2020, 2 assemblées générales se sont tenues, le 7 juillet 2020 et 8 juillet "
            "2020. 2 dossiers sont portés par les administrateur·rices.",
        ),
    ],
)
def test_associative_life_agrees_with_its_counts(n, expected):
    assert draft_associative_life(2020, figures(n), story(n)) == expected


@pytest.mark.parametrize(
    ("n", "expected"),
    [
        (0, "En 2020, aucune subvention accordée n'est enregistrée."),
        (
            1,
            "En 2020, 1 financeur a soutenu l'association. Elle a travaillé avec 1 "
            "organisation partenaire.",
        ),
        (
            2,
            "En 2020, 2 financeurs ont soutenu l'association. Elle a travaillé avec 2 "
            "organisations partenaires.",
        ),
    ],
)
def test_partnerships_agree_with_their_counts(n, expected):
    assert draft_partnerships(2020, n, n) == expected


def test_outlook_names_the_cooperatives_that_go_on_and_is_empty_without_any():
    assert draft_outlook(2020, story(0)) == ""
    assert "« Coop 1 » et « Coop 2 »" in draft_outlook(2020, story(2)).replace("\u00a0", " ")


@pytest.mark.parametrize("n", [0, 1, 2])
def test_no_draft_ever_puts_a_singular_number_before_a_plural_noun(n):
    texts = [
        draft_year_in_brief(2020, figures(n)),
        draft_support(2020, figures(n)),
        draft_cooperatives(2020, story(n)),
        draft_associative_life(2020, figures(n), story(n)),
        draft_partnerships(2020, n, n),
    ]
    for text in texts:
        assert " 1 entrepreneur·es" not in text and "1 coopératives" not in text
        assert "1 dossiers" not in text and "1 financeurs" not in text
