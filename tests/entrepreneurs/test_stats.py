import datetime

import pytest
from django.utils import translation

from core.period import Period
from entrepreneurs import stats
from entrepreneurs.models import Encounter, Entrepreneur, Gender
from governance.stats import BreakdownItem
from tests.entrepreneurs.factories import EncounterFactory, EntrepreneurFactory
from tests.governance.factories import OrganisationFactory

pytestmark = pytest.mark.django_db

D = datetime.date
INTERVIEW = Encounter.Kind.INDIVIDUAL_INTERVIEW


def test_individual_interviews_counts_interviews_dated_within_the_year():
    EncounterFactory(kind=INTERVIEW, date=D(2020, 1, 1))
    EncounterFactory(kind=INTERVIEW, date=D(2020, 12, 31))
    EncounterFactory(kind=INTERVIEW, date=D(2019, 12, 31))
    EncounterFactory(kind=INTERVIEW, date=D(2021, 1, 1))
    EncounterFactory(kind=Encounter.Kind.FIRST_CONTACT, date=D(2020, 6, 1))

    assert stats.individual_interviews(Period.year(2020)) == 2


def test_individual_interviews_is_zero_for_a_year_without_records():
    assert stats.individual_interviews(Period.year(1950)) == 0


@pytest.mark.parametrize(
    ("year", "known", "birth_year_sum", "expected"),
    [
        (2020, 2, 1980 + 1979, 41),  # ages 40 and 41: mean 40.5 rounds up
        (2020, 3, 1980 * 3, 40),
        (2020, 3, 1980 + 1980 + 1981, 40),  # 39.67
        (2020, 0, None, None),
    ],
)
def test_mean_age_is_rounded_half_up_and_null_without_birth_years(
    year, known, birth_year_sum, expected
):
    assert stats.mean_age(year, known, birth_year_sum) == expected


def test_gender_breakdown_uses_french_labels_ordered_by_count_then_label():
    EntrepreneurFactory.create_batch(3, gender=Gender.FEMALE)
    EntrepreneurFactory(gender=Gender.MALE)
    EntrepreneurFactory(gender=Gender.OTHER)

    assert stats.by_gender(stats.profile_rows(Entrepreneur.objects.all())) == (
        BreakdownItem("female", "Femme", 3),
        BreakdownItem("other", "Autre", 1),
        BreakdownItem("male", "Homme", 1),
    )


def test_sector_and_skill_breakdowns_label_empty_values_not_given():
    EntrepreneurFactory(sector="", skill_level="")
    EntrepreneurFactory(sector="food", skill_level="professional")

    people = Entrepreneur.objects.all()

    assert stats.by_sector(stats.profile_rows(people)) == (
        BreakdownItem("food", "Alimentation", 1),
        BreakdownItem(None, "Non renseigné", 1),
    )
    assert stats.by_skill_level(people) == (
        BreakdownItem(None, "Non renseigné", 1),
        BreakdownItem("professional", "Professionnel·le", 1),
    )


def test_country_breakdown_names_countries_in_french():
    EntrepreneurFactory.create_batch(2, country_of_origin="SN")
    EntrepreneurFactory(country_of_origin="BR")
    EntrepreneurFactory(country_of_origin="")

    with translation.override("fr"):
        items = stats.by_country(Entrepreneur.objects.all())

    assert [(i.code, i.label, i.count) for i in items] == [
        ("SN", "Sénégal", 2),
        ("BR", "Brésil", 1),
        (None, "Non renseigné", 1),
    ]


def test_project_kind_breakdown_groups_the_free_text_as_typed():
    EntrepreneurFactory.create_batch(2, project_kind="Retouche / confection")
    EntrepreneurFactory(project_kind="Cuisine")

    assert stats.by_project_kind(Entrepreneur.objects.all()) == (
        BreakdownItem("Retouche / confection", "Retouche / confection", 2),
        BreakdownItem("Cuisine", "Cuisine", 1),
    )


def test_informal_activity_breakdown_says_yes_no_or_not_given():
    EntrepreneurFactory.create_batch(2, informal_activity=True)
    EntrepreneurFactory(informal_activity=False)
    EntrepreneurFactory(informal_activity=None)

    assert stats.by_informal_activity(Entrepreneur.objects.all()) == (
        BreakdownItem(True, "Oui", 2),
        BreakdownItem(False, "Non", 1),
        BreakdownItem(None, "Non renseigné", 1),
    )


def test_referrer_breakdown_names_the_organisation():
    france_travail = OrganisationFactory(name="France Travail")
    EntrepreneurFactory.create_batch(2, referred_by=france_travail)
    EntrepreneurFactory(referred_by=None)

    assert stats.by_referrer(stats.profile_rows(Entrepreneur.objects.all())) == (
        BreakdownItem(france_travail.pk, "France Travail", 2),
        BreakdownItem(None, "Non renseigné", 1),
    )


def test_breakdowns_only_group_the_people_given():
    EntrepreneurFactory(gender=Gender.MALE)
    woman = EntrepreneurFactory(gender=Gender.FEMALE)

    assert stats.by_gender(stats.profile_rows(Entrepreneur.objects.filter(pk=woman.pk))) == (
        BreakdownItem("female", "Femme", 1),
    )


def test_profile_rows_group_the_three_profile_fields_in_one_query(django_assert_num_queries):
    food = OrganisationFactory(name="Secours populaire")
    EntrepreneurFactory.create_batch(2, gender=Gender.FEMALE, sector="food", referred_by=food)
    EntrepreneurFactory(gender=Gender.FEMALE, sector="textile", referred_by=None)
    EntrepreneurFactory(gender=Gender.MALE, sector="food", referred_by=food)

    with django_assert_num_queries(1):
        rows = stats.profile_rows(Entrepreneur.objects.all())

    # One row per combination; each breakdown adds up the rows of its field.
    assert len(rows) == 3
    assert [(i.code, i.count) for i in stats.by_gender(rows)] == [("female", 3), ("male", 1)]
    assert [(i.code, i.count) for i in stats.by_sector(rows)] == [("food", 3), ("textile", 1)]
    assert [(i.label, i.count) for i in stats.by_referrer(rows)] == [
        ("Secours populaire", 3),
        ("Non renseigné", 1),
    ]
