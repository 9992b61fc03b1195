"""The table of figures: it agrees with the indicators and the stats groups, and every
renderer (dashboard cards and trend, report key figures and chapters, charts) reads it."""

import datetime
from dataclasses import fields, is_dataclass, replace

import pytest
import time_machine

from core.period import Period
from reports import figures as table
from reports.figures import (
    BREAKDOWNS,
    COMPUTED_BREAKDOWNS,
    FIGURES,
    SUPPORT,
    Audience,
    Chapter,
    figure,
)
from reports.indicators import Breakdowns, Indicators, compute_indicators
from reports.rendering import build_content
from tests.entrepreneurs.factories import EncounterFactory
from tests.reports.factories import build_year

NNBSP, NBSP = "\u202f", "\u00a0"


def test_every_indicators_field_is_a_declared_figure_and_the_reverse():
    names = [f.name for f in fields(Indicators) if f.name not in ("period", "breakdowns", SUPPORT)]
    assert names == [f.key for f in FIGURES]
    assert [f.name for f in fields(Breakdowns)] == [b.key for b in COMPUTED_BREAKDOWNS]


@pytest.mark.django_db
def test_every_field_a_stats_group_computes_is_declared_with_that_group():
    """A figure added to a stats group but not declared would be silently dropped."""
    for source in {f.source for f in FIGURES}:
        result = source(Period.year(2020))
        declared = {f.key for f in FIGURES if f.source is source}
        # The counts behind protected figures (their `support`) are declared with them.
        declared |= {name for f in FIGURES if f.source is source for name in f.support}
        # So are the breakdowns computed in the same query (Breakdown.field).
        declared |= {b.field for b in COMPUTED_BREAKDOWNS if b.source is source and b.field}
        if is_dataclass(result):
            assert {f.name for f in fields(result)} == declared, source
        else:
            assert len(declared) == 1, source


def test_keys_and_positions_are_unique():
    keys = [f.key for f in FIGURES] + [b.key for b in BREAKDOWNS]
    assert len(keys) == len(set(keys))
    for position in ("card", "key_figure"):
        taken = [getattr(f, position) for f in FIGURES if getattr(f, position) is not None]
        assert len(taken) == len(set(taken)), position


def test_a_chart_drawn_from_another_breakdown_draws_a_computed_one():
    computed = {b.key for b in COMPUTED_BREAKDOWNS}
    assert all(b.data_key in computed for b in BREAKDOWNS)


@pytest.mark.django_db
def test_json_keys_keep_the_published_order():
    build_year(scale=1)
    assert list(compute_indicators(Period.year(2020)).to_dict()) == [
        "year", "entrepreneurs_met", "women_percent", "new_entrepreneurs",
        "individual_interviews", "collective_meetings", "cooperatives_active",
        "cooperators_engaged", "cooperative_brands_created", "workshops_in_person",
        "commercial_events", "board_meetings", "general_assemblies",
        "cooperators_average_age", "training_hours_delivered", "participant_hours",
        "people_trained", "attendance_rate", "exits", "positive_outcomes_6m_percent",
        "sales_total", "breakdowns", "support",
    ]  # fmt: skip


def test_values_read_in_french_typography_by_unit():
    assert figure("entrepreneurs_met").display(1234) == f"1{NNBSP}234"
    assert figure("women_percent").display(92) == f"92{NNBSP}%"
    assert figure("cooperators_average_age").display(40) == f"40{NBSP}ans"
    assert figure("cooperators_average_age").display(None) == "—"


def test_captions_agree_with_the_number():
    met = figure("entrepreneurs_met")
    assert met.caption_for(1) == "entrepreneur·e rencontré·e"
    assert met.caption_for(36) == "entrepreneur·es rencontré·es"
    assert figure("women_percent").caption_for(92) == "de femmes parmi les personnes rencontrées"


def test_event_labels_are_spelled_one_way():
    texts = [str(f.label) for f in FIGURES] + [str(f.caption_for(2)) for f in FIGURES]
    texts += [str(b.title) for b in BREAKDOWNS] + [str(b.legend) for b in BREAKDOWNS]
    assert not [text for text in texts if "vènement" in text]


def test_shares_and_means_are_marked_for_the_small_count_rule():
    protected = {f.key: f.protect for f in FIGURES if f.protect}
    assert protected == {
        "women_percent": "share",
        "cooperators_average_age": "mean",
        "positive_outcomes_6m_percent": "share",
        "attendance_rate": "share",
    }


# A figure seen by staff only: the board's cards and report leave it out.


@pytest.fixture
def staff_only_women_percent(monkeypatch):
    staff_only = replace(figure("women_percent"), audience=frozenset({Audience.STAFF}))
    patched = tuple(staff_only if f.key == "women_percent" else f for f in FIGURES)
    monkeypatch.setattr(table, "FIGURES", patched)


@pytest.mark.django_db
def test_a_staff_only_figure_is_left_out_of_the_board_report(staff_only_women_percent):
    build_year(scale=1)
    board = build_content(2020, None)
    staff = build_content(2020, None, staff_view=True)

    assert "women_percent" not in [f.name for f in board.key_figures]
    assert "women_percent" in [f.name for f in staff.key_figures]
    support = next(c for c in board.chapters if c.code == Chapter.SUPPORT)
    assert "women_percent" not in [f.name for f in support.figures]


def test_a_staff_only_figure_is_not_a_board_card(staff_only_women_percent):
    assert "women_percent" not in [f.key for f in table.cards(Audience.BOARD)]
    assert "women_percent" in [f.key for f in table.cards(Audience.STAFF)]


@pytest.mark.django_db
def test_dashboard_cards_are_the_declared_ones_in_their_order(board_client):
    EncounterFactory(date=datetime.date(2020, 5, 1))
    with time_machine.travel(datetime.datetime(2020, 11, 26, 11, tzinfo=datetime.UTC)):
        html = board_client.get("/dashboard/2020/").content.decode()
    positions = [html.index(f'class="kpi-label">{f.label}'.replace("'", "&#x27;"))
                 for f in table.cards(Audience.BOARD)]  # fmt: skip
    assert positions == sorted(positions)
    assert len(positions) == len([f for f in FIGURES if f.card is not None])
