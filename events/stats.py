"""Figures on events over a period, and on the entrepreneurs met (who are met at encounters or
at events, so the definition lives here, where both are known)."""

import datetime
from bisect import bisect_left, bisect_right
from collections.abc import Sequence
from dataclasses import asdict, dataclass, replace
from decimal import Decimal
from itertools import accumulate
from typing import Any

from django.db import connection
from django.db.models import (
    Count,
    Exists,
    F,
    Min,
    OuterRef,
    Q,
    QuerySet,
    Sum,
)
from django.db.models.functions import Coalesce, ExtractMonth, ExtractYear

from cooperatives.models import (
    POSITIVE_SITUATIONS,
    Checkpoint,
    Cooperative,
    ExitReason,
    Membership,
    Outcome,
)
from core.months import add_months
from core.period import Period
from entrepreneurs import stats as entrepreneur_stats
from entrepreneurs.models import Encounter, Entrepreneur, Gender
from events.models import Attendance, Event, Sale, Session
from governance.models import Format
from governance.stats import (
    BreakdownItem,
    aggregate_by_year,
    build_breakdown,
    in_year,
    json_number,
    percent_half_up,
    sort_key,
    suppress_small_groups,
    years_span,
)


@dataclass(frozen=True)
class MetStats:
    entrepreneurs_met: int
    women_percent: int | None
    new_entrepreneurs: int
    # The share's part, kept for the small-count rule (reports.figures `support`).
    women: int = 0


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


@dataclass(frozen=True)
class MetProfile(MetStats):
    """`MetStats` and the people met's profile breakdowns (`entrepreneurs.stats`)."""

    by_gender: tuple[BreakdownItem, ...] = ()
    by_sector: tuple[BreakdownItem, ...] = ()
    by_referrer: tuple[BreakdownItem, ...] = ()


def met_profile(period: Period) -> MetProfile:
    """`entrepreneurs_met` (see `entrepreneurs_met`); `women_percent`: share of women among
    them in percent, rounded half up (None when nobody was met); `new_entrepreneurs` (see
    `new_entrepreneurs`); and the people met by gender, by sector and by referrer.

    One query: the people met grouped by the three profile fields, each group with its
    count and its count of new people; the totals and the breakdowns add the groups up.
    Three breakdowns of their own re-ran the set's subqueries three more times (half the
    indicators' time at the bench's scale 1, bench/findings.md).
    """
    rows = entrepreneur_stats.profile_rows(
        entrepreneurs_met(period), new=Count("pk", filter=~contacted_before(period.start))
    )
    met = sum(row["count"] for row in rows)
    women = sum(row["count"] for row in rows if row["gender"] == Gender.FEMALE)
    return MetProfile(
        entrepreneurs_met=met,
        women_percent=percent_half_up(women, met),
        new_entrepreneurs=sum(row["new"] for row in rows),
        women=women,
        by_gender=entrepreneur_stats.by_gender(rows),
        by_sector=entrepreneur_stats.by_sector(rows),
        by_referrer=entrepreneur_stats.by_referrer(rows),
    )


def met_stats_by_year(years: Sequence[int]) -> dict[int, MetStats]:
    """`met_profile`'s figures of each of `years` (calendar years), in one query: someone met in two
    years counts in each, and is new in a year when their first encounter or attended
    event ever is in it (for a calendar year, the same as "none before its first day").

    The UNION of (entrepreneur, year) pairs from the encounters and attended events of
    the years removes duplicates; each pair is joined to the person (gender) and to the
    year of their first contact (the smallest year over all their encounters and
    attended events). A FILTER per year instead re-runs both subqueries of
    `entrepreneurs_met` and the EXISTS of `contacted_before` for every year: 15 times
    slower at scale 0.1 (bench/RESULTS.md).
    """
    span = years_span(years)
    encounters = (
        Encounter.objects.in_period(span)
        .annotate(met_year=ExtractYear("date"))
        .values("entrepreneur_id", "met_year")
        .order_by()
    )
    attendances = (
        Attendance.objects.attended()
        .in_period(span)
        .annotate(met_year=ExtractYear("event__date"))
        .values("entrepreneur_id", "met_year")
        .order_by()
    )
    first_encounters = (
        Encounter.objects.values("entrepreneur_id")
        .annotate(first_year=Min(ExtractYear("date")))
        .order_by()
    )
    first_attendances = (
        Attendance.objects.attended()
        .values("entrepreneur_id")
        .annotate(first_year=Min(ExtractYear("event__date")))
        .order_by()
    )
    pairs, pair_params = encounters.union(attendances).query.sql_with_params()
    firsts, first_params = first_encounters.union(
        first_attendances, all=True
    ).query.sql_with_params()
    people = connection.ops.quote_name(Entrepreneur._meta.db_table)
    # The ORM cannot aggregate over a UNION: wrap its compiled SQL (parameters kept apart).
    sql = f"""
        SELECT pairs.met_year, COUNT(*),
               SUM(CASE WHEN person.gender = %s THEN 1 ELSE 0 END),
               SUM(CASE WHEN firsts.first_year = pairs.met_year THEN 1 ELSE 0 END)
        FROM ({pairs}) pairs
        JOIN {people} person ON person.id = pairs.entrepreneur_id
        JOIN (SELECT f.entrepreneur_id, MIN(f.first_year) AS first_year
              FROM ({firsts}) f GROUP BY f.entrepreneur_id) firsts
          ON firsts.entrepreneur_id = pairs.entrepreneur_id
        GROUP BY pairs.met_year
    """
    totals = {year: (0, 0, 0) for year in years}
    with connection.cursor() as cursor:
        cursor.execute(sql, [Gender.FEMALE.value, *pair_params, *first_params])
        for year, met, women, new in cursor.fetchall():
            if int(year) in totals:
                totals[int(year)] = (met, int(women or 0), int(new or 0))
    return {
        year: MetStats(
            entrepreneurs_met=met,
            women_percent=percent_half_up(women, met),
            new_entrepreneurs=new,
            women=women,
        )
        for year, (met, women, new) in totals.items()
    }


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


def event_stats_by_year(years: Sequence[int]) -> dict[int, EventStats]:
    """`event_stats` of each of `years` (calendar years), in one query."""
    kinds = Event.Kind

    def counts(period: Period) -> dict[str, Count]:
        dated = in_year("date", period)
        trainings = Q(kind__in=[kinds.WORKSHOP, kinds.TRAINING], format=Format.IN_PERSON)
        return {
            "collective_meetings": Count("pk", filter=dated & Q(kind=kinds.COLLECTIVE_MEETING)),
            "workshops_in_person": Count("pk", filter=dated & trainings),
            "commercial_events": Count("pk", filter=dated & Q(kind=kinds.COMMERCIAL)),
        }

    rows = aggregate_by_year(Event.objects.in_period(years_span(years)), years, counts)
    return {year: EventStats(**row) for year, row in rows.items()}


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
class TrainingStats:
    training_hours_delivered: int | float
    participant_hours: int | float
    people_trained: int
    attendance_rate: int | None
    # The rate's part and whole (attendances marked present, present or absent), for the
    # small-count rule (reports.figures `support`).
    attended: int = 0
    marked: int = 0


def training_sessions(period: Period) -> QuerySet[Session]:
    """The workshop and training sessions (any format) held in the period."""
    return Session.objects.trainings().in_period(period)


def training_attendances(period: Period) -> QuerySet[Attendance]:
    """Attendances, of any status, at `training_sessions(period)`."""
    return Attendance.objects.at_trainings(period)


def trained_entrepreneurs(period: Period) -> QuerySet[Entrepreneur]:
    """Distinct entrepreneurs with at least one attended training session in the period."""
    attended = training_attendances(period).attended().values("entrepreneur_id")
    return Entrepreneur.objects.filter(pk__in=attended)


def training_stats(period: Period) -> TrainingStats:
    """Over the sessions of workshops and trainings (any format) held in the period:

    - `training_hours_delivered`: sum of the sessions' hours (a session without hours
      counts 0);
    - `participant_hours`: sum, over the attendances with status attended at those
      sessions, of the session's hours;
    - `people_trained`: distinct entrepreneurs with at least one attended session;
    - `attendance_rate`: attended ÷ (attended + absent) among those attendances, in
      percent rounded half up; excused and registered are left out; None when no one
      was marked attended or absent.

    Two queries, whatever the data: one over the sessions, one over the attendances.
    """
    zero = Decimal("0")
    hours = training_sessions(period).aggregate(total=Coalesce(Sum("hours"), zero))["total"]
    status = Attendance.Status
    counts = training_attendances(period).aggregate(
        participant_hours=Coalesce(Sum("session__hours", filter=Q(status=status.ATTENDED)), zero),
        people=Count("entrepreneur", filter=Q(status=status.ATTENDED), distinct=True),
        attended=Count("pk", filter=Q(status=status.ATTENDED)),
        absent=Count("pk", filter=Q(status=status.ABSENT)),
    )
    return TrainingStats(
        training_hours_delivered=json_number(hours),
        participant_hours=json_number(counts["participant_hours"]),
        people_trained=counts["people"],
        attendance_rate=percent_half_up(counts["attended"], counts["attended"] + counts["absent"]),
        attended=counts["attended"],
        marked=counts["attended"] + counts["absent"],
    )


def training_stats_by_year(years: Sequence[int]) -> dict[int, TrainingStats]:
    """`training_stats` of each of `years` (calendar years), in two queries (one over
    the sessions, one over the attendances), whatever the number of years."""
    zero = Decimal("0")
    span = years_span(years)
    status = Attendance.Status
    attended = Q(status=status.ATTENDED)

    def hours(period: Period) -> dict[str, Any]:
        return {"hours": Coalesce(Sum("hours", filter=in_year("date", period)), zero)}

    def counts(period: Period) -> dict[str, Any]:
        held = in_year("session__date", period)
        return {
            "participant_hours": Coalesce(Sum("session__hours", filter=held & attended), zero),
            "people": Count("entrepreneur", filter=held & attended, distinct=True),
            "attended": Count("pk", filter=held & attended),
            "absent": Count("pk", filter=held & Q(status=status.ABSENT)),
        }

    sessions = aggregate_by_year(training_sessions(span), years, hours)
    attendances = aggregate_by_year(training_attendances(span), years, counts)
    result = {}
    for year in years:
        row = attendances[year]
        result[year] = TrainingStats(
            training_hours_delivered=json_number(sessions[year]["hours"]),
            participant_hours=json_number(row["participant_hours"]),
            people_trained=row["people"],
            attendance_rate=percent_half_up(row["attended"], row["attended"] + row["absent"]),
            attended=row["attended"],
            marked=row["attended"] + row["absent"],
        )
    return result


def sales_total(period: Period) -> int | float:
    """Sum of the sales amounts recorded on commercial events dated in the period, in
    euros to the cent, as a JSON number (0 when there is none). One query."""
    total = Sale.objects.at_commercial_events_in(period).aggregate(total=Sum("amount"))["total"]
    return json_number(total or Decimal(0))


def sales_total_by_year(years: Sequence[int]) -> dict[int, int | float]:
    """`sales_total` of each of `years` (calendar years), in one query."""
    sales = Sale.objects.at_commercial_events_in(years_span(years))
    rows = aggregate_by_year(
        sales, years, lambda period: {"total": Sum("amount", filter=in_year("event__date", period))}
    )
    return {year: json_number(row["total"] or Decimal(0)) for year, row in rows.items()}


#: How far back before a cooperative's start the people met count in its funnel.
FUNNEL_MONTHS_BEFORE = 6


@dataclass(frozen=True)
class CooperativeFunnel:
    """From the people met before a cooperative started to their situation 6 months after."""

    cooperative_id: int
    cooperative: str
    met: int
    interviewed: int
    selected: int
    completed: int
    exits_by_reason: tuple[BreakdownItem, ...]
    positive_6m: int

    def to_dict(self) -> dict[str, Any]:
        return {**asdict(self), "exits_by_reason": [i.to_dict() for i in self.exits_by_reason]}

    def with_small_groups_merged(self, minimum: int) -> "CooperativeFunnel":
        """The funnel as board members see it: exit reasons given by fewer than `minimum`
        people merged into « Autres » (`suppress_small_groups`); the stage totals stay."""
        merged = suppress_small_groups(self.exits_by_reason, minimum)
        return replace(self, exits_by_reason=merged)


def recruitment_window(cooperative: Cooperative) -> Period:
    """The six months before the cooperative's start (the start day excluded)."""
    start = cooperative.start_date
    return Period(add_months(start, -FUNNEL_MONTHS_BEFORE), start - datetime.timedelta(days=1))


def cooperative_funnels(period: Period) -> tuple[CooperativeFunnel, ...]:
    """The funnel of every ephemeral cooperative whose period [start, end or open] meets
    `period`, by start date. For each cooperative:

    - `met`: distinct people with an encounter, or an attended event, dated in the six
      months before its start (`recruitment_window`);
    - `interviewed`: distinct people with an individual interview in that window;
    - `selected`: its members (memberships);
    - `completed`: memberships not ended before the cooperative's end (no leaving date, or
      leaving on or after its end date);
    - `exits_by_reason`: the other memberships (ended early), by exit reason;
    - `positive_6m`: members whose `6_months` outcome is a positive situation.

    Queries: the cooperatives, then `funnels_of`'s three.
    """
    cooperatives = (
        Cooperative.objects.ephemeral()
        .filter(start_date__lte=period.end)
        .filter(Q(end_date__isnull=True) | Q(end_date__gte=period.start))
        .order_by("start_date", "name")
    )
    return funnels_of(list(cooperatives))


def cooperative_funnel(cooperative: Cooperative) -> CooperativeFunnel:
    """The funnel of one started cooperative (see `cooperative_funnels`)."""
    return funnels_of([cooperative])[0]


def recruitment_windows(cooperatives: Sequence[Any]) -> dict[int, Period]:
    """Each cooperative's `recruitment_window`, by pk."""
    return {coop.pk: recruitment_window(coop) for coop in cooperatives}


def funnels_of(
    cooperatives: Sequence[Any], met: dict[int, dict[str, int]] | None = None
) -> tuple[CooperativeFunnel, ...]:
    """The funnels of these started cooperatives (anything with `pk`, `name` and
    `start_date`), in their order. Four queries however many: memberships counted per
    cooperative, early exits per cooperative and reason, the encounters and the attended
    events of every cooperative's window (none when `met` gives
    `met_and_interviewed(recruitment_windows(cooperatives))` already, e.g. cached)."""
    if not cooperatives:
        return ()
    pks = [coop.pk for coop in cooperatives]
    members = _member_counts(pks)
    reasons = _exit_reasons(pks)
    if met is None:
        met = met_and_interviewed(recruitment_windows(cooperatives))
    funnels = []
    for coop in cooperatives:
        counts = members.get(coop.pk, {})
        funnels.append(
            CooperativeFunnel(
                cooperative_id=coop.pk,
                cooperative=coop.name,
                **met.get(coop.pk, {"met": 0, "interviewed": 0}),
                selected=counts.get("selected", 0),
                completed=counts.get("completed", 0),
                exits_by_reason=build_breakdown(
                    reasons.get(coop.pk, []), "exit_reason", dict(ExitReason.choices)
                ),
                positive_6m=counts.get("positive_6m", 0),
            )
        )
    return tuple(funnels)


def _ended_early() -> Q:
    return Q(left_on__isnull=False) & (
        Q(cooperative__end_date__isnull=True) | Q(left_on__lt=F("cooperative__end_date"))
    )


def _member_counts(cooperatives: list[int]) -> dict[int, dict[str, int]]:
    positive = Outcome.objects.filter(
        entrepreneur=OuterRef("entrepreneur"),
        checkpoint=Checkpoint.SIX_MONTHS,
        situation__in=POSITIVE_SITUATIONS,
    )
    rows = (
        Membership.objects.filter(cooperative__in=cooperatives)
        .values("cooperative")
        .annotate(
            selected=Count("pk"),
            completed=Count("pk", filter=~_ended_early()),
            positive_6m=Count("pk", filter=Q(Exists(positive))),
        )
        .order_by()
    )
    return {row.pop("cooperative"): row for row in rows}


def _exit_reasons(cooperatives: list[int]) -> dict[int, list[dict[str, Any]]]:
    rows = (
        Membership.objects.filter(cooperative__in=cooperatives)
        .filter(_ended_early())
        .values("cooperative", "exit_reason")
        .annotate(count=Count("pk"))
        .order_by()
    )
    grouped: dict[int, list[dict[str, Any]]] = {}
    for row in rows:
        grouped.setdefault(row["cooperative"], []).append(row)
    return grouped


def met_and_interviewed(windows: dict[int, Period]) -> dict[int, dict[str, int]]:
    """Distinct people met, and interviewed, in each window (key -> period): two queries
    (encounters, attended events) over the span of all the windows.

    Windows may overlap (two cohorts recruited at once) and a network's year has a
    hundred of them, so they are not counted one by one in SQL (that re-reads each
    window's rows: 12 s for 175 windows at the bench's scale 1). Every window lasts six
    months before its cooperative's start, so sorted by start their first and last days
    are both in order, and the windows holding a given day are a run of consecutive
    ones (found by bisection). A person counts once in each window of the union of her
    days' runs.
    """
    order = sorted(windows, key=lambda key: windows[key].end)
    firsts = [windows[key].start for key in order]
    lasts = [windows[key].end for key in order]
    span = (min(firsts), max(lasts))
    runs_of_day: dict[datetime.date, tuple[int, int] | None] = {}

    def run_of(day: datetime.date) -> tuple[int, int] | None:
        # A few hundred distinct days for a hundred thousand rows: bisect each day once.
        if day not in runs_of_day:
            run = (bisect_left(lasts, day), bisect_right(firsts, day))
            runs_of_day[day] = run if run[0] < run[1] else None
        return runs_of_day[day]

    met: dict[int, set[tuple[int, int]]] = {}
    interviewed: dict[int, set[tuple[int, int]]] = {}
    encounters = Encounter.objects.filter(date__range=span).order_by()
    attended = Attendance.objects.attended().filter(event__date__range=span).order_by()
    interview = Encounter.Kind.INDIVIDUAL_INTERVIEW
    for person, day, kind in encounters.values_list("entrepreneur_id", "date", "kind"):
        run = run_of(day)
        if run is not None:
            met.setdefault(person, set()).add(run)
            if kind == interview:
                interviewed.setdefault(person, set()).add(run)
    for person, day in attended.values_list("entrepreneur", "event__date"):
        run = run_of(day)
        if run is not None:
            met.setdefault(person, set()).add(run)
    met_counts, interview_counts = (
        _people_per_window(met, order),
        _people_per_window(interviewed, order),
    )
    return {
        key: {"met": met_counts[i], "interviewed": interview_counts[i]}
        for i, key in enumerate(order)
    }


def _people_per_window(runs_by_person: dict[int, set[tuple[int, int]]], order) -> list[int]:
    """How many people each window (by position) holds, from each person's runs of
    windows [first, last): overlapping runs are merged so a person counts once."""
    change = [0] * (len(order) + 1)
    for person_runs in runs_by_person.values():
        runs = sorted(person_runs)
        first, last = runs[0]
        for lo, hi in runs[1:]:
            if lo <= last:
                last = max(last, hi)
                continue
            change[first] += 1
            change[last] -= 1
            first, last = lo, hi
        change[first] += 1
        change[last] -= 1
    return list(accumulate(change))[: len(order)]


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


def attendees_by_event(events) -> dict[int, int]:
    """Distinct people present at each of `events` (someone at three sessions counts
    once), by event pk: one grouped query."""
    rows = (
        Attendance.objects.attended()
        .filter(event__in=events)
        .values("event_id")
        .annotate(people=Count("entrepreneur", distinct=True))
        .order_by()
    )
    return {row["event_id"]: row["people"] for row in rows}
