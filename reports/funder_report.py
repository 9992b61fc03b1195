"""The report a funder asks for: its agreement's period, the same figures as the annual
report over exactly those days, the scope's own figures and stories, the instalments and
the narrative staff write.

One dict (`funder_report_data`) is the JSON, the frozen figures of a sent report and the
source of the HTML and PDF, which reuse the annual report's chapters, charts, CSS, font
and fetcher (`reports.rendering`, `core.pdf`).
"""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from cooperatives import stats as cooperative_stats
from core.formatting import french_amount, french_date
from core.pdf import render_pdf
from core.period import Period
from events import stats as event_stats
from funding.models import GrantAgreement
from governance.identity import DEFAULT_NAME
from governance.models import Association
from reports.figures import FIGURES, Audience, key_figures
from reports.indicators import REPORT_LANGUAGE, compute_indicators
from reports.models import FunderReport
from reports.rendering import (
    ChapterContent,
    RenderedFigure,
    admin_links,
    chapter_contents,
    french_spacing,
    protect_figures,
    render_markdown,
    rendered_figure,
    withhold_figures,
)

FIGURE_KEYS = {f.key for f in FIGURES}


def period_text(period: Period) -> str:
    """« du 1er juillet 2020 au 30 juin 2021 »."""
    return _("du %(start)s au %(end)s") % {
        "start": french_date(period.start),
        "end": french_date(period.end),
    }


def agreement_with_scope(reference: str) -> GrantAgreement:
    """The agreement and everything its report walks (3 queries for the relations)."""
    return (
        GrantAgreement.objects.select_related("funder")
        .prefetch_related("programmes", "cooperatives", "events", "instalments")
        .get(reference=reference)
    )


def funder_report_data(agreement: GrantAgreement) -> dict[str, Any]:
    """The report's data over the agreement's period, live: the JSON of `funder_report`
    and what a sent report freezes."""
    period = agreement.period
    with translation.override(REPORT_LANGUAGE):
        return {
            "grant": agreement.reference,
            "period_start": period.start.isoformat(),
            "period_end": period.end.isoformat(),
            "funder": agreement.funder.name,
            "title": agreement.title,
            "requested_figures": [k for k in agreement.requested_figures if k in FIGURE_KEYS],
            "figures": compute_indicators(period).to_dict(),
            "scope": _scope(agreement, period),
            "instalments": [
                {
                    "due_on": i.due_on.isoformat(),
                    "amount": str(i.amount),
                    "received_on": i.received_on.isoformat() if i.received_on else None,
                }
                for i in agreement.instalments.all()
            ],
        }


def _scope(agreement: GrantAgreement, period: Period) -> dict[str, Any]:
    """The scoped cooperatives' and events' own figures over the period (two grouped
    queries), and the scoped programmes; empty lists for a whole-association grant."""
    if not agreement.is_scoped:
        return {"programmes": [], "cooperatives": [], "events": []}
    cooperatives = list(agreement.cooperatives.all())
    engaged = cooperative_stats.cooperators_by_cooperative(period)
    events = [e for e in agreement.events.all() if e.date in period]
    attended = event_stats.attendees_by_event(events)
    return {
        "programmes": [
            {"name": p.name, "description": p.description} for p in agreement.programmes.all()
        ],
        "cooperatives": [
            {
                "reference": c.reference,
                "name": c.name,
                "start_date": c.start_date.isoformat() if c.start_date else None,
                "end_date": c.end_date.isoformat() if c.end_date else None,
                "brand_name": c.brand_name,
                "workspace": c.workspace_description,
                "cooperators_engaged": engaged.get(c.pk, 0),
            }
            for c in sorted(cooperatives, key=lambda c: c.reference)
        ],
        "events": [
            {
                "reference": e.reference,
                "title": e.title,
                "date": e.date.isoformat(),
                "kind": e.get_kind_display(),
                "attended": attended.get(e.pk, 0),
                "description": e.description,
            }
            for e in sorted(events, key=lambda e: (e.date, e.reference))
        ],
    }


@dataclass
class FunderReportContent:
    agreement: GrantAgreement
    report: FunderReport | None
    period: str
    provisional: bool
    requested: list[RenderedFigure]
    chapters: list[ChapterContent]
    scope: dict[str, Any]
    instalments: list[dict[str, str]]
    instalments_total: str
    received_total: str
    narrative: SafeString
    sent_on: str = ""
    generated_on: str = ""
    association: str = DEFAULT_NAME
    requested_keys: list[str] = field(default_factory=list)
    funders: list[dict[str, Any]] = field(default_factory=list)
    funders_total: str = ""
    partners: list = field(default_factory=list)  # the annual report's list; none here

    @property
    def title(self) -> str:
        kind = self.report.get_kind_display() if self.report else _("Bilan")
        return f"{kind} — {self.agreement.title}"


def build_funder_content(
    agreement: GrantAgreement, report: FunderReport | None, *, staff_view: bool = False
) -> FunderReportContent:
    """The funder report of `agreement` with the narrative of `report` (or none): frozen
    figures once sent, live ones otherwise; `staff_view` adds the admin links."""
    frozen = report is not None and report.is_sent and report.figures is not None
    with translation.override(REPORT_LANGUAGE):
        data = report.figures if frozen else funder_report_data(agreement)
        return _assemble(agreement, report, data, frozen, staff_view)


def _assemble(agreement, report, data, frozen, staff_view) -> FunderReportContent:
    period = Period(datetime_date(data["period_start"]), datetime_date(data["period_end"]))
    # A funder reads the report as a board member does: the small-count rule applies.
    figures, withheld = protect_figures(data["figures"], staff_view)
    funders = figures.get("breakdowns", {}).get("grants_by_funder", [])
    links = admin_links(period) if staff_view else {}
    audience = Audience.STAFF if staff_view else Audience.BOARD
    chapters, _changed = chapter_contents(figures, None, None, staff_view, links, withheld)
    by_key = {f.key: f for f in FIGURES}
    asked = [by_key[k] for k in data["requested_figures"] if k in by_key]
    requested = withhold_figures(
        [rendered_figure(f, figures, links, None) for f in (asked or key_figures(audience))],
        withheld,
    )
    instalments = [
        {
            "due_on": french_date(datetime_date(i["due_on"])),
            "amount": french_amount(i["amount"]),
            "received_on": french_date(datetime_date(i["received_on"])) if i["received_on"] else "",
        }
        for i in data["instalments"]
    ]
    return FunderReportContent(
        association=Association.current().name,
        agreement=agreement,
        report=report,
        period=period_text(period),
        provisional=not frozen,
        requested=requested,
        chapters=chapters,
        scope=_scope_for_display(data["scope"]),
        instalments=instalments,
        instalments_total=french_amount(sum_amounts(data["instalments"])),
        received_total=french_amount(
            sum_amounts(i for i in data["instalments"] if i["received_on"])
        ),
        narrative=render_markdown(report.narrative) if report else render_markdown(""),
        sent_on=french_date(timezone.localdate(report.sent_at)) if frozen else "",
        generated_on=french_date(timezone.localdate()),
        requested_keys=list(data["requested_figures"]),
        funders=[{**item, "amount_display": french_amount(item["amount"])} for item in funders],
        funders_total=french_amount(sum_amounts(funders)),
    )


def _scope_for_display(scope: dict[str, Any]) -> dict[str, Any]:
    events = [
        {**event, "date_display": french_date(datetime_date(event["date"]))}
        for event in scope["events"]
    ]
    return {**scope, "events": events}


def datetime_date(text: str) -> datetime.date:
    return datetime.date.fromisoformat(text)


def sum_amounts(rows) -> Decimal:
    return sum((Decimal(r["amount"]) for r in rows), Decimal(0))


def render_funder_document(content: FunderReportContent) -> str:
    """The printable HTML (the PDF's source): no admin links."""
    static_prefix = "/" + settings.STATIC_URL.strip("/") + "/"
    with translation.override(REPORT_LANGUAGE):
        html = render_to_string(
            "reports/funder_report_document.html",
            {"report": content, "static_prefix": static_prefix, "for_print": True},
        )
    return french_spacing(html)


def render_funder_pdf(content: FunderReportContent) -> bytes:
    return render_pdf(render_funder_document(content))


def latest_report(agreement: GrantAgreement) -> FunderReport | None:
    """The latest sent report, else the latest draft."""
    reports = agreement.funder_reports.order_by("-created_at", "-pk")
    return reports.sent().first() or reports.first()


def stored_pdf(report: FunderReport | None) -> bytes | None:
    if report is None or not report.is_sent or not report.pdf:
        return None
    if not report.pdf.storage.exists(report.pdf.name):
        return None
    with report.pdf.open("rb") as handle:
        return handle.read()


def funder_report_pdf(agreement: GrantAgreement) -> bytes:
    """The stored PDF of the latest sent report if any, else one rendered now."""
    report = latest_report(agreement)
    stored = stored_pdf(report)
    if stored is not None:
        return stored
    return render_funder_pdf(build_funder_content(agreement, report))
