"""Entrepreneur and encounter rules: refused by the model (French message on the field), by the
database when clean() is bypassed, and by the admin form, which then saves nothing."""

import datetime

import pytest
import time_machine
from django.core.exceptions import NON_FIELD_ERRORS
from django.urls import reverse

from entrepreneurs.models import Encounter, Entrepreneur
from tests.entrepreneurs.factories import EncounterFactory, EntrepreneurFactory
from tests.validation import (
    assert_admin_form_refused,
    assert_database_refuses,
    clean_errors,
    management_form,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _today_is_2021():
    # "In the future" depends on today: pin it.
    with time_machine.travel(datetime.date(2021, 1, 15), tick=False):
        yield


ARRIVAL_BEFORE_BIRTH = "L'année d'arrivée précède l'année de naissance."
DUPLICATE_ENCOUNTER = "Cette rencontre existe déjà (même personne, même date, même type)."


def entrepreneur_form(**values) -> dict:
    """A valid admin add form for an entrepreneur, with empty inlines; `values` override."""
    return {
        "reference": "",
        "first_name": "Awa",
        "last_name": "Ndiaye",
        "gender": "female",
        "birth_year": "1985",
        "country_of_origin": "SN",
        "arrival_year": "2012",
        "email": "",
        "phone": "",
        "sector": "textile",
        "project_kind": "",
        "skill_level": "",
        "informal_activity": "unknown",
        "referred_by": "",
        "consent_date": "",
        "consent_scope": "",
        "notes": "",
        **management_form("encounters"),
        **management_form("memberships"),
        **management_form("outcomes"),
        **values,
    }


def test_birth_year_in_the_future_is_refused_on_birth_year():
    entrepreneur = EntrepreneurFactory.build(birth_year=2022, arrival_year=None)
    assert clean_errors(entrepreneur)["birth_year"] == ["L'année de naissance est dans le futur."]


def test_birth_year_this_year_is_accepted():
    entrepreneur = EntrepreneurFactory.build(birth_year=2021, arrival_year=None)
    assert clean_errors(entrepreneur) == {}


def test_arrival_year_in_the_future_is_refused_on_arrival_year():
    entrepreneur = EntrepreneurFactory.build(arrival_year=2022)
    assert clean_errors(entrepreneur)["arrival_year"] == ["L'année d'arrivée est dans le futur."]


def test_birth_year_before_1900_is_refused():
    entrepreneur = EntrepreneurFactory.build(birth_year=1850, arrival_year=None)
    assert clean_errors(entrepreneur)["birth_year"] == [
        "Assurez-vous que cette valeur est supérieure ou égale à 1900."
    ]


def test_arrival_before_birth_is_refused():
    entrepreneur = EntrepreneurFactory.build(birth_year=1990, arrival_year=1980)
    assert clean_errors(entrepreneur)[NON_FIELD_ERRORS] == [ARRIVAL_BEFORE_BIRTH]


def test_database_refuses_arrival_before_birth():
    assert_database_refuses(lambda: EntrepreneurFactory(birth_year=1990, arrival_year=1980))


def test_same_encounter_twice_is_refused():
    first = EncounterFactory()
    duplicate = Encounter(entrepreneur=first.entrepreneur, date=first.date, kind=first.kind)
    assert clean_errors(duplicate)[NON_FIELD_ERRORS] == [DUPLICATE_ENCOUNTER]


def test_database_refuses_same_encounter_twice():
    first = EncounterFactory()
    assert_database_refuses(
        lambda: Encounter.objects.create(
            entrepreneur=first.entrepreneur, date=first.date, kind=first.kind
        )
    )


def test_admin_refuses_entrepreneur_born_in_the_future(staff_client):
    response = staff_client.post(
        reverse("admin:entrepreneurs_entrepreneur_add"),
        entrepreneur_form(birth_year="2022", arrival_year=""),
    )
    assert_admin_form_refused(response, "birth_year", "L'année de naissance est dans le futur.")
    assert not Entrepreneur.objects.exists()


def test_admin_refuses_arrival_before_birth(staff_client):
    response = staff_client.post(
        reverse("admin:entrepreneurs_entrepreneur_add"),
        entrepreneur_form(birth_year="1990", arrival_year="1980"),
    )
    assert_admin_form_refused(response, NON_FIELD_ERRORS, ARRIVAL_BEFORE_BIRTH)
    assert not Entrepreneur.objects.exists()


def test_admin_saves_a_valid_entrepreneur_with_a_generated_reference(staff_client):
    response = staff_client.post(
        reverse("admin:entrepreneurs_entrepreneur_add"), entrepreneur_form()
    )
    assert response.status_code == 302
    assert Entrepreneur.objects.get().reference == "ENT-0001"


def test_admin_refuses_same_encounter_twice(staff_client, staff_user):
    first = EncounterFactory()
    response = staff_client.post(
        reverse("admin:entrepreneurs_encounter_add"),
        {
            "entrepreneur": first.entrepreneur.pk,
            "date": first.date.strftime("%d/%m/%Y"),
            "kind": first.kind,
            "staff_member": staff_user.pk,
            "notes": "",
            "oriented_towards": "",
        },
    )
    assert_admin_form_refused(response, NON_FIELD_ERRORS, DUPLICATE_ENCOUNTER)
    assert Encounter.objects.count() == 1


def test_admin_refuses_the_same_encounter_twice_in_the_inline(staff_client):
    entrepreneur = EntrepreneurFactory(first_name="Awa")
    row = {"date": "15/06/2020", "kind": Encounter.Kind.FOLLOW_UP, "oriented_towards": ""}
    data = entrepreneur_form(
        reference=entrepreneur.reference,
        first_name="Awa-Marie",
        version=str(entrepreneur.version),
        **management_form("encounters", total=2),
        **{f"encounters-{i}-{key}": value for i in (0, 1) for key, value in row.items()},
    )
    url = reverse("admin:entrepreneurs_entrepreneur_change", args=[entrepreneur.pk])
    response = staff_client.post(url, data)
    assert response.status_code == 200
    formset = response.context["inline_admin_formsets"][0].formset
    assert "en double" in " ".join(formset.non_form_errors())
    assert not Encounter.objects.exists()
    entrepreneur.refresh_from_db()
    assert entrepreneur.first_name == "Awa"
