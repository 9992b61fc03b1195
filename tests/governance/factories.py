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

    first_name = factory.Sequence(lambda n: f"Membre{n}")
    last_name = "Test"


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
    date = factory.Sequence(lambda n: datetime.date(2020, 1, 1) + datetime.timedelta(days=n))
    format = models.Format.ONLINE
    title = factory.Sequence(lambda n: f"Conseil {n}")


class DecisionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Decision

    meeting = factory.SubFactory(MeetingFactory)
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
