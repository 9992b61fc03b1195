import datetime

import pytest

from core.period import Period
from entrepreneurs.models import Gender
from events import stats
from events.models import Attendance, Event
from tests.entrepreneurs.factories import EncounterFactory, EntrepreneurFactory
from tests.events.factories import AttendanceFactory, EventFactory
from tests.governance.factories import OrganisationFactory

pytestmark = pytest.mark.django_db

D = datetime.date


def attend(entrepreneur, date, status=Attendance.Status.ATTENDED):
    return AttendanceFactory(
        entrepreneur=entrepreneur, event=EventFactory(date=date), status=status
    )


def test_encounters_on_the_first_and_last_day_of_the_year_count_as_met():
    EncounterFactory(date=D(2020, 1, 1))
    EncounterFactory(date=D(2020, 12, 31))

    assert stats.met_profile(Period.year(2020)).entrepreneurs_met == 2


def test_encounters_the_day_before_or_after_the_year_do_not_count_as_met():
    EncounterFactory(date=D(2019, 12, 31))
    EncounterFactory(date=D(2021, 1, 1))

    assert stats.met_profile(Period.year(2020)).entrepreneurs_met == 0


def test_attending_an_event_of_the_year_counts_as_met_but_an_absence_does_not():
    attend(EntrepreneurFactory(), D(2020, 12, 31))
    attend(EntrepreneurFactory(), D(2020, 5, 5), status=Attendance.Status.ABSENT)
    attend(EntrepreneurFactory(), D(2021, 1, 1))

    assert stats.met_profile(Period.year(2020)).entrepreneurs_met == 1


def test_a_person_met_several_times_and_ways_counts_once():
    person = EntrepreneurFactory()
    EncounterFactory(entrepreneur=person, date=D(2020, 2, 1))
    EncounterFactory(entrepreneur=person, date=D(2020, 3, 1))
    attend(person, D(2020, 4, 1))
    attend(person, D(2020, 5, 1))

    assert stats.met_profile(Period.year(2020)).entrepreneurs_met == 1
    assert list(stats.entrepreneurs_met(Period.year(2020))) == [person]


@pytest.mark.parametrize(
    ("women", "men", "expected"),
    [(11, 1, 92), (1, 7, 13), (1, 2, 33), (0, 3, 0), (4, 0, 100)],
    ids=["11/12=91.67->92", "1/8=12.5->13", "1/3=33.3->33", "none", "all"],
)
def test_women_percent_is_rounded_half_up(women, men, expected):
    for gender, n in ((Gender.FEMALE, women), (Gender.MALE, men)):
        for _ in range(n):
            EncounterFactory(entrepreneur=EntrepreneurFactory(gender=gender))

    assert stats.met_profile(Period.year(2020)).women_percent == expected


def test_women_percent_counts_undisclosed_gender_in_the_base():
    EncounterFactory(entrepreneur=EntrepreneurFactory(gender=Gender.FEMALE))
    EncounterFactory(entrepreneur=EntrepreneurFactory(gender=Gender.UNDISCLOSED))

    assert stats.met_profile(Period.year(2020)).women_percent == 50


def test_women_percent_is_null_and_counts_zero_when_nobody_was_met():
    EncounterFactory(date=D(2019, 6, 1))

    assert stats.met_profile(Period.year(2020)) == stats.MetProfile(0, None, 0)


def test_new_entrepreneurs_excludes_people_met_in_an_earlier_year():
    by_encounter, by_event, first_time = EntrepreneurFactory.create_batch(3)
    EncounterFactory(entrepreneur=by_encounter, date=D(2019, 12, 31))
    attend(by_event, D(2019, 12, 31))
    for person in (by_encounter, by_event, first_time):
        EncounterFactory(entrepreneur=person, date=D(2020, 1, 1))

    result = stats.met_profile(Period.year(2020))

    assert (result.entrepreneurs_met, result.new_entrepreneurs) == (3, 1)


def test_an_earlier_absence_does_not_stop_someone_being_new():
    person = EntrepreneurFactory()
    attend(person, D(2019, 6, 1), status=Attendance.Status.ABSENT)
    attend(person, D(2020, 6, 1))

    assert stats.met_profile(Period.year(2020)).new_entrepreneurs == 1


def test_a_later_encounter_does_not_make_someone_new_in_a_year_they_were_not_met():
    person = EntrepreneurFactory()
    EncounterFactory(entrepreneur=person, date=D(2021, 3, 1))

    assert stats.met_profile(Period.year(2020)).new_entrepreneurs == 0
    assert stats.met_profile(Period.year(2021)).new_entrepreneurs == 1


def test_workshops_in_person_counts_in_person_workshops_and_trainings_only():
    EventFactory(kind=Event.Kind.WORKSHOP, format="in_person", date=D(2020, 1, 1))
    EventFactory(kind=Event.Kind.TRAINING, format="in_person", date=D(2020, 12, 31))
    EventFactory(kind=Event.Kind.WORKSHOP, format="online")
    EventFactory(kind=Event.Kind.TRAINING, format="hybrid")
    EventFactory(kind=Event.Kind.CONVIVIAL, format="in_person")
    EventFactory(kind=Event.Kind.WORKSHOP, format="in_person", date=D(2019, 12, 31))

    assert stats.event_stats(Period.year(2020)).workshops_in_person == 2


def test_event_stats_count_collective_meetings_and_commercial_events_of_the_year():
    EventFactory(kind=Event.Kind.COLLECTIVE_MEETING, date=D(2020, 12, 31))
    EventFactory(kind=Event.Kind.COLLECTIVE_MEETING, date=D(2021, 1, 1))
    EventFactory.create_batch(2, kind=Event.Kind.COMMERCIAL, format="online")
    EventFactory(kind=Event.Kind.COMMERCIAL, date=D(2019, 12, 31))

    assert stats.event_stats(Period.year(2020)) == stats.EventStats(
        collective_meetings=1, workshops_in_person=0, commercial_events=2
    )


def test_events_by_kind_and_month_gives_twelve_monthly_counts_per_kind():
    EventFactory(kind=Event.Kind.WORKSHOP, date=D(2020, 1, 1))
    EventFactory(kind=Event.Kind.WORKSHOP, date=D(2020, 1, 31))
    EventFactory(kind=Event.Kind.WORKSHOP, date=D(2020, 12, 31))
    EventFactory(kind=Event.Kind.COMMERCIAL, date=D(2020, 6, 1))
    EventFactory(kind=Event.Kind.COMMERCIAL, date=D(2021, 1, 1))

    items = stats.events_by_kind_and_month(Period.year(2020))

    assert items == (
        stats.KindByMonthItem("workshop", "Atelier", 3, (2, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1)),
        stats.KindByMonthItem(
            "commercial", "Événement commercial", 1, (0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0)
        ),
    )
    assert items[0].to_dict()["months"] == [2, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1]


def test_met_profile_breaks_the_people_met_down_in_the_same_query(django_assert_num_queries):
    referrer = OrganisationFactory(name="France Travail")
    woman = EntrepreneurFactory(gender=Gender.FEMALE, sector="food", referred_by=referrer)
    man = EntrepreneurFactory(gender=Gender.MALE, sector="", referred_by=None)
    EncounterFactory(entrepreneur=woman, date=D(2019, 5, 1))
    EncounterFactory(entrepreneur=woman, date=D(2020, 5, 1))
    attend(man, D(2020, 6, 1))
    attend(man, D(2020, 7, 1))  # counted once
    EntrepreneurFactory(gender=Gender.FEMALE)  # not met

    with django_assert_num_queries(1):
        profile = stats.met_profile(Period.year(2020))

    assert (profile.entrepreneurs_met, profile.women, profile.new_entrepreneurs) == (2, 1, 1)
    assert [(i.label, i.count) for i in profile.by_gender] == [("Femme", 1), ("Homme", 1)]
    assert [(i.label, i.count) for i in profile.by_sector] == [
        ("Alimentation", 1),
        ("Non renseigné", 1),
    ]
    assert [(i.code, i.count) for i in profile.by_referrer] == [(referrer.pk, 1), (None, 1)]
