"""Governance rules: refused by the model (French message on the field), by the database when
clean() is bypassed, and by the admin form, which then saves nothing."""

import datetime

import pytest
from django.core.exceptions import NON_FIELD_ERRORS
from django.urls import reverse

from governance.models import Contribution, Mandate, Meeting, Partnership, StaffPosition
from tests.governance.factories import (
    ContributionFactory,
    MandateFactory,
    MeetingFactory,
    OrganisationFactory,
    PartnershipFactory,
    StaffPositionFactory,
)
from tests.validation import (
    END_BEFORE_START,
    MEETING_INLINES,
    assert_admin_form_refused,
    assert_database_refuses,
    clean_errors,
)

pytestmark = pytest.mark.django_db

START, BEFORE_START = datetime.date(2020, 6, 1), datetime.date(2020, 5, 31)


@pytest.mark.parametrize(
    "factory", [PartnershipFactory, MandateFactory, StaffPositionFactory], ids=lambda f: f.__name__
)
def test_period_ending_before_it_starts_is_refused_on_end_date(factory):
    record = factory(start_date=START)
    record.end_date = BEFORE_START
    assert clean_errors(record)["end_date"] == [END_BEFORE_START]


@pytest.mark.parametrize(
    "factory", [PartnershipFactory, MandateFactory, StaffPositionFactory], ids=lambda f: f.__name__
)
def test_database_refuses_period_ending_before_it_starts(factory):
    record = factory()
    record.end_date = BEFORE_START
    record.start_date = START
    assert_database_refuses(record.save)


def test_period_ending_on_its_start_day_is_accepted():
    assert clean_errors(PartnershipFactory(start_date=START, end_date=START)) == {}


def test_second_meeting_of_same_kind_same_day_is_refused():
    first = MeetingFactory()
    duplicate = Meeting(kind=first.kind, date=first.date)
    assert clean_errors(duplicate)[NON_FIELD_ERRORS] == [
        "Une réunion de ce type existe déjà à cette date."
    ]


def test_database_refuses_second_meeting_of_same_kind_same_day():
    first = MeetingFactory()
    assert_database_refuses(lambda: Meeting.objects.create(kind=first.kind, date=first.date))


def test_contribution_without_hours_or_value_is_refused():
    contribution = ContributionFactory.build(hours=None, value=None)
    assert clean_errors(contribution)[NON_FIELD_ERRORS] == [
        "Indiquez un nombre d'heures ou une valeur."
    ]


def test_database_refuses_contribution_without_hours_or_value():
    assert_database_refuses(lambda: ContributionFactory(hours=None, value=None))


def test_admin_refuses_partnership_ending_before_it_starts(staff_client):
    organisation = OrganisationFactory()
    response = staff_client.post(
        reverse("admin:governance_partnership_add"),
        {
            "organisation": organisation.pk,
            "role": Partnership.Role.FUNDER,
            "start_date": "01/06/2020",
            "end_date": "31/05/2020",
            "notes": "",
        },
    )
    assert_admin_form_refused(response, "end_date", END_BEFORE_START)
    assert not Partnership.objects.exists()


def test_admin_refuses_changing_a_mandate_to_end_before_it_starts(staff_client):
    mandate = MandateFactory(start_date=START)
    response = staff_client.post(
        reverse("admin:governance_mandate_change", args=[mandate.pk]),
        {
            "member": mandate.member.pk,
            "role": mandate.role,
            "start_date": "01/06/2020",
            "end_date": "31/05/2020",
            "version": mandate.version,
        },
    )
    assert_admin_form_refused(response, "end_date", END_BEFORE_START)
    assert Mandate.objects.get().end_date is None


def test_admin_refuses_staff_position_ending_before_it_starts(staff_client):
    response = staff_client.post(
        reverse("admin:governance_staffposition_add"),
        {
            "first_name": "Anna",
            "last_name": "Mourlaque",
            "role": "Direction",
            "contract_type": StaffPosition.ContractType.PERMANENT,
            "start_date": "01/06/2020",
            "end_date": "31/05/2020",
        },
    )
    assert_admin_form_refused(response, "end_date", END_BEFORE_START)
    assert not StaffPosition.objects.exists()


def test_admin_refuses_second_meeting_of_same_kind_same_day(staff_client):
    first = MeetingFactory(date=START)
    response = staff_client.post(
        reverse("admin:governance_meeting_add"),
        {
            "kind": first.kind,
            "date": "01/06/2020",
            "format": first.format,
            "title": "",
            "minutes": "",
            **MEETING_INLINES,
        },
    )
    message = "Une réunion de ce type existe déjà à cette date."
    assert_admin_form_refused(response, NON_FIELD_ERRORS, message)
    assert Meeting.objects.count() == 1


def test_admin_refuses_contribution_without_hours_or_value(staff_client):
    response = staff_client.post(
        reverse("admin:governance_contribution_add"),
        {
            "kind": Contribution.Kind.VOLUNTEERING,
            "contributor": "Bénévole",
            "date": "10/10/2020",
            "hours": "",
            "value": "",
        },
    )
    message = "Indiquez un nombre d'heures ou une valeur."
    assert_admin_form_refused(response, NON_FIELD_ERRORS, message)
    assert not Contribution.objects.exists()


def test_admin_saves_a_valid_partnership(staff_client):
    # The counterpart of the refusals above: the same form, valid, is saved.
    response = staff_client.post(
        reverse("admin:governance_partnership_add"),
        {
            "organisation": OrganisationFactory().pk,
            "role": Partnership.Role.FUNDER,
            "start_date": "01/06/2020",
            "end_date": "01/06/2021",
            "notes": "",
        },
    )
    assert response.status_code == 302
    assert Partnership.objects.get().end_date == datetime.date(2021, 6, 1)
