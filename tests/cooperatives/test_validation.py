"""Programme, cooperative and membership rules: refused by the model (French message on the
field), by the database when clean() is bypassed, and by the admin form, which saves nothing."""

import datetime

import pytest
from django.core.exceptions import NON_FIELD_ERRORS
from django.urls import reverse

from cooperatives.models import Cooperative, Membership, Programme
from tests.cooperatives.factories import CooperativeFactory, MembershipFactory
from tests.entrepreneurs.factories import EntrepreneurFactory
from tests.validation import (
    END_BEFORE_START,
    assert_admin_form_refused,
    assert_database_refuses,
    clean_errors,
    management_form,
)

pytestmark = pytest.mark.django_db

# CooperativeFactory runs from 1 Sept 2020 to 28 Feb 2021.
COOP_START, COOP_END = datetime.date(2020, 9, 1), datetime.date(2021, 2, 28)
DAY = datetime.timedelta(days=1)
LEFT_AFTER_END = "La sortie est postérieure à la fin de la coopérative."


def cooperative_form(cooperative: Cooperative, **values) -> dict:
    """The admin change form of `cooperative` as it stands, with no membership row."""
    return {
        "reference": cooperative.reference,
        "name": cooperative.name,
        "kind": cooperative.kind,
        "programme": cooperative.programme_id or "",
        "sector": cooperative.sector,
        "host": cooperative.host_id or "",
        "planned_start": "",
        "start_date": cooperative.start_date.strftime("%d/%m/%Y"),
        "end_date": cooperative.end_date.strftime("%d/%m/%Y"),
        "postponement_reason": "",
        "workspace_description": "",
        "workspace_area_m2": "",
        "brand_name": "",
        "brand_created_on": "",
        "version": str(cooperative.version),
        **management_form("memberships"),
        **values,
    }


def test_cooperative_ending_before_it_starts_is_refused_on_end_date():
    cooperative = CooperativeFactory.build(end_date=COOP_START - DAY, programme=None, host=None)
    assert clean_errors(cooperative)["end_date"] == [END_BEFORE_START]


def test_database_refuses_cooperative_ending_before_it_starts():
    assert_database_refuses(lambda: CooperativeFactory(end_date=COOP_START - DAY))


def test_brand_date_without_brand_name_is_refused_on_brand_name():
    cooperative = CooperativeFactory(brand_created_on=COOP_START)
    assert clean_errors(cooperative)["brand_name"] == ["Indiquez le nom de la marque créée."]


def test_programme_ending_before_it_starts_is_refused():
    programme = Programme(name="Migracoop", start_year=2020, end_year=2019)
    assert clean_errors(programme)[NON_FIELD_ERRORS] == ["L'année de fin précède l'année de début."]


def test_database_refuses_programme_ending_before_it_starts():
    assert_database_refuses(
        lambda: Programme.objects.create(name="Migracoop", start_year=2020, end_year=2019)
    )


@pytest.mark.parametrize(
    ("joined_on", "left_on", "field", "message"),
    [
        (COOP_START - DAY, None, "joined_on", "L'entrée précède le démarrage de la coopérative."),
        (COOP_END + DAY, None, "joined_on", "L'entrée est postérieure à la fin de la coopérative."),
        (
            COOP_START,
            COOP_END + DAY,
            "left_on",
            "La sortie est postérieure à la fin de la coopérative.",
        ),
        (COOP_END, COOP_START, "left_on", END_BEFORE_START),
    ],
    ids=["joined-before-start", "joined-after-end", "left-after-end", "left-before-joined"],
)
def test_membership_outside_its_cooperative_dates_is_refused(joined_on, left_on, field, message):
    membership = MembershipFactory()
    membership.joined_on, membership.left_on = joined_on, left_on
    assert clean_errors(membership)[field] == [message]


def test_membership_over_the_whole_cooperative_is_accepted():
    membership = MembershipFactory(joined_on=COOP_START, left_on=COOP_END)
    assert clean_errors(membership) == {}


def test_database_refuses_leaving_before_joining():
    assert_database_refuses(lambda: MembershipFactory(joined_on=COOP_END, left_on=COOP_START))


def test_same_person_twice_in_a_cooperative_is_refused():
    first = MembershipFactory()
    duplicate = Membership(
        cooperative=first.cooperative, entrepreneur=first.entrepreneur, joined_on=COOP_START
    )
    assert clean_errors(duplicate)[NON_FIELD_ERRORS] == [
        "Cette personne est déjà membre de la coopérative."
    ]


def test_database_refuses_same_person_twice_in_a_cooperative():
    first = MembershipFactory()
    assert_database_refuses(
        lambda: MembershipFactory(cooperative=first.cooperative, entrepreneur=first.entrepreneur)
    )


def test_admin_refuses_cooperative_ending_before_it_starts(staff_client):
    cooperative = CooperativeFactory()
    url = reverse("admin:cooperatives_cooperative_change", args=[cooperative.pk])
    response = staff_client.post(url, cooperative_form(cooperative, end_date="31/08/2020"))
    assert_admin_form_refused(response, "end_date", END_BEFORE_START)
    cooperative.refresh_from_db()
    assert cooperative.end_date == COOP_END


def test_admin_refuses_membership_joining_before_the_cooperative_starts(staff_client):
    cooperative = CooperativeFactory()
    response = staff_client.post(
        reverse("admin:cooperatives_membership_add"),
        {
            "cooperative": cooperative.pk,
            "entrepreneur": EntrepreneurFactory().pk,
            "joined_on": "31/08/2020",
            "left_on": "",
        },
    )
    message = "L'entrée précède le démarrage de la coopérative."
    assert_admin_form_refused(response, "joined_on", message)
    assert not Membership.objects.exists()


def test_admin_refuses_inline_membership_leaving_after_the_cooperative_ends(staff_client):
    cooperative = CooperativeFactory(name="Couture Est")
    entrepreneur = EntrepreneurFactory()
    data = cooperative_form(
        cooperative,
        name="Couture Est renommée",
        **management_form("memberships", total=1),
        **{
            "memberships-0-entrepreneur": entrepreneur.pk,
            "memberships-0-joined_on": "01/09/2020",
            "memberships-0-left_on": "01/03/2021",
        },
    )
    url = reverse("admin:cooperatives_cooperative_change", args=[cooperative.pk])
    response = staff_client.post(url, data)
    assert response.status_code == 200
    row_errors = response.context["inline_admin_formsets"][0].formset.errors[0]
    assert row_errors["left_on"] == [LEFT_AFTER_END]
    assert not Membership.objects.exists()
    cooperative.refresh_from_db()
    assert cooperative.name == "Couture Est"


def test_admin_refuses_new_cooperative_with_member_joining_before_it_starts(staff_client):
    data = cooperative_form(
        CooperativeFactory.build(reference="", programme=None, host=None),
        **management_form("memberships", total=1),
        **{
            "memberships-0-entrepreneur": EntrepreneurFactory().pk,
            "memberships-0-joined_on": "01/01/2019",
            "memberships-0-left_on": "",
        },
    )
    response = staff_client.post(reverse("admin:cooperatives_cooperative_add"), data)
    assert response.status_code == 200
    row_errors = response.context["inline_admin_formsets"][0].formset.errors[0]
    assert row_errors["joined_on"] == ["L'entrée précède le démarrage de la coopérative."]
    assert not Cooperative.objects.exists()
    assert not Membership.objects.exists()


def test_admin_refuses_same_person_twice_in_a_cooperative(staff_client):
    first = MembershipFactory()
    response = staff_client.post(
        reverse("admin:cooperatives_membership_add"),
        {
            "cooperative": first.cooperative.pk,
            "entrepreneur": first.entrepreneur.pk,
            "joined_on": "01/10/2020",
            "left_on": "",
        },
    )
    message = "Cette personne est déjà membre de la coopérative."
    assert_admin_form_refused(response, NON_FIELD_ERRORS, message)
    assert Membership.objects.count() == 1


def test_admin_saves_a_membership_within_the_cooperative_dates(staff_client):
    cooperative = CooperativeFactory()
    response = staff_client.post(
        reverse("admin:cooperatives_membership_add"),
        {
            "cooperative": cooperative.pk,
            "entrepreneur": EntrepreneurFactory().pk,
            "joined_on": "01/10/2020",
            "left_on": "",
        },
    )
    assert response.status_code == 302
    assert Membership.objects.get().joined_on == datetime.date(2020, 10, 1)
