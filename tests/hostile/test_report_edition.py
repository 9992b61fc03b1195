"""Report edition: narrative and logo."""

import re
import struct
import zlib

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from reports.models import ReportEdition
from tests.hostile.inputs import (
    LONG,
    NUL,
    XSS,
    form_errors,
    png,
)

pytestmark = pytest.mark.django_db

# --- Report edition narrative and logo -------------------------------------------------------


def edition_data(**fields) -> dict:
    return {
        "year": "2020",
        "title": "Rapport d'activité",
        "introduction": "Bonjour",
        "sections-TOTAL_FORMS": "1",
        "sections-INITIAL_FORMS": "0",
        "sections-0-order": "1",
        "sections-0-chapter": "support",
        "sections-0-heading": "Accueil",
        "sections-0-body": "Texte",
        **fields,
    }


def png_bomb(side: int = 30_000) -> bytes:
    """65 bytes declaring a 30000 x 30000 image: Pillow's decompression bomb."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        crc = zlib.crc32(kind + data) & 0xFFFFFFFF
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", crc)

    header = struct.pack(">IIBBBBB", side, side, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(b""))
        + chunk(b"IEND", b"")
    )


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("introduction", f"Intro {NUL}"),
        ("title", LONG),
        ("year", "99999"),
        ("year", "-1"),
        ("sections-0-body", f"Corps {NUL}"),
        ("sections-0-chapter", "<script>"),
        ("logo", SimpleUploadedFile("logo.png", png(padding=3 * 1024 * 1024))),
        ("logo", SimpleUploadedFile("logo.png", b"not an image at all")),
        ("logo", SimpleUploadedFile("logo.png", b"GIF89a\x01\x00\x01\x00\x00\x00\x00;")),
        ("logo", SimpleUploadedFile("logo.svg", b"<svg onload='alert(1)'/>")),
        ("logo", SimpleUploadedFile("logo.png", png_bomb())),
    ],
    ids=[
        "nul-intro",
        "long-title",
        "year-99999",
        "year-negative",
        "nul-section",
        "chapter",
        "logo-3mb",
        "logo-text",
        "logo-gif",
        "logo-svg",
        "logo-bomb",
    ],
)
def test_report_edition_form_refuses_bad_input_naming_the_field(staff_client, field, value):
    response = staff_client.post(
        reverse("admin:reports_reportedition_add"), edition_data(**{field: value})
    )

    assert field in form_errors(response)
    assert ReportEdition.objects.count() == 0


def test_narrative_with_html_is_stored_but_shown_inert_on_the_report(staff_client, board):
    response = staff_client.post(
        reverse("admin:reports_reportedition_add"),
        edition_data(introduction=f"Bienvenue {XSS} [lien](javascript:alert(1))"),
    )
    assert response.status_code == 302

    for client in (staff_client, board):
        page = client.get(reverse("reports:report", args=[2020])).content.decode()
        # Raw tags never reach the page (escaped text « &lt;img ... » may).
        assert not re.search(r"<script>alert|<img src=x", page)
        assert 'href="javascript:' not in page
