import datetime

import factory

from cooperatives import models
from tests.entrepreneurs.factories import EntrepreneurFactory
from tests.governance.factories import OrganisationFactory


class ProgrammeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Programme
        django_get_or_create = ["name"]

    name = "Migracoop"
    start_year = 2019


class CooperativeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Cooperative

    reference = factory.Sequence(lambda n: f"COOP-{n + 1:03d}")
    name = factory.Sequence(lambda n: f"Coopérative {n}")
    kind = models.Cooperative.Kind.EPHEMERAL
    programme = factory.SubFactory(ProgrammeFactory)
    sector = "textile"
    host = factory.SubFactory(OrganisationFactory, name="CAE Clara", kind="cooperative")
    start_date = datetime.date(2020, 9, 1)
    end_date = datetime.date(2021, 2, 28)


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Membership

    cooperative = factory.SubFactory(CooperativeFactory)
    entrepreneur = factory.SubFactory(EntrepreneurFactory)
    joined_on = factory.LazyAttribute(lambda o: o.cooperative.start_date)


class OutcomeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Outcome

    entrepreneur = factory.SubFactory(EntrepreneurFactory)
    checkpoint = models.Checkpoint.EXIT
    date = datetime.date(2021, 2, 28)
    situation = models.Situation.JOB_SEARCH
