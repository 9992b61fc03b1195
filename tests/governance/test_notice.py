"""The notice (convocation): a PDF with the agenda and a proxy form, e-mailed to voters."""

import datetime

from django.core import mail
from django.urls import reverse

from governance.documents import send_notice
from governance.models import Meeting
from tests.governance.factories import AgendaItemFactory, DueFactory, MeetingFactory


def make_assembly():
    meeting = MeetingFactory(
        kind=Meeting.Kind.GENERAL_ASSEMBLY,
        date=datetime.date(2020, 7, 7),
        location="Locaux de l'association",
    )
    AgendaItemFactory(meeting=meeting, position=1, title="Rapport d'activité 2019")
    return meeting


def test_notice_goes_to_each_voter_with_an_address_and_its_pdf(db):
    meeting = make_assembly()
    DueFactory(year=2020, member__email="a@example.org")
    DueFactory(year=2020, member__email="b@example.org")
    DueFactory(year=2020, member__email="")  # no address: nobody to write to
    DueFactory(year=2020, paid_on=None, member__email="late@example.org")  # not a voter
    assert send_notice(meeting) == 2
    assert sorted(message.to[0] for message in mail.outbox) == ["a@example.org", "b@example.org"]
    message = mail.outbox[0]
    assert "7 juillet 2020" in message.body
    assert "1. Rapport d'activité 2019" in message.body
    assert "Locaux de l'association" in message.body
    name, content, mimetype = message.attachments[0]
    assert (name, mimetype) == (f"convocation-{meeting.reference}.pdf", "application/pdf")
    assert content.startswith(b"%PDF-")


def test_staff_send_the_notice_from_the_meeting_list(staff_client):
    meeting = make_assembly()
    DueFactory(year=2020, member__email="a@example.org")
    response = staff_client.post(
        reverse("admin:governance_meeting_changelist"),
        {"action": "send_notice", "_selected_action": [meeting.pk]},
        follow=True,
    )
    assert "convocation envoyée à 1 votant·e." in response.content.decode()
    assert len(mail.outbox) == 1


def test_sending_the_notice_records_its_date_when_none_was_set(db):
    meeting = make_assembly()
    send_notice(meeting, today=datetime.date(2020, 6, 19))
    meeting.refresh_from_db()
    assert meeting.notice_date == datetime.date(2020, 6, 19)
    send_notice(meeting, today=datetime.date(2020, 6, 25))  # a reminder keeps the first date
    meeting.refresh_from_db()
    assert meeting.notice_date == datetime.date(2020, 6, 19)


def test_recording_the_notice_date_moves_the_meeting_version(db):
    # A form opened before the notice was sent must not save over its date.
    meeting = make_assembly()
    before = meeting.version
    send_notice(meeting, today=datetime.date(2020, 6, 19))
    meeting.refresh_from_db()
    assert meeting.version == before + 1
