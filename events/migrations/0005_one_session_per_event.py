"""Existing events become events of one session; their attendances, of that session.

Each event gets the session its row described (on `date`, lasting `duration_hours`), each
attendance points at it, and the free-text speakers become trainer records (one per
distinct text, named by it). Statuses keep their codes (attended, absent).
"""

from django.db import migrations
from django.db.models import OuterRef, Subquery


def create_sessions(apps, schema_editor):
    Event = apps.get_model("events", "Event")
    Session = apps.get_model("events", "Session")
    Attendance = apps.get_model("events", "Attendance")
    Trainer = apps.get_model("events", "Trainer")
    existing = Session.objects.values("event_id")
    rows = Event.objects.exclude(pk__in=existing).values_list("pk", "date", "duration_hours")
    Session.objects.bulk_create(
        [Session(event_id=pk, date=date, hours=hours) for pk, date, hours in rows.iterator()],
        batch_size=1000,
    )
    only_session = Session.objects.filter(event=OuterRef("event")).order_by("pk").values("pk")[:1]
    Attendance.objects.filter(session__isnull=True).update(session=Subquery(only_session))
    trainers = {}
    for event in Event.objects.exclude(speakers="").only("pk", "speakers").iterator():
        name = event.speakers.strip()[:200]
        if name not in trainers:
            trainers[name], _created = Trainer.objects.get_or_create(name=name, organisation=None)
        event.trainers.add(trainers[name])


def restore_speakers(apps, schema_editor):
    Event = apps.get_model("events", "Event")
    for event in Event.objects.filter(trainers__isnull=False).distinct():
        names = [trainer.name or str(trainer.organisation_id) for trainer in event.trainers.all()]
        event.speakers = " ; ".join(names)[:300]
        event.save(update_fields=["speakers"])


class Migration(migrations.Migration):
    dependencies = [
        ("events", "0004_sessions_trainers_signed_sheets"),
    ]

    operations = [migrations.RunPython(create_sessions, restore_speakers, elidable=False)]
