"""What the staff dashboard and the weekly digest should warn about in the register.

Plain read-only queries; the dashboard and the digest (reports) render them.
"""

import datetime
from dataclasses import dataclass

from governance.models import Mandate, Meeting, StatuteRule
from governance.quorum import quorum_reached, quorum_required


def mandates_ending(today: datetime.date, days: int = 60) -> list[Mandate]:
    """Board mandates whose term ends between today and `days` days from now (inclusive),
    soonest first, with their member (one query)."""
    last = today + datetime.timedelta(days=days)
    return list(
        Mandate.objects.ending_between(today, last)
        .select_related("member")
        .order_by("end_date", "member__last_name")
    )


@dataclass(frozen=True)
class AssemblyWithoutQuorum:
    meeting: Meeting
    counted: int
    required: int


def assemblies_without_quorum(first: datetime.date, last: datetime.date) -> list:
    """General assemblies held between `first` and `last` whose voters present or
    represented fall short of the statute rule's quorum (governance.quorum), oldest first.

    Queries: the rule, the assemblies with their counted voters, then one count of voters
    per assembly (each has its own year of dues); an association holds one or two a year."""
    rule = StatuteRule.objects.filter(kind=Meeting.Kind.GENERAL_ASSEMBLY).first()
    if rule is None:
        return []
    assemblies = Meeting.objects.filter(
        kind=Meeting.Kind.GENERAL_ASSEMBLY, date__range=(first, last)
    ).order_by("date")
    found = []
    for meeting in assemblies.with_counted():
        voters = meeting.voters(rule).count()
        if not quorum_reached(meeting.counted, voters, rule.quorum):
            required = quorum_required(voters, rule.quorum)
            found.append(AssemblyWithoutQuorum(meeting, meeting.counted, required))
    return found
