"""The annual report's content for a year or an edition, rendered as HTML or PDF.

One `ReportContent` feeds the web preview, the PDF and the `annual_report` command, so
what staff check on screen is what gets printed. Figures are the indicators' dict
(`YearIndicators.to_dict()`), live or frozen in a published edition: one code path.
"""

from dataclasses import dataclass, field
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
from django.utils.translation import ngettext

from core.formatting import NBSP, french_amount, french_date, french_number, french_percent
from core.pdf import render_pdf
from core.period import Period, validate_year
from governance.models import Partnership
from governance.stats import (
    BreakdownItem,
    min_group_size,
    partners_of_period,
    suppress_small_groups,
)
from reports.charts import Chart, bar_chart, line_chart
from reports.indicators import REPORT_LANGUAGE, compute_indicators, figure_filters
from reports.models import ReportEdition, ReportSection

ASSOCIATION_NAME = "Meltingcoop"

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


# Figures: how each one is worded, and in which chapter it appears.

Chapter = ReportSection.Chapter


def _caption(name: str, value: int | None) -> str:
    n = value or 0
    captions = {
        "entrepreneurs_met": ngettext(
            "entrepreneur·e rencontré·e", "entrepreneur·es rencontré·es", n
        ),
        "women_percent": _("de femmes parmi les personnes rencontrées"),
        "new_entrepreneurs": ngettext(
            "nouvelle personne accompagnée", "nouvelles personnes accompagnées", n
        ),
        "individual_interviews": ngettext("entretien individuel", "entretiens individuels", n),
        "collective_meetings": ngettext("réunion collective", "réunions collectives", n),
        "workshops_in_person": ngettext(
            "atelier ou journée de formation en présentiel",
            "ateliers et journées de formation en présentiel",
            n,
        ),
        "commercial_events": ngettext(
            "évènement commercial commun", "évènements commerciaux communs", n
        ),
        "cooperatives_active": ngettext(
            "coopérative éphémère active", "coopératives éphémères actives", n
        ),
        "cooperators_engaged": ngettext(
            "coopérateur·rice engagé·e", "coopérateur·rices engagé·es", n
        ),
        "cooperative_brands_created": ngettext(
            "marque coopérative créée", "marques coopératives créées", n
        ),
        "cooperators_average_age": _("d'âge moyen des coopérateur·rices"),
        "board_meetings": ngettext(
            "réunion du conseil d'administration", "réunions du conseil d'administration", n
        ),
        "general_assemblies": ngettext("assemblée générale", "assemblées générales", n),
    }
    return captions[name]


def _display(name: str, value: int | None) -> str:
    if value is None:
        return "—"
    if name == "women_percent":
        return french_percent(value)
    if name == "cooperators_average_age":
        return f"{french_number(value)}{NBSP}{_('ans')}"
    return french_number(value)


KEY_FIGURES = (
    "entrepreneurs_met",
    "women_percent",
    "new_entrepreneurs",
    "individual_interviews",
    "cooperators_engaged",
    "cooperators_average_age",
    "cooperative_brands_created",
    "workshops_in_person",
    "commercial_events",
    "collective_meetings",
    "board_meetings",
    "general_assemblies",
)
CHAPTER_FIGURES = {
    Chapter.ASSOCIATIVE_LIFE: ("board_meetings", "general_assemblies"),
    Chapter.SUPPORT: (
        "entrepreneurs_met",
        "women_percent",
        "new_entrepreneurs",
        "individual_interviews",
        "collective_meetings",
        "workshops_in_person",
    ),
    Chapter.COOPERATIVES: (
        "cooperatives_active",
        "cooperators_engaged",
        "cooperators_average_age",
        "cooperative_brands_created",
        "commercial_events",
    ),
    Chapter.PARTNERSHIPS: (),
    Chapter.OUTLOOK: (),
}
MONTHS = ("janv.", "févr.", "mars", "avr.", "mai", "juin")
MONTHS += ("juil.", "août", "sept.", "oct.", "nov.", "déc.")


@dataclass(frozen=True)
class Figure:
    name: str
    value: int | None
    display: str
    caption: str
    link: str = ""  # the admin changelist of the records counted (staff, HTML only)
    live_display: str | None = None  # set when the live figure differs from the frozen one


@dataclass(frozen=True)
class ChartBlock:
    key: str
    chart: Chart
    changed: bool = False


@dataclass(frozen=True)
class RenderedSection:
    heading: str
    html: SafeString


@dataclass
class ChapterContent:
    code: str
    title: str
    figures: list[Figure]
    charts: list[ChartBlock]
    sections: list[RenderedSection]

    @property
    def is_empty(self) -> bool:
        return not (self.sections or self.figures or self.charts)

    @property
    def anchor(self) -> str:
        return f"chapitre-{self.code}"

    def blocks(self) -> list[tuple[RenderedSection | None, ChartBlock | None]]:
        """Narrative and charts interleaved, so each chart sits next to text."""
        count = max(len(self.sections), len(self.charts))
        return [
            (
                self.sections[i] if i < len(self.sections) else None,
                self.charts[i] if i < len(self.charts) else None,
            )
            for i in range(count)
        ]


@dataclass
class ReportContent:
    year: int
    title: str
    provisional: bool
    edition: ReportEdition | None
    introduction: SafeString
    key_figures: list[Figure]
    chapters: list[ChapterContent]
    funders: list[dict[str, Any]]
    funders_total: str
    partners: list[tuple[str, list[str]]]
    logo_url: str = ""
    published_on: str = ""
    generated_on: str = ""
    changed_figures: list[Figure] = field(default_factory=list)
    changed_charts: list[str] = field(default_factory=list)
    association: str = ASSOCIATION_NAME


def _figure(name: str, figures: dict, links: dict[str, str], live: dict | None) -> Figure:
    value = figures.get(name)
    live_display = None
    if live is not None and live.get(name) != value:
        live_display = _display(name, live.get(name))
    return Figure(
        name,
        value,
        _display(name, value),
        _caption(name, value),
        links.get(name, ""),
        live_display,
    )


def _bars(title: str, items: list[dict]) -> Chart:
    return bar_chart(title, [(item["label"], item["count"]) for item in items])


def _charts(breakdowns: dict[str, list[dict]]) -> dict[Chapter, list[tuple[str, Chart]]]:
    b = {key: breakdowns.get(key, []) for key in _CHART_KEYS}
    events = b["events_by_kind_and_month"]
    monthly = [sum(item["months"][m] for item in events) for m in range(12)]
    grants = [(i["label"], float(Decimal(i["amount"]))) for i in b["grants_by_funder"]]
    return {
        Chapter.ASSOCIATIVE_LIFE: [
            ("meetings_by_format", _bars(_("Réunions par format"), b["meetings_by_format"])),
        ],
        Chapter.SUPPORT: [
            ("entrepreneurs_met_by_gender", _bars(
                _("Personnes rencontrées par genre"), b["entrepreneurs_met_by_gender"])),
            ("entrepreneurs_met_by_sector", _bars(
                _("Personnes rencontrées par secteur d'activité"),
                b["entrepreneurs_met_by_sector"])),
            ("entrepreneurs_met_by_referrer", _bars(
                _("Personnes rencontrées par structure d'orientation"),
                b["entrepreneurs_met_by_referrer"])),
            ("events_by_kind_and_month", _bars(_("Évènements par type"), events)),
            ("events_by_month", line_chart(
                _("Évènements par mois"), MONTHS, {_("Évènements"): monthly}
                if events else {})),
        ],
        Chapter.COOPERATIVES: [
            ("cooperators_by_country", _bars(
                _("Coopérateur·rices par pays d'origine"), b["cooperators_by_country"])),
            ("cooperators_by_project_kind", _bars(
                _("Coopérateur·rices par type de projet"), b["cooperators_by_project_kind"])),
            ("cooperators_by_skill_level", _bars(
                _("Coopérateur·rices par niveau de compétence"),
                b["cooperators_by_skill_level"])),
            ("cooperators_by_informal_activity", _bars(
                _("Coopérateur·rices exerçant déjà de manière informelle"),
                b["cooperators_by_informal_activity"])),
        ],
        Chapter.PARTNERSHIPS: [
            ("grants_by_funder", bar_chart(
                _("Subventions accordées par financeur (€)"), grants,
                value_header=_("Montant (€)"))),
        ],
        Chapter.OUTLOOK: [],
    }  # fmt: skip


# Breakdowns that count people: outside the staff's view (board, PDF), categories of
# fewer than min_group_size() people are merged into « Autres ».
PEOPLE_BREAKDOWNS = (
    "entrepreneurs_met_by_gender",
    "entrepreneurs_met_by_sector",
    "entrepreneurs_met_by_referrer",
    "cooperators_by_country",
    "cooperators_by_project_kind",
    "cooperators_by_skill_level",
    "cooperators_by_informal_activity",
)


def _protect_people(breakdowns: dict[str, list[dict]]) -> dict[str, list[dict]]:
    minimum = min_group_size()
    protected = dict(breakdowns)
    for key in PEOPLE_BREAKDOWNS:
        items = [BreakdownItem(**item) for item in breakdowns.get(key, [])]
        protected[key] = [item.to_dict() for item in suppress_small_groups(items, minimum)]
    return protected


_CHART_KEYS = (
    "meetings_by_format",
    "entrepreneurs_met_by_gender",
    "entrepreneurs_met_by_sector",
    "entrepreneurs_met_by_referrer",
    "events_by_kind_and_month",
    "cooperators_by_country",
    "cooperators_by_project_kind",
    "cooperators_by_skill_level",
    "cooperators_by_informal_activity",
    "grants_by_funder",
)


def _changed_charts(frozen: dict, live: dict | None) -> set[str]:
    if live is None:
        return set()
    before, now = frozen.get("breakdowns", {}), live.get("breakdowns", {})
    changed = {key for key in _CHART_KEYS if before.get(key) != now.get(key)}
    if "events_by_kind_and_month" in changed:
        changed.add("events_by_month")
    return changed


def _admin_links(year: int) -> dict[str, str]:
    return {
        name: f"{reverse(f.url_name)}?{f.query_string()}"
        for name, f in figure_filters(Period.year(year)).items()
    }


def _partners_by_role(partners: list[dict[str, str]]) -> list[tuple[str, list[str]]]:
    labels = dict(Partnership.Role.choices)
    grouped: dict[str, list[str]] = {}
    for row in partners:
        grouped.setdefault(row["role"], []).append(row["name"])
    order = [role for role in Partnership.Role.values if role in grouped]
    return [(str(labels[role]), grouped[role]) for role in order]


def _sections_by_chapter(edition: ReportEdition | None) -> dict[str, list[RenderedSection]]:
    result: dict[str, list[RenderedSection]] = {}
    if edition is None:
        return result
    for section in edition.sections.all():  # prefetched, in order
        rendered = RenderedSection(section.heading, render_markdown(section.body))
        result.setdefault(section.chapter, []).append(rendered)
    return result


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
            figures = edition.figures if frozen else compute_indicators(period).to_dict()
        if partners is None:
            partners = (edition.partners or []) if frozen else partners_of_period(period)
        live = compute_indicators(period).to_dict() if (frozen and staff_view) else None
        return _assemble(year, edition, figures, partners, live, staff_view, frozen)


def _assemble(year, edition, figures, partners, live, staff_view, frozen) -> ReportContent:
    links = _admin_links(year) if staff_view else {}
    sections = _sections_by_chapter(edition)
    breakdowns = figures.get("breakdowns", {})
    charts = _charts(breakdowns if staff_view else _protect_people(breakdowns))
    changed = _changed_charts(figures, live)
    chapters = [
        ChapterContent(
            code=chapter.value,
            title=str(chapter.label),
            figures=[_figure(n, figures, links, live) for n in CHAPTER_FIGURES[chapter]],
            charts=[
                ChartBlock(key, chart.with_font(REPORT_FONT), key in changed)
                for key, chart in charts[chapter]
            ],
            sections=sections.get(chapter.value, []),
        )
        for chapter in Chapter
    ]
    key_figures = [_figure(name, figures, links, live) for name in KEY_FIGURES]
    funders = figures.get("breakdowns", {}).get("grants_by_funder", [])
    total = sum((Decimal(item["amount"]) for item in funders), Decimal(0))
    published_at = edition.published_at if frozen else None
    return ReportContent(
        year=year,
        title=edition.title if edition else _("Rapport d'activité"),
        provisional=not frozen,
        edition=edition,
        introduction=render_markdown(edition.introduction) if edition else mark_safe(""),
        key_figures=key_figures,
        chapters=chapters,
        funders=[{**item, "amount_display": french_amount(item["amount"])} for item in funders],
        funders_total=french_amount(total),
        partners=_partners_by_role(partners),
        logo_url=edition.logo.url if edition and edition.logo else "",
        published_on=french_date(timezone.localdate(published_at)) if published_at else "",
        generated_on=french_date(timezone.localdate()),
        changed_figures=[f for f in key_figures if f.live_display is not None]
        + [
            f
            for c in chapters
            for f in c.figures
            if f.live_display is not None and f.name not in KEY_FIGURES
        ],
        changed_charts=sorted(changed),
    )


def current_edition(year: int, *, include_drafts: bool) -> ReportEdition | None:
    """The latest published edition of the year, else (if allowed) the latest draft, with
    its sections. Queries: the edition, then its sections when there is one."""
    editions = ReportEdition.objects.for_year(year)
    if not include_drafts:
        editions = editions.published()
    return editions.latest_first().prefetch_related("sections").first()


def content_for_year(year: int, *, include_drafts: bool, staff_view: bool) -> ReportContent:
    edition = current_edition(year, include_drafts=include_drafts)
    return build_content(year, edition, staff_view=staff_view)


def render_document(content: ReportContent) -> str:
    """The printable HTML document (the PDF's source): no admin links, no change flags."""
    static_prefix = "/" + settings.STATIC_URL.strip("/") + "/"
    with translation.override(REPORT_LANGUAGE):
        return render_to_string(
            "reports/report_document.html",
            {"report": content, "static_prefix": static_prefix, "for_print": True},
        )


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
