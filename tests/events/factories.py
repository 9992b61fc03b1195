import datetime

import factory

from events import models
from tests.entrepreneurs.factories import EntrepreneurFactory


class EventFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Event

    reference = factory.Sequence(lambda n: f"EVT-{n + 1:04d}")
    title = factory.Sequence(lambda n: f"Atelier {n}")
    kind = models.Event.Kind.WORKSHOP
    date = datetime.date(2020, 10, 1)
    duration_hours = 3
    format = "in_person"


class AttendanceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Attendance

    event = factory.SubFactory(EventFactory)
    entrepreneur = factory.SubFactory(EntrepreneurFactory)
    status = models.Attendance.Status.ATTENDED


class SessionFactory(factory.django.DjangoModelFactory):
    """A further session of an event (every event already has its first one)."""

    class Meta:
        model = models.Session

    event = factory.SubFactory(EventFactory)
    date = factory.LazyAttribute(lambda s: s.event.date + datetime.timedelta(days=1))
    start_time = datetime.time(9, 30)
    end_time = datetime.time(12, 30)


class TrainerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Trainer

    name = factory.Sequence(lambda n: f"Formatrice {n}")


#: The smallest file that passes the content check (the PDF magic number).
PDF_BYTES = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


class SignedSheetFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.SignedSheet

    session = factory.LazyFunction(lambda: EventFactory().sessions.get())
    file = factory.django.FileField(filename="scan.pdf", data=PDF_BYTES)
    content_type = models.SignedSheet.ContentType.PDF
    size = len(PDF_BYTES)


class SaleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Sale

    event = factory.SubFactory(EventFactory, kind=models.Event.Kind.COMMERCIAL)
    cooperative = factory.SubFactory("tests.cooperatives.factories.CooperativeFactory")
    amount = "100.00"
    sales_count = 5
