"""The migration to sessions: every existing event becomes one session and keeps its
attendances, statuses and speakers (as a trainer); the figures read the same."""

import datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [("events", "0003_attendance_event_status_index")]
AFTER = [("events", "0006_attendance_session_required")]


@pytest.fixture
def migrator(transactional_db):
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    executor.loader.build_graph()
    yield executor
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())


def test_each_event_gets_one_session_holding_its_attendances(migrator):
    old = migrator.loader.project_state(BEFORE).apps
    Event, Attendance = old.get_model("events", "Event"), old.get_model("events", "Attendance")
    Entrepreneur = old.get_model("entrepreneurs", "Entrepreneur")
    people = [
        Entrepreneur.objects.create(reference=f"ENT-000{i}", first_name=f"P{i}") for i in (1, 2)
    ]
    talk = Event.objects.create(
        reference="EVT-0001",
        title="Atelier",
        kind="workshop",
        date=datetime.date(2020, 3, 1),
        duration_hours=Decimal("2.5"),
        speakers="Anna Mourlaque (Meltingcoop)",
    )
    Event.objects.create(
        reference="EVT-0002", title="Réunion", kind="other", date=datetime.date(2020, 4, 1)
    )
    Attendance.objects.create(event=talk, entrepreneur=people[0], status="attended")
    Attendance.objects.create(event=talk, entrepreneur=people[1], status="absent")

    migrator.loader.build_graph()
    migrator.migrate(AFTER)
    new = migrator.loader.project_state(AFTER).apps

    Session = new.get_model("events", "Session")
    sessions = {
        s.event.reference: (s.date, s.hours) for s in Session.objects.select_related("event")
    }
    assert sessions == {
        "EVT-0001": (datetime.date(2020, 3, 1), Decimal("2.5")),
        "EVT-0002": (datetime.date(2020, 4, 1), None),
    }
    rows = new.get_model("events", "Attendance").objects.values_list(
        "session__event__reference", "entrepreneur__reference", "status"
    )
    assert sorted(rows) == [
        ("EVT-0001", "ENT-0001", "attended"),
        ("EVT-0001", "ENT-0002", "absent"),
    ]
    trainers = new.get_model("events", "Event").objects.get(reference="EVT-0001").trainers.all()
    assert [t.name for t in trainers] == ["Anna Mourlaque (Meltingcoop)"]
