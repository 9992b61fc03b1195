"""The staff's admin for programmes, cooperatives and memberships."""

import datetime

import pytest
import time_machine
from django.urls import reverse

from tests.admin_checks import (
    CHANGELIST_QUERIES,
    check_add_form_opens,
    check_board_refused,
    check_changelist_queries,
)
from tests.cooperatives.factories import (
    CooperativeFactory,
    MembershipFactory,
    OutcomeFactory,
    ProgrammeFactory,
)
from tests.governance.factories import OrganisationFactory


def make_programme(i: int) -> None:
    programme = ProgrammeFactory(name=f"Programme {i}")
    programme.partners.add(OrganisationFactory())
    CooperativeFactory.create_batch(2, programme=programme)


def make_cooperative(i: int) -> None:
    cooperative = CooperativeFactory(
        programme=ProgrammeFactory(name=f"Programme {i % 3}"),
        host=OrganisationFactory(),
        start_date=datetime.date(2019 + i % 3, 9, 1),
        end_date=datetime.date(2020 + i % 3, 2, 28),
    )
    MembershipFactory.create_batch(3, cooperative=cooperative)


def make_membership(i: int) -> None:
    MembershipFactory()


def make_outcome(i: int) -> None:
    OutcomeFactory(date=datetime.date(2020 + i % 3, 3, 1))


# model name -> (row builder, queries of its changelist whatever the number of rows). On top
# of CHANGELIST_QUERIES (request, counts, page of rows with its annotated count): "years" = the
# year filter's distinct years, "programmes"/"cooperatives" = the choices of those filters,
# "hierarchy" = the date hierarchy's min/max and its links (2).
CHANGELISTS = {
    "programme": (make_programme, CHANGELIST_QUERIES),
    "cooperative": (make_cooperative, CHANGELIST_QUERIES + 4),  # programmes, years, hierarchy
    "membership": (make_membership, CHANGELIST_QUERIES + 2),  # years, cooperatives
    "outcome": (make_outcome, CHANGELIST_QUERIES + 3),  # years, hierarchy
}


@pytest.mark.parametrize("rows", [1, 30])
@pytest.mark.parametrize("model_name", CHANGELISTS)
def test_cooperatives_changelist_query_count_does_not_grow_with_rows(
    staff_client, django_assert_num_queries, model_name, rows
):
    check_changelist_queries(
        staff_client, django_assert_num_queries, "cooperatives", CHANGELISTS, model_name, rows
    )


@pytest.mark.parametrize("model_name", CHANGELISTS)
def test_staff_can_open_cooperatives_add_form(staff_client, model_name):
    check_add_form_opens(staff_client, "cooperatives", model_name)


@pytest.mark.parametrize("model_name", CHANGELISTS)
def test_board_member_cannot_open_cooperatives_admin(board_client, model_name):
    check_board_refused(board_client, "cooperatives", model_name)


@time_machine.travel(datetime.date(2021, 1, 15))
def test_cooperative_changelist_shows_cooperator_count_and_derived_status(staff_client):
    running = CooperativeFactory(name="Couture Est")
    MembershipFactory.create_batch(3, cooperative=running)
    CooperativeFactory(name="Future", start_date=None, end_date=None)
    response = staff_client.get(reverse("admin:cooperatives_cooperative_changelist"))
    rows = {c.name: c for c in response.context["cl"].result_list}
    assert rows["Couture Est"].cooperator_count == 3
    assert rows["Future"].cooperator_count == 0
    html = response.content.decode()
    assert "En cours" in html
    assert "En préparation" in html


@time_machine.travel(datetime.date(2021, 1, 15))
@pytest.mark.parametrize(
    ("status", "expected"),
    [("planned", ["Future"]), ("running", ["Couture Est"]), ("ended", ["Cuisine 2019"])],
)
def test_cooperative_status_filter_uses_the_dates(staff_client, status, expected):
    CooperativeFactory(name="Couture Est")
    CooperativeFactory(name="Future", start_date=datetime.date(2021, 3, 1), end_date=None)
    CooperativeFactory(
        name="Cuisine 2019",
        start_date=datetime.date(2019, 1, 1),
        end_date=datetime.date(2019, 6, 30),
    )
    url = reverse("admin:cooperatives_cooperative_changelist")
    response = staff_client.get(url, {"status": status})
    assert [c.name for c in response.context["cl"].result_list] == expected


def test_cooperative_change_form_has_membership_inline(staff_client):
    membership = MembershipFactory()
    url = reverse("admin:cooperatives_cooperative_change", args=[membership.cooperative.pk])
    response = staff_client.get(url)
    prefixes = [formset.formset.prefix for formset in response.context["inline_admin_formsets"]]
    assert prefixes == ["memberships"]
    assert membership.entrepreneur.reference in response.content.decode()


def test_cooperative_autocomplete_answers_staff(staff_client):
    CooperativeFactory(name="Couture Est")
    CooperativeFactory(name="Cuisine Ouest")
    response = staff_client.get(
        reverse("admin:autocomplete"),
        {
            "term": "Couture",
            "app_label": "cooperatives",
            "model_name": "membership",
            "field_name": "cooperative",
        },
    )
    assert [r["text"] for r in response.json()["results"]] == ["Couture Est"]
