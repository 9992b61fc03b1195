"""Retention: `apply_retention` anonymises people inactive for RETENTION_YEARS years."""

import datetime
from io import StringIO

import pytest
import time_machine
from auditlog.models import LogEntry
from django.core.management import call_command

from core.period import years_before
from entrepreneurs.models import Entrepreneur
from events.models import Attendance
from privacy.retention import due_for_retention
from privacy.services import anonymise_entrepreneur
from tests.cooperatives.factories import CooperativeFactory, MembershipFactory
from tests.entrepreneurs.factories import EncounterFactory, EntrepreneurFactory
from tests.events.factories import AttendanceFactory, EventFactory

D = datetime.date
TODAY = datetime.datetime(2025, 3, 15, 12, tzinfo=datetime.UTC)
# With 3 years of retention the cutoff is 2022-03-15: activity on or after it keeps a person.


def person_with(activity) -> Entrepreneur:
    with time_machine.travel(datetime.datetime(2018, 1, 1, tzinfo=datetime.UTC)):
        person = EntrepreneurFactory(first_name="Nom à effacer")
    activity(person)
    return person


ACTIVITIES = {
    "nothing": lambda p: None,
    "old encounter": lambda p: EncounterFactory(entrepreneur=p, date=D(2022, 3, 14)),
    "recent encounter": lambda p: EncounterFactory(entrepreneur=p, date=D(2022, 3, 15)),
    "recent event attended": lambda p: AttendanceFactory(
        entrepreneur=p, event=EventFactory(date=D(2023, 5, 1))
    ),
    "recent event missed": lambda p: AttendanceFactory(
        entrepreneur=p, event=EventFactory(date=D(2023, 5, 1)), status=Attendance.Status.ABSENT
    ),
    "membership left long ago": lambda p: MembershipFactory(
        entrepreneur=p,
        cooperative=CooperativeFactory(start_date=D(2019, 1, 1), end_date=D(2020, 1, 1)),
        left_on=D(2019, 6, 1),
    ),
    "membership left recently": lambda p: MembershipFactory(
        entrepreneur=p,
        cooperative=CooperativeFactory(start_date=D(2019, 1, 1), end_date=None),
        left_on=D(2022, 6, 1),
    ),
    "membership ongoing": lambda p: MembershipFactory(
        entrepreneur=p, cooperative=CooperativeFactory(start_date=D(2019, 1, 1), end_date=None)
    ),
    "membership until the cooperative's recent end": lambda p: MembershipFactory(
        entrepreneur=p,
        cooperative=CooperativeFactory(start_date=D(2019, 1, 1), end_date=D(2022, 12, 31)),
    ),
}
INACTIVE = {"nothing", "old encounter", "recent event missed", "membership left long ago"}


@pytest.fixture
def people(db) -> dict[str, Entrepreneur]:
    return {name: person_with(activity) for name, activity in ACTIVITIES.items()}


def run(*args) -> str:
    out = StringIO()
    with time_machine.travel(TODAY, tick=False):
        call_command("apply_retention", *args, stdout=out)
    return out.getvalue()


def test_inactive_people_are_exactly_those_without_activity_since_the_cutoff(people):
    with time_machine.travel(TODAY, tick=False):
        due = set(due_for_retention().values_list("pk", flat=True))
    assert due == {people[name].pk for name in INACTIVE}


def test_dry_run_lists_references_and_changes_nothing(people):
    entries = LogEntry.objects.count()
    output = run("--dry-run")

    for name, person in people.items():
        assert (person.reference in output) == (name in INACTIVE)
    assert "Nom à effacer" not in output
    assert "4 personne(s)" in output and "rien n'a été modifié" in output
    assert Entrepreneur.objects.anonymised().count() == 0
    assert LogEntry.objects.count() == entries


def test_retention_anonymises_the_inactive_only(people):
    output = run()

    anonymised = set(Entrepreneur.objects.anonymised().values_list("pk", flat=True))
    assert anonymised == {people[name].pk for name in INACTIVE}
    assert "4 personne(s) anonymisée(s)" in output
    assert "Nom à effacer" not in output
    erasures = LogEntry.objects.filter(additional_data__has_key="anonymised")
    assert erasures.count() == 4 and not erasures.exclude(actor=None).exists()


def test_already_anonymised_people_are_skipped(people, staff_user):
    anonymise_entrepreneur(people["nothing"], staff_user)
    output = run("--dry-run")
    assert people["nothing"].reference not in output
    assert "3 personne(s)" in output


def test_recently_created_person_without_activity_is_kept(db):
    with time_machine.travel(TODAY, tick=False):
        EntrepreneurFactory()
    assert "0 personne(s)" in run()


def test_retention_period_comes_from_the_setting(people, settings):
    settings.RETENTION_YEARS = 10
    assert "0 personne(s)" in run("--dry-run")


def test_retention_listing_takes_one_query_whatever_the_number_of_people(
    people, django_assert_num_queries
):
    # One SELECT with NOT EXISTS subqueries for encounters, attendances and memberships.
    with time_machine.travel(TODAY, tick=False), django_assert_num_queries(1):
        list(due_for_retention())


@pytest.mark.parametrize(
    ("day", "expected"),
    [(D(2025, 3, 15), D(2022, 3, 15)), (D(2024, 2, 29), D(2021, 2, 28))],
)
def test_retention_cutoff_is_the_same_day_years_before(day, expected):
    assert years_before(day, 3) == expected
