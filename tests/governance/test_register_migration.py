"""Migrating to the register keeps every meeting's agenda and attendees (nothing lost)."""

import datetime

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [("governance", "0003_dossier_meeting_organisation_decision_member_and_more")]


@pytest.mark.django_db(transaction=True)
def test_agenda_text_and_attendees_become_agenda_items_and_attendance():
    executor = MigrationExecutor(connection)
    leaves = executor.loader.graph.leaf_nodes()
    executor.migrate(BEFORE)
    old = executor.loader.project_state(BEFORE).apps
    Meeting, Member = old.get_model("governance", "Meeting"), old.get_model("governance", "Member")
    ada = Member.objects.create(first_name="Ada", last_name="Martin")
    bob = Member.objects.create(first_name="Bob", last_name="Diallo")
    agenda = "Rapport moral\nComptes 2019\nQuestions diverses"
    assembly = Meeting.objects.create(
        kind="general_assembly", date=datetime.date(2020, 7, 7), agenda=agenda
    )
    assembly.attendees.set([ada, bob])
    board = Meeting.objects.create(kind="board", date=datetime.date(2020, 3, 26), agenda="")

    executor = MigrationExecutor(connection)
    executor.migrate(leaves)
    new = executor.loader.project_state(leaves).apps
    Meeting = new.get_model("governance", "Meeting")
    assembly, board = Meeting.objects.get(pk=assembly.pk), Meeting.objects.get(pk=board.pk)
    (item,) = new.get_model("governance", "AgendaItem").objects.filter(meeting=assembly)
    assert (item.position, item.title, item.description) == (1, "Rapport moral", agenda)
    attendance = new.get_model("governance", "MeetingAttendance").objects.filter(meeting=assembly)
    assert sorted(attendance.values_list("member__first_name", "status")) == [
        ("Ada", "present"),
        ("Bob", "present"),
    ]
    assert (assembly.reference, board.reference) == ("AG-0001", "CA-0001")
    members = new.get_model("governance", "Member").objects.order_by("pk")
    assert list(members.values_list("reference", flat=True)) == ["ADH-0001", "ADH-0002"]
    assert new.get_model("governance", "StatuteRule").objects.count() == 2
