"""Yearly figures on the ephemeral cooperatives and their cooperators."""

from dataclasses import dataclass

from django.db.models import Count, Exists, OuterRef, Q, QuerySet, Sum

from cooperatives.models import Cooperative, Membership
from entrepreneurs.models import Entrepreneur
from entrepreneurs.stats import mean_age
from governance.models import year_bounds


@dataclass(frozen=True)
class CooperativeStats:
    cooperatives_active: int
    cooperative_brands_created: int


@dataclass(frozen=True)
class CooperatorStats:
    cooperators_engaged: int
    cooperators_average_age: int | None


def cooperators_engaged(year: int) -> QuerySet[Entrepreneur]:
    """Distinct entrepreneurs with a membership of an ephemeral cooperative whose period
    [joined on, left on or else the cooperative's end or open] overlaps the year.

    Members of collectives (non-ephemeral cooperatives) do not count.
    """
    memberships = (
        Membership.objects.ephemeral().overlapping(year).filter(entrepreneur=OuterRef("pk"))
    )
    return Entrepreneur.objects.filter(Exists(memberships))


def cooperator_stats(year: int) -> CooperatorStats:
    """`cooperators_engaged` (see `cooperators_engaged`) and `cooperators_average_age`:
    mean of the year minus birth year over those whose birth year is known, rounded half
    up (None when none is known)."""
    totals = cooperators_engaged(year).aggregate(
        engaged=Count("pk"),
        known=Count("birth_year"),
        birth_year_sum=Sum("birth_year"),
    )
    return CooperatorStats(
        cooperators_engaged=totals["engaged"],
        cooperators_average_age=mean_age(year, totals["known"], totals["birth_year_sum"]),
    )


def cooperative_stats(year: int) -> CooperativeStats:
    """`cooperatives_active`: ephemeral cooperatives with a start date whose period [start,
    end or open] overlaps the year. `cooperative_brands_created`: cooperatives (of any
    kind) whose brand was created in the year."""
    active = Cooperative.objects.ephemeral().overlapping(year).values("pk")
    counts = Cooperative.objects.aggregate(
        cooperatives_active=Count("pk", filter=Q(pk__in=active)),
        cooperative_brands_created=Count("pk", filter=Q(brand_created_on__range=year_bounds(year))),
    )
    return CooperativeStats(**counts)
