"""Outcomes (situations at the exit, 6 and 12 months after) and the exit reason: the
records, their rules and the yearly figures `exits` and `positive_outcomes_6m_percent`."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from cooperatives import stats
from cooperatives.models import Checkpoint, ExitReason, Membership, Outcome, Situation
from core.period import Period
from tests.cooperatives.factories import MembershipFactory, OutcomeFactory
from tests.entrepreneurs.factories import EntrepreneurFactory

pytestmark = pytest.mark.django_db

D = datetime.date
YEAR_2020 = Period.year(2020)


def test_one_outcome_per_person_and_checkpoint():
    person = EntrepreneurFactory()
    OutcomeFactory(entrepreneur=person, checkpoint=Checkpoint.EXIT)

    with pytest.raises(ValidationError, match="déjà enregistrée"):
        Outcome(entrepreneur=person, checkpoint=Checkpoint.EXIT, date=D(2021, 3, 1)).full_clean()


def test_checkpoints_and_situations_have_french_labels():
    assert [str(label) for label in Checkpoint.labels] == ["Sortie", "6 mois", "12 mois"]
    assert str(Situation.CAE.label) == "Entrepreneur·e salarié·e en CAE"
    assert str(Situation.UNKNOWN.label) == "Inconnue"


def test_an_exit_reason_needs_a_leaving_date():
    membership = MembershipFactory()
    membership.exit_reason = ExitReason.EMPLOYMENT

    with pytest.raises(ValidationError) as error:
        membership.full_clean()
    assert "exit_reason" in error.value.message_dict
    with pytest.raises(IntegrityError), transaction.atomic():
        Membership.objects.filter(pk=membership.pk).update(exit_reason=ExitReason.EMPLOYMENT)


def test_an_early_end_keeps_its_reason():
    membership = MembershipFactory()
    membership.left_on = D(2020, 11, 30)
    membership.exit_reason = ExitReason.MOVED_AWAY
    membership.full_clean()
    membership.save()

    assert Membership.objects.get().get_exit_reason_display() == "Déménagement"


@pytest.mark.parametrize(
    ("day", "counted"),
    [
        (D(2019, 12, 31), False),
        (D(2020, 1, 1), True),
        (D(2020, 12, 31), True),
        (D(2021, 1, 1), False),
    ],
)
def test_exits_counts_exit_outcomes_dated_within_the_period(day, counted):
    OutcomeFactory(checkpoint=Checkpoint.EXIT, date=day)
    OutcomeFactory(checkpoint=Checkpoint.SIX_MONTHS, date=day)  # not an exit

    assert stats.outcome_stats(YEAR_2020).exits == int(counted)
    assert stats.exit_outcomes(YEAR_2020).count() == int(counted)


def test_exits_over_a_funders_period_across_two_years():
    OutcomeFactory(date=D(2020, 6, 30))
    OutcomeFactory(date=D(2020, 7, 1))
    OutcomeFactory(date=D(2021, 6, 30))
    OutcomeFactory(date=D(2021, 7, 1))

    assert stats.outcome_stats(Period(D(2020, 7, 1), D(2021, 6, 30))).exits == 2


JUNE_2020 = D(2020, 6, 1)


def six_months(situation: str, day: datetime.date = JUNE_2020) -> Outcome:
    return OutcomeFactory(checkpoint=Checkpoint.SIX_MONTHS, situation=situation, date=day)


def test_positive_share_leaves_unknown_situations_out():
    six_months(Situation.EMPLOYED)
    six_months(Situation.CAE)
    six_months(Situation.JOB_SEARCH)
    six_months(Situation.UNKNOWN)
    six_months(Situation.UNKNOWN)

    # 2 positive out of 3 known: 66.7 %.
    assert stats.outcome_stats(YEAR_2020).positive_outcomes_6m_percent == 67
    assert stats.known_six_month_outcomes(YEAR_2020).count() == 3


def test_positive_share_rounds_half_up():
    for situation in [Situation.SELF_EMPLOYED, Situation.TRAINING, Situation.INACTIVE]:
        six_months(situation)
    six_months(Situation.JOB_SEARCH)
    six_months(Situation.JOB_SEARCH)
    six_months(Situation.JOB_SEARCH)
    six_months(Situation.JOB_SEARCH)
    six_months(Situation.EMPLOYED)

    # 3 positive of 8: 37.5 % -> 38.
    assert stats.outcome_stats(YEAR_2020).positive_outcomes_6m_percent == 38


def test_positive_share_is_none_when_only_unknown_or_nothing():
    assert stats.outcome_stats(YEAR_2020).positive_outcomes_6m_percent is None
    six_months(Situation.UNKNOWN)
    OutcomeFactory(checkpoint=Checkpoint.EXIT, situation=Situation.EMPLOYED, date=D(2020, 3, 1))

    assert stats.outcome_stats(YEAR_2020).positive_outcomes_6m_percent is None


def test_positive_share_counts_six_month_outcomes_within_the_year_only():
    six_months(Situation.EMPLOYED, D(2019, 12, 31))
    six_months(Situation.JOB_SEARCH, D(2020, 1, 1))
    six_months(Situation.EMPLOYED, D(2020, 12, 31))
    six_months(Situation.EMPLOYED, D(2021, 1, 1))
    OutcomeFactory(checkpoint=Checkpoint.TWELVE_MONTHS, situation=Situation.EMPLOYED)

    assert stats.outcome_stats(YEAR_2020).positive_outcomes_6m_percent == 50


def test_outcome_figures_take_one_query(django_assert_num_queries):
    six_months(Situation.EMPLOYED)
    OutcomeFactory(date=D(2020, 2, 1))

    with django_assert_num_queries(1):
        figures = stats.outcome_stats(YEAR_2020)
    assert figures == stats.OutcomeStats(
        exits=1, positive_outcomes_6m_percent=100, positive_6m=1, known_6m=1
    )
