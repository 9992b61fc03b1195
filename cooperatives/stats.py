"""Figures on the ephemeral cooperatives and their cooperators over a period."""

from dataclasses import dataclass

from django.db.models import Count, Exists, OuterRef, Q, QuerySet, Sum

from cooperatives.models import Cooperative, Membership
from core.period import Period
from entrepreneurs.models import Entrepreneur
from entrepreneurs.stats import mean_age


@dataclass(frozen=True)
class CooperativeStats:
    cooperatives_active: int
    cooperative_brands_created: int


@dataclass(frozen=True)
class CooperatorStats:
    cooperators_engaged: int
    cooperators_average_age: int | None


def cooperators_engaged(period: Period) -> QuerySet[Entrepreneur]:
    """Distinct entrepreneurs with a membership of an ephemeral cooperative whose own
    period [joined on, left on or else the cooperative's end or open] overlaps `period`.

    Members of collectives (non-ephemeral cooperatives) do not count.
    """
    memberships = (
        Membership.objects.ephemeral().overlapping(period).filter(entrepreneur=OuterRef("pk"))
    )
    return Entrepreneur.objects.filter(Exists(memberships))


def cooperator_stats(period: Period) -> CooperatorStats:
    """`cooperators_engaged` (see `cooperators_engaged`) and `cooperators_average_age`:
    mean of the period's reference year (the year it ends in) minus birth year over those
    whose birth year is known, rounded half up (None when none is known)."""
    totals = cooperators_engaged(period).aggregate(
        engaged=Count("pk"),
        known=Count("birth_year"),
        birth_year_sum=Sum("birth_year"),
    )
    return CooperatorStats(
        cooperators_engaged=totals["engaged"],
        cooperators_average_age=mean_age(
            period.reference_year, totals["known"], totals["birth_year_sum"]
        ),
    )


def cooperative_stats(period: Period) -> CooperativeStats:
    """`cooperatives_active`: ephemeral cooperatives with a start date whose own period
    [start, end or open] overlaps `period`. `cooperative_brands_created`: cooperatives (of
    any kind) whose brand was created in the period."""
    active = Cooperative.objects.ephemeral().overlapping(period).values("pk")
    counts = Cooperative.objects.aggregate(
        cooperatives_active=Count("pk", filter=Q(pk__in=active)),
        cooperative_brands_created=Count("pk", filter=Q(brand_created_on__range=period.as_range())),
    )
    return CooperativeStats(**counts)
