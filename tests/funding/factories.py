import datetime

import factory

from funding import models
from governance.models import Organisation
from tests.governance.factories import OrganisationFactory


class GrantAgreementFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.GrantAgreement

    funder = factory.SubFactory(OrganisationFactory, kind=Organisation.Kind.FOUNDATION)
    title = factory.Sequence(lambda n: f"Subvention {n}")
    start_date = datetime.date(2020, 1, 1)
    end_date = datetime.date(2020, 12, 31)
    amount_requested = 10000
    amount_awarded = 10000
    status = models.GrantAgreement.Status.AWARDED


class InstalmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Instalment

    agreement = factory.SubFactory(GrantAgreementFactory)
    due_on = datetime.date(2020, 3, 1)
    amount = 5000


class ReportDeadlineFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.ReportDeadline

    agreement = factory.SubFactory(GrantAgreementFactory)
    kind = models.ReportDeadline.Kind.FINAL
    due_on = datetime.date(2021, 3, 31)
