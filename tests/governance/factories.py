import datetime

import factory

from governance import models


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Organisation
        django_get_or_create = ["name"]

    name = factory.Sequence(lambda n: f"Organisation {n}")
    kind = models.Organisation.Kind.ASSOCIATION


class PartnershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Partnership

    organisation = factory.SubFactory(OrganisationFactory)
    role = models.Partnership.Role.PARTNER
    start_date = datetime.date(2020, 1, 1)


class MemberFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Member

    reference = factory.Sequence(lambda n: f"ADH-{n + 1:04d}")
    first_name = factory.Sequence(lambda n: f"Membre{n}")
    last_name = "Test"


class DueFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Due

    member = factory.SubFactory(MemberFactory)
    year = 2020
    amount = 20
    paid_on = datetime.date(2020, 3, 1)


class AssociationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Association

    name = "Meltingcoop"


class DossierFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Dossier
        django_get_or_create = ["name"]

    name = factory.Sequence(lambda n: f"Dossier {n}")


class MandateFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Mandate

    member = factory.SubFactory(MemberFactory)
    role = models.Mandate.Role.BOARD_MEMBER
    start_date = datetime.date(2019, 7, 1)


class MeetingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Meeting

    kind = models.Meeting.Kind.BOARD
    # Within 2020 however many meetings earlier tests made (the year decides who votes).
    date = factory.Sequence(lambda n: datetime.date(2020, 1, 1) + datetime.timedelta(days=n % 366))
    format = models.Format.ONLINE
    title = factory.Sequence(lambda n: f"Conseil {n}")


class AgendaItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.AgendaItem

    meeting = factory.SubFactory(MeetingFactory)
    position = factory.Sequence(lambda n: n + 1)
    title = factory.Sequence(lambda n: f"Point {n}")


class MeetingAttendanceFactory(factory.django.DjangoModelFactory):
    """A member at a meeting, no statute check (factories write rows as they are)."""

    class Meta:
        model = models.MeetingAttendance

    # A seminar has no statute rule: anyone may be recorded there.
    meeting = factory.SubFactory(MeetingFactory, kind=models.Meeting.Kind.SEMINAR)
    member = factory.SubFactory(MemberFactory)
    status = models.MeetingAttendance.Status.PRESENT


class MeetingGuestFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.MeetingGuest

    meeting = factory.SubFactory(MeetingFactory)
    name = "Anna Mourlaque"
    capacity = models.MeetingGuest.Capacity.STAFF


class DecisionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Decision

    # Without a statute rule, votes need no attendance recorded (see test_quorum for those).
    meeting = factory.SubFactory(MeetingFactory, kind=models.Meeting.Kind.SEMINAR)
    text = "Approbation des comptes"
    votes_for = 6


class StaffPositionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.StaffPosition

    first_name = "Anna"
    last_name = "Mourlaque"
    role = "Direction"
    contract_type = models.StaffPosition.ContractType.PERMANENT
    start_date = datetime.date(2020, 1, 1)


class ContributionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Contribution

    kind = models.Contribution.Kind.VOLUNTEERING
    contributor = "Bénévole"
    date = datetime.date(2020, 10, 10)
    hours = 7
