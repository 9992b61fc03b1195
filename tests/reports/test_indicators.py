import datetime
from dataclasses import fields

import pytest
from django.urls import reverse
from django.utils import translation

from cooperatives import stats as cooperative_stats
from core.period import Period
from entrepreneurs.models import Encounter, Gender
from events import stats as event_stats
from events.models import Event, Sale
from governance.models import Meeting
from reports.figures import figure_filters
from reports.indicators import Breakdowns, Indicators, compute_indicators
from tests.entrepreneurs.factories import EncounterFactory
from tests.events.factories import EventFactory
from tests.governance.factories import MeetingFactory
from tests.reports.factories import build_year

pytestmark = pytest.mark.django_db

D = datetime.date
FIGURES = [f.name for f in fields(Indicators) if f.name not in ("period", "breakdowns", "support")]


def test_indicators_of_a_seed_like_year_give_the_seed_figures():
    build_year(scale=3)

    result = compute_indicators(Period.year(2020))

    assert {name: getattr(result, name) for name in FIGURES} == {
        "entrepreneurs_met": 36,
        "women_percent": 92,  # 33 / 36 = 91.67
        "new_entrepreneurs": 27,  # 9 of the 36 were met in 2019
        "individual_interviews": 18,
        "collective_meetings": 1,
        "cooperatives_active": 3,
        "cooperators_engaged": 9,
        "cooperative_brands_created": 1,
        "workshops_in_person": 15,
        "commercial_events": 4,
        "board_meetings": 6,
        "general_assemblies": 1,
        "cooperators_average_age": 40,
        "training_hours_delivered": 45,  # 15 workshops of one 3-hour session
        "participant_hours": 54,  # 18 people present, 3 hours each
        "people_trained": 18,
        "attendance_rate": 95,  # 18 present out of 19 present or absent
        "exits": 0,
        "positive_outcomes_6m_percent": None,
        "sales_total": 0,
    }
    breakdowns = result.breakdowns
    assert [(i.label, i.count) for i in breakdowns.cooperators_by_country] == [
        ("Brésil", 3),
        ("Sénégal", 3),
        ("Ukraine", 3),
    ]
    assert [(i.label, i.count) for i in breakdowns.entrepreneurs_met_by_referrer] == [
        ("France Travail", 18),
        ("Non renseigné", 18),
    ]


def test_a_year_without_records_gives_zeros_nulls_and_empty_breakdowns():
    build_year(scale=1)

    result = compute_indicators(Period.year(1990))

    assert result.women_percent is None
    assert result.cooperators_average_age is None
    assert result.attendance_rate is None
    ratios = (
        "women_percent",
        "cooperators_average_age",
        "attendance_rate",
        "positive_outcomes_6m_percent",
    )
    assert all(getattr(result, name) == 0 for name in FIGURES if name not in ratios)
    assert all(items == [] for items in result.breakdowns.to_dict().values())


def test_labels_are_french_even_when_another_language_is_active():
    build_year(scale=1)

    with translation.override("en"):
        result = compute_indicators(Period.year(2020))
        language_after = translation.get_language()

    assert result.breakdowns.entrepreneurs_met_by_gender[0].label == "Femme"
    assert result.breakdowns.cooperators_by_country[0].label == "Brésil"
    assert result.breakdowns.events_by_kind_and_month[0].label == "Atelier"
    assert language_after == "en"


def test_to_dict_has_every_indicator_at_top_level_and_breakdowns_apart():
    build_year(scale=1)

    data = compute_indicators(Period.year(2020)).to_dict()

    assert set(data) == {"year", "breakdowns", "support", *FIGURES}
    assert data["year"] == 2020
    # The counts the small-count rule needs: women among those met, known birth years.
    assert data["support"]["women_percent"] == [11, 12]
    assert data["support"]["cooperators_average_age"] == [3]
    assert set(data["breakdowns"]) == {f.name for f in fields(Breakdowns)}
    assert data["breakdowns"]["meetings_by_format"] == [
        {"code": "online", "label": "Visio", "count": 3}
    ]


@pytest.mark.parametrize("scale", [1, 4])
def test_indicators_take_the_same_number_of_queries_whatever_the_data_size(
    scale, django_assert_num_queries
):
    build_year(scale)

    # 1 entrepreneurs met: met, women, new, and by gender, sector and referrer (one query
    #   grouped by the three, with EXISTS)
    # 2 individual interviews (count)
    # 3 events: collective meetings, workshops in person, commercial (one aggregate)
    # 4 cooperatives: active, brands created (one aggregate)
    # 5 cooperators: engaged, known birth years, sum of birth years (one aggregate)
    # 6 meetings: board meetings, general assemblies (one aggregate)
    # 7 training sessions: hours delivered (one aggregate)
    # 8 training attendances: participant hours, people trained, present, absent (one aggregate)
    # 9 outcomes: exits, known and positive 6-month situations (one aggregate)
    # 10 sales at commercial events (sum)
    # 11-14 cooperators by country, project kind, skill level, informal activity
    # 15 events by kind and month; 16 meetings by format; 17 grants by funder
    with django_assert_num_queries(17):
        result = compute_indicators(Period.year(2020))

    assert result.entrepreneurs_met == 12 * scale


@pytest.mark.parametrize("year", [2020, "2020"])
def test_indicators_take_a_period_not_a_year(year):
    with pytest.raises(TypeError, match="Period"):
        compute_indicators(year)


def test_any_period_takes_the_same_queries_and_counts_within_its_days(
    django_assert_num_queries,
):
    build_year(scale=1)
    funder_year = Period(D(2020, 7, 1), D(2021, 6, 30))

    with django_assert_num_queries(17):
        result = compute_indicators(funder_year)

    assert result.commercial_events == 2  # on 31 December 2020
    assert result.board_meetings == 0  # in February 2020
    assert result.cooperators_average_age == 41  # at 2021, the year it ends in: 2021 - 1980
    assert result.breakdowns.grants_by_funder[0].count == 1  # 2020's agreement overlaps
    data = result.to_dict()
    assert list(data)[:2] == ["year", "period"]
    assert data["period"] == {"start": "2020-07-01", "end": "2021-06-30"}


def test_every_figure_links_to_the_records_behind_it():
    assert set(figure_filters(Period.year(2020))) == set(FIGURES)


def test_figure_filters_use_the_admin_lookups_of_the_year():
    encounters = figure_filters(Period.year(2020))["individual_interviews"]

    assert encounters.url_name == "admin:entrepreneurs_encounter_changelist"
    assert encounters.query_string() == "date__year=2020&kind__exact=individual_interview"


def _expected_records(result, figure: str) -> int:
    """How many records the figure's list shows: the figure itself, or for a ratio the
    people it is computed over."""
    if figure == "women_percent":
        by_gender = result.breakdowns.entrepreneurs_met_by_gender
        return next((i.count for i in by_gender if i.code == Gender.FEMALE), 0)
    if figure == "cooperators_average_age":
        engaged = cooperative_stats.cooperators_engaged(result.period)
        return engaged.filter(birth_year__isnull=False).count()
    # Hours are summed over sessions and attendances: their lists show those rows.
    if figure == "training_hours_delivered":
        return event_stats.training_sessions(result.period).count()
    attendances = event_stats.training_attendances(result.period)
    if figure in ("participant_hours", "people_trained"):
        return attendances.attended().count()
    if figure == "attendance_rate":
        return attendances.filter(status__in=["attended", "absent"]).count()
    if figure == "positive_outcomes_6m_percent":
        return cooperative_stats.known_six_month_outcomes(result.period).count()
    if figure == "sales_total":
        return Sale.objects.at_commercial_events_in(result.period).count()
    return getattr(result, figure)


def test_each_figure_links_to_an_admin_changelist_listing_exactly_its_records(staff_client):
    build_year(scale=2)
    EncounterFactory(kind=Encounter.Kind.INDIVIDUAL_INTERVIEW, date=D(2021, 1, 1))
    EventFactory(kind=Event.Kind.TRAINING, format="online", date=D(2020, 5, 5))
    EventFactory(kind=Event.Kind.TRAINING, format="in_person", date=D(2019, 12, 31))
    MeetingFactory(kind=Meeting.Kind.BOARD, date=D(2021, 1, 1))
    result = compute_indicators(Period.year(2020))

    for figure, admin_filter in figure_filters(Period.year(2020)).items():
        url = f"{reverse(admin_filter.url_name)}?{admin_filter.query_string()}"
        response = staff_client.get(url)

        assert response.status_code == 200, figure
        assert response.context["cl"].result_count == _expected_records(result, figure), figure
