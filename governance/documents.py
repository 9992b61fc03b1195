"""The register's documents: the notice (convocation) and the minutes (procès-verbal).

Both are computed from the records (governance.quorum) and rendered by core.pdf; the
notice is also e-mailed to the voters with its PDF attached.
"""

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _

from core.formatting import french_date
from core.pdf import render_pdf
from governance.models import Meeting, MeetingAttendance
from governance.quorum import MeetingTally, meeting_tally

STATIC_PREFIX = "/" + settings.STATIC_URL.strip("/") + "/"


@dataclass(frozen=True)
class MeetingRecord:
    """What the minutes, the board's page and the report print of one meeting."""

    meeting: Meeting
    tally: MeetingTally
    present: list
    represented: list
    excused: list

    @property
    def date_text(self) -> str:
        return french_date(self.meeting.date)


def meeting_record(meeting: Meeting) -> MeetingRecord:
    """The meeting with its tally and its attendance split by status (5 queries)."""
    attendances = list(
        meeting.attendances.select_related("member", "proxy_holder").order_by(
            "member__last_name", "member__first_name"
        )
    )
    by_status = {status: [] for status in MeetingAttendance.Status.values}
    for attendance in attendances:
        by_status[attendance.status].append(attendance)
    return MeetingRecord(
        meeting,
        meeting_tally(meeting),
        by_status[MeetingAttendance.Status.PRESENT],
        by_status[MeetingAttendance.Status.REPRESENTED],
        by_status[MeetingAttendance.Status.EXCUSED],
    )


def _document(template: str, context: dict) -> str:
    return render_to_string(template, {**context, "static_prefix": STATIC_PREFIX})


def minutes_pdf(meeting: Meeting) -> bytes:
    record = meeting_record(meeting)
    context = {
        "record": record,
        "meeting": meeting,
        "agenda": list(meeting.agenda_items.all()),
        "guests": list(meeting.guests.select_related("organisation")),
    }
    return render_pdf(_document("governance/minutes_document.html", context))


def notice_context(meeting: Meeting) -> dict:
    rule = meeting.rule()
    return {
        "meeting": meeting,
        "date_text": french_date(meeting.date),
        "notice_text": french_date(meeting.notice_date) if meeting.notice_date else "",
        "agenda": list(meeting.agenda_items.all()),
        "rule": rule,
    }


def notice_pdf(meeting: Meeting) -> bytes:
    return render_pdf(_document("governance/notice_document.html", notice_context(meeting)))


def send_notice(meeting: Meeting, today: datetime.date | None = None) -> int:
    """E-mail the notice, its PDF attached, to every voter with an address; how many.

    The day it is sent becomes the meeting's notice date when it had none (and the
    meeting is still ahead)."""
    today = today or timezone.localdate()
    if meeting.notice_date is None and today <= meeting.date:
        meeting.notice_date = today
        # save(), not update(): the version moves, so a form opened before cannot erase it.
        meeting.save(update_fields=["notice_date"])
    recipients = list(
        meeting.voters().exclude(email="").order_by("pk").values_list("email", flat=True)
    )
    if not recipients:
        return 0
    context = notice_context(meeting)
    body = render_to_string("governance/email/notice.txt", context)
    attachment = notice_pdf(meeting)
    subject = _("[Meltingcoop] Convocation : %(meeting)s") % {"meeting": meeting}
    for email in recipients:  # one message each: no voter sees the others' addresses
        message = EmailMessage(subject, body, to=[email])
        message.attach(f"convocation-{meeting.reference}.pdf", attachment, "application/pdf")
        message.send()
    return len(recipients)
