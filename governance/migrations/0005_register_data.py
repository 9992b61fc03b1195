"""Existing records into the register: references, agenda items, attendance, rules."""

import re

from django.db import migrations

PREFIXES = {"general_assembly": "AG", "board": "CA", "seminar": "SEM", "partner": "CP"}
# The statutes' defaults (issue 17): who votes, quorum, proxies, qualified majority.
RULES = (
    ("general_assembly", "members_up_to_date", 1, 4),
    ("board", "board", 1, 2),
)


def _number(references, prefix: str) -> int:
    pattern = re.compile(rf"^{prefix}-(\d+)$")
    return max((int(m.group(1)) for r in references if (m := pattern.match(r))), default=0)


def give_references(apps, schema_editor):
    Member = apps.get_model("governance", "Member")
    Meeting = apps.get_model("governance", "Meeting")
    number = _number(Member.objects.values_list("reference", flat=True), "ADH")
    for member in Member.objects.filter(reference="").order_by("joined_on", "pk"):
        number += 1
        member.reference = f"ADH-{number:04d}"
        member.save(update_fields=["reference"])
    used = list(Meeting.objects.values_list("reference", flat=True))
    numbers = {prefix: _number(used, prefix) for prefix in PREFIXES.values()}
    for meeting in Meeting.objects.filter(reference="").order_by("date", "pk"):
        prefix = PREFIXES.get(meeting.kind, "REU")
        numbers[prefix] = numbers.get(prefix, 0) + 1
        meeting.reference = f"{prefix}-{numbers[prefix]:04d}"
        meeting.save(update_fields=["reference"])


def move_agenda_and_attendees(apps, schema_editor):
    """The free-text agenda becomes the first agenda item (nothing lost: the whole text is
    kept); each attendee becomes a member present."""
    Meeting = apps.get_model("governance", "Meeting")
    AgendaItem = apps.get_model("governance", "AgendaItem")
    MeetingAttendance = apps.get_model("governance", "MeetingAttendance")
    for meeting in Meeting.objects.exclude(agenda=""):
        text = meeting.agenda.strip()
        title = text.splitlines()[0][:300]
        AgendaItem.objects.create(
            meeting=meeting, position=1, title=title, description="" if title == text else text
        )
    Attendees = Meeting.attendees.through
    MeetingAttendance.objects.bulk_create(
        MeetingAttendance(meeting_id=row.meeting_id, member_id=row.member_id, status="present")
        for row in Attendees.objects.all()
    )


def create_rules(apps, schema_editor):
    StatuteRule = apps.get_model("governance", "StatuteRule")
    for kind, electorate, numerator, denominator in RULES:
        StatuteRule.objects.get_or_create(
            kind=kind,
            defaults={
                "electorate": electorate,
                "quorum_numerator": numerator,
                "quorum_denominator": denominator,
                "max_proxies": 2,
                "qualified_numerator": 2,
                "qualified_denominator": 3,
            },
        )


def restore_agenda_and_attendees(apps, schema_editor):
    Meeting = apps.get_model("governance", "Meeting")
    AgendaItem = apps.get_model("governance", "AgendaItem")
    MeetingAttendance = apps.get_model("governance", "MeetingAttendance")
    for meeting in Meeting.objects.all():
        items = AgendaItem.objects.filter(meeting=meeting).order_by("position", "pk")
        meeting.agenda = "\n".join(item.description or item.title for item in items)
        meeting.save(update_fields=["agenda"])
        present = MeetingAttendance.objects.filter(meeting=meeting).exclude(status="excused")
        meeting.attendees.set([row.member_id for row in present])


class Migration(migrations.Migration):
    dependencies = [("governance", "0004_register")]

    operations = [
        migrations.RunPython(give_references, migrations.RunPython.noop),
        migrations.RunPython(move_agenda_and_attendees, restore_agenda_and_attendees),
        migrations.RunPython(create_rules, migrations.RunPython.noop),
    ]
