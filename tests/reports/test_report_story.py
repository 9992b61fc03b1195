"""The year told in the PDF: timeline, a cooperative's story, the associative life, the
key figures beside the year before, and a tagged, accessible document."""

import datetime
import io
import re
from decimal import Decimal

import pytest
from pypdf import PdfReader

from events.models import Event
from governance.models import Contribution, Decision, Meeting, StaffPosition
from reports.rendering import build_content, render_content_pdf
from tests.cooperatives.factories import CooperativeFactory, MembershipFactory
from tests.entrepreneurs.factories import EncounterFactory, EntrepreneurFactory
from tests.events.factories import EventFactory
from tests.governance.factories import (
    DossierFactory,
    MandateFactory,
    MeetingFactory,
    OrganisationFactory,
)
from tests.reports.factories import EditionFactory

pytestmark = pytest.mark.django_db

D = datetime.date


def build_story_year() -> None:
    """A small 2020 with one of each thing the chapters tell, and a 2019 to compare."""
    EncounterFactory.create_batch(2, date=D(2019, 3, 1))
    EncounterFactory.create_batch(3, date=D(2020, 3, 1))
    coop = CooperativeFactory(
        name="Atelier des Lilas",
        host=OrganisationFactory(name="CAE Clara"),
        planned_start=D(2020, 3, 16),
        start_date=D(2020, 10, 1),
        end_date=None,
        postponement_reason="la crise sanitaire",
        workspace_description="atelier partagé",
        workspace_area_m2=Decimal("25"),
        brand_name="Fil Commun",
        brand_created_on=D(2020, 11, 20),
    )
    for country, birth_year, kind, informal in (
        ("UA", 1980, "Retouche", True),
        ("SN", 1982, "Marque artisanale", True),
        ("BR", 1978, "Marque artisanale", True),
        ("SN", 1980, "Retouche", False),
        ("CI", 1980, "Retouche", False),
        ("RU", 1980, "Marque artisanale", False),
    ):
        person = EntrepreneurFactory(
            country_of_origin=country,
            birth_year=birth_year,
            project_kind=kind,
            informal_activity=informal,
        )
        MembershipFactory(cooperative=coop, entrepreneur=person)
    EventFactory(
        title="Pique-nique de l'été",
        kind=Event.Kind.CONVIVIAL,
        date=D(2020, 7, 11),
        location="Parc de la Villette",
        cooperative=coop,
    )
    EventFactory(
        title="Marché de Noël solidaire",
        kind=Event.Kind.COMMERCIAL,
        date=D(2020, 12, 5),
        location="Place des Fêtes",
        cooperative=coop,
    )
    assembly = MeetingFactory(
        kind=Meeting.Kind.GENERAL_ASSEMBLY,
        date=D(2020, 7, 7),
        title="Assemblée générale 2020",
        format="in_person",
    )
    Decision.objects.create(meeting=assembly, text="Approbation des comptes 2019.", votes_for=9)
    seminar = MeetingFactory(
        kind=Meeting.Kind.SEMINAR,
        date=D(2020, 10, 10),
        title="Séminaire de rentrée",
        format="hybrid",
    )
    MeetingFactory(kind=Meeting.Kind.BOARD, date=D(2020, 3, 26), format="online")
    MeetingFactory(kind=Meeting.Kind.BOARD, date=D(2020, 5, 28), format="online")
    MeetingFactory(kind=Meeting.Kind.BOARD, date=D(2020, 9, 17), format="in_person")
    MeetingFactory(kind=Meeting.Kind.BOARD, date=D(2019, 9, 17))
    mandate = MandateFactory()
    mandate.dossiers.set([DossierFactory(name="Recherche de financement")])
    StaffPosition.objects.create(
        first_name="Anna",
        last_name="Mourlaque",
        role="Direction",
        contract_type="permanent",
        start_date=D(2020, 1, 1),
        name_printable=True,
    )
    StaffPosition.objects.create(
        first_name="Zoé",
        last_name="Discrète",
        role="Chargée de mission",
        contract_type="apprenticeship",
        start_date=D(2020, 10, 5),
        funding_scheme="Aide exceptionnelle à l'alternance",
    )
    Contribution.objects.create(
        kind="volunteering",
        contributor="Une consultante",
        date=D(2020, 10, 10),
        hours=Decimal("10"),
        description="Animation bénévole du séminaire",
        meeting=seminar,
    )


def pdf_text(pdf: bytes) -> str:
    """The PDF's text without whitespace (extraction spaces lines unpredictably)."""
    pages = PdfReader(io.BytesIO(pdf)).pages
    return re.sub(r"\s", "", "".join(page.extract_text() for page in pages))


def squeeze(text: str) -> str:
    return re.sub(r"\s", "", text)


@pytest.fixture
def story_pdf_text() -> str:
    build_story_year()
    edition = EditionFactory(volunteer_hourly_rate=Decimal("12.50"), premises="Locaux au 19e.")
    return pdf_text(render_content_pdf(build_content(2020, edition)))


STORY = (
    "Atelier des Lilas",
    "Coopérative éphémère",
    "CAE Clara",
    "Textile",
    "Fil Commun, créée le 20 novembre 2020",
    "Démarrage prévu 16 mars 2020",
    "Démarrage 1er octobre 2020",
    "Fin en cours",
    "prévue en mars 2020, démarrée le 1er octobre 2020 — la crise sanitaire",
    "25\u00a0m²\u202f: atelier partagé",
    "Coopérateur·rices 6",
    "Âge moyen 40\u00a0ans",
    "Marque artisanale (3), Retouche (3)",
    "3 exerçaient déjà de manière informelle",
    # Named, alphabetically, without counts: names alone identify nobody in a group of 6.
    "Pays d'origine Brésil, Côte d'Ivoire, Russie, Sénégal, Ukraine",
    "1 événement commercial et 1 temps convivial",
)
LIFE = (
    # The timeline, in date order, French long dates.
    "7 juillet 2020 Assemblée générale Assemblée générale 2020 Présentiel",
    "11 juillet 2020 Temps convivial Pique-nique de l'été Présentiel · Parc de la Villette",
    "1er octobre 2020 Démarrage Atelier des Lilas",
    "10 octobre 2020 Séminaire Séminaire de rentrée Hybride",
    "20 novembre 2020 Création de marque Fil Commun (Atelier des Lilas)",
    "5 décembre 2020 Événement commercial Marché de Noël solidaire Présentiel · Place des Fêtes",
    # The associative life.
    "Décisions votées\u202f: Approbation des comptes 2019",
    "3 réunions du conseil d'administration\u202f: 2 en visio et 1 en présentiel",
    "Recherche de financement",
    "10 octobre 2020 · Séminaire de rentrée",
    "Direction (Anna Mourlaque) · CDI",
    "Chargée de mission · Alternance / apprentissage, depuis le 5 octobre 2020",
    "Aide exceptionnelle à l'alternance",
    # Volunteer hours valued at the edition's rate, the rate stated in a footnote.
    "Bénévolat\u202f: 10\u00a0h à 12,50\u00a0€ de l'heure¹ 125\u00a0€",
    "¹ Une heure de bénévolat est valorisée à 12,50\u00a0€",
    "Locaux au 19e.",
)


def missing(expected: tuple[str, ...], text: str) -> list[str]:
    return [item for item in expected if squeeze(item) not in text]


def test_cooperative_story_tells_each_recorded_fact(story_pdf_text):
    assert missing(STORY, story_pdf_text) == []


def test_timeline_and_associative_life_are_printed_in_reading_order(story_pdf_text):
    assert missing(LIFE, story_pdf_text) == []


def test_a_staff_name_is_printed_only_when_the_record_allows_it(story_pdf_text):
    assert "AnnaMourlaque" in story_pdf_text
    assert "Discrète" not in story_pdf_text and "Zoé" not in story_pdf_text


def test_key_figures_stand_beside_the_previous_year(story_pdf_text):
    # 3 people met in 2020 and 2 in 2019; 3 board meetings, 1 in 2019.
    assert squeeze("3 entrepreneur·es rencontré·es · 2 en 2019") in story_pdf_text
    assert squeeze("3 réunions du conseil d'administration · 1 en 2019") in story_pdf_text


def test_chapters_come_in_their_order_and_read_in_order(story_pdf_text):
    titles = [
        "L'annéeenbref",
        "Tempsforts",
        "Accompagnement",
        "Coopératives",
        "Vieassociative",
        "Partenariatsetfinancements",
    ]
    # Past the table of contents, each chapter title comes after the one before.
    body = story_pdf_text[story_pdf_text.index("Introduction") :]
    positions = [body.index(title) for title in titles]
    assert positions == sorted(positions)


def test_no_chart_repeats_what_the_stories_and_tables_tell(story_pdf_text):
    for title in (
        "Coopérateur·ricesparpaysd'origine",
        "Réunionsdegouvernanceparformat",
        "Subventionsaccordéesparfinanceur",
    ):
        assert title not in story_pdf_text


def test_pdf_is_tagged_with_its_title_and_language():
    build_story_year()
    reader = PdfReader(io.BytesIO(render_content_pdf(build_content(2020, None))))
    catalog = reader.trailer["/Root"]
    assert catalog["/MarkInfo"]["/Marked"] is True or catalog["/MarkInfo"]["/Marked"]
    assert "/StructTreeRoot" in catalog
    assert str(catalog["/Lang"]).startswith("fr")
    assert reader.metadata.title.startswith("Rapport d'activité 2020")
    # Spaced capitals would extract as « P R O V I S O I R E ».
    assert "PROVISOIRE" in reader.pages[0].extract_text()
