"""The printed report: what it fetches, its structure, fonts and render time."""

import io
import re
import time

import pytest
from django.urls import reverse
from pypdf import PdfReader

from reports.rendering import build_content, current_edition, render_content_pdf
from reports.services import publish_edition
from tests.loopback import RecordingHandler
from tests.pdf_text import pages_text
from tests.reports.factories import EditionFactory, SectionFactory, build_year

pytestmark = pytest.mark.django_db

PARAGRAPH = (
    "Le projet a rassemblé un groupe d'entrepreneuses ayant vécu un parcours migratoire et "
    "vivant en France depuis plusieurs années. Elles ont des projets d'activités autour de la "
    "retouche, de la confection et de la création de marque artisanale, à des stades de "
    "maturation différents et avec des compétences techniques variées. "
)


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def test_hostile_narrative_is_not_fetched_when_publishing_or_downloading(
    loopback_server,
    staff_user,
    staff_client,
    tmp_path,
):
    secret = tmp_path / "secret.txt"
    secret.write_text("root:x:0:0:SECRET-LOCAL-FILE")
    edition = EditionFactory(introduction=f"![logo]({loopback_server}/intro.png)")
    SectionFactory(
        edition=edition,
        body=(
            f'<img src="{loopback_server}/img.png">\n\n'
            f"![image]({loopback_server}/md.png)\n\n"
            f'<link rel="stylesheet" href="{loopback_server}/style.css">\n\n'
            f'<a rel="attachment" href="{loopback_server}/data.txt">pièce jointe</a>\n\n'
            f'<a rel="attachment" href="file://{secret}">secret</a> '
            '[passwd](file:///etc/passwd) <img src="file:///etc/passwd">\n\n'
            f'<p style="background: url({loopback_server}/bg.png)">fond</p>'
        ),
    )

    draft_pdf = staff_client.get(reverse("reports:report_pdf", args=[2020])).content
    publish_edition(edition, staff_user)
    with edition.pdf.open("rb") as stored:
        published_pdf = stored.read()

    assert RecordingHandler.hits == []
    for pdf in (draft_pdf, published_pdf):
        assert pdf.startswith(b"%PDF")
        assert b"SECRET" not in pdf and b"root:x:0" not in pdf
        assert b"/EmbeddedFile" not in pdf


def test_pdf_has_cover_contents_with_page_numbers_and_running_footer(staff_user):
    build_year(scale=3)
    edition = EditionFactory()
    SectionFactory(edition=edition, chapter="outlook", heading="Vivre des choses ensemble")
    publish_edition(edition, staff_user)
    with edition.pdf.open("rb") as stored:
        pages = pages_text(stored.read())

    assert "Meltingcoop" in pages[0] and "2020" in pages[0]
    assert "Publiéle" in pages[0]
    toc = pages[1]
    assert toc.startswith("Sommaire")
    # Every chapter listed with the page it starts on (target-counter); chapters flow, so
    # a chapter starts on a page after the running header or the previous chapter's end.
    for title in ("L'annéeenbref", "Tempsforts", "Vieassociative", "Coopératives", "Perspectives"):
        number = int(re.search(rf"{title}\.*(\d+)", toc).group(1))
        assert title in pages[number - 1].removeprefix("Rapportd'activité2020"), title
    # Running footer: page x / n on every page after the cover, no « Provisoire ».
    assert all(page.endswith(f"{i}/{len(pages)}") for i, page in enumerate(pages, 1) if i > 1)
    assert not any("PROVISOIRE" in page for page in pages)


def test_pdf_key_figures_read_like_the_seed(staff_user):
    build_year(scale=3)
    text = "".join(pages_text(render_content_pdf(build_content(2020, None)))[1:3])
    for phrase in (
        "36entrepreneur·esrencontré·es",
        "92%defemmes",
        "9coopérateur·ricesengagé·es",
        "1marquecoopérativecréée",
        "15ateliersetjournéesdeformationenprésentiel",
        "4événementscommerciauxcommuns",
        "6réunionsduconseild'administration",
        "1assembléegénérale",
        "40ansd'âgemoyen",
    ):
        assert phrase in text, phrase


def fonts_of(resources, found: dict) -> dict:
    """Base font name -> embedded?, for a page's fonts and those of its drawings (SVG)."""
    resources = resources.get_object() if resources else {}
    for font in (resources.get("/Font") or {}).values():
        font = font.get_object()
        descriptor = font["/DescendantFonts"][0].get_object()["/FontDescriptor"]
        found[str(font["/BaseFont"])] = "/FontFile2" in descriptor.get_object()
    for xobject in (resources.get("/XObject") or {}).values():
        fonts_of(xobject.get_object().get("/Resources"), found)
    return found


def test_pdf_embeds_the_shipped_font_everywhere_charts_included():
    build_year(scale=1)
    reader = PdfReader(io.BytesIO(render_content_pdf(build_content(2020, None))))
    fonts: dict = {}
    for page in reader.pages:
        fonts_of(page.get("/Resources"), fonts)

    assert fonts
    assert all(fonts.values()), fonts  # every font program is inside the PDF
    # The subset prefix is random; the family is ours (static/fonts), not a system font.
    assert {name.split("+")[1].split("-")[0] for name in fonts} == {"Report"}, fonts


def test_twenty_page_report_renders_within_five_seconds():
    build_year(scale=3)
    edition = EditionFactory()
    for chapter in ("associative_life", "support", "cooperatives", "partnerships", "outlook"):
        SectionFactory.create_batch(4, edition=edition, chapter=chapter, body=PARAGRAPH * 10)
    content = build_content(2020, current_edition(2020, include_drafts=True))

    # CPU time: other processes on a shared machine must not make this test flaky.
    started = time.process_time()
    pdf = render_content_pdf(content)
    elapsed = time.process_time() - started

    assert len(PdfReader(io.BytesIO(pdf)).pages) >= 20
    assert elapsed <= 5, f"{elapsed:.1f} s"
