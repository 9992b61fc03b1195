"""sessions.csv and attendances.csv's session_date: multi-session events loaded by
load_csv, statuses as codes or French labels, errors naming the line and column."""

import contextlib
import datetime
import io
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from events.models import Attendance, Event, Session
from tests.entrepreneurs.factories import EntrepreneurFactory

pytestmark = pytest.mark.django_db

EVENTS = (
    "reference,title,kind,date,duration_hours\n"
    "EVT-0001,Formation gestion,training,2020-10-05,6\n"
    "EVT-0002,Atelier prix,workshop,2020-10-12,3\n"
)
SESSIONS = (
    "event,date,start_time,end_time\n"
    "EVT-0001,05/10/2020,09:30,12:30\n"
    "EVT-0001,2020-10-06,9h00,16h30\n"
)


@pytest.fixture(autouse=True)
def people():
    return [EntrepreneurFactory(reference=f"ENT-000{i}") for i in (1, 2, 3)]


def load(tmp_path: Path, **files: str) -> str:
    for name, content in files.items():
        (tmp_path / f"{name}.csv").write_text(content, encoding="utf-8")
    err = io.StringIO()
    with contextlib.suppress(CommandError):  # the errors are what is looked at
        call_command("load_csv", str(tmp_path), stdout=io.StringIO(), stderr=err)
    return err.getvalue()


def test_a_folder_with_sessions_loads_a_multi_session_event(tmp_path):
    attendances = (
        "event,entrepreneur,status,session_date\n"
        "EVT-0001,ENT-0001,,2020-10-05\n"
        "EVT-0001,ENT-0001,Excusé·e,06/10/2020\n"
        "EVT-0001,ENT-0002,absent,2020-10-06\n"
        "EVT-0002,ENT-0001,Inscrit·e,\n"
        "EVT-0002,ENT-0003,présent·e,\n"
    )
    assert load(tmp_path, events=EVENTS, sessions=SESSIONS, attendances=attendances) == ""
    training = Event.objects.get(reference="EVT-0001")
    sessions = list(training.sessions.order_by("date"))
    assert [(s.date.day, s.hours) for s in sessions] == [(5, Decimal("3")), (6, Decimal("7.5"))]
    rows = Attendance.objects.values_list(
        "event__reference", "session__date", "entrepreneur__reference", "status"
    )
    d5, d6, d12 = (datetime.date(2020, 10, day) for day in (5, 6, 12))
    assert sorted(rows) == [
        ("EVT-0001", d5, "ENT-0001", "attended"),
        ("EVT-0001", d6, "ENT-0001", "excused"),
        ("EVT-0001", d6, "ENT-0002", "absent"),
        ("EVT-0002", d12, "ENT-0001", "registered"),
        ("EVT-0002", d12, "ENT-0003", "attended"),
    ]
    # An event of events.csv alone is one session of its duration, as before.
    single = Session.objects.get(event__reference="EVT-0002")
    assert (single.date, single.hours, single.start_time) == (d12, Decimal("3"), None)


def test_loading_the_folder_twice_changes_nothing(tmp_path):
    attendances = "event,entrepreneur,session_date\nEVT-0001,ENT-0001,2020-10-06\n"
    load(tmp_path, events=EVENTS, sessions=SESSIONS, attendances=attendances)
    before = list(Session.objects.values()), list(Attendance.objects.values())
    assert load(tmp_path, events=EVENTS, sessions=SESSIONS, attendances=attendances) == ""
    assert (list(Session.objects.values()), list(Attendance.objects.values())) == before


def test_an_old_attendances_file_without_session_date_keeps_its_meaning(tmp_path):
    assert (
        load(tmp_path, events=EVENTS, attendances="event,entrepreneur,status\nEVT-0002,ENT-0001,\n")
        == ""
    )
    attendance = Attendance.objects.get()
    assert (attendance.status, attendance.session.date) == ("attended", datetime.date(2020, 10, 12))


def test_a_multi_session_event_needs_the_session_date_and_a_known_day(tmp_path):
    attendances = (
        "event,entrepreneur,session_date\nEVT-0001,ENT-0001,\nEVT-0001,ENT-0002,2020-10-09\n"
    )
    errors = load(tmp_path, events=EVENTS, sessions=SESSIONS, attendances=attendances)
    assert errors.splitlines() == [
        "attendances.csv:2: session_date: l'événement a 2 séances : indiquez la date de la séance.",
        "attendances.csv:3: session_date: l'événement n'a pas de séance le 09/10/2020 "
        "(sessions.csv).",
    ]
    assert not Event.objects.exists()  # all or nothing


def test_a_session_ending_before_it_starts_is_refused(tmp_path):
    sessions = "event,date,start_time,end_time\nEVT-0001,2020-10-05,14:00,12:00\n"
    errors = load(tmp_path, events=EVENTS, sessions=sessions)
    assert "sessions.csv:2" in errors and "L'heure de fin doit suivre l'heure de début" in errors


def test_a_bad_time_names_its_column(tmp_path):
    sessions = "event,date,start_time,end_time\nEVT-0001,2020-10-05,midi,14:00\n"
    errors = load(tmp_path, events=EVENTS, sessions=sessions)
    assert "start_time" in errors and "n'est pas une heure valide" in errors


def test_sessions_on_other_days_replace_the_placeholder_and_date_the_event(tmp_path):
    sessions = (
        "event,date,start_time,end_time\n"
        "EVT-0001,2020-10-07,09:30,12:30\n"
        "EVT-0001,2020-10-08,09:30,12:30\n"
    )
    assert load(tmp_path, events=EVENTS, sessions=sessions) == ""
    training = Event.objects.get(reference="EVT-0001")
    assert training.date == datetime.date(2020, 10, 7)
    assert [s.date.day for s in training.sessions.order_by("date")] == [7, 8]


def test_a_further_day_imported_later_keeps_the_sessions_already_there(tmp_path):
    load(tmp_path, events=EVENTS, sessions=SESSIONS)
    (tmp_path / "events.csv").unlink()
    more = "event,date,start_time,end_time\nEVT-0001,2020-10-09,09:30,12:30\n"
    assert load(tmp_path, sessions=more) == ""
    days = Session.objects.filter(event__reference="EVT-0001").values_list("date", flat=True)
    assert sorted(d.day for d in days) == [5, 6, 9]
