"""The staff's admin for governance records: query counts, access, French, year filter."""

import datetime

import pytest
from django.urls import reverse

from governance.models import Meeting
from tests.admin_checks import (
    CHANGELIST_QUERIES,
    check_add_form_opens,
    check_board_refused,
    check_changelist_queries,
)
from tests.governance.factories import (
    AgendaItemFactory,
    ContributionFactory,
    DecisionFactory,
    DossierFactory,
    DueFactory,
    GrantFactory,
    MandateFactory,
    MeetingAttendanceFactory,
    MeetingFactory,
    MemberFactory,
    OrganisationFactory,
    PartnershipFactory,
    StaffPositionFactory,
)


def make_organisation(i: int) -> None:
    PartnershipFactory(organisation=OrganisationFactory())


def make_partnership(i: int) -> None:
    PartnershipFactory(start_date=datetime.date(2019 + i % 3, 1, 1))


def make_grant(i: int) -> None:
    GrantFactory(year=2019 + i % 3)


def make_member(i: int) -> None:
    MemberFactory(joined_on=datetime.date(2019 + i % 3, 3, 1))


def make_dossier(i: int) -> None:
    DossierFactory()


def make_mandate(i: int) -> None:
    mandate = MandateFactory()
    mandate.dossiers.add(DossierFactory(), DossierFactory())


def make_meeting(i: int) -> None:
    meeting = MeetingFactory()
    DecisionFactory(meeting=meeting)
    AgendaItemFactory(meeting=meeting)
    MeetingAttendanceFactory(meeting=meeting)
    MeetingAttendanceFactory(meeting=meeting, status="excused")


def make_due(i: int) -> None:
    DueFactory(year=2019 + i % 3)


def make_meeting_attendance(i: int) -> None:
    MeetingAttendanceFactory(status="excused" if i % 2 else "present")


def make_staff_position(i: int) -> None:
    StaffPositionFactory(start_date=datetime.date(2019 + i % 3, 1, 1))


def make_contribution(i: int) -> None:
    ContributionFactory(organisation=OrganisationFactory(), meeting=MeetingFactory())


# model name -> (row builder, queries of its changelist whatever the number of rows). On top
# of CHANGELIST_QUERIES: "years" = the year filter's distinct years, "hierarchy" = the date
# hierarchy's min/max and its links (2), "prefetch" = one query for a many-to-many.
CHANGELISTS = {
    "organisation": (make_organisation, CHANGELIST_QUERIES),
    "partnership": (make_partnership, CHANGELIST_QUERIES + 1),  # years
    "grant": (make_grant, CHANGELIST_QUERIES + 1),  # years
    "member": (make_member, CHANGELIST_QUERIES + 2),  # years, years of dues
    "dossier": (make_dossier, CHANGELIST_QUERIES),
    "mandate": (make_mandate, CHANGELIST_QUERIES + 2),  # years, prefetch of the dossiers
    "meeting": (make_meeting, CHANGELIST_QUERIES + 3),  # years, hierarchy
    "staffposition": (make_staff_position, CHANGELIST_QUERIES + 1),  # years
    "contribution": (make_contribution, CHANGELIST_QUERIES + 3),  # years, hierarchy
    "due": (make_due, CHANGELIST_QUERIES + 1),  # years
    "meetingattendance": (make_meeting_attendance, CHANGELIST_QUERIES),
}


@pytest.mark.parametrize("rows", [1, 30])
@pytest.mark.parametrize("model_name", CHANGELISTS)
def test_governance_changelist_query_count_does_not_grow_with_rows(
    staff_client, django_assert_num_queries, model_name, rows
):
    check_changelist_queries(
        staff_client, django_assert_num_queries, "governance", CHANGELISTS, model_name, rows
    )


@pytest.mark.parametrize("model_name", CHANGELISTS)
def test_staff_can_open_governance_add_form(staff_client, model_name):
    check_add_form_opens(staff_client, "governance", model_name)


@pytest.mark.parametrize("model_name", CHANGELISTS)
def test_board_member_cannot_open_governance_admin(board_client, model_name):
    check_board_refused(board_client, "governance", model_name)


def test_admin_index_is_in_french(staff_client):
    page = staff_client.get(reverse("admin:index")).content.decode()
    assert "Ajouter" in page
    for label in ("Réunions", "Subventions", "Entrepreneur·es", "Coopératives", "Événements"):
        assert label in page


def test_meeting_changelist_counts_voters_present_or_represented_and_decisions(staff_client):
    meeting = MeetingFactory()
    holder = MeetingAttendanceFactory(meeting=meeting).member
    MeetingAttendanceFactory(meeting=meeting)
    MeetingAttendanceFactory(meeting=meeting, status="represented", proxy_holder=holder)
    MeetingAttendanceFactory(meeting=meeting, status="excused")
    DecisionFactory.create_batch(2, meeting=meeting)
    response = staff_client.get(reverse("admin:governance_meeting_changelist"))
    row = response.context["cl"].result_list[0]
    assert (row.attendee_count, row.decision_count) == (3, 2)


def test_meeting_year_filter_offers_each_year_and_keeps_only_that_year(staff_client):
    MeetingFactory(date=datetime.date(2019, 5, 1))
    MeetingFactory(date=datetime.date(2020, 5, 1))
    MeetingFactory(date=datetime.date(2020, 6, 1))
    url = reverse("admin:governance_meeting_changelist")
    response = staff_client.get(url, {"date__year": "2020"})
    assert {m.date.year for m in response.context["cl"].result_list} == {2020}
    assert response.context["cl"].result_count == 2
    year_filter = response.context["cl"].filter_specs[0]
    assert year_filter.years == [2020, 2019]


def test_grant_year_filter_works_on_a_plain_year_field(staff_client):
    GrantFactory(year=2019)
    GrantFactory(year=2020)
    response = staff_client.get(reverse("admin:governance_grant_changelist"), {"year": "2019"})
    assert [g.year for g in response.context["cl"].result_list] == [2019]


def test_year_filter_refuses_a_year_that_is_not_a_number(staff_client):
    MeetingFactory()
    url = reverse("admin:governance_meeting_changelist")
    response = staff_client.get(url, {"date__year": "deux-mille"})
    # The admin's way of saying "bad filter": back to the list with ?e=1, nothing crashes.
    assert response.status_code == 302
    assert response.url.endswith("?e=1")


def test_staff_sees_member_account_link_but_cannot_change_it(staff_client):
    response = staff_client.get(reverse("admin:governance_member_add"))
    assert "user" not in response.context["adminform"].form.fields


def test_superuser_can_link_a_member_to_an_account(client, superuser):
    client.force_login(superuser)
    response = client.get(reverse("admin:governance_member_add"))
    assert "user" in response.context["adminform"].form.fields


def test_meeting_change_form_has_decision_inline(staff_client):
    meeting = MeetingFactory()
    DecisionFactory(meeting=meeting, text="Adoption du budget")
    response = staff_client.get(reverse("admin:governance_meeting_change", args=[meeting.pk]))
    assert "Adoption du budget" in response.content.decode()
    assert Meeting._meta.verbose_name == "réunion"


def test_member_list_filters_those_up_to_date_with_a_years_dues(staff_client):
    paid = DueFactory(year=2020).member
    DueFactory(year=2020, paid_on=None)
    DueFactory(year=2019)
    url = reverse("admin:governance_member_changelist")
    response = staff_client.get(url, {"dues_paid": "2020"})
    assert list(response.context["cl"].result_list) == [paid]
    assert staff_client.get(url, {"dues_paid": "deux"}).url.endswith("?e=1")
