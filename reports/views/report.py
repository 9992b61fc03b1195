"""The annual report for staff and board: HTML preview and PDF, the same content."""

from functools import wraps

from django.contrib.auth.decorators import login_required, permission_required
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from core.period import validate_year
from reports.rendering import content_for_year, render_content_pdf, stored_pdf_edition


def _valid_year(view):
    """A year outside 1900..2100 is a page that does not exist, not an error."""

    @wraps(view)
    def wrapper(request: HttpRequest, year: int) -> HttpResponse:
        try:
            validate_year(year)
        except ValueError as error:
            raise Http404("no report for this year") from error
        return view(request, year)

    return wrapper


def _content_for_user(request: HttpRequest, year: int, *, staff_view: bool):
    # Drafts' narrative is staff work in progress: board members see published text only.
    return content_for_year(year, include_drafts=request.user.is_staff, staff_view=staff_view)


@login_required
@permission_required("reports.view_annual_report", raise_exception=True)
@_valid_year
def report(request: HttpRequest, year: int) -> HttpResponse:
    content = _content_for_user(request, year, staff_view=request.user.is_staff)
    context = {"report": content, "staff_view": request.user.is_staff}
    return render(request, "reports/report.html", context)


@login_required
@permission_required("reports.view_annual_report", raise_exception=True)
@_valid_year
def report_pdf(request: HttpRequest, year: int) -> HttpResponse:
    filename = f"rapport-activite-{year}.pdf"
    stored = stored_pdf_edition(year)
    if stored is not None:
        return FileResponse(
            stored.pdf.open("rb"),
            as_attachment=True,
            filename=filename,
            content_type="application/pdf",
        )
    content = _content_for_user(request, year, staff_view=False)
    response = HttpResponse(render_content_pdf(content), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
