"""« Publier » on the edition's own page (a confirmation, then the publication), what it
invalidates at once (the board's cached dashboard), and the admin index panel that leads
from the records to the report and the dashboard (issue 18, points 4 and 5)."""

import datetime

import pytest
import time_machine
from django.urls import reverse

from reports.freshness import bump_data_version, data_version
from reports.models import ReportEdition
from reports.services import publish_edition
from tests.entrepreneurs.factories import EncounterFactory
from tests.reports.factories import EditionFactory

pytestmark = pytest.mark.django_db(transaction=True)  # on_commit callbacks run

NOON = datetime.datetime(2021, 3, 15, 12, 0, tzinfo=datetime.UTC)


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def frozen():
    with time_machine.travel(NOON, tick=False):
        yield


def test_a_draft_edition_page_offers_publier(staff_client):
    edition = EditionFactory(year=2020)
    page = staff_client.get(reverse("admin:reports_reportedition_change", args=[edition.pk]))
    publish_url = reverse("admin:reports_reportedition_publish", args=[edition.pk])
    assert f'href="{publish_url}"' in page.content.decode()


def test_publier_asks_for_confirmation_before_publishing(staff_client):
    edition = EditionFactory(year=2020)
    url = reverse("admin:reports_reportedition_publish", args=[edition.pk])
    page = staff_client.get(url).content.decode()
    assert "Oui, publier" in page
    assert "fige ses chiffres" in page
    edition.refresh_from_db()
    assert not edition.is_published


def test_confirming_publishes_and_returns_to_the_edition(staff_client, staff_user):
    edition = EditionFactory(year=2020)
    url = reverse("admin:reports_reportedition_publish", args=[edition.pk])
    response = staff_client.post(url, follow=True)
    change_url = reverse("admin:reports_reportedition_change", args=[edition.pk])
    assert response.redirect_chain[-1][0] == change_url
    assert "Rapport 2020 publié (version 1)" in response.content.decode()
    edition.refresh_from_db()
    assert edition.is_published
    assert edition.published_by == staff_user


def test_a_published_edition_offers_no_publier_and_refuses_a_second_one(staff_client, staff_user):
    edition = EditionFactory(year=2020)
    publish_edition(edition, staff_user)
    page = staff_client.get(reverse("admin:reports_reportedition_change", args=[edition.pk]))
    assert "publishlink" not in page.content.decode()
    url = reverse("admin:reports_reportedition_publish", args=[edition.pk])
    assert staff_client.post(url).status_code == 403


def test_board_member_cannot_publish(board_client):
    edition = EditionFactory(year=2020)
    url = reverse("admin:reports_reportedition_publish", args=[edition.pk])
    assert board_client.post(url, follow=True).status_code == 403
    edition.refresh_from_db()
    assert not edition.is_published


def test_after_publishing_the_next_board_dashboard_shows_the_edition(
    client, board_user, staff_user, frozen
):
    EncounterFactory(date=datetime.date(2020, 5, 1))
    edition = EditionFactory(year=2020, title="Rapport 2020 du conseil")
    client.force_login(board_user)
    url = reverse("reports:dashboard_year", args=[2020])
    before = client.get(url).content.decode()
    assert "status-draft" in before
    publish_edition(edition, staff_user)  # the cached figures listed it as a draft
    after = client.get(url).content.decode()
    assert ReportEdition.objects.get().is_published
    assert "status-published" in after
    assert "status-draft" not in after


def test_the_data_version_moves_on_each_bump():
    first = data_version()
    assert data_version() == first  # read back, not made again
    bump_data_version()
    second = data_version()
    assert second != first
    assert data_version() == second


def test_admin_index_leads_to_the_report_the_dashboard_and_the_editions(staff_client):
    EncounterFactory(date=datetime.date(2020, 5, 1))
    edition = EditionFactory(year=2020)
    page = staff_client.get(reverse("admin:index")).content.decode()
    assert "Rapport et tableau de bord" in page
    assert f'href="{reverse("reports:report", args=[2020])}"' in page
    assert f'href="{reverse("reports:dashboard")}"' in page
    assert f'href="{reverse("admin:reports_reportedition_change", args=[edition.pk])}"' in page


def test_voir_le_site_opens_the_dashboard(staff_client):
    page = staff_client.get(reverse("admin:index")).content.decode()
    assert f'<a href="{reverse("reports:dashboard")}">Voir le site</a>' in page


@pytest.mark.parametrize("editions", [1, 6])
def test_admin_index_query_count_does_not_grow_with_editions(
    staff_client, django_assert_num_queries, editions
):
    EncounterFactory(date=datetime.date(2020, 5, 1))
    for year in range(2020 - editions + 1, 2021):
        EditionFactory(year=year)
    # 1 session, 2 user, 3-4 permissions (REQUEST_QUERIES); 5-7 data_years (first and last
    # dates of encounters, events, meetings); 8 the latest three editions; 9 the staff
    # member's recent actions (Django's index sidebar)
    with django_assert_num_queries(9):
        response = staff_client.get(reverse("admin:index"))
    assert response.status_code == 200
