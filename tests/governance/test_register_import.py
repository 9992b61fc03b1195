"""Importing the register: members, dues, meetings by reference, attendance checked as a list."""

import datetime
import io
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from governance.models import Due, Meeting, MeetingAttendance, Member
from tests.governance.factories import DueFactory, MeetingFactory

pytestmark = pytest.mark.django_db

MEMBERS = (
    "reference;first_name;last_name;email;joined_on\n"
    "ADH-0001;Hélène;Garnier;helene@example.org;2017-03-01\n"
    "ADH-0002;Mamadou;Cissé;;01/03/2017\n"
    "ADH-0003;Claire;Dubois;;2017-09-01\n"
    "ADH-0004;Sophie;Laurent;;2018-06-01\n"
    "ADH-0005;Yves;Lefèvre;;2020-02-01\n"
)
DUES = (
    "member;year;amount;paid_on\n"
    "ADH-0001;2020;20;2020-03-15\n"
    "ADH-0002;2020;20,00;15/03/2020\n"
    "ADH-0003;2020;20;2020-03-15\n"
    "ADH-0004;2020;20;2020-03-15\n"
    "ADH-0005;2020;20;\n"
)
MEETINGS = "reference;kind;date;format;title\nAG-2020;general_assembly;2020-07-07;;AG 2020\n"


def load(tmp_path: Path, files: dict[str, str]) -> str:
    for name, content in files.items():
        (tmp_path / name).write_text(content, encoding="utf-8")
    err = io.StringIO()
    try:
        call_command("load_csv", str(tmp_path), stdout=io.StringIO(), stderr=err)
    except CommandError:
        return err.getvalue()
    return ""


def register(attendance: str) -> dict[str, str]:
    return {
        "members.csv": MEMBERS,
        "dues.csv": DUES,
        "meetings.csv": MEETINGS,
        "meeting_attendance.csv": "meeting;member;status;proxy_holder\n" + attendance,
    }


def test_members_dues_meetings_and_attendance_load_together(tmp_path):
    attendance = (
        "AG-2020;ADH-0001;présent·e;\n"
        "AG-2020;ADH-0002;represented;ADH-0001\n"
        "AG-2020;ADH-0003;Représenté·e;ADH-0001\n"
        "AG-2020;ADH-0004;excused;\n"
    )
    assert load(tmp_path, register(attendance)) == ""
    assert Member.objects.get(reference="ADH-0002").joined_on == datetime.date(2017, 3, 1)
    assert Due.objects.filter(paid_on__isnull=False).count() == 4
    meeting = Meeting.objects.get(reference="AG-2020")
    assert set(meeting.voters().values_list("reference", flat=True)) == {
        "ADH-0001",
        "ADH-0002",
        "ADH-0003",
        "ADH-0004",
    }
    assert meeting.attendances.filter(proxy_holder__reference="ADH-0001").count() == 2


def test_import_refuses_a_proxy_beyond_the_limit_naming_the_line(tmp_path):
    attendance = (
        "AG-2020;ADH-0001;present;\n"
        "AG-2020;ADH-0002;represented;ADH-0001\n"
        "AG-2020;ADH-0003;represented;ADH-0001\n"
        "AG-2020;ADH-0004;represented;ADH-0001\n"
    )
    errors = load(tmp_path, register(attendance))
    assert (
        "meeting_attendance.csv:5: proxy_holder: ADH-0001 tient déjà 2 pouvoirs, le plus que la "
        "règle permette : celui de ADH-0004 est de trop."
    ) in errors
    assert not Member.objects.exists()  # all or nothing


def test_import_refuses_a_proxy_held_by_a_member_not_present(tmp_path):
    attendance = "AG-2020;ADH-0001;excused;\nAG-2020;ADH-0002;represented;ADH-0001\n"
    errors = load(tmp_path, register(attendance))
    assert (
        "meeting_attendance.csv:3: proxy_holder: Le pouvoir de ADH-0002 est donné à ADH-0001, "
        "qui n'est pas présent·e."
    ) in errors


def test_import_refuses_a_voter_counted_twice(tmp_path):
    attendance = "AG-2020;ADH-0001;present;\nAG-2020;ADH-0001;excused;\n"
    errors = load(tmp_path, register(attendance))
    assert "meeting_attendance.csv:3: meeting: même clé qu'à la ligne 2" in errors


def test_import_refuses_a_member_whose_dues_are_unpaid(tmp_path):
    errors = load(tmp_path, register("AG-2020;ADH-0005;present;\n"))
    assert (
        "meeting_attendance.csv:2: member: ADH-0005 n'a pas le droit de vote à cette réunion."
    ) in errors


def test_import_checks_the_file_with_the_attendance_already_stored(tmp_path):
    assert load(tmp_path, register("AG-2020;ADH-0001;present;\n")) == ""
    later = {
        "meeting_attendance.csv": "meeting;member;status;proxy_holder\n"
        "AG-2020;ADH-0002;represented;ADH-0001\n"
        "AG-2020;ADH-0003;represented;ADH-0001\n"
        "AG-2020;ADH-0004;represented;ADH-0001\n"
    }
    for name in ("members.csv", "dues.csv", "meetings.csv"):
        (tmp_path / name).unlink()
    errors = load(tmp_path, later)
    assert "meeting_attendance.csv:4: proxy_holder: ADH-0001 tient déjà 2 pouvoirs" in errors
    assert MeetingAttendance.objects.count() == 1


def test_a_meeting_row_with_a_reference_finds_its_meeting_by_it(tmp_path):
    meeting = MeetingFactory(kind="board", date=datetime.date(2020, 3, 26), title="Ancien")
    moved = f"reference;kind;date;title\n{meeting.reference};board;2020-03-27;CA de mars\n"
    assert load(tmp_path, {"meetings.csv": moved}) == ""
    meeting.refresh_from_db()
    assert (meeting.date, meeting.title) == (datetime.date(2020, 3, 27), "CA de mars")
    assert Meeting.objects.count() == 1


def test_a_meeting_without_a_reference_is_given_one_in_file_order(tmp_path):
    MeetingFactory(kind="board", date=datetime.date(2019, 1, 10))  # CA-0001
    rows = "kind;date\nboard;2020-01-23\nboard;2020-03-26\ngeneral_assembly;2020-07-07\n"
    assert load(tmp_path, {"meetings.csv": rows}) == ""
    assert list(Meeting.objects.order_by("date").values_list("reference", flat=True)) == [
        "CA-0001",
        "CA-0002",
        "CA-0003",
        "AG-0001",
    ]


def test_a_reference_that_contradicts_the_kind_and_date_is_refused(tmp_path):
    meeting = MeetingFactory(kind="board", date=datetime.date(2020, 3, 26))
    rows = "reference;kind;date\nCA-0999;board;2020-03-26\n"
    errors = load(tmp_path, {"meetings.csv": rows})
    assert f"meetings.csv:2: reference: cette réunion ({meeting}) a déjà la référence" in errors


def test_dues_key_is_member_and_year(tmp_path):
    due = DueFactory(year=2020, paid_on=None)
    rows = f"member;year;amount;paid_on\n{due.member.reference};2020;25;2020-04-01\n"
    assert load(tmp_path, {"dues.csv": rows}) == ""
    due.refresh_from_db()
    assert (str(due.amount), due.paid_on) == ("25.00", datetime.date(2020, 4, 1))


def test_import_into_a_signed_meeting_is_refused(tmp_path):
    assert load(tmp_path, register("AG-2020;ADH-0001;present;\n")) == ""
    Meeting.objects.filter(reference="AG-2020").update(signed_minutes="minutes/pv.pdf")
    for name in ("members.csv", "dues.csv", "meetings.csv"):
        (tmp_path / name).unlink()
    rows = "meeting;member;status;proxy_holder\nAG-2020;ADH-0002;present;\n"
    errors = load(tmp_path, {"meeting_attendance.csv": rows})
    assert (
        "meeting_attendance.csv:2: meeting: Le procès-verbal de AG-2020 est signé : "
        "la réunion est figée."
    ) in errors
