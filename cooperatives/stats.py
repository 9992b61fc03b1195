"""Figures on the ephemeral cooperatives and their cooperators over a period."""

import datetime
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import Count, Exists, OuterRef, Q, QuerySet, Sum
from django_countries import countries

from cooperatives.models import (
    POSITIVE_SITUATIONS,
    Checkpoint,
    Cooperative,
    Membership,
    Outcome,
    Situation,
)
from core.period import Period
from entrepreneurs.models import Entrepreneur, Sector, SkillLevel
from entrepreneurs.stats import YES_NO, mean_age
from governance.stats import (
    BreakdownItem,
    aggregate_by_year,
    build_breakdown,
    in_year,
    percent_half_up,
    years_span,
)


@dataclass(frozen=True)
class CooperativeStats:
    cooperatives_active: int
    cooperative_brands_created: int


@dataclass(frozen=True)
class CooperatorStats:
    cooperators_engaged: int
    cooperators_average_age: int | None
    # How many the mean is taken over, for the small-count rule (reports.figures `support`).
    known_birth_years: int = 0


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
        known_birth_years=totals["known"],
        cooperators_average_age=mean_age(
            period.reference_year, totals["known"], totals["birth_year_sum"]
        ),
    )


def cooperator_stats_by_year(years: Sequence[int]) -> dict[int, CooperatorStats]:
    """`cooperator_stats` of each of `years` (calendar years), in one query over the
    people engaged in any of them, each year with its own overlapping memberships."""

    def totals(period: Period) -> dict[str, Any]:
        memberships = (
            Membership.objects.ephemeral().overlapping(period).filter(entrepreneur=OuterRef("pk"))
        )
        engaged = Q(Exists(memberships))
        return {
            "engaged": Count("pk", filter=engaged),
            "known": Count("birth_year", filter=engaged),
            "birth_year_sum": Sum("birth_year", filter=engaged),
        }

    rows = aggregate_by_year(cooperators_engaged(years_span(years)), years, totals)
    return {
        year: CooperatorStats(
            cooperators_engaged=row["engaged"],
            cooperators_average_age=mean_age(year, row["known"], row["birth_year_sum"]),
            known_birth_years=row["known"],
        )
        for year, row in rows.items()
    }


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


def cooperative_stats_by_year(years: Sequence[int]) -> dict[int, CooperativeStats]:
    """`cooperative_stats` of each of `years` (calendar years), in one query."""

    def counts(period: Period) -> dict[str, Count]:
        active = Cooperative.objects.ephemeral().overlapping(period).values("pk")
        return {
            "cooperatives_active": Count("pk", filter=Q(pk__in=active)),
            "cooperative_brands_created": Count("pk", filter=in_year("brand_created_on", period)),
        }

    rows = aggregate_by_year(Cooperative.objects.all(), years, counts)
    return {year: CooperativeStats(**row) for year, row in rows.items()}


@dataclass(frozen=True)
class OutcomeStats:
    exits: int
    positive_outcomes_6m_percent: int | None
    # The share's part and whole, for the small-count rule (reports.figures `support`).
    positive_6m: int = 0
    known_6m: int = 0


def exit_outcomes(period: Period) -> QuerySet[Outcome]:
    """Outcomes at checkpoint `exit` dated in the period (the records behind `exits`)."""
    return Outcome.objects.at(Checkpoint.EXIT).in_period(period)


def known_six_month_outcomes(period: Period) -> QuerySet[Outcome]:
    """Outcomes at checkpoint `6_months` dated in the period whose situation is known (not
    `unknown`): the records behind `positive_outcomes_6m_percent`."""
    return Outcome.objects.at(Checkpoint.SIX_MONTHS).in_period(period).known()


def outcome_stats(period: Period) -> OutcomeStats:
    """`exits`: outcomes at checkpoint `exit` dated in the period.
    `positive_outcomes_6m_percent`: among the `6_months` outcomes dated in the period whose
    situation is not `unknown`, the share in a positive situation (employed, self-employed,
    CAE, training), in percent rounded half up; None when there is none.

    One aggregate query over the outcomes dated in the period.
    """
    six_months = Q(checkpoint=Checkpoint.SIX_MONTHS) & ~Q(situation=Situation.UNKNOWN)
    totals = Outcome.objects.filter(date__range=period.as_range()).aggregate(
        exits=Count("pk", filter=Q(checkpoint=Checkpoint.EXIT)),
        known=Count("pk", filter=six_months),
        positive=Count("pk", filter=six_months & Q(situation__in=POSITIVE_SITUATIONS)),
    )
    return OutcomeStats(
        exits=totals["exits"],
        positive_outcomes_6m_percent=percent_half_up(totals["positive"], totals["known"]),
        positive_6m=totals["positive"],
        known_6m=totals["known"],
    )


def outcome_stats_by_year(years: Sequence[int]) -> dict[int, OutcomeStats]:
    """`outcome_stats` of each of `years` (calendar years), in one query."""
    six_months = Q(checkpoint=Checkpoint.SIX_MONTHS) & ~Q(situation=Situation.UNKNOWN)

    def totals(period: Period) -> dict[str, Count]:
        dated = in_year("date", period)
        return {
            "exits": Count("pk", filter=dated & Q(checkpoint=Checkpoint.EXIT)),
            "known": Count("pk", filter=dated & six_months),
            "positive": Count(
                "pk", filter=dated & six_months & Q(situation__in=POSITIVE_SITUATIONS)
            ),
        }

    outcomes = Outcome.objects.filter(date__range=years_span(years).as_range())
    rows = aggregate_by_year(outcomes, years, totals)
    return {
        year: OutcomeStats(
            exits=row["exits"],
            positive_outcomes_6m_percent=percent_half_up(row["positive"], row["known"]),
            positive_6m=row["positive"],
            known_6m=row["known"],
        )
        for year, row in rows.items()
    }


# Each cooperative's story in the annual report (reports.year_story).


@dataclass(frozen=True)
class CooperativeLine:
    """A cooperative (of any kind) whose own period [start, end or open] meets the
    period, as recorded."""

    pk: int
    name: str
    kind: str
    kind_label: str
    host: str
    sector_label: str
    brand_name: str
    brand_created_on: datetime.date | None
    planned_start: datetime.date | None
    start_date: datetime.date | None
    end_date: datetime.date | None
    postponement_reason: str
    workspace_description: str
    workspace_area_m2: Decimal | None


@dataclass(frozen=True)
class CooperatorProfile:
    """The people with a membership of one cooperative overlapping the period: how many,
    how many have a known birth year and their mean age (as `cooperator_stats`), and
    their project kinds, skill levels, informal activity and countries of origin."""

    people: int
    known_ages: int
    mean_age: int | None
    project_kinds: tuple[BreakdownItem, ...]
    skill_levels: tuple[BreakdownItem, ...]
    informal_activity: tuple[BreakdownItem, ...]
    countries: tuple[BreakdownItem, ...]


def cooperatives_of_period(period: Period) -> tuple[CooperativeLine, ...]:
    """Started cooperatives of any kind overlapping the period, in start order (one
    query)."""
    rows = (
        Cooperative.objects.overlapping(period)
        .select_related("host")
        .order_by("start_date", "name")
    )
    kinds, sectors = dict(Cooperative.Kind.choices), dict(Sector.choices)
    return tuple(
        CooperativeLine(
            pk=c.pk,
            name=c.name,
            kind=c.kind,
            kind_label=str(kinds.get(c.kind, c.kind)),
            host=c.host.name if c.host else "",
            sector_label=str(sectors.get(c.sector, "")) if c.sector else "",
            brand_name=c.brand_name,
            brand_created_on=c.brand_created_on,
            planned_start=c.planned_start,
            start_date=c.start_date,
            end_date=c.end_date,
            postponement_reason=c.postponement_reason,
            workspace_description=c.workspace_description,
            workspace_area_m2=c.workspace_area_m2,
        )
        for c in rows
    )


PROFILE_FIELDS = {
    "project_kinds": ("project_kind", None),
    "skill_levels": ("skill_level", dict(SkillLevel.choices)),
    "informal_activity": ("informal_activity", YES_NO),
    "countries": ("country_of_origin", countries.name),
}


def _grouped_by_cooperative(memberships: QuerySet, field: str, labels) -> dict[int, tuple]:
    rows = (
        memberships.values("cooperative_id", f"entrepreneur__{field}")
        .annotate(count=Count("entrepreneur", distinct=True))
        .order_by()
    )
    by_cooperative: dict[int, list] = {}
    for row in rows:
        by_cooperative.setdefault(row["cooperative_id"], []).append(row)
    return {
        pk: build_breakdown(items, f"entrepreneur__{field}", labels)
        for pk, items in by_cooperative.items()
    }


def cooperator_profiles(period: Period) -> dict[int, CooperatorProfile]:
    """Each cooperative's `CooperatorProfile` over the memberships overlapping the period
    (see `Membership.objects.overlapping`), keyed by the cooperative's pk. Country names
    in the active language. Five grouped queries, whatever the number of cooperatives."""
    memberships = Membership.objects.overlapping(period)
    totals = (
        memberships.values("cooperative_id")
        .annotate(
            people=Count("entrepreneur", distinct=True),
            known=Count("entrepreneur__birth_year"),
            birth_year_sum=Sum("entrepreneur__birth_year"),
        )
        .order_by()
    )
    groups = {
        name: _grouped_by_cooperative(memberships, field, labels)
        for name, (field, labels) in PROFILE_FIELDS.items()
    }
    return {
        row["cooperative_id"]: CooperatorProfile(
            people=row["people"],
            known_ages=row["known"],
            mean_age=mean_age(period.reference_year, row["known"], row["birth_year_sum"]),
            **{name: group.get(row["cooperative_id"], ()) for name, group in groups.items()},
        )
        for row in totals
    }


def cooperators_by_cooperative(period: Period) -> dict[int, int]:
    """Distinct people with a membership overlapping the period, by cooperative pk (one
    grouped query)."""
    rows = (
        Membership.objects.overlapping(period)
        .values("cooperative_id")
        .annotate(people=Count("entrepreneur", distinct=True))
        .order_by()
    )
    return {row["cooperative_id"]: row["people"] for row in rows}
