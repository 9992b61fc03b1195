"""The board dashboard: access, years, cards and comparisons, charts, small counts, lists."""

import datetime
import io
import re

import pytest
import time_machine
from django.core.cache import cache
from django.core.management import call_command
from django.urls import reverse

from cooperatives.models import Cooperative
from core.period import Period
from entrepreneurs.models import Encounter, Gender
from events.models import Attendance, Event
from events.stats import entrepreneurs_met_by_month
from governance.models import Format, Meeting
from governance.stats import BreakdownItem, suppress_small_groups
from reports.comparisons import figures_to_date
from reports.freshness import bump_data_version
from reports.models import ReportEdition
from tests.access import ALLOWED, LOGIN, outcome
from tests.cooperatives.factories import CooperativeFactory, MembershipFactory
from tests.entrepreneurs.factories import EncounterFactory, EntrepreneurFactory
from tests.events.factories import AttendanceFactory, EventFactory
from tests.funding.factories import GrantAgreementFactory
from tests.governance.factories import MeetingFactory
from tests.reports.factories import EditionFactory
from tests.reports.pages import card, page

TODAY = datetime.date(2020, 11, 26)
NOON = datetime.datetime(2020, 11, 26, 11, 0, tzinfo=datetime.UTC)


@pytest.fixture
def frozen():
    with time_machine.travel(NOON, tick=False):
        yield


def cohort(countries: dict[str, int], start=datetime.date(2020, 3, 1)) -> Cooperative:
    """An ephemeral cooperative running in 2020 with cooperators from these countries."""
    coop = CooperativeFactory(start_date=start, end_date=datetime.date(2021, 2, 28))
    for country, n in countries.items():
        for _ in range(n):
            MembershipFactory(
                cooperative=coop,
                entrepreneur=EntrepreneurFactory(
                    country_of_origin=country, project_kind="Retouche"
                ),
            )
    return coop


# Access ------------------------------------------------------------------------------

ROLES = {"anonymous": LOGIN, "board_user": ALLOWED, "staff_user": ALLOWED, "superuser": ALLOWED}


@pytest.mark.parametrize("with_year", [False, True], ids=["dashboard", "dashboard_year"])
@pytest.mark.parametrize(
    ("persona", "expected"), list(ROLES.items()), ids=list(ROLES), indirect=["persona"]
)
def test_role_matrix_for_dashboard_urls(persona, expected, with_year, frozen):
    url = reverse("reports:dashboard_year", args=[2020]) if with_year else "/dashboard/"
    assert outcome(persona, url) == expected


def test_user_without_role_is_refused_the_dashboard(client, django_user_model):
    user = django_user_model.objects.create_user(email="nobody@example.org", password="x")
    client.force_login(user)
    assert client.get(reverse("reports:dashboard")).status_code == 403


@pytest.mark.parametrize("path", ["/dashboard/99999/", "/dashboard/0/", "/dashboard/1950/"])
def test_year_outside_the_data_range_is_not_found(board_client, path, frozen):
    EncounterFactory(date=datetime.date(2019, 5, 1))
    assert board_client.get(path).status_code == 404


def test_year_after_this_year_is_not_found(board_client, frozen):
    assert board_client.get("/dashboard/2021/").status_code == 404


def test_board_page_has_no_inline_script_and_no_personal_data(board_client, frozen):
    person = EntrepreneurFactory(first_name="Zelmira", last_name="Quobbe")
    EncounterFactory(entrepreneur=person, date=datetime.date(2020, 3, 1))
    event = EventFactory(
        title="Vente couture", kind=Event.Kind.COMMERCIAL, date=datetime.date(2020, 12, 3)
    )
    AttendanceFactory(event=event, entrepreneur=person)
    html = page(board_client)
    assert "Zelmira" not in html and "Quobbe" not in html and person.reference not in html
    assert "Vente couture" in html
    assert [t for t in re.findall(r"<script\b[^>]*>", html) if "src=" not in t] == []


# Years -------------------------------------------------------------------------------


def test_dashboard_defaults_to_the_current_year_and_offers_data_years(board_client, frozen):
    EncounterFactory(date=datetime.date(2018, 5, 1))
    EncounterFactory(date=datetime.date(2020, 5, 1))
    html = page(board_client)
    assert "<h1>Tableau de bord 2020</h1>" in html
    for year in (2018, 2019, 2020):
        assert f'href="/dashboard/{year}/"' in html
    assert 'href="/dashboard/2017/"' not in html
    assert re.search(r'href="/dashboard/2020/" aria-current="page"', html)


def test_other_year_is_shown_with_its_own_figures(board_client, frozen):
    EncounterFactory.create_batch(2, date=datetime.date(2019, 5, 1))
    html = page(board_client, 2019)
    assert "<h1>Tableau de bord 2019</h1>" in html
    assert card(html, "Entretiens individuels").startswith("2 ")


def test_current_year_without_data_opens_the_last_year_with_data(client, board_user):
    with time_machine.travel(datetime.datetime(2022, 3, 1, 12, tzinfo=datetime.UTC), tick=False):
        client.force_login(board_user)
        EncounterFactory(date=datetime.date(2020, 5, 1))
        response = client.get(reverse("reports:dashboard"))
        assert response.status_code == 302
        assert response.url == reverse("reports:dashboard_year", args=[2020])
        html = page(client, 2022)
    assert "Rien n'est encore enregistré pour 2022" in html
    assert 'href="/dashboard/2020/">Voir le tableau de bord 2020' in html


# Cards -------------------------------------------------------------------------------


def test_card_shows_change_against_previous_year_with_arrow_and_words(board_client, frozen):
    EncounterFactory.create_batch(2, date=datetime.date(2019, 5, 1))
    EncounterFactory.create_batch(5, date=datetime.date(2020, 5, 1))
    text = card(page(board_client, 2020), "Entretiens individuels")
    assert text.startswith("5 ▲ +3 (en hausse) par rapport à 2019 (2)")


def test_card_says_when_a_figure_falls_or_is_stable(board_client, frozen):
    for month in (2, 3, 4):
        MeetingFactory(kind=Meeting.Kind.BOARD, date=datetime.date(2019, month, 1))
    MeetingFactory(kind=Meeting.Kind.BOARD, date=datetime.date(2020, 2, 1))
    html = page(board_client, 2020)
    assert "▼ −2 (en baisse) par rapport à 2019 (3)" in card(html, "Conseils d&#x27;administration")
    assert "= 0 (stable) par rapport à 2019 (0)" in card(html, "Assemblées générales")


def test_percentage_card_compares_in_points_and_handles_undefined(staff_client, frozen):
    EncounterFactory(date=datetime.date(2020, 5, 1))
    text = card(page(staff_client, 2020), "Part de femmes")
    assert text == "100 % Pas de comparaison possible avec 2019"


def test_a_share_over_fewer_than_k_people_is_withheld_from_the_board(board_client, frozen):
    # One woman met: « 100 % » would give her gender away.
    EncounterFactory(date=datetime.date(2020, 5, 1))
    text = card(page(board_client, 2020), "Part de femmes")
    assert text.startswith("moins de 3 personnes")
    assert "100" not in text


def test_a_share_whose_complement_is_fewer_than_k_is_withheld_from_the_board(board_client, frozen):
    # 10 met, 8 women: « 80 % » would say exactly 2 men.
    for i in range(10):
        gender = Gender.MALE if i < 2 else Gender.FEMALE
        EncounterFactory(date=datetime.date(2020, 5, 1), entrepreneur__gender=gender)
    assert card(page(board_client, 2020), "Part de femmes").startswith("moins de 3 personnes")


def test_a_share_over_enough_people_on_both_sides_is_shown_to_the_board(board_client, frozen):
    for i in range(10):
        gender = Gender.MALE if i < 3 else Gender.FEMALE
        EncounterFactory(date=datetime.date(2020, 5, 1), entrepreneur__gender=gender)
    assert card(page(board_client, 2020), "Part de femmes").startswith("70 %")


def test_current_year_cards_compare_with_the_same_date_last_year(board_client, frozen):
    EncounterFactory(date=datetime.date(2019, 3, 1))
    EncounterFactory(date=datetime.date(2019, 11, 26))  # same day: counted
    EncounterFactory(date=datetime.date(2019, 11, 27))  # after the same date: not counted
    EncounterFactory.create_batch(3, date=datetime.date(2020, 2, 1))
    EncounterFactory(date=datetime.date(2020, 12, 10))  # planned later this year
    text = card(page(board_client), "Entretiens individuels")
    assert "À ce jour : 3 ▲ +1 (en hausse) par rapport au 26/11/2019 (2)" in text
    assert "par rapport à 2019 (3)" in text


def test_past_year_cards_have_no_same_date_comparison(board_client, frozen):
    EncounterFactory(date=datetime.date(2019, 3, 1))
    assert "À ce jour" not in page(board_client, 2019)


def test_figures_to_date_count_each_definition_up_to_the_day(db):
    person = EntrepreneurFactory()
    EncounterFactory(entrepreneur=person, date=datetime.date(2020, 1, 5))
    EncounterFactory(
        entrepreneur=person, date=datetime.date(2020, 1, 6), kind=Encounter.Kind.ORIENTATION
    )
    event = EventFactory(kind=Event.Kind.COLLECTIVE_MEETING, date=datetime.date(2019, 4, 1))
    AttendanceFactory(event=event)
    AttendanceFactory(event=event, status=Attendance.Status.ABSENT)
    EventFactory(kind=Event.Kind.TRAINING, format=Format.IN_PERSON, date=datetime.date(2020, 4, 1))
    EventFactory(kind=Event.Kind.WORKSHOP, format=Format.ONLINE, date=datetime.date(2020, 4, 1))
    EventFactory(kind=Event.Kind.COMMERCIAL, date=datetime.date(2020, 4, 2))  # after the day
    MeetingFactory(kind=Meeting.Kind.GENERAL_ASSEMBLY, date=datetime.date(2019, 4, 1))
    now, before, day = figures_to_date(datetime.date(2020, 4, 1))
    assert day == datetime.date(2019, 4, 1)
    assert now == {
        "entrepreneurs_met": 1,
        "individual_interviews": 1,
        "collective_meetings": 0,
        "workshops_in_person": 1,
        "commercial_events": 0,
        "board_meetings": 0,
        "general_assemblies": 0,
    }
    assert before["entrepreneurs_met"] == 1  # the absent person is not met
    assert before["collective_meetings"] == 1 and before["general_assemblies"] == 1


def test_to_date_comparison_of_29_february_counts_to_28_february_last_year(db):
    assert figures_to_date(datetime.date(2024, 2, 29)).day == datetime.date(2023, 2, 28)
    assert figures_to_date(datetime.date(2024, 3, 1)).day == datetime.date(2023, 3, 1)


# Charts ------------------------------------------------------------------------------


def test_entrepreneurs_met_by_month_counts_each_person_once_a_month(db):
    person = EntrepreneurFactory()
    EncounterFactory(entrepreneur=person, date=datetime.date(2020, 3, 2))
    AttendanceFactory(entrepreneur=person, event=EventFactory(date=datetime.date(2020, 3, 20)))
    EncounterFactory(entrepreneur=person, date=datetime.date(2020, 6, 2))
    AttendanceFactory(
        event=EventFactory(date=datetime.date(2020, 6, 5)), status=Attendance.Status.ABSENT
    )
    EncounterFactory(date=datetime.date(2021, 3, 2))
    assert entrepreneurs_met_by_month(Period.year(2020)) == (0, 0, 1, 0, 0, 1, 0, 0, 0, 0, 0, 0)


def test_every_chart_has_its_table_alternative(board_client, frozen):
    cohort({"SN": 4})
    GrantAgreementFactory(funder__name="Fondation Solidaire", amount_awarded=12500)
    MeetingFactory(format=Format.HYBRID, date=datetime.date(2020, 5, 1))
    EventFactory(kind=Event.Kind.COMMERCIAL, date=datetime.date(2020, 5, 2))
    html = page(board_client, 2020)
    figures = re.findall(r"<figure class=\"chart-card.*?</figure>", html, re.S)
    assert len(figures) == 7
    for figure in figures:
        assert "<svg" in figure and "<details" in figure and "<table>" in figure
    assert '<th scope="row">Fondation Solidaire</th><td>1</td><td>12500,00</td>' in html
    assert '<th scope="row">Hybride</th><td>1</td>' in html
    assert '<th scope="row">Événement commercial</th><td>1</td>' in html


def test_trend_table_lists_the_headline_figures_of_up_to_five_years(board_client, frozen):
    for year in range(2014, 2021):
        EncounterFactory.create_batch(year - 2013, date=datetime.date(year, 5, 1))
    html = page(board_client, 2020)
    trend = re.search(r"Évolution sur 5 ans.*?</table>", html, re.S).group(0)
    assert '<th scope="col">2016</th>' in trend and "2015</th>" not in trend
    assert '<th scope="row">Entretiens individuels</th><td>3</td><td>4</td><td>5</td>' in trend


# Small counts ------------------------------------------------------------------------


def items(**counts: int) -> tuple[BreakdownItem, ...]:
    return tuple(BreakdownItem(code, code, n) for code, n in counts.items())


def test_small_categories_are_merged_into_others():
    merged = suppress_small_groups(items(SN=5, BR=2, RU=1, ML=3), 3)
    assert [(i.label, i.count) for i in merged] == [("SN", 5), ("ML", 3), ("Autres", 3)]


def test_others_too_small_absorbs_the_next_smallest_category():
    merged = suppress_small_groups(items(SN=5, ML=3, BR=1), 3)
    assert [(i.label, i.count) for i in merged] == [("SN", 5), ("Autres", 4)]


def test_nothing_is_merged_when_every_category_is_large_enough():
    assert suppress_small_groups(items(SN=5, ML=3), 3) == items(SN=5, ML=3)


def test_board_member_sees_small_countries_merged_into_others(board_client, frozen):
    cohort({"SN": 4, "BR": 1, "RU": 2})
    html = page(board_client, 2020)
    assert "Sénégal" in html and '<th scope="row">Autres</th><td>3</td>' in html
    assert "Brésil" not in html and "Russie" not in html
    assert "moins de 3 personnes sont regroupées dans « Autres »" in html


def test_staff_see_exact_small_counts(staff_client, frozen):
    cohort({"SN": 4, "BR": 1, "RU": 2})
    html = page(staff_client, 2020)
    assert '<th scope="row">Brésil</th><td>1</td>' in html
    assert '<th scope="row">Russie</th><td>2</td>' in html
    assert "Vue équipe" in html


def test_minimum_group_size_comes_from_the_settings(board_client, settings, frozen):
    settings.DASHBOARD_MIN_GROUP_SIZE = 5
    cohort({"SN": 4, "BR": 1})
    html = page(board_client, 2020)
    assert "Sénégal" not in html and '<th scope="row">Autres</th><td>5</td>' in html


def test_project_kinds_are_suppressed_for_the_board_too(board_client, frozen):
    coop = cohort({"SN": 3})
    MembershipFactory(cooperative=coop, entrepreneur=EntrepreneurFactory(project_kind="Bijoux"))
    html = page(board_client, 2020)
    assert "Bijoux" not in html


# Life of the association -------------------------------------------------------------


def _life(html: str) -> str:
    return re.search(r'id="life-timeline".*?id="life-reports"', html, re.S).group(0)


def test_life_tells_the_year_viewed_its_timeline_and_cooperatives(board_client, frozen):
    MeetingFactory(kind=Meeting.Kind.SEMINAR, date=datetime.date(2020, 10, 10), title="Séminaire")
    MeetingFactory(kind=Meeting.Kind.BOARD, date=datetime.date(2020, 10, 1), title="CA d'octobre")
    EventFactory(
        title="Marché de Noël", kind=Event.Kind.COMMERCIAL, date=datetime.date(2020, 12, 12)
    )
    EventFactory(title="Atelier", kind=Event.Kind.WORKSHOP, date=datetime.date(2020, 11, 25))
    coop = cohort({"SN": 3}, start=datetime.date(2020, 9, 14))
    MembershipFactory(
        cooperative=coop, joined_on=datetime.date(2020, 9, 14), left_on=datetime.date(2020, 10, 1)
    )
    CooperativeFactory(
        name="Terminée", start_date=datetime.date(2019, 1, 1), end_date=datetime.date(2019, 6, 1)
    )
    life = _life(page(board_client, 2020))
    assert "10 octobre 2020" in life and "Séminaire" in life
    assert "Marché de Noël" in life and "à venir" in life  # 12 December is after today
    assert "CA d&#x27;octobre" not in life and "Atelier" not in life  # counted, not listed
    assert "14 septembre 2020" in life and "Démarrage" in life
    assert coop.name in life and "4 coopérateur·rices" in life  # everyone of the year
    assert "Terminée" not in life


def test_life_lists_twenty_dates_around_today_and_links_the_rest(board_client, frozen):
    for day in range(25):  # a seminar a day from 10 November to 4 December 2020
        MeetingFactory(
            kind=Meeting.Kind.SEMINAR, date=datetime.date(2020, 11, 10) + datetime.timedelta(day)
        )
    life = _life(page(board_client, 2020))
    assert life.count("<time ") == 20
    assert "10 novembre 2020" not in life  # the earliest left out
    assert "26 novembre 2020" in life and "4 décembre 2020" in life
    assert 'href="/reports/2020/">et 5 autres dates dans le rapport</a>' in life


def test_life_of_a_past_year_shows_that_year_not_today(board_client, frozen):
    CooperativeFactory(
        name="Terminée", start_date=datetime.date(2019, 1, 1), end_date=datetime.date(2019, 6, 1)
    )
    EventFactory(title="Pique-nique", kind=Event.Kind.CONVIVIAL, date=datetime.date(2019, 6, 22))
    EventFactory(title="Noël 2020", kind=Event.Kind.COMMERCIAL, date=datetime.date(2020, 12, 12))
    life = _life(page(board_client, 2019))
    assert "Terminée" in life and "Pique-nique" in life and "22 juin 2019" in life
    assert "Noël 2020" not in life and "à venir" not in life


def test_report_editions_show_status_and_pdf_link_of_the_latest_published(board_client, frozen):
    published = ReportEdition.Status.PUBLISHED
    ReportEdition.objects.create(year=2019, status=published, pdf="reports/editions/a.pdf")
    ReportEdition.objects.create(year=2019, status=published, pdf="reports/editions/b.pdf")
    ReportEdition.objects.create(year=2020)
    html = page(board_client, 2020)
    reports = re.search(r'id="life-reports".*?</section>', html, re.S).group(0)
    assert 'href="/reports/2020.pdf"' in reports  # the year on screen
    assert reports.count('href="/reports/2019.pdf"') == 1  # version 2 only
    assert "Brouillon" in reports and reports.count("Publiée") == 2


# The demo -------------------------------------------------------------------------------


def test_board_member_sees_the_seed_figures_on_the_2020_demo_dashboard(board_client, settings):
    settings.DEBUG = True  # load_demo refuses to run otherwise
    call_command("load_demo", stdout=io.StringIO(), stderr=io.StringIO())
    html = page(board_client, 2020)
    assert card(html, "Entrepreneur·es rencontré·es").startswith("36 ▲ +26 (en hausse)")
    assert card(html, "Part de femmes").startswith("92 %")
    assert card(html, "Coopérateur·rices engagé·es").startswith("9 ")
    assert card(html, "Conseils d&#x27;administration").startswith("6 ▲ +2")
    # Nine cooperators from nine countries: no country may be shown to the board.
    countries = re.search(r"par pays d&#x27;origine.*?</figure>", html, re.S).group(0)
    assert '<th scope="row">Autres</th><td>9</td>' in countries
    assert "Sénégal" not in countries
    assert 'href="/reports/2020.pdf"' in html
    assert board_client.get("/reports/2020.pdf").status_code == 200


# Queries -----------------------------------------------------------------------------


def build_data(scale: int, first_year: int = 2016) -> None:
    """`scale` times the same activity each year from `first_year` to 2020, plus what is
    planned."""
    for year in range(first_year, 2021):
        people = EntrepreneurFactory.create_batch(3 * scale, country_of_origin="SN")
        coop = CooperativeFactory(
            start_date=datetime.date(year, 3, 1), end_date=datetime.date(year + 1, 2, 1)
        )
        event = EventFactory(date=datetime.date(year, 4, 1))
        for person in people:
            EncounterFactory(entrepreneur=person, date=datetime.date(year, 3, 1))
            AttendanceFactory(entrepreneur=person, event=event)
            MembershipFactory(cooperative=coop, entrepreneur=person)
        MeetingFactory(date=datetime.date(year, 6, 1))
        GrantAgreementFactory(
            start_date=datetime.date(year, 1, 1), end_date=datetime.date(year, 12, 31)
        )
    for day in range(1, 1 + scale):
        MeetingFactory(date=datetime.date(2020, 12, day))
        EventFactory(date=datetime.date(2020, 12, day))


# What every board member's dashboard page runs, whatever the cache holds:
# 1 session, 2 user, 3-4 the user's and their groups' permissions
# 5-7 first and last dated encounter, event, meeting (the year selector)
# 8 report editions
# 9 the versions of every family the page reads, at 2020 (reports.freshness)
# 10 the page's body, rendered (reports.dashboard.dashboard_html)
WARM = 10
# When the body is not cached, it is built from the cached figures: the versions of every
# family at 2020 and 2019, then each family's part of the year's indicators, of the
# earlier years' figures and of the year so far against the same dates last year, the
# people met by month, the year's life (timeline, cooperatives, grants), in one read; the
# body is then stored (11 queries in the database cache, below).
BUILT = 2 + 11
# After every version moved, the first page also computes and stores the figures, once
# for all the trend's years (one query per stats group, not one per group and year):
# +17 compute_indicators(2020) (tests/reports/test_indicators.py)
# +10 the headline figures of 2016-2019 (or of fewer years): met, events, cooperatives,
#     cooperators, meetings, individual interviews, training sessions, training
#     attendances, outcomes, sales (reports.figures.BY_YEAR)
# +1 entrepreneurs met by month (one UNION query)
# +8 same dates this year and last year, 4 each: entrepreneurs met, interviews, events,
#    meetings
# +7 the year's life: its cooperatives, the timeline (meetings and their decisions,
#    events), each cooperative's cooperators, the grants by funder and status and their
#    received instalments
DATA = 17 + 10 + 1 + 8 + 7
# The entries stored: the indicators of 6 families, the earlier years of 5, the year so
# far of 4, the people met by month, the year's life; each taken with a lock, stored,
# unlocked: 11 queries in the database cache (add and set: its row count for culling,
# BEGIN, the key's row, INSERT, COMMIT; delete: one)
ENTRIES = 6 + 5 + 4 + 1 + 1
COLD = WARM + BUILT + DATA + ENTRIES * 11


@pytest.mark.django_db(transaction=True)  # commits, so the data version moves
@pytest.mark.parametrize("scale, first_year", [(1, 2016), (4, 2016), (1, 2019)])
def test_dashboard_query_count_grows_neither_with_the_data_nor_with_the_trend(
    scale, first_year, board_client, frozen, django_assert_num_queries
):
    cache.clear()
    build_data(scale, first_year)
    bump_data_version()  # every family's versions are in the cache, all moved
    with django_assert_num_queries(COLD + 3):  # +3 /dashboard/ checks this year has data
        html = page(board_client)
    assert card(html, "Coopératives éphémères actives").startswith("2 ")
    with django_assert_num_queries(WARM + 3):
        page(board_client)


@pytest.mark.django_db(transaction=True)
def test_the_next_page_after_a_write_shows_it_for_board_and_staff(
    client, board_user, staff_user, frozen
):
    cache.clear()
    EncounterFactory(date=datetime.date(2020, 5, 1))
    client.force_login(board_user)
    assert card(page(client, 2020), "Entretiens individuels").startswith("1 ")
    EncounterFactory(date=datetime.date(2020, 5, 2))
    assert card(page(client, 2020), "Entretiens individuels").startswith("2 ")
    client.force_login(staff_user)
    assert card(page(client, 2020), "Entretiens individuels").startswith("2 ")


def test_a_page_inside_a_transaction_that_wrote_reads_its_own_writes(board_client, frozen):
    # The test's own transaction never commits: the figures are computed live.
    EncounterFactory(date=datetime.date(2020, 5, 1))
    page(board_client, 2020)
    EncounterFactory(date=datetime.date(2020, 5, 2))
    assert card(page(board_client, 2020), "Entretiens individuels").startswith("2 ")


def test_the_year_selector_offers_the_years_with_data_and_this_year_only(db):
    from reports.dashboard import data_years

    EncounterFactory(date=datetime.date(2019, 3, 1))
    MeetingFactory(date=datetime.date(2020, 7, 7))

    years, last = data_years(datetime.date(2026, 12, 1))

    assert years == (2019, 2020, 2026)  # no page of zeros for 2021-2025
    assert last == 2020


def test_cards_write_amounts_and_hours_in_french_typography(staff_client, frozen):
    from tests.events.factories import SaleFactory

    SaleFactory(event__date=datetime.date(2020, 6, 1), amount="1234.50")
    EventFactory(kind="workshop", date=datetime.date(2020, 3, 2), duration_hours="2.5")

    html = page(staff_client, 2020)

    # card() folds every space; the page writes narrow and plain no-break ones.
    assert card(html, "Ventes aux événements commerciaux").startswith("1 234,50 € ▲ +1 234,50 €")
    assert card(html, "Heures de formation dispensées").startswith("2,5 h")
    assert "1\u202f234,50\u00a0€" in html


@pytest.mark.django_db(transaction=True)
def test_a_board_members_cached_page_lists_a_new_edition_and_a_new_year_at_once(
    board_client, frozen
):
    cache.clear()
    EncounterFactory(date=datetime.date(2019, 5, 1))
    html = page(board_client, 2019)
    assert "Rapport 2019, relu par le bureau" not in html
    assert reverse("reports:dashboard_year", args=[2021]) not in html

    # Neither is a figure: the page's cache is keyed by them too.
    EditionFactory(year=2019, title="Rapport 2019, relu par le bureau")
    EncounterFactory(date=datetime.date(2021, 1, 8))  # dated after the year shown

    html = page(board_client, 2019)
    assert "Rapport 2019, relu par le bureau" in html
    assert reverse("reports:dashboard_year", args=[2021]) in html
