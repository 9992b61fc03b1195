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


class SaleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Sale

    event = factory.SubFactory(EventFactory, kind=models.Event.Kind.COMMERCIAL)
    cooperative = factory.SubFactory("tests.cooperatives.factories.CooperativeFactory")
    amount = "100.00"
    sales_count = 5
