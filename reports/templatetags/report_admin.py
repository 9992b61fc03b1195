"""The admin index's « Rapport et tableau de bord » panel: from the records to what they
are for (issue 18)."""

from django import template
from django.urls import reverse
from django.utils import timezone

from reports.dashboard import data_years
from reports.models import ReportEdition

register = template.Library()

EDITIONS_SHOWN = 3


@register.inclusion_tag("admin/reports/_report_panel.html", takes_context=True)
def report_panel(context) -> dict:
    """The year's report (the last year holding records), the dashboard and the latest
    editions. Four queries: data_years' three, one for the editions."""
    user = context["request"].user
    year = data_years(timezone.localdate())[1] or timezone.localdate().year
    editions = list(
        ReportEdition.objects.order_by("-year", "-version").only(
            "pk", "year", "version", "title", "status"
        )[:EDITIONS_SHOWN]
    )
    return {
        "year": year,
        "report_url": reverse("reports:report", args=[year]),
        "report_pdf_url": reverse("reports:report_pdf", args=[year]),
        "dashboard_url": reverse("reports:dashboard"),
        "editions": editions,
        "can_add_edition": user.has_perm("reports.add_reportedition"),
    }
