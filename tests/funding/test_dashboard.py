"""The funding section of the dashboard: deadlines for staff, grants by funder for all."""

import datetime

import pytest
import time_machine
from django.urls import reverse

from funding.models import GrantAgreement
from tests.events.factories import EventFactory
from tests.funding.factories import (
    GrantAgreementFactory,
    InstalmentFactory,
    ReportDeadlineFactory,
)

pytestmark = pytest.mark.django_db
TODAY = datetime.datetime(2020, 11, 2, 12, 0, tzinfo=datetime.UTC)


@pytest.fixture
def funding_records():
    EventFactory(date=datetime.date(2020, 5, 1))  # the dashboard offers 2020
    agreement = GrantAgreementFactory(
        reference="SUB-0042", funder__name="Fondation Solidaire", amount_awarded=12500
    )
    InstalmentFactory(agreement=agreement, amount=5000, received_on=datetime.date(2020, 3, 2))
    ReportDeadlineFactory(agreement=agreement, due_on=datetime.date(2020, 12, 15))
    GrantAgreementFactory(
        funder__name="Fondation Solidaire",
        status=GrantAgreement.Status.REQUESTED,
        amount_awarded=None,
    )


def html_of(client) -> str:
    with time_machine.travel(TODAY, tick=False):
        return client.get(reverse("reports:dashboard_year", args=[2020])).content.decode()


def test_staff_see_the_deadlines_of_the_next_60_days(staff_client, funding_records):
    html = html_of(staff_client)
    assert "Échéances des 60 prochains jours" in html
    assert "15 décembre 2020" in html and "SUB-0042" in html


def test_board_see_grants_by_funder_and_status_but_no_deadlines(board_client, funding_records):
    html = html_of(board_client)
    assert "Échéances" not in html and "SUB-0042" not in html
    table = html.split("Subventions 2020 par financeur et statut")[1].split("</table>")[0]
    rows = [" ".join(row.split()) for row in table.split("<tr>")[2:]]
    # In the order of the statuses: requested, awarded, refused, closed.
    assert "Fondation Solidaire</th><td>Demandée</td>" in rows[0]
    assert "Fondation Solidaire</th><td>Accordée</td>" in rows[1]
    assert "12 500 €" in rows[1] and "5 000 €" in rows[1]  # spaces squeezed above
