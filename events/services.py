"""Write workflows of attendance: the roll call, registrations, signed sheets, the sign-in
sheet PDF. Views and commands call these; each write runs in one transaction."""

import datetime
from collections.abc import Iterable, Mapping

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import F, QuerySet
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext as _

from cooperatives.models import Membership
from core.formatting import french_date, french_number
from core.pdf import render_pdf
from core.period import Period, years_before
from core.validators import JPEG, PDF, PNG, sniff_upload
from entrepreneurs.models import Entrepreneur
from events.models import Attendance, Event, Session, SignedSheet
from governance.models import Association

#: Empty rows at the bottom of a sign-in sheet, for people who come unregistered.
WALK_IN_ROWS = 5


class StaleRollCallError(Exception):
    """Someone saved this session's roll call after the page was read."""


# --- roll call -----------------------------------------------------------------------------


def save_roll_call(session: Session, version: int, marks: Mapping[int, str]) -> int:
    """Record `marks` (attendance id -> attended/excused/absent) in one transaction, over
    the roll call read at `version`, else StaleRollCallError and nothing is written.
    Returns how many attendances changed. Each one is saved (audit trail)."""
    allowed = {str(mark) for mark in Attendance.MARKS}
    if any(status not in allowed for status in marks.values()):
        raise ValueError("unknown status")
    with transaction.atomic():
        claimed = Session.objects.filter(pk=session.pk, version=version).update(
            version=F("version") + 1
        )
        if not claimed:
            raise StaleRollCallError(session.pk)
        session.version = version + 1
        changed = 0
        for attendance in session.attendances.filter(pk__in=marks).select_for_update():
            if attendance.status != marks[attendance.pk]:
                attendance.status = marks[attendance.pk]
                attendance.save(update_fields=["status"])
                changed += 1
        return changed


def register(session: Session, people: Iterable[Entrepreneur]) -> int:
    """Register people to this session and the event's later ones (a series is followed
    as a whole); those already registered are left as they are. Returns how many rows."""
    people = [person for person in people if person.anonymised_at is None]
    sessions = list(session.event.sessions.filter(date__gte=session.date))
    existing = set(
        Attendance.objects.filter(session__in=sessions, entrepreneur__in=people).values_list(
            "session_id", "entrepreneur_id"
        )
    )
    created = 0
    with transaction.atomic():
        for target in sessions:
            for person in people:
                if (target.pk, person.pk) not in existing:
                    Attendance.objects.create(
                        event_id=target.event_id,
                        session=target,
                        entrepreneur=person,
                        status=Attendance.Status.REGISTERED,
                    )
                    created += 1
    return created


def cooperative_members(session: Session) -> QuerySet[Entrepreneur]:
    """The members of the event's cooperative on the session's day."""
    cooperative_id = session.event.cooperative_id
    if cooperative_id is None:
        return Entrepreneur.objects.none()
    day = Period(session.date, session.date)
    # Membership's own rule: joined by then, not left, and the cooperative not yet ended.
    members = Membership.objects.overlapping(day).filter(cooperative_id=cooperative_id)
    return Entrepreneur.objects.filter(pk__in=members.values("entrepreneur_id")).not_anonymised()


def register_cooperative_members(session: Session) -> int:
    return register(session, cooperative_members(session))


# --- signed sheets ---------------------------------------------------------------------------


def scan_content_type(upload: UploadedFile) -> str:
    """The scan's type from its first bytes (PDF, JPEG or PNG), or ValidationError."""
    return sniff_upload(upload, (PDF, JPEG, PNG), _("La feuille signée"))


def store_signed_sheet(session: Session, upload: UploadedFile, user=None) -> SignedSheet:
    content_type = scan_content_type(upload)
    sheet = SignedSheet(
        session=session, content_type=content_type, size=upload.size, uploaded_by=user
    )
    sheet.file.save(upload.name, upload, save=False)
    try:
        sheet.save()
    except BaseException:
        sheet.file.delete(save=False)
        raise
    return sheet


def sheets_for(entrepreneur: Entrepreneur) -> QuerySet[SignedSheet]:
    """The signed sheets of the sessions this person was registered for (they carry their
    name): for the right of access export."""
    sessions = Attendance.objects.filter(entrepreneur=entrepreneur).values("session_id")
    return (
        SignedSheet.objects.filter(session_id__in=sessions)
        .select_related("session__event")
        .order_by("session__date", "uploaded_at")
    )


def retention_cutoff(today: datetime.date, years: int | None = None) -> datetime.date:
    """Sheets of sessions before this day are past SIGNED_SHEET_RETENTION_YEARS."""
    return years_before(today, settings.SIGNED_SHEET_RETENTION_YEARS if years is None else years)


def purge_expired_scans(before: datetime.date, *, dry_run: bool = False) -> int:
    """Delete the signed sheets (rows, and files by the post_delete receiver) of sessions
    held before `before`; with `dry_run`, only count them."""
    expired = SignedSheet.objects.held_before(before)
    if dry_run:
        return expired.count()
    deleted, _per_model = expired.delete()
    return deleted


# --- sign-in sheet PDF -------------------------------------------------------------------


def signin_sheet_context(event: Event, sessions: list[Session]) -> dict:
    pages = []
    for session in sessions:
        people = [
            (attendance.entrepreneur.last_name, attendance.entrepreneur.first_name)
            for attendance in session.attendances.all()
            if attendance.entrepreneur.anonymised_at is None
        ]
        pages.append(
            {
                "session": session,
                "day": french_date(session.date),
                "hours": french_number(session.hours) if session.hours is not None else "",
                "half_days": session.half_days(),
                "people": sorted(people, key=lambda name: (name[0].casefold(), name[1].casefold())),
                "walk_ins": range(WALK_IN_ROWS),
            }
        )
    association = Association.current()
    return {
        "association": association.name,
        "logo_url": association.logo_url,
        "event": event,
        "trainers": [str(trainer) for trainer in event.trainers.select_related("organisation")],
        "funders": [str(funder) for funder in event.funders.all()],
        "pages": pages,
        "static_prefix": "/" + settings.STATIC_URL.strip("/") + "/",
    }


def signin_sheet_pdf(event: Event, day: datetime.date | None = None) -> bytes:
    """A4 sign-in sheet: one page per session (or the one on `day`), LookupError if the
    event has no session that day."""
    sessions = event.sessions.prefetch_related("attendances__entrepreneur").order_by("date")
    if day is not None:
        sessions = sessions.filter(date=day)
    sessions = list(sessions)
    if not sessions:
        raise LookupError(day)
    with translation.override("fr"):
        html = render_to_string(
            "events/signin_sheet_document.html", signin_sheet_context(event, sessions)
        )
    return render_pdf(html)
