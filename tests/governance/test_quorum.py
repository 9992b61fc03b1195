"""The statutes' arithmetic (governance.quorum): quorum, proxies, majorities, refusals."""

from dataclasses import dataclass
from fractions import Fraction

import pytest

from governance.quorum import (
    AttendanceRow,
    attendance_errors,
    attendance_problems,
    is_adopted,
    quorum_reached,
    quorum_required,
    vote_errors,
)


@dataclass(frozen=True)
class Rule:
    quorum: Fraction = Fraction(1, 4)
    max_proxies: int = 2
    qualified_majority: Fraction = Fraction(2, 3)


AG = Rule()
BOARD = Rule(quorum=Fraction(1, 2))


def present(member):
    return AttendanceRow(member, "present", None, f"M{member}")


def represented(member, holder):
    return AttendanceRow(member, "represented", holder, f"M{member}", f"M{holder}")


# --- quorum -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("voters", "fraction", "required"),
    [
        (8, Fraction(1, 4), 2),  # exactly a quarter
        (9, Fraction(1, 4), 3),  # 2.25 rounds up: 2 would be less than a quarter
        (10, Fraction(1, 2), 5),
        (11, Fraction(1, 2), 6),
        (0, Fraction(1, 4), 0),
    ],
)
def test_quorum_required_is_the_smallest_whole_number_reaching_the_fraction(
    voters, fraction, required
):
    assert quorum_required(voters, fraction) == required


def test_assembly_quorum_is_reached_at_exactly_a_quarter():
    assert quorum_reached(3, 12, AG.quorum)


def test_assembly_quorum_is_missed_one_voter_short():
    assert not quorum_reached(2, 12, AG.quorum)


def test_board_quorum_is_reached_at_exactly_half():
    assert quorum_reached(4, 8, BOARD.quorum)


def test_board_quorum_is_missed_one_member_short():
    assert not quorum_reached(3, 8, BOARD.quorum)


def test_board_quorum_on_an_odd_board_needs_more_than_half_rounded_down():
    assert not quorum_reached(3, 7, BOARD.quorum)
    assert quorum_reached(4, 7, BOARD.quorum)


def test_no_voters_means_no_quorum():
    assert not quorum_reached(0, 0, AG.quorum)


# --- proxies ----------------------------------------------------------------------------


def test_a_holder_may_hold_exactly_the_limit_of_proxies():
    rows = [present(1), represented(2, 1), represented(3, 1)]
    assert attendance_errors(rows, AG) == []


def test_a_proxy_over_the_limit_is_refused_on_the_line_beyond_it():
    rows = [present(1), represented(2, 1), represented(3, 1), represented(4, 1)]
    problems = attendance_problems(rows, AG)
    assert [(p.member, p.field) for p in problems] == [(4, "proxy_holder")]
    assert problems[0].message == (
        "M1 tient déjà 2 pouvoirs, le plus que la règle permette : celui de M4 est de trop."
    )


def test_the_limit_comes_from_the_rule():
    rows = [present(1), represented(2, 1)]
    assert attendance_errors(rows, Rule(max_proxies=0))


def test_a_proxy_held_by_someone_absent_is_refused():
    rows = [AttendanceRow(1, "excused", None, "M1"), represented(2, 1)]
    assert attendance_errors(rows, AG) == [
        "Le pouvoir de M2 est donné à M1, qui n'est pas présent·e."
    ]


def test_a_proxy_held_by_someone_not_on_the_list_is_refused():
    assert attendance_errors([represented(2, 9)], AG) == [
        "Le pouvoir de M2 est donné à M9, qui n'est pas présent·e."
    ]


def test_a_proxy_held_by_someone_represented_is_refused():
    rows = [present(1), represented(2, 1), represented(3, 2)]
    assert attendance_errors(rows, AG) == [
        "Le pouvoir de M3 est donné à M2, qui n'est pas présent·e."
    ]


def test_a_member_cannot_hold_their_own_proxy():
    assert attendance_errors([represented(1, 1)], AG) == [
        "M1 ne peut pas se donner son propre pouvoir."
    ]


def test_represented_without_a_holder_and_a_holder_without_representation_are_refused():
    rows = [
        AttendanceRow(1, "represented", None, "M1"),
        AttendanceRow(2, "present", 1, "M2", "M1"),
    ]
    assert attendance_errors(rows, AG) == [
        "M1 est représenté·e : indiquez à qui le pouvoir est donné.",
        "M2 n'est pas représenté·e : pas de mandataire.",
    ]


def test_a_voter_counted_twice_is_refused():
    rows = [present(1), represented(1, 2), present(2)]
    assert "M1 est compté·e deux fois à cette réunion." in attendance_errors(rows, AG)


def test_someone_without_a_vote_is_refused_when_the_rule_says_who_votes():
    rows = [present(1), present(2)]
    assert attendance_errors(rows, AG, voters={1}) == [
        "M2 n'a pas le droit de vote à cette réunion."
    ]


def test_without_a_rule_only_the_list_itself_is_checked():
    rows = [present(1), represented(2, 1), represented(3, 1), represented(4, 1)]
    assert attendance_errors(rows, None, voters=set()) == []


# --- votes ------------------------------------------------------------------------------


def test_simple_majority_needs_more_for_than_against():
    assert is_adopted(5, 4, False, AG)
    assert not is_adopted(4, 4, False, AG)  # a tie is rejected


def test_abstentions_are_not_votes_cast():
    # 3 for, 2 against, 10 abstentions: adopted (majority of votes cast).
    assert is_adopted(3, 2, False, AG)


def test_nothing_cast_adopts_nothing():
    assert not is_adopted(0, 0, False, AG)
    assert not is_adopted(0, 0, True, AG)


def test_statutes_amendment_is_adopted_at_exactly_two_thirds():
    assert is_adopted(6, 3, True, AG)


def test_statutes_amendment_is_rejected_just_under_two_thirds():
    assert not is_adopted(5, 3, True, AG)  # 62.5 %: a simple majority, not two thirds
    assert is_adopted(5, 3, False, AG)


def test_qualified_majority_comes_from_the_rule():
    assert not is_adopted(7, 3, True, Rule(qualified_majority=Fraction(3, 4)))
    assert is_adopted(9, 3, True, Rule(qualified_majority=Fraction(3, 4)))


def test_more_votes_than_voters_present_or_represented_is_refused():
    assert vote_errors(5, 3, 2, 10) == []
    assert vote_errors(5, 3, 3, 10) == [
        "11 votes (pour, contre, abstentions) pour 10 votant·es présent·es ou représenté·es."
    ]
