"""The small-count rule for shares and means shown to board members."""

import pytest

from governance.stats import ProtectedFigure, protect_mean, protect_share, withheld_label

K = 3


def test_a_share_whose_complement_is_two_people_is_withheld():
    # « 10 rencontré·es, 80 % de femmes » beside a merged chart gives exactly 2 men.
    assert protect_share(8, 10, K) == ProtectedFigure(None, withheld=True)


def test_a_share_of_two_people_is_withheld():
    assert protect_share(2, 10, K) == ProtectedFigure(None, withheld=True)


def test_a_share_over_fewer_than_k_people_is_withheld():
    assert protect_share(0, 2, K) == ProtectedFigure(None, withheld=True)


@pytest.mark.parametrize(("part", "whole", "percent"), [(7, 10, 70), (3, 6, 50), (10, 10, 100)])
def test_a_share_with_k_people_on_both_sides_is_shown_rounded_half_up(part, whole, percent):
    assert protect_share(part, whole, K) == ProtectedFigure(percent)


def test_a_share_of_nobody_is_undefined_not_withheld():
    assert protect_share(0, 0, K) == ProtectedFigure(None, withheld=False)


def test_the_mean_age_of_one_cooperator_is_withheld():
    assert protect_mean(49, 1, K) == ProtectedFigure(None, withheld=True)


def test_a_mean_over_k_people_is_shown():
    assert protect_mean(41, 3, K) == ProtectedFigure(41)


def test_a_mean_over_nobody_is_undefined():
    assert protect_mean(None, 0, K) == ProtectedFigure(None)


def test_a_minimum_of_one_withholds_nothing():
    assert protect_share(9, 10, 1) == ProtectedFigure(90)
    assert protect_mean(49, 1, 1) == ProtectedFigure(49)


def test_the_withheld_label_names_the_minimum():
    assert withheld_label(3) == "moins de 3 personnes"
