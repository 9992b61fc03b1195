"""Staff download the Fondation de France's report (1 July 2020 - 30 June 2021) as a PDF."""

import io
import re
from pathlib import Path

import pytest
from playwright.sync_api import Page
from pypdf import PdfReader

from funding.models import GrantAgreement
from reports.models import FunderReport
from tests.e2e.browser import log_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_staff_download_a_funder_report_pdf(
    page: Page, live_server, staff_user, demo_data, settings, tmp_path
):
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"
    agreement = GrantAgreement.objects.get(reference="SUB-0005")
    FunderReport.objects.create(agreement=agreement, narrative="Un été de confection partagée.")
    base = live_server.url
    log_in(page, base, staff_user.email)

    page.goto(f"{base}/admin/funding/grantagreement/{agreement.pk}/change/")
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Télécharger le PDF").first.click()
    download = download_info.value

    assert download.suggested_filename.startswith("bilan-SUB-0005-")
    reader = PdfReader(io.BytesIO(Path(download.path()).read_bytes()))
    text = re.sub(r"\s+", " ", " ".join(p.extract_text() for p in reader.pages))
    assert "du 1er juillet 2020 au 30 juin 2021" in text
    assert "Un été de confection partagée." in text
    assert "Coopérative éphémère d'artisanat textile" in text
