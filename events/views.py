"""Staff pages of attendance: the roll call of a session, registrations, signed sheets and
the sign-in sheet PDF. Mounted under the admin's prefix (staff second factor applies)."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.http import FileResponse, HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.cache import patch_cache_control
from django.utils.text import get_valid_filename
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_POST

from core.formatting import french_date
from core.storage import private_file_response
from entrepreneurs.models import Entrepreneur
from events import services
from events.models import Attendance, Event, Session, SignedSheet
from spreadsheets.widgets import DateWidget

SEARCH_RESULTS = 10


class SignedSheetForm(forms.Form):
    # Lazy: the label is read in the request's language, not the import's.
    file = forms.FileField(label=gettext_lazy("Feuille signée (PDF, JPEG ou PNG, 10 Mo au plus)"))


def _session(pk: int) -> Session:
    return get_object_or_404(Session.objects.select_related("event__cooperative"), pk=pk)


def _read_marks(post, attendance_ids: set[int]) -> dict[int, str]:
    allowed = {str(mark) for mark in Attendance.MARKS}
    marks = {}
    for pk in attendance_ids:
        value = post.get(f"status-{pk}")
        if value in allowed:
            marks[pk] = value
    return marks


def _search(query: str) -> list[Entrepreneur]:
    words = query[:100].split()[:4]  # a name and a reference at most
    if not words:
        return []
    people = Entrepreneur.objects.not_anonymised()
    for word in words:
        people = people.filter(
            Q(reference__icontains=word)
            | Q(first_name__icontains=word)
            | Q(last_name__icontains=word)
        )
    return list(people.order_by("last_name", "first_name")[:SEARCH_RESULTS])


@login_required
@permission_required("events.change_attendance", raise_exception=True)
def roll_call(request: HttpRequest, pk: int) -> HttpResponse:
    session = _session(pk)
    attendances = list(
        session.attendances.select_related("entrepreneur").order_by(
            "entrepreneur__last_name", "entrepreneur__first_name"
        )
    )
    submitted: dict[int, str] = {}
    if request.method == "POST":
        submitted = _read_marks(request.POST, {a.pk for a in attendances})
        try:
            version = int(request.POST.get("version", ""))
            changed = services.save_roll_call(session, version, submitted)
        except (ValueError, services.StaleRollCallError):
            session.refresh_from_db(fields=["version"])
            messages.error(
                request,
                _(
                    "L'appel de cette séance a été enregistré par quelqu'un d'autre entre-temps : "
                    "rien n'a été enregistré. Vos choix sont conservés ci-dessous ; "
                    "vérifiez-les puis enregistrez à nouveau."
                ),
            )
        else:
            messages.success(
                request,
                ngettext(
                    "Appel enregistré (%(count)d changement).",
                    "Appel enregistré (%(count)d changements).",
                    changed,
                )
                % {"count": changed},
            )
            return redirect("events:roll_call", pk=session.pk)
    rows = [
        {"attendance": a, "status": submitted.get(a.pk, a.status), "stored": a.status}
        for a in attendances
    ]
    query = request.GET.get("q", "").strip()
    context = {
        "session": session,
        "day": french_date(session.date),
        "event": session.event,
        "rows": rows,
        "marks": [(str(mark), mark.label) for mark in Attendance.MARKS],
        "query": query,
        "results": _search(query),
        "registered_ids": {a.entrepreneur_id for a in attendances},
        "sheets": list(session.signed_sheets.order_by("uploaded_at")),
        "sheet_form": SignedSheetForm(),
    }
    return render(request, "events/roll_call.html", context)


@login_required
@permission_required("events.add_attendance", raise_exception=True)
@require_POST
def register(request: HttpRequest, pk: int) -> HttpResponse:
    session = _session(pk)
    if request.POST.get("members"):
        if session.event.cooperative_id is None:
            messages.error(request, _("Cet événement n'est lié à aucune coopérative."))
            return redirect("events:roll_call", pk=session.pk)
        created = services.register_cooperative_members(session)
    else:
        pk_text = request.POST.get("entrepreneur", "")
        person = get_object_or_404(
            Entrepreneur.objects.not_anonymised(), pk=int(pk_text) if pk_text.isdigit() else 0
        )
        created = services.register(session, [person])
    messages.success(
        request,
        ngettext("%(count)d inscription ajoutée.", "%(count)d inscriptions ajoutées.", created)
        % {"count": created},
    )
    return redirect("events:roll_call", pk=session.pk)


@login_required
@permission_required("events.add_signedsheet", raise_exception=True)
@require_POST
def upload_signed_sheet(request: HttpRequest, pk: int) -> HttpResponse:
    session = _session(pk)
    form = SignedSheetForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.store_signed_sheet(session, form.cleaned_data["file"], request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("Feuille signée déposée."))
    else:
        messages.error(request, _("Choisissez le fichier de la feuille signée."))
    return redirect("events:roll_call", pk=session.pk)


@login_required
@permission_required("events.view_signedsheet", raise_exception=True)
def signed_sheet(request: HttpRequest, pk: int) -> FileResponse:
    sheet = get_object_or_404(SignedSheet.objects.select_related("session__event"), pk=pk)
    extension = {"application/pdf": "pdf", "image/jpeg": "jpg", "image/png": "png"}
    name = f"emargement-{sheet.session.event.reference}-{sheet.session.date:%Y-%m-%d}-{sheet.pk}"
    filename = f"{get_valid_filename(name)}.{extension[sheet.content_type]}"
    return private_file_response(sheet.file, filename, sheet.content_type)


@login_required
@permission_required("events.view_attendance", raise_exception=True)
def signin_sheet(request: HttpRequest, pk: int) -> HttpResponse:
    event = get_object_or_404(Event, pk=pk)
    day = None
    if request.GET.get("session"):
        try:
            day = DateWidget().clean(request.GET["session"])
        except ValueError as error:
            return HttpResponseBadRequest(
                _("Paramètre « session » : %(error)s") % {"error": error},
                content_type="text/plain; charset=utf-8",
            )
    try:
        pdf = services.signin_sheet_pdf(event, day)
    except LookupError:
        return HttpResponseBadRequest(
            _("Cet événement n'a pas de séance à cette date."),
            content_type="text/plain; charset=utf-8",
        )
    suffix = f"-{day:%Y-%m-%d}" if day else ""
    response = HttpResponse(pdf, content_type="application/pdf")
    filename = get_valid_filename(f"feuille-emargement-{event.reference}{suffix}")
    response["Content-Disposition"] = f'attachment; filename="{filename}.pdf"'
    patch_cache_control(response, no_store=True, private=True)
    return response
