"""The report's building blocks: safe Markdown, French typography, the content model."""

import datetime
from decimal import Decimal
from html.parser import HTMLParser

import pytest

from core.formatting import french_amount, french_date, french_number, french_percent
from reports.models import ReportEdition
from reports.rendering import (
    build_content,
    current_edition,
    render_document,
    render_markdown,
    render_report_html,
)
from tests.reports.factories import EditionFactory, SectionFactory

NNBSP, NBSP = "\u202f", "\u00a0"


@pytest.mark.parametrize(
    "hostile",
    [
        "<script>alert(1)</script>",
        '<img src="http://127.0.0.2/">',
        "![logo](http://127.0.0.2/logo.png)",
        '<a href="javascript:alert(1)">clic</a>',
        "[clic](javascript:alert(1))",
        "[fichier](file:///etc/passwd)",
        '<p style="background:url(http://127.0.0.2/)">stylé</p>',
        '<link rel="stylesheet" href="http://127.0.0.2/x.css">',
        '<iframe src="http://127.0.0.2/"></iframe>',
        '<object data="file:///etc/passwd"></object>',
        "<div onclick=alert(1)>div</div>",
        "[relatif](/admin/)",
    ],
)
def test_markdown_keeps_no_dangerous_markup(hostile):
    html = render_markdown(f"Avant\n\n{hostile}\n\nAprès")

    tags = Markup()
    tags.feed(html)

    assert {tag for tag, _ in tags.found} <= {"p", "a"}
    for tag, attrs in tags.found:
        names = {name for name, _ in attrs}
        assert names <= ({"href", "rel"} if tag == "a" else set()), (tag, attrs)
        href = dict(attrs).get("href")
        assert href is None or href.startswith(("https:", "http:", "mailto:")), href
    assert "Avant" in html and "Après" in html
    assert "alert(1)</script>" not in html


class Markup(HTMLParser):
    """Records every element and its attributes, as a browser or WeasyPrint would see it."""

    def __init__(self):
        super().__init__()
        self.found: list[tuple[str, list]] = []

    def handle_starttag(self, tag, attrs):
        self.found.append((tag, attrs))


def test_raw_html_is_shown_as_text_not_interpreted():
    html = render_markdown('<b>gras</b> et <span class="x">span</span>')
    assert "<b>" not in html and "<span" not in html
    assert "&lt;b&gt;gras&lt;/b&gt;" in html


def test_markdown_keeps_the_allowed_formatting():
    html = render_markdown(
        "## Titre\n\nDu *texte* **gras** et [un lien](https://example.org) "
        "ou [écrire](mailto:a@example.org).\n\n- un\n- deux\n\n> citation\n\n---\n\n"
        "| a | b |\n|---|---|\n| 1 | 2 |\n"
    )
    for expected in (
        "<h2>Titre</h2>", "<em>texte</em>", "<strong>gras</strong>",
        'href="https://example.org"', 'href="mailto:a@example.org"', "<ul>", "<li>un</li>",
        "<blockquote>", "<hr>", "<table>", "<td>1</td>",
    ):  # fmt: skip
        assert expected in html, expected


def test_french_typography():
    assert french_percent(92) == f"92{NNBSP}%"
    assert french_number(12345) == f"12{NNBSP}345"
    assert french_amount(Decimal("55000.00")) == f"55{NNBSP}000{NBSP}€"
    assert french_amount("1234.50") == f"1{NNBSP}234,50{NBSP}€"
    assert french_date(datetime.date(2020, 7, 7)) == "7 juillet 2020"
    assert french_date(datetime.date(2020, 10, 1)) == "1er octobre 2020"


@pytest.mark.django_db
def test_sections_appear_in_their_chapter_in_order():
    edition = EditionFactory()
    SectionFactory(edition=edition, chapter="outlook", heading="Demain", order=1)
    SectionFactory(edition=edition, chapter="support", heading="Deuxième", order=2)
    SectionFactory(edition=edition, chapter="support", heading="Premier", order=1)
    edition = ReportEdition.objects.prefetch_related("sections").get(pk=edition.pk)

    content = build_content(2020, edition)

    chapters = {c.code: [s.heading for s in c.sections] for c in content.chapters}
    assert chapters["support"] == ["Premier", "Deuxième"]
    assert chapters["outlook"] == ["Demain"]
    # A chapter without a section of its own prints its drafted paragraph, untitled.
    assert chapters["cooperatives"] == [""]


@pytest.mark.django_db
def test_outlook_chapter_is_left_out_when_it_has_no_text():
    html = render_document(build_content(2020, None))
    assert "Perspectives" not in html
    assert "Coopératives" in html


@pytest.mark.django_db
def test_document_for_the_command_is_standalone_and_has_no_admin_link():
    SectionFactory(edition=EditionFactory(), heading="Texte du brouillon")
    html = render_report_html(2020)
    assert html.startswith("<!DOCTYPE html>")
    assert "Texte du brouillon" in html
    assert "/admin/" not in html
    assert "/static/css/report.css" in html


def test_french_spacing_puts_narrow_spaces_in_text_never_inside_tags():
    from reports.rendering import french_spacing

    html = '<p title="a : b">Décisions votées : 92 % ; « Fil Commun »</p><a href="https://x">x</a>'
    assert french_spacing(html) == (
        '<p title="a : b">Décisions votées\u202f: 92\u202f%\u202f; «\u202fFil Commun\u202f»</p>'
        '<a href="https://x">x</a>'
    )


@pytest.mark.parametrize(
    ("part", "whole", "share", "shown"),
    [
        (3, 3, False, True),  # a mean over everyone of a group of k
        (2, 2, False, False),  # fewer than k
        (3, 4, False, False),  # its complement (one unknown age) is fewer than k
        (3, 6, False, True),
        (3, 3, True, False),  # « all 3 are informal » tells about each of them
        (3, 5, True, False),
        (3, 6, True, True),
    ],
)
def test_small_count_rule_for_a_cooperative_story(part, whole, share, shown):
    from reports.year_story import small_count_allows

    assert small_count_allows(part, whole, 3, share=share) is shown


def test_the_assembly_that_approved_an_edition_is_printed_on_its_cover(staff_user):
    from governance.models import Meeting
    from reports.services import publish_edition
    from tests.governance.factories import MeetingFactory

    edition = publish_edition(EditionFactory(), staff_user)
    assembly = MeetingFactory(kind=Meeting.Kind.GENERAL_ASSEMBLY, date=datetime.date(2021, 7, 1))
    ReportEdition.objects.filter(pk=edition.pk).update(approved_by_meeting=assembly)

    html = render_document(build_content(2020, current_edition(2020, include_drafts=False)))

    assert "Approuvé par l'assemblée générale du 1er juillet 2021" in html.replace("&#x27;", "'")
