"""Versions by family and year: a write recomputes only the figures it can change.

A write dated in year Y moves the versions of the years from Y on of the families that
read what it wrote (`reports.freshness`, `reports.families`): the closed years' figures,
and the families it does not touch, are read from the cache; the next page shows the new
figure. The tests commit (transactional database), as the app does.
"""

import datetime

import pytest
import time_machine
from django.core.cache import cache
from django.db import transaction

from core.period import Period
from entrepreneurs.models import Encounter, Entrepreneur, Gender
from reports import cache as figure_cache
from reports.cache import Entry, FigureCache
from reports.freshness import (
    LATER,
    UNDATED,
    bump,
    data_version,
    moved_keys,
    version_keys,
    writes_pending,
)
from tests.entrepreneurs.factories import EncounterFactory, EntrepreneurFactory
from tests.governance.factories import OrganisationFactory
from tests.reports.pages import card, page

pytestmark = pytest.mark.django_db(transaction=True)

NOON = datetime.datetime(2020, 11, 26, 11, 0, tzinfo=datetime.UTC)
D = datetime.date
INTERVIEWS = "Entretiens individuels"
MET = "Entrepreneur·es rencontré·es"
WOMEN = "Part de femmes"
INTERVIEW = Encounter.Kind.INDIVIDUAL_INTERVIEW
FOLLOW_UP = Encounter.Kind.FOLLOW_UP
# A board member's dashboard page reading every figure from the cache
# (tests/reports/test_dashboard.py).
WARM = 10
# An entry computed again in the database cache: its lock taken, the value stored, the
# lock released (tests/reports/test_dashboard.py).
STORED = 11


@pytest.fixture(autouse=True)
def _fresh_cache():
    cache.clear()
    with time_machine.travel(NOON, tick=False):
        yield


def computed(before: dict) -> dict:
    """The entries computed since `before` (a copy of reports.cache.COMPUTED)."""
    now = figure_cache.COMPUTED
    return {name: n - before.get(name, 0) for name, n in now.items() if n != before.get(name, 0)}


@pytest.fixture
def two_years(staff_client):
    """An interview and a follow-up in 2019 and in 2020 (today is 26 November 2020), the
    pages of both years read once."""
    person = EntrepreneurFactory(gender=Gender.MALE)
    for year in (2019, 2020):
        EncounterFactory(entrepreneur=person, date=D(year, 5, 1), kind=INTERVIEW)
        EncounterFactory(entrepreneur=person, date=D(year, 6, 1), kind=FOLLOW_UP)
    assert card(page(staff_client, 2019), INTERVIEWS).startswith("1 ")
    assert card(page(staff_client, 2020), INTERVIEWS).startswith("1 ")
    return person


def test_a_write_dated_this_year_leaves_the_closed_years_cached(
    two_years, board_client, django_assert_num_queries
):
    page(board_client, 2019)
    page(board_client, 2020)
    before = dict(figure_cache.COMPUTED)
    EncounterFactory(entrepreneur=two_years, date=D(2020, 7, 1), kind=INTERVIEW)
    with django_assert_num_queries(WARM):  # nothing computed: 2019's figures stay cached
        assert card(page(board_client, 2019), INTERVIEWS).startswith("1 ")
    assert computed(before) == {}
    assert card(page(board_client, 2020), INTERVIEWS).startswith("2 ")
    # Only this year's figures of the families that read encounters: the people met and
    # the interviews, and the board member's page they are drawn on. The trend's earlier
    # years (2019) are not computed again.
    assert computed(before) == {
        "indicators": 2, "to-date": 2, "met-by-month": 1, "dashboard-body": 1
    }  # fmt: skip


def test_the_benchs_write_recomputes_only_the_interviews_of_this_year(
    two_years, board_client, django_assert_num_queries
):
    page(board_client, 2019)
    page(board_client, 2020)
    # bench/probes.py writer: an encounter's kind changed, saved with update_fields.
    encounter = Encounter.objects.get(date=D(2020, 6, 1))
    before = dict(figure_cache.COMPUTED)
    encounter.kind = INTERVIEW
    encounter.save(update_fields=["kind"])
    # The interviews of 2020 (1 query) and of 2020 so far against 2019's same dates (2);
    # the page's body built from the figures (their versions and entries read: 2) and
    # stored.
    with django_assert_num_queries(WARM + 1 + 2 + 2 + 3 * STORED):
        html = page(board_client, 2020)
    assert card(html, INTERVIEWS).startswith("2 ")
    moved = {"indicators": 1, "to-date": 1, "dashboard-body": 1}
    assert computed(before) == moved
    assert card(page(board_client, 2019), INTERVIEWS).startswith("1 ")
    assert computed(before) == moved


def test_a_record_moved_to_another_year_refreshes_both(two_years, staff_client):
    # As the admin's change form: the record read from the database, then saved whole.
    encounter = Encounter.objects.get(date=D(2019, 5, 1))
    encounter.date = D(2020, 8, 1)
    encounter.save()
    assert card(page(staff_client, 2019), INTERVIEWS).startswith("0 ")
    assert card(page(staff_client, 2020), INTERVIEWS).startswith("2 ")
    # And back: the old date (2020) is now the later one, the new one the earlier.
    encounter = Encounter.objects.get(pk=encounter.pk)
    encounter.date = D(2019, 5, 1)
    encounter.save()
    assert card(page(staff_client, 2019), INTERVIEWS).startswith("1 ")
    assert card(page(staff_client, 2020), INTERVIEWS).startswith("1 ")


def test_an_undated_write_refreshes_every_year(two_years, staff_client):
    assert card(page(staff_client, 2019), WOMEN).startswith("0 %")
    person = Entrepreneur.objects.get(pk=two_years.pk)
    before = dict(figure_cache.COMPUTED)
    person.gender = Gender.FEMALE  # a profile field: every year's people met read it
    person.save()
    assert card(page(staff_client, 2019), WOMEN).startswith("100 %")
    assert card(page(staff_client, 2020), WOMEN).startswith("100 %")
    # The people met only: the profile fields they read are not the cooperators' ones.
    assert set(computed(before)) == {"indicators", "earlier-years", "to-date", "met-by-month"}
    assert computed(before)["indicators"] == 2  # 2019's and 2020's


def test_a_write_of_fields_no_figure_reads_recomputes_nothing(two_years, staff_client):
    person = Entrepreneur.objects.get(pk=two_years.pk)
    version = data_version()
    person.phone = "06 00 00 00 00"
    person.save()
    encounter = Encounter.objects.get(date=D(2020, 5, 1))
    encounter.notes = "Projet de retouche"
    encounter.save()
    assert data_version() == version


def test_a_new_person_moves_nothing_until_met_then_only_the_year_met(two_years, staff_client):
    version = data_version(2019)
    newcomer = EntrepreneurFactory(gender=Gender.FEMALE)  # registered at reception
    OrganisationFactory(name="Maison des femmes")
    assert data_version(2019) == version
    page(staff_client, 2019)
    before = dict(figure_cache.COMPUTED)

    EncounterFactory(entrepreneur=newcomer, date=D(2020, 11, 20))

    assert card(page(staff_client, 2020), WOMEN).startswith("50 %")
    assert data_version(2019) == version
    page(staff_client, 2019)
    assert computed(before).get("indicators") == 2  # 2020's people met and interviews


def test_a_funders_year_is_keyed_by_the_year_it_ends_in():
    funders_year = Period(D(2019, 7, 1), D(2020, 6, 30))
    entry = Entry(("indicators", "interviews", "funder"), ("interviews",), funders_year.end.year)
    key = FigureCache().key(entry)
    bump({"interviews": 2021})  # after it: no change
    assert FigureCache().key(entry) == key
    bump({"interviews": 2019})  # its first half
    assert FigureCache().key(entry) != key
    key = FigureCache().key(entry)
    bump({"interviews": 2020})  # its second half
    assert FigureCache().key(entry) != key
    key = FigureCache().key(entry)
    bump({"met": None})  # another family, every year
    assert FigureCache().key(entry) == key


def test_the_versions_a_write_moves():
    today = D(2026, 12, 1)
    assert moved_keys({"met": 2025}, today) == [
        "reports:version:met:2025",
        "reports:version:met:2026",
        "reports:version:met:2027",
        "reports:version:met:2028",
        f"reports:version:met:{LATER}",
    ]
    assert moved_keys({"met": None, "events": 1999}, today) == [
        f"reports:version:met:{UNDATED}",
        f"reports:version:events:{UNDATED}",
    ]
    assert moved_keys({"met": 2040}, today) == [f"reports:version:met:{LATER}"]
    assert version_keys("met", 2025, today)[1] == "reports:version:met:2025"
    assert version_keys("met", 2027, today)[1] == "reports:version:met:2027"
    assert version_keys("met", 2028, today)[1] == f"reports:version:met:{LATER}"
    assert version_keys("met", 1999, today) == [f"reports:version:met:{UNDATED}"]


def test_a_write_rolled_back_in_a_savepoint_bumps_nothing_and_the_next_one_does():
    person = EntrepreneurFactory()
    version = data_version()
    with transaction.atomic():
        try:
            with transaction.atomic():
                EncounterFactory(entrepreneur=person, date=D(2020, 5, 1))
                assert writes_pending()
                raise RuntimeError
        except RuntimeError:
            pass
        assert not writes_pending()
        EncounterFactory(entrepreneur=person, date=D(2020, 5, 2))
        assert writes_pending()
    assert data_version() != version
