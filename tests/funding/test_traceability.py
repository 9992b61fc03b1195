"""A funder's period is traceable too: each figure links to exactly the records it counts."""

import datetime

import pytest
from django.urls import reverse

from core.period import Period
from entrepreneurs.models import Encounter
from events.models import Event
from reports.figures import FIGURES, figure_filters
from reports.indicators import compute_indicators
from reports.models import FunderReport
from tests.cooperatives.factories import CooperativeFactory, MembershipFactory
from tests.entrepreneurs.factories import EncounterFactory, EntrepreneurFactory
from tests.events.factories import EventFactory
from tests.funding.factories import GrantAgreementFactory

pytestmark = pytest.mark.django_db
D = datetime.date
FUNDER_YEAR = Period(D(2020, 7, 1), D(2021, 6, 30))
COUNTS = ("entrepreneurs_met", "individual_interviews", "commercial_events",
          "cooperatives_active", "cooperators_engaged")  # fmt: skip


def records_around_the_funder_year():
    person = EntrepreneurFactory()
    interview = Encounter.Kind.INDIVIDUAL_INTERVIEW
    for day in (D(2020, 6, 30), D(2020, 7, 1), D(2021, 6, 30), D(2021, 7, 1)):
        EncounterFactory(kind=interview, date=day)
        EventFactory(kind=Event.Kind.COMMERCIAL, date=day)
    EncounterFactory(entrepreneur=person, kind=interview, date=D(2021, 1, 5))
    coop = CooperativeFactory(start_date=D(2020, 9, 1), end_date=D(2021, 2, 1))
    MembershipFactory(cooperative=coop, entrepreneur=person, joined_on=D(2020, 9, 1))
    CooperativeFactory(start_date=D(2019, 1, 1), end_date=D(2020, 6, 30))


def test_every_figure_of_a_funder_year_has_a_link():
    assert set(figure_filters(FUNDER_YEAR)) == {f.key for f in FIGURES if f.records}


@pytest.mark.parametrize("figure", COUNTS)
def test_the_link_of_a_funder_year_lists_exactly_the_counted_records(figure, staff_client):
    records_around_the_funder_year()
    expected = getattr(compute_indicators(FUNDER_YEAR), figure)
    link = figure_filters(FUNDER_YEAR)[figure]

    response = staff_client.get(f"{reverse(link.url_name)}?{link.query_string()}")

    assert response.status_code == 200
    assert response.context["cl"].result_count == expected


def test_calendar_year_links_are_unchanged():
    link = figure_filters(Period.year(2020))["individual_interviews"]
    assert dict(link.params)["date__year"] == "2020"


def test_staff_preview_of_a_funder_report_links_its_figures(staff_client, settings, tmp_path):
    settings.PRIVATE_MEDIA_ROOT = tmp_path
    agreement = GrantAgreementFactory(start_date=FUNDER_YEAR.start, end_date=FUNDER_YEAR.end)
    report = FunderReport.objects.create(agreement=agreement)

    html = staff_client.get(
        reverse("admin:reports_funderreport_preview", args=[report.pk])
    ).content.decode()

    link = figure_filters(FUNDER_YEAR)["entrepreneurs_met"]
    assert f"{reverse(link.url_name)}?{link.query_string()}".replace("&", "&amp;") in html
    assert "du 1er juillet 2020 au 30 juin 2021" in html
