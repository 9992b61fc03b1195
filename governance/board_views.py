"""The board area (/board/): meetings, agendas, minutes, decisions, mandates and dossiers.

For board members (group « Conseil d'administration ») and staff. Only the association's
own life is shown here: members and their votes, never a person the association follows.
"""

from django.contrib.auth.decorators import login_required, permission_required
from django.db.models import Prefetch
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.views.decorators.cache import never_cache

from core.storage import private_file_response
from governance.documents import meeting_record, minutes_pdf, notice_pdf
from governance.models import Dossier, Mandate, Meeting

LATEST_MEETINGS = 60


def board_area(view):
    """Logged in, with the board area's permission (board members, staff, superusers);
    never stored by a cache (members' names are personal data)."""
    guarded = permission_required("governance.view_board_area", raise_exception=True)(view)
    return never_cache(login_required(guarded))


def _meeting(reference: str) -> Meeting:
    return get_object_or_404(Meeting, reference=reference)


@board_area
def index(request: HttpRequest) -> HttpResponse:
    """The latest meetings, newest first (older ones: the admin's full list)."""
    meetings = list(
        Meeting.objects.order_by("-date").only("reference", "kind", "date", "format", "title")[
            :LATEST_MEETINGS
        ]
    )
    return render(request, "governance/board/index.html", {"meetings": meetings})


@board_area
def meeting(request: HttpRequest, reference: str) -> HttpResponse:
    meeting = _meeting(reference)
    context = {
        "meeting": meeting,
        "record": meeting_record(meeting),
        "agenda": list(meeting.agenda_items.all()),
        "guests": list(meeting.guests.select_related("organisation")),
    }
    return render(request, "governance/board/meeting.html", context)


def _pdf(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    response["Cache-Control"] = "no-store"
    return response


@board_area
def minutes(request: HttpRequest, reference: str) -> HttpResponse:
    meeting = _meeting(reference)
    return _pdf(minutes_pdf(meeting), f"proces-verbal-{meeting.reference}.pdf")


@board_area
def notice(request: HttpRequest, reference: str) -> HttpResponse:
    meeting = _meeting(reference)
    return _pdf(notice_pdf(meeting), f"convocation-{meeting.reference}.pdf")


@board_area
def signed_minutes(request: HttpRequest, reference: str) -> FileResponse:
    """The signed scan, from private storage (never a public URL), not kept by caches."""
    meeting = _meeting(reference)
    if not meeting.is_signed:
        raise Http404("no signed minutes")
    filename = f"proces-verbal-signe-{meeting.reference}.pdf"
    return private_file_response(meeting.signed_minutes, filename, "application/pdf")


@board_area
def mandates(request: HttpRequest) -> HttpResponse:
    """Mandates running today, and every dossier with who carries it."""
    today = timezone.localdate()
    running = list(
        Mandate.objects.running_on(today)
        .select_related("member")
        .prefetch_related("dossiers")
        .order_by("role", "member__last_name")
    )
    carriers = Prefetch(
        "mandates",
        queryset=Mandate.objects.running_on(today).select_related("member"),
        to_attr="current_mandates",
    )
    dossiers = list(Dossier.objects.prefetch_related(carriers).order_by("name"))
    context = {"mandates": running, "dossiers": dossiers, "today": today}
    return render(request, "governance/board/mandates.html", context)
