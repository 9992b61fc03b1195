"""Deadlines coming up, the digest's lines, grants.csv, the private documents."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from core.period import Period
from funding import digest
from funding.models import AgreementDocument, GrantAgreement, ReportDeadline
from funding.resources import GrantAgreementResource
from funding.stats import deadlines_due, grants_by_funder
from imports.loading import load_file
from tests.cooperatives.factories import CooperativeFactory
from tests.funding.factories import (
    GrantAgreementFactory,
    InstalmentFactory,
    ReportDeadlineFactory,
)
from tests.governance.factories import OrganisationFactory

pytestmark = pytest.mark.django_db
D = datetime.date
TODAY = D(2021, 3, 1)


def test_deadlines_due_lists_the_next_60_days_and_the_overdue_earliest_first():
    agreement = GrantAgreementFactory(reference="SUB-0001")
    late = ReportDeadlineFactory(agreement=agreement, due_on=D(2021, 2, 1))
    soon = InstalmentFactory(agreement=agreement, due_on=D(2021, 4, 30))
    ReportDeadlineFactory(agreement=agreement, due_on=D(2021, 5, 1))  # 61 days: later
    ReportDeadlineFactory(agreement=agreement, due_on=D(2021, 1, 1), sent_on=D(2021, 1, 2))
    InstalmentFactory(agreement=agreement, due_on=D(2021, 3, 2), received_on=D(2021, 3, 1))
    refused = GrantAgreementFactory(status=GrantAgreement.Status.REFUSED)
    ReportDeadlineFactory(agreement=refused, due_on=D(2021, 3, 5))

    items = deadlines_due(TODAY)

    assert [(d.kind, d.due_on, d.overdue) for d in items] == [
        ("report", late.due_on, True),
        ("instalment", soon.due_on, False),
    ]
    funder = agreement.funder.name
    assert digest.section(TODAY) == [
        f"Bilan final SUB-0001 ({funder}) : en retard, attendu le 1er février 2021",
        f"Versement SUB-0001 ({funder}), 5\u202f000\u00a0€ : attendu le 30 avril 2021",
    ]


def test_grants_by_funder_counts_awarded_and_closed_agreements_meeting_the_period():
    fondation = OrganisationFactory(name="Fondation Abbé Pierre")
    GrantAgreementFactory(funder=fondation, amount_awarded=Decimal("10000.50"))
    GrantAgreementFactory(
        funder=fondation,
        amount_awarded=5000,
        status=GrantAgreement.Status.CLOSED,
        start_date=D(2019, 7, 1),
        end_date=D(2020, 1, 31),
    )
    GrantAgreementFactory(funder=fondation, status=GrantAgreement.Status.REFUSED)
    GrantAgreementFactory(funder=fondation, start_date=D(2021, 1, 1), end_date=D(2021, 12, 31))

    [item] = grants_by_funder(Period.year(2020))

    assert (item.label, item.count, item.amount) == (
        "Fondation Abbé Pierre",
        2,
        Decimal("15000.50"),
    )
    assert item.to_dict()["amount"] == "15000.50"


def write(tmp_path, text):
    path = tmp_path / "grants.csv"
    path.write_text(text, encoding="utf-8")
    return path


HEADER = "reference;funder;title;start_date;end_date;amount;status;report_due;cooperative\n"


def test_grants_csv_creates_agreements_with_deadline_and_scope(tmp_path):
    OrganisationFactory(name="Fondation de France")
    CooperativeFactory(reference="COOP-001")
    path = write(
        tmp_path,
        HEADER + "SUB-0100;fondation de france;Textile;01/07/2020;30/06/2021;15 000;Accordée;"
        "30/09/2021;COOP-001\n",
    )

    report = load_file(path, GrantAgreementResource)

    assert report.errors == [] and report.created == 1
    agreement = GrantAgreement.objects.get(reference="SUB-0100")
    assert agreement.amount_awarded == Decimal("15000")
    assert agreement.is_scoped
    assert list(agreement.cooperatives.values_list("reference", flat=True)) == ["COOP-001"]
    assert agreement.report_deadlines.get().kind == ReportDeadline.Kind.FINAL
    again = load_file(path, GrantAgreementResource)
    assert again.errors == [] and GrantAgreement.objects.count() == 1
    assert agreement.report_deadlines.count() == 1


def test_grants_csv_errors_name_the_row_and_the_column(tmp_path):
    OrganisationFactory(name="Fondation de France")
    path = write(
        tmp_path,
        HEADER
        + "SUB-0101;Inconnue;A;2020-01-01;2020-12-31;100;requested;;\n"
        + "SUB-0102;Fondation de France;B;2020-12-31;2020-01-01;100;requested;;\n"
        + "SUB-0103;Fondation de France;C;2020-01-01;2020-12-31;;requested;;\n"
        + "SUB-0104;Fondation de France;D;2020-01-01;2020-12-31;100;peut-être;;COOP-404\n",
    )

    errors = load_file(path, GrantAgreementResource).errors

    text = "\n".join(errors)
    assert "grants.csv:2: funder: « Inconnue » introuvable" in text
    assert "grants.csv:3: end_date: La date de fin précède la date de début." in text
    assert "grants.csv:4: amount: Valeur obligatoire." in text
    assert "grants.csv:5: status: « peut-être » n'est pas un choix possible" in text
    assert "grants.csv:5: cooperative: « COOP-404 » introuvable" in text


PDF = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def private_root(settings, tmp_path):
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"
    settings.MEDIA_ROOT = tmp_path / "media"
    return tmp_path


def test_document_is_kept_outside_media_and_served_to_staff_only_uncached(
    private_root, client, staff_user, board_user
):
    document = AgreementDocument.objects.create(
        agreement=GrantAgreementFactory(), file=SimpleUploadedFile("convention.pdf", PDF)
    )
    assert (private_root / "private" / document.file.name).exists()
    assert not (private_root / "media").exists()
    url = reverse("funding:document", args=[document.pk])

    assert client.get(url).status_code == 302  # anonymous: to the login page
    client.force_login(board_user)
    assert client.get(url).status_code == 403
    client.force_login(staff_user)
    response = client.get(url)

    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF
    assert "no-store" in response["Cache-Control"]


def test_a_document_that_is_not_really_a_pdf_is_refused(private_root):

    document = AgreementDocument(
        agreement=GrantAgreementFactory(),
        file=SimpleUploadedFile("convention.pdf", b"MZ\x90\x00 not a pdf"),
    )
    with pytest.raises(ValidationError) as error:
        document.full_clean()
    assert error.value.message_dict["file"] == [
        "Le document doit être un fichier PDF (d'après son contenu)."
    ]


def test_deleting_an_agreement_deletes_its_private_files(private_root):
    document = AgreementDocument.objects.create(
        agreement=GrantAgreementFactory(), file=SimpleUploadedFile("convention.pdf", PDF)
    )
    path = private_root / "private" / document.file.name
    document.agreement.delete()
    assert not path.exists()


GRANT_ROW = (
    "SUB-0100;Fondation de France;Textile;01/07/2020;30/06/2021;{amount};Accordée;{due};{coop}\n"
)


def grant_preview(staff_client, **cells):
    values = {"amount": "15 000", "due": "30/09/2021", "coop": "COOP-001", **cells}
    content = HEADER + GRANT_ROW.format(**values)
    response = staff_client.post(
        reverse("admin:funding_grantagreement_import"),
        {"import_file": upload_grants(content), "format": "0", "resource": "0"},
    )
    assert response.status_code == 200
    (row,) = response.context["preview"].rows
    return row.kind, {cell.text: cell.old for cell in row.cells if cell.changed}


def upload_grants(content: str) -> SimpleUploadedFile:
    return SimpleUploadedFile("grants.csv", content.encode("utf-8"), content_type="text/csv")


@pytest.fixture
def stored_grant(tmp_path):
    OrganisationFactory(name="Fondation de France")
    CooperativeFactory(reference="COOP-001")
    CooperativeFactory(reference="COOP-002")
    row = GRANT_ROW.format(amount="15 000", due="30/09/2021", coop="COOP-001")
    assert load_file(write(tmp_path, HEADER + row), GrantAgreementResource).created == 1


def test_a_grant_row_as_stored_previews_unchanged(stored_grant, staff_client):
    assert grant_preview(staff_client) == ("skip", {})


@pytest.mark.parametrize(
    "cells, old",
    [
        ({"amount": "18 000"}, {"18 000": "15000,00"}),
        ({"due": "31/10/2021"}, {"31/10/2021": "30/09/2021"}),
        ({"coop": "COOP-002"}, {"COOP-002": ""}),
    ],
)
def test_a_grant_rows_amount_deadline_or_cooperative_changed_previews_modified(
    stored_grant, staff_client, cells, old
):
    assert grant_preview(staff_client, **cells) == ("update", old)


def test_loading_the_same_grants_twice_updates_nothing(stored_grant, tmp_path):
    row = GRANT_ROW.format(amount="15 000", due="30/09/2021", coop="COOP-001")
    report = load_file(write(tmp_path, HEADER + row), GrantAgreementResource)
    assert (report.created, report.updated) == (0, 0)
    report = load_file(
        write(tmp_path, HEADER + row.replace("15 000", "16 000")), GrantAgreementResource
    )
    assert report.updated == 1
    assert GrantAgreement.objects.get().amount_awarded == Decimal("16000")
