"""« Suivis à faire »: the follow-ups due on fixed dates, the staff page and the command."""

import datetime
import io

import pytest
import time_machine
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import timezone

from cooperatives.followups import due_follow_ups
from cooperatives.models import Checkpoint
from tests.cooperatives.factories import OutcomeFactory
from tests.entrepreneurs.factories import EntrepreneurFactory

pytestmark = pytest.mark.django_db

D = datetime.date
URL = reverse("cooperatives:followups")


def exit_on(day: datetime.date, reference: str | None = None):
    person = EntrepreneurFactory(**({"reference": reference} if reference else {}))
    OutcomeFactory(entrepreneur=person, checkpoint=Checkpoint.EXIT, date=day)
    return person


def due(today: datetime.date) -> list[tuple[str, str, datetime.date]]:
    return [(f.entrepreneur.reference, f.checkpoint, f.due_on) for f in due_follow_ups(today)]


@pytest.mark.parametrize(
    ("today", "listed"),
    [
        (D(2021, 1, 29), False),  # 31 days before 1 March
        (D(2021, 1, 30), True),  # 30 days before
        (D(2021, 3, 1), True),  # the day itself
        (D(2021, 6, 1), True),  # overdue, still listed
    ],
)
def test_six_month_follow_up_is_due_from_30_days_before(today, listed):
    exit_on(D(2020, 9, 1), "ENT-0001")

    expected = [("ENT-0001", Checkpoint.SIX_MONTHS, D(2021, 3, 1))]
    assert due(today) == (expected if listed else [])


def test_month_ends_clamp_the_due_date():
    exit_on(D(2020, 8, 31), "ENT-0001")

    assert due(D(2021, 1, 30)) == [("ENT-0001", "6_months", D(2021, 2, 28))]
    assert due(D(2021, 1, 28)) == []


def test_a_recorded_checkpoint_is_no_longer_due():
    person = exit_on(D(2020, 1, 15), "ENT-0001")

    assert due(D(2021, 1, 10)) == [
        ("ENT-0001", "6_months", D(2020, 7, 15)),
        ("ENT-0001", "12_months", D(2021, 1, 15)),
    ]
    OutcomeFactory(entrepreneur=person, checkpoint=Checkpoint.SIX_MONTHS, date=D(2020, 7, 20))
    assert due(D(2021, 1, 10)) == [("ENT-0001", "12_months", D(2021, 1, 15))]
    OutcomeFactory(entrepreneur=person, checkpoint=Checkpoint.TWELVE_MONTHS, date=D(2021, 1, 20))
    assert due(D(2021, 1, 10)) == []


def test_the_six_month_follow_up_is_moot_once_the_twelve_month_one_is_known():
    person = exit_on(D(2020, 1, 15))
    OutcomeFactory(entrepreneur=person, checkpoint=Checkpoint.TWELVE_MONTHS, date=D(2021, 1, 20))

    assert due(D(2021, 2, 1)) == []


def test_people_without_exit_or_anonymised_are_not_listed():
    EntrepreneurFactory()
    person = exit_on(D(2020, 1, 15))
    person.anonymised_at = timezone.now()
    person.save()

    assert due(D(2021, 2, 1)) == []


def test_due_list_is_ordered_by_due_date():
    exit_on(D(2020, 9, 10), "ENT-0002")
    exit_on(D(2020, 9, 1), "ENT-0003")
    exit_on(D(2020, 3, 5), "ENT-0001")

    assert [(ref, cp) for ref, cp, _day in due(D(2021, 3, 5))] == [
        ("ENT-0001", "6_months"),  # 5 September 2020
        ("ENT-0003", "6_months"),  # 1 March 2021
        ("ENT-0001", "12_months"),  # 5 March 2021
        ("ENT-0002", "6_months"),  # 10 March 2021
    ]


def test_command_lists_the_due_follow_ups_at_the_given_date():
    exit_on(D(2020, 9, 1), "ENT-0001")
    out = io.StringIO()

    call_command("followups_due", "--date", "2021-03-11", stdout=out)

    text = out.getvalue()
    assert "1 suivi(s) à faire au 11/03/2021" in text
    assert "ENT-0001" in text and "6 mois" in text and "en retard de 10 jours" in text


def test_command_refuses_a_malformed_date():
    with pytest.raises(CommandError, match="--date : « 11/03/2021 » n'est pas une date"):
        call_command("followups_due", "--date", "11/03/2021")


@time_machine.travel(datetime.datetime(2021, 3, 1, 9, tzinfo=datetime.UTC))
def test_staff_page_lists_who_to_call(staff_client):
    person = exit_on(D(2020, 9, 1), "ENT-0001")

    response = staff_client.get(URL)

    assert response.status_code == 200
    content = response.content.decode()
    assert "Suivis à faire" in content
    assert "situation au 1er mars 2021" in content
    assert str(person.first_name) in content
    assert "aujourd&#x27;hui" in content or "aujourd'hui" in content


def test_board_member_cannot_open_the_follow_ups(board_client):
    assert board_client.get(URL).status_code == 403


@pytest.mark.parametrize("people", [1, 4])
@time_machine.travel(datetime.datetime(2021, 3, 1, 9, tzinfo=datetime.UTC))
def test_followups_page_query_count_does_not_grow_with_rows(
    staff_client, django_assert_num_queries, people
):
    for _n in range(people):
        exit_on(D(2020, 9, 1))
    # Session, user; the exits lacking a 6-month and a 12-month follow-up (one query each,
    # with their person); the user's own and group permissions (the menu).
    with django_assert_num_queries(6):
        response = staff_client.get(URL)
    assert response.status_code == 200


def test_the_admin_index_links_to_the_follow_ups(staff_client):
    page = staff_client.get(reverse("admin:index")).content.decode()

    assert f'href="{URL}"' in page
