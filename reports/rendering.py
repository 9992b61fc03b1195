"""The annual report's content for a year or an edition, rendered as HTML or PDF.

One `ReportContent` feeds the web preview, the PDF and the `annual_report` command, so
what staff check on screen is what gets printed. Figures are the indicators' dict
(`Indicators.to_dict()`), live or frozen in a published edition: one code path.
"""

import re
from dataclasses import dataclass, field, replace
from decimal import Decimal
from typing import Any

import markdown
import nh3
from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from core.formatting import NNBSP, french_amount, french_date
from core.pdf import render_pdf
from core.period import MIN_YEAR, Period, validate_year
from governance.identity import DEFAULT_NAME
from governance.models import Association, Partnership
from governance.stats import min_group_size, partners_of_period, withheld_label
from reports.charts import Chart
from reports.drafts import drafts_for
from reports.figure_charts import breakdown_chart, first_month_of
from reports.figures import (
    BREAKDOWNS,
    Audience,
    Chapter,
    ChartKind,
    Figure,
    chapter_figures,
    figure,
    figure_filters,
    protect_for_board,
)
from reports.figures import key_figures as key_figures_of
from reports.indicators import REPORT_LANGUAGE, cached_indicators
from reports.models import ReportEdition
from reports.year_story import YearStory, cached_year_story

# Markdown narrative: what survives the sanitiser. No img (it would be fetched), no
# style, no raw HTML, links only to the web or e-mail.
ALLOWED_TAGS = {
    "p", "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "li", "em", "strong", "a",
    "blockquote", "br", "hr", "table", "thead", "tbody", "tr", "th", "td",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {"a": {"href"}}
ALLOWED_SCHEMES = {"http", "https", "mailto"}


# The embedded font of static/css/report.css, named inside the charts' SVG for the PDF.
REPORT_FONT = '"Report Sans"'


def render_markdown(text: str) -> SafeString:
    """Staff Markdown to safe HTML: raw HTML is escaped by Markdown, then nh3 keeps only
    the allowlist (the second line of defence if an extension lets HTML through)."""
    md = markdown.Markdown(extensions=["tables", "sane_lists"])
    md.preprocessors.deregister("html_block")
    md.inlinePatterns.deregister("html")
    html = nh3.clean(
        md.convert(text or ""),
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=ALLOWED_SCHEMES,
        url_relative="deny",
    )
    return mark_safe(html)  # sanitised by nh3 just above


# Figures: as `reports.figures` words them, in the order and chapter it gives.


@dataclass(frozen=True)
class RenderedFigure:
    name: str
    value: int | None
    display: str
    caption: str
    link: str = ""  # the admin changelist of the records counted (staff, HTML only)
    live_display: str | None = None  # set when the live figure differs from the frozen one
    previous_display: str = ""  # « 10 en 2019 », in « L'année en bref »


@dataclass(frozen=True)
class ChartBlock:
    key: str
    chart: Chart
    changed: bool = False
    wide: bool = False  # a line over the months takes the page's width


@dataclass(frozen=True)
class RenderedSection:
    heading: str
    html: SafeString


# Chapters told from the year's records (reports.year_story), not only from figures.
STORY_CHAPTERS = {
    Chapter.YEAR_IN_BRIEF,
    Chapter.HIGHLIGHTS,
    Chapter.COOPERATIVES,
    Chapter.ASSOCIATIVE_LIFE,
    Chapter.PARTNERSHIPS,
}


@dataclass
class ChapterContent:
    code: str
    title: str
    figures: list[RenderedFigure]
    charts: list[ChartBlock]
    sections: list[RenderedSection]
    has_story: bool = False

    @property
    def is_empty(self) -> bool:
        return not (self.sections or self.figures or self.charts or self.has_story)

    @property
    def anchor(self) -> str:
        return f"chapitre-{self.code}"


@dataclass
class ReportContent:
    year: int
    title: str
    provisional: bool
    edition: ReportEdition | None
    introduction: SafeString
    key_figures: list[RenderedFigure]
    chapters: list[ChapterContent]
    funders: list[dict[str, Any]]
    funders_total: str
    partners: list[tuple[str, list[str]]]
    logo_url: str = ""
    published_on: str = ""
    approved_on: str = ""  # the general assembly that approved it
    generated_on: str = ""
    changed_figures: list[RenderedFigure] = field(default_factory=list)
    changed_charts: list[str] = field(default_factory=list)
    association: str = DEFAULT_NAME
    story: YearStory | None = None
    previous_year: int | None = None


def rendered_figure(
    figure: Figure,
    figures: dict,
    links: dict[str, str],
    live: dict | None,
    previous: dict | None = None,
):
    value = figures.get(figure.key)
    live_display = None
    if live is not None and live.get(figure.key) != value:
        live_display = figure.display(live.get(figure.key))
    previous_display = ""
    if previous is not None and previous.get(figure.key) is not None:
        previous_display = _("%(value)s en %(year)s") % {
            "value": figure.display(previous.get(figure.key)),
            "year": previous["year"],
        }
    return RenderedFigure(
        figure.key,
        value,
        figure.display(value),
        figure.caption_for(value),
        links.get(figure.key, ""),
        live_display,
        previous_display,
    )


def _charts(chapter: Chapter, figures: dict, exact: bool, changed: set[str]):
    """The chapter's charts; `exact` (staff) leaves small groups of people apart."""
    minimum = min_group_size()
    breakdowns, first_month = figures.get("breakdowns", {}), first_month_of(figures)
    return [
        ChartBlock(
            b.key,
            breakdown_chart(
                b, breakdowns, exact=exact, minimum=minimum, first_month=first_month
            ).with_font(REPORT_FONT),
            b.key in changed,
            wide=b.kind == ChartKind.MONTHS,
        )
        for b in BREAKDOWNS
        if b.chapter == chapter and b.report
    ]


def _changed_charts(frozen: dict, live: dict | None) -> set[str]:
    if live is None:
        return set()
    before, now = frozen.get("breakdowns", {}), live.get("breakdowns", {})
    return {b.key for b in BREAKDOWNS if before.get(b.data_key) != now.get(b.data_key)}


def admin_links(period: Period) -> dict[str, str]:
    return {
        name: f"{reverse(f.url_name)}?{f.query_string()}"
        for name, f in figure_filters(period).items()
    }


def _partners_by_role(partners: list[dict[str, str]]) -> list[tuple[str, list[str]]]:
    labels = dict(Partnership.Role.choices)
    grouped: dict[str, list[str]] = {}
    for row in partners:
        grouped.setdefault(row["role"], []).append(row["name"])
    order = [role for role in Partnership.Role.values if role in grouped]
    return [(str(labels[role]), grouped[role]) for role in order]


def _sections_by_chapter(
    edition: ReportEdition | None, drafts: dict[str, str]
) -> dict[str, list[RenderedSection]]:
    """The edition's sections by chapter; a chapter without any gets its drafted
    paragraph, printed as any other text."""
    result: dict[str, list[RenderedSection]] = {}
    if edition is not None:
        for section in edition.sections.all():  # prefetched, in order
            rendered = RenderedSection(section.heading, render_markdown(section.body))
            result.setdefault(section.chapter, []).append(rendered)
    for chapter, draft in drafts.items():
        if draft and chapter not in result:
            result[chapter] = [RenderedSection("", render_markdown(draft))]
    return result


def year_drafts(year: int, figures: dict, story: YearStory, partners: list[dict]) -> dict:
    """The drafted paragraph of each chapter for these figures and this story."""
    funders = figures.get("breakdowns", {}).get("grants_by_funder", [])
    organisations = {row["name"] for row in partners}
    return drafts_for(year, figures, story, funders=len(funders), partners=len(organisations))


def build_content(
    year: int,
    edition: ReportEdition | None,
    *,
    figures: dict | None = None,
    partners: list[dict[str, str]] | None = None,
    staff_view: bool = False,
) -> ReportContent:
    """The report for `year`: the narrative of `edition` (or none) around `figures` (live
    ones when None). `staff_view` adds admin links and, on a published edition, the
    figures that have changed since. Labels are in French whatever the request."""
    period = Period.year(year)
    frozen = edition is not None and edition.is_published and edition.figures is not None
    with translation.override(REPORT_LANGUAGE):
        if figures is None:
            figures = edition.figures if frozen else cached_indicators(period).to_dict()
        if partners is None:
            partners = (edition.partners or []) if frozen else partners_of_period(period)
        live = cached_indicators(period).to_dict() if (frozen and staff_view) else None
        return _assemble(period, edition, figures, partners, live, staff_view, frozen)


def previous_figures(period: Period) -> dict | None:
    """The figures of the year before, for « L'année en bref » (None before MIN_YEAR)."""
    year = period.reference_year - 1
    if year < MIN_YEAR:
        return None
    return cached_indicators(Period.year(year)).to_dict()


def frozen_story(period: Period, edition: ReportEdition) -> dict:
    """What a published edition keeps besides its figures: the year told as the board and
    the PDF see it, and the year before's figures."""
    with translation.override(REPORT_LANGUAGE):
        story = cached_year_story(period, edition, minimum=min_group_size())
        return {"story": story.to_dict(), "previous": previous_figures(period)}


def chapter_contents(
    figures: dict,
    live: dict | None,
    sections: dict | None,
    staff_view: bool,
    links: dict[str, str],
    withheld: set | frozenset = frozenset(),
):
    """Each chapter's narrative, charts, and the figures « L'année en bref » does not
    already give (no figure is printed twice outside it)."""
    audience = Audience.STAFF if staff_view else Audience.BOARD
    in_brief = {f.key for f in key_figures_of(audience)}
    sections = sections or {}  # a funder report has no chapter narrative
    changed = _changed_charts(figures, live)
    return [
        ChapterContent(
            code=chapter.value,
            title=str(chapter.label),
            figures=withhold_figures(
                [
                    rendered_figure(f, figures, links, live)
                    for f in chapter_figures(chapter, audience)
                    if f.key not in in_brief
                ],
                withheld,
            ),
            charts=_charts(chapter, figures, staff_view, changed),
            sections=sections.get(chapter.value, []),
            has_story=chapter in STORY_CHAPTERS,
        )
        for chapter in Chapter
    ], sorted(changed)


def _changed_figures(key_figures, chapters) -> list[RenderedFigure]:
    """The figures whose live value differs from the published one, key figures first."""
    shown = [*key_figures, *(f for c in chapters for f in c.figures)]
    changed = {f.name: f for f in shown if f.live_display is not None}
    return list(changed.values())


def _assemble(period, edition, figures, partners, live, staff_view, frozen) -> ReportContent:
    links = admin_links(period) if staff_view else {}
    audience = Audience.STAFF if staff_view else Audience.BOARD
    if frozen and edition.story:
        story = YearStory.from_dict(edition.story["story"])
        previous = edition.story["previous"]
    else:
        story = cached_year_story(period, edition, minimum=1 if staff_view else min_group_size())
        previous = previous_figures(period)
    figures, withheld = protect_figures(figures, staff_view)
    if previous:
        previous = protect_figures(previous, staff_view)[0]
    drafts = year_drafts(period.reference_year, figures, story, partners)
    sections = _sections_by_chapter(edition, drafts)
    chapters, changed_charts = chapter_contents(
        figures, live, sections, staff_view, links, withheld
    )
    key_figures = withhold_figures(
        [rendered_figure(f, figures, links, live, previous) for f in key_figures_of(audience)],
        withheld,
    )
    funders = figures.get("breakdowns", {}).get("grants_by_funder", [])
    total = sum((Decimal(item["amount"]) for item in funders), Decimal(0))
    published_at = edition.published_at if frozen else None
    return ReportContent(
        year=period.reference_year,
        title=edition.title if edition else _("Rapport d'activité"),
        provisional=not frozen,
        edition=edition,
        introduction=render_markdown(edition.introduction) if edition else mark_safe(""),
        key_figures=key_figures,
        chapters=chapters,
        funders=[{**item, "amount_display": french_amount(item["amount"])} for item in funders],
        funders_total=french_amount(total),
        partners=_partners_by_role(partners),
        # The edition's own logo, else the association's (one query).
        **_identity(edition),
        published_on=french_date(timezone.localdate(published_at)) if published_at else "",
        approved_on=_approved_on(edition),
        generated_on=french_date(timezone.localdate()),
        changed_figures=_changed_figures(key_figures, chapters),
        changed_charts=changed_charts,
        story=story,
        previous_year=previous["year"] if previous else None,
    )


def _identity(edition: ReportEdition | None) -> dict[str, str]:
    association = Association.current()
    logo_url = edition.logo.url if edition and edition.logo else association.logo_url
    return {"association": association.name, "logo_url": logo_url}


def _approved_on(edition: ReportEdition | None) -> str:
    """« 7 juillet 2021 »: the general assembly that approved the edition, if recorded."""
    meeting = edition.approved_by_meeting if edition and edition.approved_by_meeting_id else None
    return french_date(meeting.date) if meeting else ""


def protect_figures(figures: dict, staff_view: bool) -> tuple[dict, set]:
    """The small-count rule (reports.figures.protect_for_board): what a board member, a
    PDF or a funder may read; staff keep every exact figure."""
    if staff_view:
        return figures, set()
    return protect_for_board(figures, min_group_size())


def withhold_figures(rendered: list[RenderedFigure], withheld: set) -> list[RenderedFigure]:
    """Figures a board member may not read show « moins de k personnes » instead."""
    if not withheld:
        return rendered
    label = withheld_label(min_group_size())
    return [
        replace(f, display=label, caption=f"({str(figure(f.name).label).lower()})")
        if f.name in withheld
        else f
        for f in rendered
    ]


def drafts_of_edition(edition: ReportEdition) -> dict[str, str]:
    """The paragraph drafted from the data for each chapter of `edition`'s year (its frozen
    figures once published), for staff to keep, edit or replace."""
    period = Period.year(edition.year)
    with translation.override(REPORT_LANGUAGE):
        if edition.is_published and edition.figures is not None:
            figures, partners = edition.figures, edition.partners or []
        else:
            figures = cached_indicators(period).to_dict()
            partners = partners_of_period(period)
        # Kept drafts become sections the board and the PDF print: board figures only.
        figures = protect_figures(figures, staff_view=False)[0]
        if edition.is_published and edition.story:
            story = YearStory.from_dict(edition.story["story"])
        else:
            story = cached_year_story(period, edition, minimum=min_group_size())
        return year_drafts(edition.year, figures, story, partners)


def current_edition(year: int, *, include_drafts: bool) -> ReportEdition | None:
    """The latest published edition of the year, else (if allowed) the latest draft, with
    its sections. Queries: the edition, then its sections when there is one."""
    editions = ReportEdition.objects.for_year(year)
    if not include_drafts:
        editions = editions.published()
    editions = editions.select_related("approved_by_meeting")
    return editions.latest_first().prefetch_related("sections").first()


def content_for_year(year: int, *, include_drafts: bool, staff_view: bool) -> ReportContent:
    edition = current_edition(year, include_drafts=include_drafts)
    return build_content(year, edition, staff_view=staff_view)


# French spacing in text (never inside a tag): a narrow no-break space before « : ; ! ? % »
# and after « « », before « » », whatever staff or a template typed.
_TAGS = re.compile(r"(<[^>]*>)")
_BEFORE = re.compile(r"[ \u00a0]([:;!?%])")
_QUOTES = (re.compile(r"«[ \u00a0]"), re.compile(r"[ \u00a0]»"))


def french_spacing(html: str) -> str:
    parts = _TAGS.split(html)
    for i in range(0, len(parts), 2):  # the text between tags
        text = _BEFORE.sub(NNBSP + r"\1", parts[i])
        text = _QUOTES[0].sub("«" + NNBSP, text)
        parts[i] = _QUOTES[1].sub(NNBSP + "»", text)
    return "".join(parts)


def render_document(content: ReportContent) -> str:
    """The printable HTML document (the PDF's source): no admin links, no change flags."""
    static_prefix = "/" + settings.STATIC_URL.strip("/") + "/"
    with translation.override(REPORT_LANGUAGE):
        html = render_to_string(
            "reports/report_document.html",
            {"report": content, "static_prefix": static_prefix, "for_print": True},
        )
    return french_spacing(html)


def render_content_pdf(content: ReportContent) -> bytes:
    return render_pdf(render_document(content))


def render_report_html(year: int) -> str:
    """For the `annual_report` command (run by the people who run the server): the current
    edition, drafts included, as a printable HTML document."""
    return render_document(content_for_year(year, include_drafts=True, staff_view=False))


def render_report_pdf(year: int) -> bytes:
    """The stored PDF of the latest published edition if there is one, else a PDF
    rendered now (latest draft's narrative, live figures, marked « Provisoire »)."""
    validate_year(year)
    stored = stored_pdf_edition(year)
    if stored is not None:
        with stored.pdf.open("rb") as pdf:
            return pdf.read()
    return render_content_pdf(content_for_year(year, include_drafts=True, staff_view=False))


def stored_pdf_edition(year: int) -> ReportEdition | None:
    """The latest published edition of the year if its PDF file is there."""
    edition = ReportEdition.objects.for_year(year).published().order_by("-version").first()
    if edition is None or not edition.pdf or not edition.pdf.storage.exists(edition.pdf.name):
        return None
    return edition
