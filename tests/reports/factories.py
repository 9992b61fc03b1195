"""Report editions and sections, and `build_year`: a small year of records in the spirit of
the seed report, shared by the report, PDF, dashboard and privacy tests."""

import datetime

import factory

from entrepreneurs.models import Gender
from events.models import Attendance, Event
from governance.models import Meeting
from reports.models import ReportEdition, ReportSection
from tests.cooperatives.factories import CooperativeFactory, MembershipFactory
from tests.entrepreneurs.factories import EncounterFactory, EntrepreneurFactory
from tests.events.factories import AttendanceFactory, EventFactory
from tests.governance.factories import GrantFactory, MeetingFactory, OrganisationFactory

D = datetime.date


class EditionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ReportEdition

    year = 2020
    title = "Rapport d'activité"
    introduction = "Une année **singulière**."


class SectionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ReportSection

    edition = factory.SubFactory(EditionFactory)
    chapter = ReportSection.Chapter.SUPPORT
    heading = factory.Sequence(lambda n: f"Section {n}")
    body = "Un texte."
    order = factory.Sequence(int)


def build_year(scale: int) -> None:
    """A 2020 in the spirit of the seed report; at scale 3 it gives the seed's figures."""
    referrer = OrganisationFactory(name="France Travail")
    workshops = EventFactory.create_batch(5 * scale, kind=Event.Kind.WORKSHOP, date=D(2020, 3, 2))
    for i in range(12 * scale):
        gender = Gender.MALE if i % 12 == 0 else Gender.FEMALE
        person = EntrepreneurFactory(gender=gender, referred_by=referrer if i % 2 else None)
        if i % 2:
            EncounterFactory(entrepreneur=person, date=D(2020, 1 + i % 12, 1))
        else:
            AttendanceFactory(entrepreneur=person, event=workshops[i % len(workshops)])
        if i % 4 == 0:  # met before: not new
            EncounterFactory(entrepreneur=person, date=D(2019, 5, 1))
    absent = EntrepreneurFactory()
    AttendanceFactory(entrepreneur=absent, event=workshops[0], status=Attendance.Status.ABSENT)
    EventFactory.create_batch(scale + 1, kind=Event.Kind.COMMERCIAL, date=D(2020, 12, 31))
    EventFactory(kind=Event.Kind.COLLECTIVE_MEETING, date=D(2020, 1, 1))
    for i in range(scale):
        coop = CooperativeFactory(
            start_date=D(2020, 9, 1),
            brand_name="Kosmopolite" if i == 0 else "",
            brand_created_on=D(2020, 11, 1) if i == 0 else None,
        )
        for birth_year, country in ((1979, "SN"), (1980, "BR"), (1981, "UA")):
            person = EntrepreneurFactory(birth_year=birth_year, country_of_origin=country)
            MembershipFactory(cooperative=coop, entrepreneur=person)
    for day in range(2 * scale):
        MeetingFactory(kind=Meeting.Kind.BOARD, date=D(2020, 2, 1 + day))
    MeetingFactory(kind=Meeting.Kind.GENERAL_ASSEMBLY, date=D(2020, 6, 30))
    GrantFactory.create_batch(scale, funder=referrer)
