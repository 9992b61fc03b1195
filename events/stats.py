"""Figures on events over a period, and on the entrepreneurs met (who are met at encounters or
at events, so the definition lives here, where both are known)."""

import datetime
from dataclasses import asdict, dataclass
from typing import Any

from django.db import connection
from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.db.models.functions import ExtractMonth

from core.period import Period
from entrepreneurs.models import Encounter, Entrepreneur, Gender
from events.models import Attendance, Event
from governance.models import Format
from governance.stats import percent_half_up, sort_key


@dataclass(frozen=True)
class MetStats:
    entrepreneurs_met: int
    women_percent: int | None
    new_entrepreneurs: int


@dataclass(frozen=True)
class EventStats:
    collective_meetings: int
    workshops_in_person: int
    commercial_events: int


@dataclass(frozen=True)
class KindByMonthItem:
    """Events of one kind in the period: the total and the count for each calendar month
    (Jan..Dec; a period longer than a year adds up the same months of its years)."""

    code: str
    label: str
    count: int
    months: tuple[int, ...]

    def to_dict(self) -> dict[str, Any]:
        return {**asdict(self), "months": list(self.months)}


def entrepreneurs_met(period: Period) -> QuerySet[Entrepreneur]:
    """Distinct entrepreneurs with at least one encounter dated in the period or one
    attendance with status attended at an event dated in the period (absences do not
    count).
    """
    # pk IN (subquery) rather than EXISTS: PostgreSQL hashes each subquery once instead of
    # probing it for every entrepreneur (5x faster at 100,000 entrepreneurs).
    encounters = Encounter.objects.in_period(period).values("entrepreneur_id")
    attendances = Attendance.objects.attended().in_period(period).values("entrepreneur_id")
    return Entrepreneur.objects.filter(Q(pk__in=encounters) | Q(pk__in=attendances))


def contacted_before(day: datetime.date) -> Q:
    """Entrepreneurs with an encounter or an attended event before `day`."""
    # EXISTS, not NOT IN: negated, NOT IN over hundreds of thousands of earlier rows only
    # hashes within work_mem and otherwise runs for minutes (bench/findings.md).
    encounters = Encounter.objects.filter(date__lt=day, entrepreneur=OuterRef("pk"))
    attendances = Attendance.objects.attended().filter(
        event__date__lt=day, entrepreneur=OuterRef("pk")
    )
    return Q(Exists(encounters)) | Q(Exists(attendances))


def new_entrepreneurs(period: Period) -> QuerySet[Entrepreneur]:
    """Those met in the period whose first encounter or attended event ever is in the
    period, i.e. who had neither before its first day."""
    return entrepreneurs_met(period).exclude(contacted_before(period.start))


def met_stats(period: Period) -> MetStats:
    """`entrepreneurs_met` (see `entrepreneurs_met`); `women_percent`: share of women among
    them in percent, rounded half up (None when nobody was met); `new_entrepreneurs` (see
    `new_entrepreneurs`)."""
    totals = entrepreneurs_met(period).aggregate(
        met=Count("pk"),
        women=Count("pk", filter=Q(gender=Gender.FEMALE)),
        new=Count("pk", filter=~contacted_before(period.start)),
    )
    return MetStats(
        entrepreneurs_met=totals["met"],
        women_percent=percent_half_up(totals["women"], totals["met"]),
        new_entrepreneurs=totals["new"],
    )


def event_stats(period: Period) -> EventStats:
    """Events dated in the period: `collective_meetings` (kind collective_meeting),
    `workshops_in_person` (kind workshop or training, format in person),
    `commercial_events` (kind commercial)."""
    kinds = Event.Kind
    counts = Event.objects.in_period(period).aggregate(
        collective_meetings=Count("pk", filter=Q(kind=kinds.COLLECTIVE_MEETING)),
        workshops_in_person=Count(
            "pk", filter=Q(kind__in=[kinds.WORKSHOP, kinds.TRAINING], format=Format.IN_PERSON)
        ),
        commercial_events=Count("pk", filter=Q(kind=kinds.COMMERCIAL)),
    )
    return EventStats(**counts)


def events_by_kind_and_month(period: Period) -> tuple[KindByMonthItem, ...]:
    """Events dated in the period by kind, each with its twelve monthly counts; kinds with
    no event are left out."""
    rows = (
        Event.objects.in_period(period)
        .annotate(month=ExtractMonth("date"))
        .values("kind", "month")
        .annotate(count=Count("pk"))
        .order_by()
    )
    months: dict[str, list[int]] = {}
    for row in rows:
        months.setdefault(row["kind"], [0] * 12)[row["month"] - 1] += row["count"]
    labels = dict(Event.Kind.choices)
    items = [
        KindByMonthItem(kind, str(labels.get(kind, kind)), sum(counts), tuple(counts))
        for kind, counts in months.items()
    ]
    return tuple(sorted(items, key=lambda i: (-i.count, sort_key(i.label), i.code)))


def entrepreneurs_met_by_month(period: Period) -> tuple[int, ...]:
    """Distinct entrepreneurs met in each calendar month (Jan..Dec) of the period, by the
    definition of `entrepreneurs_met`: someone met in March and in June counts in both.

    One query: the UNION of (entrepreneur, month) pairs from encounters and attended
    events removes duplicates, and the outer query counts the pairs of each month.
    """
    encounters = (
        Encounter.objects.in_period(period)
        .annotate(met_month=ExtractMonth("date"))
        .values("entrepreneur_id", "met_month")
        .order_by()
    )
    attendances = (
        Attendance.objects.attended()
        .in_period(period)
        .annotate(met_month=ExtractMonth("event__date"))
        .values("entrepreneur_id", "met_month")
        .order_by()
    )
    # The ORM cannot aggregate over a UNION: wrap its compiled SQL (parameters kept apart).
    sql, params = encounters.union(attendances).query.sql_with_params()
    months = [0] * 12
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT pairs.met_month, COUNT(*) FROM ({sql}) pairs GROUP BY pairs.met_month",
            params,
        )
        for month, count in cursor.fetchall():
            months[int(month) - 1] = count
    return tuple(months)


@dataclass(frozen=True)
class EventLine:
    """An event dated in the period, for the report's timeline: what, when, how, where."""

    date: datetime.date
    title: str
    kind: str
    kind_label: str
    format_label: str
    location: str
    cooperative_id: int | None


def dated_events(period: Period, kinds: tuple[str, ...]) -> tuple[EventLine, ...]:
    """Events of the given kinds dated in the period, in date order (one query; titles,
    dates and places only, never who attended)."""
    rows = (
        Event.objects.in_period(period)
        .filter(kind__in=kinds)
        .order_by("date", "title")
        .values("date", "title", "kind", "format", "location", "cooperative_id")
    )
    labels, formats = dict(Event.Kind.choices), dict(Format.choices)
    return tuple(
        EventLine(
            date=r["date"],
            title=r["title"],
            kind=r["kind"],
            kind_label=str(labels.get(r["kind"], r["kind"])),
            format_label=str(formats.get(r["format"], r["format"])),
            location=r["location"],
            cooperative_id=r["cooperative_id"],
        )
        for r in rows
    )


def events_by_cooperative(period: Period) -> dict[int, tuple[KindByMonthItem, ...]]:
    """Events dated in the period linked to a cooperative, by cooperative and kind (one
    grouped query). Items as `events_by_kind_and_month`, months left empty."""
    rows = (
        Event.objects.in_period(period)
        .filter(cooperative__isnull=False)
        .values("cooperative_id", "kind")
        .annotate(count=Count("pk"))
        .order_by()
    )
    labels = dict(Event.Kind.choices)
    result: dict[int, list[KindByMonthItem]] = {}
    for r in rows:
        item = KindByMonthItem(r["kind"], str(labels.get(r["kind"], r["kind"])), r["count"], ())
        result.setdefault(r["cooperative_id"], []).append(item)
    return {
        pk: tuple(sorted(items, key=lambda i: (-i.count, sort_key(i.label))))
        for pk, items in result.items()
    }
