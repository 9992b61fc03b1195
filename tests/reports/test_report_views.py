"""The report page and its PDF for staff and board: same content, access rules, frozen
figures, traceability links for staff only."""

import datetime
import io
import re

import pytest
from django.urls import reverse
from pypdf import PdfReader

from core.period import Period
from events.models import Event
from reports.figures import figure_filters
from reports.services import publish_edition
from tests.entrepreneurs.factories import EntrepreneurFactory
from tests.events.factories import EventFactory
from tests.reports.factories import EditionFactory, SectionFactory, build_year

pytestmark = pytest.mark.django_db

NNBSP = "\u202f"


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def page(client, year=2020) -> str:
    response = client.get(reverse("reports:report", args=[year]))
    assert response.status_code == 200
    return response.content.decode()


def pdf_text(response) -> str:
    """The PDF's text without any whitespace (extraction spaces lines unpredictably)."""
    assert response["Content-Type"] == "application/pdf"
    body = b"".join(response.streaming_content) if response.streaming else response.content
    return pdf_text_from_bytes(body)


def pdf_text_from_bytes(body: bytes) -> str:
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(body)).pages)
    return re.sub(r"\s", "", text)


def add_workshops(count: int) -> None:
    EventFactory.create_batch(
        count, kind=Event.Kind.WORKSHOP, format="in_person", date=datetime.date(2020, 3, 2)
    )


@pytest.mark.parametrize(
    ("persona", "expected"),
    [("anonymous", 302), ("board_user", 200), ("staff_user", 200)],
    indirect=["persona"],
)
@pytest.mark.parametrize("name", ["reports:report", "reports:report_pdf"])
def test_report_page_and_pdf_access(persona, expected, name):
    response = persona.get(reverse(name, args=[2020]))
    assert response.status_code == expected
    if expected == 302:
        assert response["Location"].startswith(reverse("account_login"))


def test_user_without_the_report_permission_is_refused(client, django_user_model):
    client.force_login(django_user_model.objects.create_user(email="x@example.org"))
    assert client.get(reverse("reports:report", args=[2020])).status_code == 403


@pytest.mark.parametrize("year", [1899, 2101, 0])
@pytest.mark.parametrize("name", ["reports:report", "reports:report_pdf"])
def test_a_year_out_of_range_is_not_found(staff_client, name, year):
    assert staff_client.get(reverse(name, args=[year])).status_code == 404


@pytest.mark.parametrize(
    "path", ["/reports/99999.pdf", "/reports/99999/", "/reports/-1/", "/reports/20x0/"]
)
def test_malformed_report_urls_are_not_found(board_client, path):
    assert board_client.get(path).status_code == 404


def test_html_and_pdf_carry_the_same_figures(board_client):
    build_year(scale=3)

    html = page(board_client)
    text = pdf_text(board_client.get(reverse("reports:report_pdf", args=[2020])))

    for expected in ("36", f"92{NNBSP}%", "15", "40\u00a0ans"):
        assert expected in html
    assert "entrepreneur·es rencontré·es" in html and "Provisoire" in html
    assert "36entrepreneur·esrencontré·es" in text
    assert "15ateliersetjournéesdeformationenprésentiel" in text
    assert "9coopérateur·ricesengagé·es" in text
    assert "92%defemmes" in text  # \s includes the narrow no-break space
    assert "PROVISOIRE" in text


def test_board_member_gets_no_admin_links_nor_draft_narrative(board_client):
    build_year(scale=1)
    SectionFactory(edition=EditionFactory(), heading="Brouillon confidentiel")

    html = page(board_client)

    assert "/admin/" not in html
    assert "Brouillon confidentiel" not in html
    assert "Provisoire" in html


def test_staff_see_each_traceable_figure_linked_to_its_changelist(staff_client):
    build_year(scale=1)

    html = page(staff_client)

    for name, admin_filter in figure_filters(Period.year(2020)).items():
        url = f"{reverse(admin_filter.url_name)}?{admin_filter.query_string()}"
        assert f'href="{url.replace("&", "&amp;")}"' in html, name
    assert "Voir les enregistrements comptés" in html


def test_the_traceability_link_lists_exactly_the_counted_records(staff_client):
    add_workshops(3)
    EventFactory(kind=Event.Kind.WORKSHOP, format="online", date=datetime.date(2020, 3, 2))
    EventFactory(kind=Event.Kind.WORKSHOP, format="in_person", date=datetime.date(2021, 1, 1))
    link = figure_filters(Period.year(2020))["workshops_in_person"]

    response = staff_client.get(f"{reverse(link.url_name)}?{link.query_string()}")

    assert response.context["cl"].result_count == 3


def test_every_figure_of_the_staff_report_links_to_its_records(staff_client):
    build_year(scale=1)
    html = page(staff_client)
    for admin_filter in figure_filters(Period.year(2020)).values():
        assert reverse(admin_filter.url_name) in html


def test_staff_see_the_latest_draft_narrative_marked_provisional(staff_client):
    edition = EditionFactory(introduction="Notre *année*.")
    SectionFactory(edition=edition, heading="Accueil des entrepreneuses")

    html = page(staff_client)

    assert "Accueil des entrepreneuses" in html
    assert "<em>année</em>" in html
    assert "Provisoire" in html


def test_published_page_keeps_the_frozen_figure_and_flags_the_change_to_staff(
    staff_client, staff_user, client, board_user
):
    add_workshops(3)
    publish_edition(EditionFactory(), staff_user)
    add_workshops(2)  # after publication

    staff_html = page(staff_client)
    client.force_login(board_user)
    board_html = page(client)

    for html in (staff_html, board_html):
        assert '<span class="figure-value">3</span>' in html or ">3</a>" in html
        assert "Provisoire" not in html.split("<main")[1]
    assert "Des chiffres ont changé depuis la publication" in staff_html
    assert f"Modifié depuis la publication{NNBSP}: 5 aujourd'hui" in staff_html
    assert "ont changé" not in board_html and "Modifié depuis" not in board_html


def test_published_pdf_is_the_stored_file(board_client, staff_user):
    add_workshops(3)
    edition = publish_edition(EditionFactory(), staff_user)
    add_workshops(2)

    response = board_client.get(reverse("reports:report_pdf", args=[2020]))
    body = b"".join(response.streaming_content)

    with edition.pdf.open("rb") as stored:
        assert body == stored.read()
    assert 'filename="rapport-activite-2020.pdf"' in response["Content-Disposition"]
    assert "3ateliersetjournéesdeformationenprésentiel" in pdf_text_from_bytes(body)


def test_a_year_without_data_gives_zeros_not_an_error(board_client):
    html = page(board_client, 1950)
    assert "entrepreneur·e rencontré·e" in html or "entrepreneur·es rencontré·es" in html
    assert "—" in html  # women percent and average age are undefined


def test_report_page_has_no_personal_data(board_client):
    build_year(scale=1)
    person = EntrepreneurFactory(first_name="Zénobie", last_name="Confidentielle")
    html = page(board_client)
    assert person.first_name not in html and person.last_name not in html


# Query counts: the same at two data sizes.


@pytest.mark.parametrize("scale", [1, 3])
def test_board_report_page_query_count_does_not_grow_with_data(
    board_client, django_assert_num_queries, scale
):
    build_year(scale)
    # 1 session, 2 user, 3 user's permissions, 4 group permissions (permission check)
    # 5 latest published edition (none, so no sections query)
    # 6-22 the 17 indicator queries (see test_indicators)
    # 23 partners of the year
    # 24-41 the year told (reports/year_story.py): meetings and their decisions, dossiers,
    #   staff, contributions and their totals, cooperatives, 5 cooperator profile groups,
    #   the cohorts' funnels (4), timeline events, events by cooperative
    # 42-58 the 17 indicator queries of the year before (« L'année en bref »)
    # 59 the association's name and logo
    with django_assert_num_queries(59):
        board_client.get(reverse("reports:report", args=[2020]))


@pytest.mark.parametrize("scale", [1, 3])
def test_staff_published_report_page_query_count_does_not_grow_with_data(
    staff_client, staff_user, django_assert_num_queries, scale
):
    build_year(scale)
    edition = publish_edition(EditionFactory(), staff_user)
    SectionFactory.create_batch(scale, edition=edition)
    # 1 session, 2 user, 3 user's permissions, 4 group permissions (staff: user + group)
    # 5 latest edition, 6 its sections (prefetch)
    # 7-23 the 17 live indicator queries, to flag figures changed since publication
    #   (the year told and the year before's figures are frozen with the edition)
    # 24 the association's name and logo, 25 the publisher's name for the status line
    with django_assert_num_queries(25):
        staff_client.get(reverse("reports:report", args=[2020]))


def _cohort_from_four_countries() -> None:
    """Nine cooperators: 6 from Senegal, one each from three other countries."""
    from tests.cooperatives.factories import CooperativeFactory, MembershipFactory

    cooperative = CooperativeFactory()
    for country in ["SN"] * 6 + ["BR", "UA", "UG"]:
        person = EntrepreneurFactory(country_of_origin=country)
        MembershipFactory(cooperative=cooperative, entrepreneur=person)


def _cohort_of(size: int, **fields) -> None:
    from tests.cooperatives.factories import CooperativeFactory, MembershipFactory

    cooperative = CooperativeFactory()
    for _i in range(size):
        MembershipFactory(cooperative=cooperative, entrepreneur=EntrepreneurFactory(**fields))


def test_board_report_names_the_countries_of_a_group_of_at_least_k_without_counts(
    board_client,
):
    # Names alone identify nobody in a group of at least k (3): all four are named.
    _cohort_from_four_countries()
    html = page(board_client)
    assert "Brésil, Ouganda, Sénégal, Ukraine" in html
    assert "Sénégal (6)" not in html


def test_board_report_names_no_country_nor_mean_age_for_a_group_smaller_than_k(
    board_client,
):
    _cohort_of(2, country_of_origin="UG", birth_year=1980)
    html = page(board_client)
    assert "Ouganda" not in html
    assert "Âge moyen" not in html


def test_staff_report_shows_a_small_group_exactly(staff_client):
    _cohort_of(2, country_of_origin="UG", birth_year=1980)
    html = page(staff_client)
    assert "Ouganda" in html
    assert "Âge moyen" in html


def test_pdf_never_shows_a_group_small_enough_to_recognise_someone(staff_client):
    _cohort_of(2, country_of_origin="UG", birth_year=1980)
    text = pdf_text(staff_client.get(reverse("reports:report_pdf", args=[2020])))
    assert "Ouganda" not in text
    assert "Âgemoyen" not in text
