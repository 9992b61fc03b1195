"""The register's and the funders' sections of the weekly digest, and the same warnings on
the staff dashboard (never on the board's)."""

import datetime

import pytest
import time_machine
from django.urls import reverse

from governance import digest
from governance.models import Meeting, StatuteRule
from tests.funding.factories import ReportDeadlineFactory
from tests.governance.factories import DueFactory, MandateFactory, MeetingFactory

pytestmark = pytest.mark.django_db

D = datetime.date
DAY = D(2021, 3, 1)


def _section(key: str):
    return digest.registered_sections()[key](DAY)


def test_a_mandate_ending_within_60_days_is_in_the_digest():
    MandateFactory(member__first_name="Lina", end_date=D(2021, 4, 30))  # 60 days after DAY
    MandateFactory(member__first_name="Marc", end_date=D(2021, 5, 1))  # 61 days: not yet

    section = _section("governance")

    texts = [item.text for item in section.items]
    assert len(texts) == 1
    assert "Lina" in texts[0] and "30 avril 2021" in texts[0]


def test_an_assembly_without_quorum_is_in_the_digest():
    StatuteRule.objects.get_or_create(kind=Meeting.Kind.GENERAL_ASSEMBLY)
    MeetingFactory(kind=Meeting.Kind.GENERAL_ASSEMBLY, date=D(2020, 7, 7))
    # Voters exist (members with their dues paid) but nobody attended the assembly.
    DueFactory(year=2020, paid_on=D(2020, 3, 1))

    texts = [item.text for item in _section("governance").items]

    assert any("7 juillet 2020" in text and "quorum non atteint" in text for text in texts)


def test_the_governance_section_is_empty_when_nothing_is_due():
    assert _section("governance") is None


def test_a_report_deadline_is_in_the_funders_section():
    deadline = ReportDeadlineFactory(due_on=D(2021, 3, 31))

    section = _section("funding")

    assert deadline.agreement.reference in section.items[0].text
    assert "31 mars 2021" in section.items[0].text


@time_machine.travel(datetime.datetime(2021, 3, 1, 12, tzinfo=datetime.UTC), tick=False)
def test_staff_dashboard_warns_of_ending_mandates_and_board_does_not(
    client, staff_user, board_user, settings
):
    MeetingFactory(kind=Meeting.Kind.BOARD, date=D(2020, 2, 1))
    MandateFactory(member__last_name="Quorumova", end_date=D(2021, 3, 11))  # in 10 days
    url = reverse("reports:dashboard_year", args=[2020])

    client.force_login(staff_user)
    staff_page = client.get(url).content.decode()
    client.force_login(board_user)
    board_page = client.get(url).content.decode()

    assert "Mandats qui se terminent" in staff_page and "Quorumova" in staff_page
    assert "Quorumova" not in board_page
