"""Figures on encounters over a period, and profile breakdowns of any set of entrepreneurs.

The sets themselves (entrepreneurs met, cooperators engaged) are defined by the apps that
know the records involved (`events.stats`, `cooperatives.stats`); the functions here take
such a queryset and group it in SQL, one query each (gender, sector and referrer: one
query for the three, `profile_rows`).
"""

from collections.abc import Iterable, Mapping, Sequence
from decimal import Decimal
from typing import Any

from django.db.models import Count, QuerySet
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from core.period import Period
from entrepreneurs.models import Encounter, Entrepreneur, Gender, Sector, SkillLevel
from governance.stats import (
    BreakdownItem,
    aggregate_by_year,
    build_breakdown,
    in_year,
    round_half_up,
    years_span,
)

YES_NO = {True: _("Oui"), False: _("Non")}


def individual_interviews(period: Period) -> int:
    """`individual_interviews`: encounters of kind individual_interview dated in the
    period."""
    return (
        Encounter.objects.in_period(period).filter(kind=Encounter.Kind.INDIVIDUAL_INTERVIEW).count()
    )


def individual_interviews_by_year(years: Sequence[int]) -> dict[int, int]:
    """`individual_interviews` of each of `years` (calendar years), in one query."""
    interviews = Encounter.objects.in_period(years_span(years)).filter(
        kind=Encounter.Kind.INDIVIDUAL_INTERVIEW
    )
    rows = aggregate_by_year(
        interviews, years, lambda period: {"n": Count("pk", filter=in_year("date", period))}
    )
    return {year: row["n"] for year, row in rows.items()}


def mean_age(year: int, known: int, birth_year_sum: int | None) -> int | None:
    """Mean of `year` (a period's `reference_year`) minus birth year over `known` people,
    rounded half up; None if none.

    Taking the sum of birth years rather than SQL's AVG keeps the division exact.
    """
    if not known:
        return None
    return round_half_up(Decimal(year * known - birth_year_sum) / Decimal(known))


def _grouped(people: QuerySet[Entrepreneur], field: str):
    return people.values(field).annotate(count=Count("pk")).order_by()


def profile_rows(people: QuerySet[Entrepreneur], **aggregates) -> list[dict[str, Any]]:
    """`people` grouped by gender, sector and referrer at once, in one query: one row per
    combination found, with its `count` and each of `aggregates` (e.g. a filtered
    count). `by_gender`, `by_sector` and `by_referrer` add the rows up, so the three
    breakdowns of a set (and any total of it) cost one pass over it, not three."""
    fields = ("gender", "sector", "referred_by", "referred_by__name")
    return list(people.values(*fields).annotate(count=Count("pk"), **aggregates).order_by())


def by_gender(rows: Iterable[Mapping[str, Any]]) -> tuple[BreakdownItem, ...]:
    """By gender, from `profile_rows`."""
    return build_breakdown(rows, "gender", dict(Gender.choices))


def by_sector(rows: Iterable[Mapping[str, Any]]) -> tuple[BreakdownItem, ...]:
    """By sector of activity, from `profile_rows`."""
    return build_breakdown(rows, "sector", dict(Sector.choices))


def by_skill_level(people: QuerySet[Entrepreneur]) -> tuple[BreakdownItem, ...]:
    rows = _grouped(people, "skill_level")
    return build_breakdown(rows, "skill_level", dict(SkillLevel.choices))


def by_country(people: QuerySet[Entrepreneur]) -> tuple[BreakdownItem, ...]:
    """Country names in the active language (the caller activates French)."""
    rows = _grouped(people, "country_of_origin")
    return build_breakdown(rows, "country_of_origin", countries.name)


def by_project_kind(people: QuerySet[Entrepreneur]) -> tuple[BreakdownItem, ...]:
    """Project kind is free text: the label is the text as typed."""
    return build_breakdown(_grouped(people, "project_kind"), "project_kind")


def by_informal_activity(people: QuerySet[Entrepreneur]) -> tuple[BreakdownItem, ...]:
    """Already active informally: yes, no, or not known."""
    rows = _grouped(people, "informal_activity")
    return build_breakdown(rows, "informal_activity", YES_NO)


def by_referrer(rows: Iterable[Mapping[str, Any]]) -> tuple[BreakdownItem, ...]:
    """By referring organisation, from `profile_rows`; the code is the organisation's id."""
    rows = list(rows)
    names = {r["referred_by"]: r["referred_by__name"] for r in rows}
    return build_breakdown(rows, "referred_by", names)
