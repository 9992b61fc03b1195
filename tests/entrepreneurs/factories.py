import datetime

import factory

from entrepreneurs import models


class EntrepreneurFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Entrepreneur

    reference = factory.Sequence(lambda n: f"ENT-{n + 1:04d}")
    first_name = factory.Faker("first_name", locale="fr_FR")
    last_name = factory.Faker("last_name", locale="fr_FR")
    gender = models.Gender.FEMALE
    birth_year = 1980
    country_of_origin = "SN"
    arrival_year = 2010
    sector = models.Sector.TEXTILE
    skill_level = models.SkillLevel.BEGINNER


class EncounterFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Encounter

    entrepreneur = factory.SubFactory(EntrepreneurFactory)
    date = datetime.date(2020, 6, 15)
    kind = models.Encounter.Kind.INDIVIDUAL_INTERVIEW


class ReferralLinkFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.ReferralLink

    organisation = factory.SubFactory("tests.governance.factories.OrganisationFactory")


class ReferralFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Referral

    link = factory.SubFactory(ReferralLinkFactory)
    organisation = factory.LazyAttribute(lambda o: o.link.organisation)
    first_name = "Fatou"
    contact = "06 12 34 56 78"
    language = "wolof, français"
    project = "Couture, retouches"
    referrer_name = "Claire Martin"
    referrer_contact = "claire@example.org"
    consent = True
