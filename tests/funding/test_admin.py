import datetime

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from funding.models import GrantAgreement
from reports.models import FunderReport
from tests.admin_checks import (
    CHANGELIST_QUERIES,
    check_add_form_opens,
    check_board_refused,
    check_changelist_queries,
)
from tests.cooperatives.factories import CooperativeFactory
from tests.funding.factories import (
    GrantAgreementFactory,
    InstalmentFactory,
    ReportDeadlineFactory,
)

pytestmark = pytest.mark.django_db


def make_agreement(i: int) -> None:
    year = 2019 + i % 3
    agreement = GrantAgreementFactory(
        start_date=datetime.date(year, 1, 1), end_date=datetime.date(year, 12, 31)
    )
    InstalmentFactory(agreement=agreement, received_on=datetime.date(2020, 3, 1))
    InstalmentFactory(agreement=agreement)


def make_instalment(i: int) -> None:
    InstalmentFactory(due_on=datetime.date(2019 + i % 3, 3, 1))


def make_deadline(i: int) -> None:
    ReportDeadlineFactory(due_on=datetime.date(2019 + i % 3, 3, 1))


# On top of CHANGELIST_QUERIES: "years" = the year filter's distinct years.
CHANGELISTS = {
    # years; the received total is a sum in the page's query
    "grantagreement": (make_agreement, CHANGELIST_QUERIES + 1),
    "instalment": (make_instalment, CHANGELIST_QUERIES + 1),  # years
    "reportdeadline": (make_deadline, CHANGELIST_QUERIES + 1),  # years
}


@pytest.mark.parametrize("rows", [1, 30])
@pytest.mark.parametrize("model_name", CHANGELISTS)
def test_funding_changelist_query_count_does_not_grow_with_rows(
    staff_client, django_assert_num_queries, model_name, rows
):
    check_changelist_queries(
        staff_client, django_assert_num_queries, "funding", CHANGELISTS, model_name, rows
    )


@pytest.mark.parametrize("model_name", CHANGELISTS)
def test_staff_can_open_funding_add_form(staff_client, model_name):
    check_add_form_opens(staff_client, "funding", model_name)


@pytest.mark.parametrize("model_name", CHANGELISTS)
def test_board_member_cannot_open_funding_admin(board_client, model_name):
    check_board_refused(board_client, "funding", model_name)


def test_changelist_shows_the_amount_received(staff_client):
    make_agreement(0)
    response = staff_client.get(reverse("admin:funding_grantagreement_changelist"))
    assert response.context["cl"].result_list[0].received_total == 5000


@pytest.mark.parametrize("reports", [1, 5])
def test_funder_report_changelist_query_count_does_not_grow(
    staff_client, django_assert_num_queries, reports
):
    agreement = GrantAgreementFactory()
    for _ in range(reports):
        FunderReport.objects.create(agreement=agreement)
    # CHANGELIST_QUERIES: request, filtered and unfiltered counts, the page with the
    # agreement and its funder joined.
    with django_assert_num_queries(CHANGELIST_QUERIES):
        response = staff_client.get(reverse("admin:reports_funderreport_changelist"))
    assert response.context["cl"].result_count == reports


def test_requested_figures_are_chosen_from_the_table_of_figures(staff_client):
    agreement = GrantAgreementFactory(whole_association=False)
    coop = CooperativeFactory()
    url = reverse("admin:funding_grantagreement_change", args=[agreement.pk])
    data = {
        "reference": agreement.reference,
        "version": agreement.version,  # the version the page was read at
        "funder": agreement.funder.pk,
        "title": "Textile",
        "status": "awarded",
        "start_date": "2020-07-01",
        "end_date": "2021-06-30",
        "amount_awarded": "15000",
        "cooperatives": [coop.pk],
        "requested_figures": ["entrepreneurs_met", "not_a_figure"],
        **{
            f"{prefix}-{key}": value
            for prefix in ("instalments", "report_deadlines", "documents", "funder_reports")
            for key, value in (("TOTAL_FORMS", "0"), ("INITIAL_FORMS", "0"))
        },
    }
    response = staff_client.post(url, data)
    assert response.status_code == 200
    assert "not_a_figure" in str(response.context["adminform"].form.errors["requested_figures"])

    data["requested_figures"] = ["entrepreneurs_met", "women_percent"]
    response = staff_client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    agreement.refresh_from_db()
    assert agreement.requested_figures == ["entrepreneurs_met", "women_percent"]
    assert agreement.cooperatives.get() == coop


def test_end_before_start_is_refused(staff_client):
    agreement = GrantAgreement(
        funder=GrantAgreementFactory().funder,
        title="x",
        start_date=datetime.date(2021, 1, 1),
        end_date=datetime.date(2020, 1, 1),
    )
    with pytest.raises(ValidationError) as error:
        agreement.full_clean()
    assert error.value.message_dict["end_date"] == ["La date de fin précède la date de début."]


@pytest.mark.parametrize("rows", [1, 5])
def test_agreement_page_query_count_does_not_grow_with_its_rows(
    staff_client, django_assert_num_queries, rows
):
    agreement = GrantAgreementFactory(whole_association=False)
    agreement.cooperatives.add(*CooperativeFactory.create_batch(rows))
    InstalmentFactory.create_batch(rows, agreement=agreement)
    ReportDeadlineFactory.create_batch(rows, agreement=agreement)
    for _ in range(rows):
        FunderReport.objects.create(agreement=agreement)
    url = reverse("admin:funding_grantagreement_change", args=[agreement.pk])
    ContentType.objects.clear_cache()
    # 1-2 session, user; 3 the agreement; 4-5 permissions; 6-8 the chosen programmes,
    # cooperatives, events (autocomplete widgets); 9-12 instalments, deadlines, documents,
    # funder reports (their agreement joined); 13, 15 content types; 14, 16 the funder
    # (read twice by the admin's widgets); 17 the chosen cooperatives again (the
    # many-to-many's initial data). None of them grows with the rows.
    with django_assert_num_queries(17):
        response = staff_client.get(url)
    assert response.status_code == 200


@pytest.mark.parametrize("rows", [1, 5])
def test_funder_report_preview_query_count_does_not_grow_with_the_scope(
    staff_client, django_assert_num_queries, rows, settings, tmp_path
):
    agreement = GrantAgreementFactory(whole_association=False)
    agreement.cooperatives.add(*CooperativeFactory.create_batch(rows))
    InstalmentFactory.create_batch(rows, agreement=agreement)
    report = FunderReport.objects.create(agreement=agreement, narrative="Texte")
    url = reverse("admin:reports_funderreport_preview", args=[report.pk])
    # 1-2 session, user; 3 the report; 4-5 permissions; 6 the agreement and funder;
    # 7-10 its programmes, cooperatives, events, instalments; 11-27 compute_indicators
    # (17, tests/reports/test_indicators.py); 28 the scoped cooperatives' cooperators
    # (+1 for the attendances when events are in the scope); 29 the association's name.
    with django_assert_num_queries(29):
        response = staff_client.get(url)
    assert response.status_code == 200


def test_staff_upload_a_signed_agreement_on_the_agreement_page(staff_client, settings, tmp_path):
    settings.PRIVATE_MEDIA_ROOT = tmp_path
    agreement = GrantAgreementFactory()
    url = reverse("admin:funding_grantagreement_change", args=[agreement.pk])
    data = {
        "reference": agreement.reference,
        "version": agreement.version,  # the version the page was read at
        "funder": agreement.funder.pk,
        "title": agreement.title,
        "status": "awarded",
        "start_date": "2020-01-01",
        "end_date": "2020-12-31",
        "whole_association": "on",
        **{
            f"{prefix}-{key}": value
            for prefix in ("instalments", "report_deadlines", "funder_reports")
            for key, value in (("TOTAL_FORMS", "0"), ("INITIAL_FORMS", "0"))
        },
        "documents-TOTAL_FORMS": "1",
        "documents-INITIAL_FORMS": "0",
        "documents-0-title": "Convention signée",
        "documents-0-file": SimpleUploadedFile("convention.pdf", b"%PDF-1.4\n%%EOF\n"),
    }

    response = staff_client.post(url, data)

    assert response.status_code == 302
    document = agreement.documents.get()
    assert (tmp_path / document.file.name).read_bytes().startswith(b"%PDF-")
    page = staff_client.get(url).content.decode()
    assert reverse("funding:document", args=[document.pk]) in page
