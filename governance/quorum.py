"""The statutes' arithmetic: attendance checks, quorum and majorities.

Plain functions of plain values (no model import), so the admin's formsets, the import and
the model's own `clean` check the same rules, and the tests need no database. A `rule` is
anything with `quorum`, `max_proxies` and `qualified_majority` (governance.StatuteRule);
None means the kind of meeting has no statute rule (a seminar): nobody votes, no quorum.

Definitions (as in the association's statutes):
- voters: the members who may vote at the meeting (the rule's electorate);
- counted: voters present plus voters represented by a proxy;
- quorum required: the smallest whole number ≥ voters × the rule's fraction; reached when
  counted ≥ required (and there is at least one voter);
- votes cast (« suffrages exprimés »): for + against; abstentions are not cast;
- simple majority: for > against; qualified majority (« modification des statuts »):
  for ≥ fraction × votes cast (2/3 by default), with at least one vote cast.
"""

import math
from collections import Counter
from collections.abc import Collection, Iterable
from dataclasses import asdict, dataclass, field
from fractions import Fraction
from typing import Any, Protocol

from django.db.models import Count
from django.utils.translation import gettext as _

PRESENT, EXCUSED, REPRESENTED = "present", "excused", "represented"
DEFAULT_QUALIFIED_MAJORITY = Fraction(2, 3)


class Rule(Protocol):
    quorum: Fraction
    max_proxies: int
    qualified_majority: Fraction


@dataclass(frozen=True)
class AttendanceRow:
    """One attendance line as submitted (form, spreadsheet row) or stored."""

    member: Any  # a member's id (or any hashable key)
    status: str
    proxy_holder: Any = None
    name: str = ""  # how errors name the member
    holder_name: str = ""

    @classmethod
    def of(cls, attendance) -> "AttendanceRow":
        holder = attendance.proxy_holder if attendance.proxy_holder_id else None
        return cls(
            attendance.member_id,
            attendance.status,
            attendance.proxy_holder_id,
            str(attendance.member),
            str(holder or ""),
        )


@dataclass(frozen=True)
class Problem:
    """One refused attendance line: whose line, which column, the French message."""

    member: Any
    field: str  # "member" or "proxy_holder"
    message: str


def attendance_problems(
    rows: Iterable[AttendanceRow], rule: Rule | None, voters: Collection | None = None
) -> list[Problem]:
    """Every problem of a meeting's attendance list, in the rows' order; empty when it holds.

    `voters` (ids), when given with a rule, is who may vote: anyone else is refused. A
    proxy holder over the rule's limit is reported on each line beyond the limit."""
    rows = list(rows)
    present = {row.member for row in rows if row.status == PRESENT}
    names = {row.member: row.name for row in rows}
    seen: Counter = Counter()
    held: Counter = Counter()
    problems = []
    for row in rows:
        seen[row.member] += 1
        if seen[row.member] == 2:
            message = _("%(name)s est compté·e deux fois à cette réunion.")
            problems.append(Problem(row.member, "member", message % {"name": row.name}))
        if rule is not None and voters is not None and row.member not in voters:
            message = _("%(name)s n'a pas le droit de vote à cette réunion.")
            problems.append(Problem(row.member, "member", message % {"name": row.name}))
        problems += _row_problems(row, present)
        if rule is not None and row.status == REPRESENTED and row.proxy_holder is not None:
            held[row.proxy_holder] += 1
            if held[row.proxy_holder] > rule.max_proxies:
                message = _(
                    "%(holder)s tient déjà %(max)s pouvoirs, le plus que la règle permette : "
                    "celui de %(name)s est de trop."
                )
                context = {
                    "holder": row.holder_name or names.get(row.proxy_holder, row.proxy_holder),
                    "max": rule.max_proxies,
                    "name": row.name,
                }
                problems.append(Problem(row.member, "proxy_holder", message % context))
    return problems


def attendance_errors(
    rows: Iterable[AttendanceRow], rule: Rule | None, voters: Collection | None = None
) -> list[str]:
    """The French messages of `attendance_problems`."""
    return [problem.message for problem in attendance_problems(rows, rule, voters)]


def _row_problems(row: AttendanceRow, present: set) -> list[Problem]:
    context = {"name": row.name, "holder": row.holder_name}
    if row.status != REPRESENTED:
        if row.proxy_holder is not None:
            message = _("%(name)s n'est pas représenté·e : pas de mandataire.")
            return [Problem(row.member, "proxy_holder", message % context)]
        return []
    if row.proxy_holder is None:
        message = _("%(name)s est représenté·e : indiquez à qui le pouvoir est donné.")
        return [Problem(row.member, "proxy_holder", message % context)]
    if row.proxy_holder == row.member:
        message = _("%(name)s ne peut pas se donner son propre pouvoir.")
        return [Problem(row.member, "proxy_holder", message % context)]
    if row.proxy_holder not in present:
        message = _("Le pouvoir de %(name)s est donné à %(holder)s, qui n'est pas présent·e.")
        return [Problem(row.member, "proxy_holder", message % context)]
    return []


def quorum_required(voters: int, fraction: Fraction) -> int:
    """The smallest whole number of voters present or represented that meets the quorum."""
    return math.ceil(voters * fraction)


def quorum_reached(counted: int, voters: int, fraction: Fraction) -> bool:
    return voters > 0 and counted >= quorum_required(voters, fraction)


def is_adopted(votes_for: int, votes_against: int, qualified: bool, rule: Rule | None) -> bool:
    """Simple majority of votes cast, or the rule's qualified majority (statutes)."""
    cast = votes_for + votes_against
    if cast == 0:
        return False
    if not qualified:
        return votes_for > votes_against
    fraction = rule.qualified_majority if rule is not None else DEFAULT_QUALIFIED_MAJORITY
    return votes_for >= fraction * cast


def vote_errors(votes_for: int, votes_against: int, abstentions: int, counted: int) -> list[str]:
    """More ballots than voters present or represented is impossible."""
    total = votes_for + votes_against + abstentions
    if total <= counted:
        return []
    return [
        _(
            "%(total)s votes (pour, contre, abstentions) pour %(counted)s votant·es présent·es "
            "ou représenté·es."
        )
        % {"total": total, "counted": counted}
    ]


@dataclass(frozen=True)
class ResolutionResult:
    text: str
    votes_for: int
    votes_against: int
    abstentions: int
    statutes_amendment: bool
    adopted: bool
    agenda_item: str = ""

    def to_dict(self) -> dict:
        return {
            "text": self.text,
            "agenda_item": self.agenda_item,
            "statutes_amendment": self.statutes_amendment,
            "for": self.votes_for,
            "against": self.votes_against,
            "abstentions": self.abstentions,
            "adopted": self.adopted,
        }


@dataclass(frozen=True)
class MeetingTally:
    """A meeting's computed figures, printed in its report, its minutes and the board area."""

    voters: int
    present: int
    represented: int
    excused: int
    quorum_required: int | None
    quorum_reached: bool | None
    resolutions: tuple[ResolutionResult, ...] = field(default_factory=tuple)

    @property
    def counted(self) -> int:
        return self.present + self.represented

    def to_dict(self) -> dict:
        data = asdict(self)
        data["resolutions"] = [resolution.to_dict() for resolution in self.resolutions]
        return data


def meeting_tally(meeting) -> MeetingTally:
    """Voters, attendance, quorum and each resolution's result for one meeting.

    Queries: the rule, the voters' count, the attendance grouped by status, the
    resolutions with their agenda items (4, whatever the size of the meeting)."""
    rule = meeting.rule()
    voters = meeting.voters(rule).count() if rule is not None else 0
    by_status = dict(
        meeting.attendances.order_by()
        .values_list("status")
        .annotate(n=Count("pk"))
        .values_list("status", "n")
    )
    present, represented = by_status.get(PRESENT, 0), by_status.get(REPRESENTED, 0)
    resolutions = tuple(
        ResolutionResult(
            decision.text,
            decision.votes_for,
            decision.votes_against,
            decision.abstentions,
            decision.statutes_amendment,
            is_adopted(
                decision.votes_for, decision.votes_against, decision.statutes_amendment, rule
            ),
            str(decision.agenda_item or ""),
        )
        for decision in meeting.decisions.select_related("agenda_item").order_by("pk")
    )
    return MeetingTally(
        voters=voters,
        present=present,
        represented=represented,
        excused=by_status.get(EXCUSED, 0),
        quorum_required=quorum_required(voters, rule.quorum) if rule else None,
        quorum_reached=quorum_reached(present + represented, voters, rule.quorum) if rule else None,
        resolutions=resolutions,
    )
