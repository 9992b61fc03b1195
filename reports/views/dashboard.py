from django.contrib.auth.decorators import login_required, permission_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from reports.dashboard import YearOutOfRange, dashboard_html, data_years


@login_required
@permission_required("reports.view_dashboard", raise_exception=True)
def dashboard(request: HttpRequest, year: int | None = None) -> HttpResponse:
    """The year at a glance for the board (aggregated figures only) and staff."""
    today = timezone.localdate()
    if year is None:
        # The current year by default; while it holds nothing yet (January, or a demo of
        # past years), open the last year that has records rather than a page of zeros.
        last_data_year = data_years(today)[1]
        if last_data_year and last_data_year < today.year:
            return redirect("reports:dashboard_year", last_data_year)
    year = today.year if year is None else year
    try:
        # Staff keep every record anyway: they see exact small counts.
        body = dashboard_html(year, today=today, exact=request.user.is_staff, request=request)
    except YearOutOfRange:
        raise Http404(_("Aucun tableau de bord pour l'année %(year)s.") % {"year": year}) from None
    return render(request, "reports/dashboard.html", {"year": year, "body": body})
