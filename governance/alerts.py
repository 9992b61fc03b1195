"""What the staff dashboard and the weekly digest should warn about in the register.

Plain read-only queries; the dashboard and the digest (reports) render them.
"""

import datetime
from dataclasses import dataclass

from django.utils.translation import gettext as _

from core.formatting import french_date
from core.period import years_before
from governance.digest import DigestItem, DigestSection, register_section
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


@register_section("governance")
def governance_section(today: datetime.date) -> DigestSection | None:
    """The weekly digest's governance section: mandates ending within 60 days, and the
    past year's general assemblies without quorum; None when there is neither."""
    items = [
        DigestItem(
            text=_("Mandat de %(member)s (%(role)s) : fin le %(day)s")
            % {
                "member": mandate.member,
                "role": mandate.get_role_display(),
                "day": french_date(mandate.end_date),
            }
        )
        for mandate in mandates_ending(today)
    ]
    items += [
        DigestItem(
            text=_(
                "Assemblée générale du %(day)s : quorum non atteint (%(counted)d sur %(required)d)"
            )
            % {
                "day": french_date(item.meeting.date),
                "counted": item.counted,
                "required": item.required,
            }
        )
        for item in assemblies_without_quorum(years_before(today), today)
    ]
    if not items:
        return None
    return DigestSection(title=_("Vie statutaire"), items=tuple(items))
