"""The staff's admin for entrepreneurs and encounters: query counts, access, inlines."""

import datetime

import pytest
from django.contrib.admin.widgets import AutocompleteSelect
from django.contrib.auth import get_user_model
from django.urls import reverse

from entrepreneurs.models import Encounter
from tests.admin_checks import (
    CHANGELIST_QUERIES,
    REQUEST_QUERIES,
    check_add_form_opens,
    check_board_refused,
    check_changelist_queries,
)
from tests.cooperatives.factories import MembershipFactory
from tests.entrepreneurs.factories import EncounterFactory, EntrepreneurFactory
from tests.governance.factories import OrganisationFactory
from tests.personas import make_user


def make_entrepreneur(i: int) -> None:
    entrepreneur = EntrepreneurFactory(
        referred_by=OrganisationFactory(), country_of_origin=["SN", "MA", "CM"][i % 3]
    )
    EncounterFactory(entrepreneur=entrepreneur, kind=Encounter.Kind.FIRST_CONTACT)
    EncounterFactory(entrepreneur=entrepreneur, kind=Encounter.Kind.FOLLOW_UP)


def make_encounter(i: int) -> None:
    EncounterFactory(
        date=datetime.date(2019 + i % 3, 6, 15),
        staff_member=make_user_staff(i),
        oriented_towards=OrganisationFactory(),
    )


def make_user_staff(i: int):
    return make_user(get_user_model(), f"equipe{i}@example.org", is_staff=True)


# model name -> (row builder, queries of its changelist whatever the number of rows). On top
# of CHANGELIST_QUERIES (request, counts, page of rows): "years" = the year filter's distinct
# years, "countries" = the countries present, "staff" = the staff accounts offered by the
# staff member filter, "hierarchy" = the date hierarchy's min/max and its links (2).
CHANGELISTS = {
    "entrepreneur": (make_entrepreneur, CHANGELIST_QUERIES + 2),  # years, countries
    "encounter": (make_encounter, CHANGELIST_QUERIES + 4),  # years, staff, hierarchy
}


@pytest.mark.parametrize("rows", [1, 30])
@pytest.mark.parametrize("model_name", CHANGELISTS)
def test_entrepreneurs_changelist_query_count_does_not_grow_with_rows(
    staff_client, django_assert_num_queries, model_name, rows
):
    check_changelist_queries(
        staff_client, django_assert_num_queries, "entrepreneurs", CHANGELISTS, model_name, rows
    )


@pytest.mark.parametrize("model_name", CHANGELISTS)
def test_staff_can_open_entrepreneurs_add_form(staff_client, model_name):
    check_add_form_opens(staff_client, "entrepreneurs", model_name)


@pytest.mark.parametrize("model_name", CHANGELISTS)
def test_board_member_cannot_open_entrepreneurs_admin(board_client, model_name):
    check_board_refused(board_client, "entrepreneurs", model_name)


def test_entrepreneur_changelist_counts_encounters(staff_client):
    make_entrepreneur(0)
    EntrepreneurFactory()
    response = staff_client.get(reverse("admin:entrepreneurs_entrepreneur_changelist"))
    counts = sorted(row.encounter_count for row in response.context["cl"].result_list)
    assert counts == [0, 2]


def test_entrepreneur_changelist_is_in_french(staff_client):
    EntrepreneurFactory(country_of_origin="SN")
    page = staff_client.get(reverse("admin:entrepreneurs_entrepreneur_changelist"))
    html = page.content.decode()
    assert "Ajouter entrepreneur·e" in html
    assert "Sénégal" in html  # the country column and the country filter
    assert "pays d&#x27;origine" in html or "pays d'origine" in html


def test_entrepreneur_country_filter_keeps_only_that_country(staff_client):
    EntrepreneurFactory(country_of_origin="SN")
    EntrepreneurFactory(country_of_origin="MA")
    url = reverse("admin:entrepreneurs_entrepreneur_changelist")
    response = staff_client.get(url, {"country_of_origin": "MA"})
    assert [e.country_of_origin.code for e in response.context["cl"].result_list] == ["MA"]


@pytest.mark.parametrize("term", ["ENT-0042", "Ndiaye", "awa@example.org", "0612345678"])
def test_entrepreneur_search_finds_by_reference_name_email_phone(staff_client, term):
    EntrepreneurFactory(
        reference="ENT-0042", last_name="Ndiaye", email="awa@example.org", phone="0612345678"
    )
    EntrepreneurFactory(reference="ENT-0043", last_name="Diallo", email="", phone="")
    url = reverse("admin:entrepreneurs_entrepreneur_changelist")
    response = staff_client.get(url, {"q": term})
    assert [e.reference for e in response.context["cl"].result_list] == ["ENT-0042"]


def test_entrepreneur_change_form_shows_encounters_and_memberships(staff_client):
    membership = MembershipFactory()
    EncounterFactory(entrepreneur=membership.entrepreneur)
    url = reverse("admin:entrepreneurs_entrepreneur_change", args=[membership.entrepreneur.pk])
    response = staff_client.get(url)
    prefixes = [formset.formset.prefix for formset in response.context["inline_admin_formsets"]]
    # Outcomes: the inline the cooperatives app adds (cooperatives.admin).
    assert prefixes == ["encounters", "memberships", "outcomes"]
    assert membership.cooperative.name in response.content.decode()


def test_encounter_staff_member_is_a_plain_select_of_staff_preset_to_current_user(
    staff_client, staff_user, board_user
):
    response = staff_client.get(reverse("admin:entrepreneurs_encounter_add"))
    field = response.context["adminform"].form.fields["staff_member"]
    # A plain select: staff may not browse accounts, so no autocomplete URL is involved.
    assert "autocomplete" not in field.widget.widget.__class__.__name__.lower()
    assert list(field.queryset) == [staff_user]
    assert board_user not in field.queryset
    assert response.context["adminform"].form["staff_member"].value() == staff_user.pk


def test_entrepreneur_referred_by_uses_autocomplete(staff_client):
    response = staff_client.get(reverse("admin:entrepreneurs_entrepreneur_add"))
    widget = response.context["adminform"].form.fields["referred_by"].widget.widget
    assert isinstance(widget, AutocompleteSelect)


@pytest.mark.parametrize("encounters", [1, 4])
def test_entrepreneur_change_form_reads_staff_list_once_whatever_the_encounters(
    staff_client, staff_user, django_assert_num_queries, encounters
):
    entrepreneur = EntrepreneurFactory()
    for kind in list(Encounter.Kind)[:encounters]:
        EncounterFactory(entrepreneur=entrepreneur, kind=kind, staff_member=staff_user)
    url = reverse("admin:entrepreneurs_entrepreneur_change", args=[entrepreneur.pk])
    # REQUEST_QUERIES, the entrepreneur (with its encounter count), its encounters, its
    # memberships, its outcomes, the content type (history link), the staff accounts of the
    # select (once), the sessions the person was registered for (events.admin adds them),
    # the audit entry of the read.
    with django_assert_num_queries(REQUEST_QUERIES + 8):
        response = staff_client.get(url)
    assert response.status_code == 200
