"""The funder report over an agreement's own period, its scope, and a sent report frozen."""

import datetime
import io
import json

import pytest
import time_machine
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse
from pypdf import PdfReader

from core.period import Period
from events.models import Event
from reports.funder_report import (
    agreement_with_scope,
    build_funder_content,
    funder_report_data,
    funder_report_pdf,
    period_text,
    render_funder_document,
)
from reports.indicators import compute_indicators
from reports.models import FunderReport
from reports.services import send_funder_report
from tests.cooperatives.factories import CooperativeFactory, MembershipFactory
from tests.entrepreneurs.factories import EncounterFactory, EntrepreneurFactory
from tests.events.factories import EventFactory
from tests.funding.factories import (
    GrantAgreementFactory,
    InstalmentFactory,
    ReportDeadlineFactory,
)

pytestmark = pytest.mark.django_db
D = datetime.date


@pytest.fixture
def cross_year():
    return GrantAgreementFactory(
        reference="SUB-0001", start_date=D(2020, 7, 1), end_date=D(2021, 6, 30)
    )


@pytest.fixture(autouse=True)
def private_root(settings, tmp_path):
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"


def test_period_is_written_in_french():
    assert period_text(Period(D(2020, 7, 1), D(2021, 6, 30))) == (
        "du 1er juillet 2020 au 30 juin 2021"
    )


def test_cross_year_period_counts_a_person_met_in_both_halves_once(cross_year):
    person = EntrepreneurFactory()
    EncounterFactory(entrepreneur=person, date=D(2020, 9, 1))
    EncounterFactory(entrepreneur=person, date=D(2021, 3, 1))

    figures = funder_report_data(agreement_with_scope("SUB-0001"))["figures"]

    in_2020 = compute_indicators(Period.year(2020)).entrepreneurs_met
    in_2021 = compute_indicators(Period.year(2021)).entrepreneurs_met
    assert (in_2020, in_2021) == (1, 1)
    assert figures["entrepreneurs_met"] == 1  # not 1 + 1
    assert figures["individual_interviews"] == 2


def test_json_has_the_annual_report_keys_over_exactly_the_period(cross_year, capsys):
    EncounterFactory(date=D(2020, 6, 30))  # the day before: not counted
    call_command("funder_report", "SUB-0001", "--format", "json")
    data = json.loads(capsys.readouterr().out)
    assert data["grant"] == "SUB-0001"
    assert (data["period_start"], data["period_end"]) == ("2020-07-01", "2021-06-30")
    annual = compute_indicators(Period(D(2020, 7, 1), D(2021, 6, 30))).to_dict()
    assert list(data["figures"]) == list(annual)
    assert data["figures"]["entrepreneurs_met"] == 0


def test_unknown_reference_is_a_french_error():
    with pytest.raises(CommandError, match="aucune convention de subvention « SUB-9 »"):
        call_command("funder_report", "SUB-9")


def test_scoped_grant_reports_its_cooperatives_own_figures(cross_year):
    textile = CooperativeFactory(start_date=D(2020, 9, 1), end_date=D(2021, 2, 28))
    other = CooperativeFactory(start_date=D(2020, 9, 1))
    MembershipFactory.create_batch(3, cooperative=textile, joined_on=D(2020, 9, 1))
    MembershipFactory(cooperative=other, joined_on=D(2020, 9, 1))
    cross_year.whole_association = False
    cross_year.save()
    cross_year.cooperatives.add(textile)
    InstalmentFactory(agreement=cross_year, amount=6000, received_on=D(2020, 9, 10))

    data = funder_report_data(agreement_with_scope("SUB-0001"))

    [coop] = data["scope"]["cooperatives"]
    assert (coop["reference"], coop["cooperators_engaged"]) == (textile.reference, 3)
    assert data["figures"]["cooperators_engaged"] == 4  # the association's, for comparison
    assert data["instalments"][0]["received_on"] == "2020-09-10"


def test_whole_association_grant_has_no_scope(cross_year):
    data = funder_report_data(agreement_with_scope("SUB-0001"))
    assert data["scope"] == {"programmes": [], "cooperatives": [], "events": []}


@time_machine.travel(datetime.datetime(2021, 7, 15, 12, tzinfo=datetime.UTC), tick=False)
def test_sent_report_keeps_its_figures_and_pdf(cross_year, staff_user):
    EncounterFactory(date=D(2020, 9, 1))
    report = FunderReport.objects.create(agreement=cross_year, narrative="Un **bel** été.")
    final = ReportDeadlineFactory(agreement=cross_year, due_on=D(2021, 9, 30))

    send_funder_report(report, staff_user)
    EncounterFactory(date=D(2020, 10, 1))  # recorded after sending

    report.refresh_from_db()
    assert report.is_sent and report.sent_by == staff_user
    assert report.figures["figures"]["entrepreneurs_met"] == 1
    assert report.pdf.read(5) == b"%PDF-"
    final.refresh_from_db()
    assert final.sent_on == D(2021, 7, 15)
    assert funder_report_data(agreement_with_scope("SUB-0001"))["figures"]["entrepreneurs_met"] == 2
    with pytest.raises(Exception, match="déjà envoyé"):
        send_funder_report(report, staff_user)


def test_pdf_has_the_period_and_the_narrative(cross_year, tmp_path):

    FunderReport.objects.create(agreement=cross_year, narrative="Un été de confection.")
    call_command(
        "funder_report", "SUB-0001", "--format", "pdf", "--output", str(tmp_path / "bilan.pdf")
    )
    text = " ".join(
        p.extract_text() for p in PdfReader(io.BytesIO(funder_report_pdf(cross_year))).pages
    )
    assert "du 1er juillet 2020 au 30 juin 2021" in " ".join(text.split())
    assert "Un été de confection." in text


def test_staff_downloads_the_report_pdf_from_the_admin(cross_year, client, staff_user, board_user):
    report = FunderReport.objects.create(agreement=cross_year)
    url = reverse("admin:reports_funderreport_preview_pdf", args=[report.pk])
    client.force_login(staff_user)
    response = client.get(url)
    assert response.status_code == 200 and response.content.startswith(b"%PDF-")
    page = client.get(reverse("admin:funding_grantagreement_change", args=[cross_year.pk]))
    assert url in page.content.decode()
    assert "Rédiger un bilan" in page.content.decode()
    client.force_login(board_user)
    assert client.get(url).status_code == 302  # the admin sends a board member to log in


def test_staff_send_from_the_admin_and_the_sent_report_is_read_only(cross_year, staff_client):
    report = FunderReport.objects.create(agreement=cross_year, narrative="Avant envoi.")
    changelist = reverse("admin:reports_funderreport_changelist")
    response = staff_client.post(
        changelist, {"action": "send", "_selected_action": [report.pk]}, follow=True
    )
    assert response.status_code == 200
    report.refresh_from_db()
    assert report.is_sent
    change = staff_client.get(reverse("admin:reports_funderreport_change", args=[report.pk]))
    assert 'name="narrative"' not in change.content.decode()  # view only once sent
    with report.pdf.open("rb") as stored:
        assert funder_report_pdf_of(cross_year) == stored.read()  # the frozen file


def funder_report_pdf_of(agreement):
    return funder_report_pdf(agreement_with_scope(agreement.reference))


def test_the_funder_reads_shares_under_the_small_count_rule_and_no_annual_story(cross_year):
    # 10 people met in the period, 8 women: « 80 % » would say exactly 2 men.
    for i in range(10):
        gender = "male" if i < 2 else "female"
        EncounterFactory(date=D(2020, 9, 1), entrepreneur__gender=gender)

    text = " ".join(
        " ".join(p.extract_text().split())
        for p in PdfReader(io.BytesIO(funder_report_pdf(cross_year))).pages
    )

    assert "moins de 3 personnes" in text
    assert "80 %" not in text.replace("\u202f", " ")
    assert "Aucune coopérative n'a été active cette année" not in text


def test_the_months_of_a_funders_year_run_from_its_first_month(cross_year):
    EventFactory(kind=Event.Kind.WORKSHOP, date=D(2020, 7, 15))
    EventFactory(kind=Event.Kind.WORKSHOP, date=D(2021, 6, 15))
    EventFactory(kind=Event.Kind.WORKSHOP, date=D(2021, 6, 20))

    content = build_funder_content(cross_year, None)

    (chart,) = [block.chart for c in content.chapters for block in c.charts if block.wide]
    months = [row[0] for row in chart.rows[1:]]
    counts = [row[1] for row in chart.rows[1:]]
    assert months[0] == "juil." and months[-1] == "juin"
    assert (counts[0], counts[-1]) == ("1", "2")


def test_the_funders_document_is_in_french_typography(cross_year):
    FunderReport.objects.create(agreement=cross_year, narrative="Bilan : un été « utile ».")
    html = render_funder_document(build_funder_content(cross_year, cross_year.funder_reports.get()))

    assert "Bilan\u202f: un été «\u202futile\u202f»." in html
