"""The models of the association's own life, one module per part:

- `directory`: accounts, organisations and partnerships, members and dues, dossiers,
  mandates;
- `meetings`: meetings and their register (attendance, guests, agenda, decisions), the
  statutes' rules;
- `staff`: staff positions and contributions;
- `governance.identity`: the association's name and logo.
"""

from governance.identity import Association
from governance.models.directory import (
    Dossier,
    Due,
    Format,
    Mandate,
    MandateQuerySet,
    Member,
    MemberQuerySet,
    Organisation,
    Partnership,
    PartnershipQuerySet,
    User,
    UserManager,
)
from governance.models.meetings import (
    AgendaItem,
    Decision,
    Meeting,
    MeetingAttendance,
    MeetingGuest,
    MeetingQuerySet,
    StatuteRule,
)
from governance.models.staff import Contribution, StaffPosition

__all__ = [
    "AgendaItem",
    "Association",
    "Contribution",
    "Decision",
    "Dossier",
    "Due",
    "Format",
    "Mandate",
    "MandateQuerySet",
    "Meeting",
    "MeetingAttendance",
    "MeetingGuest",
    "MeetingQuerySet",
    "Member",
    "MemberQuerySet",
    "Organisation",
    "Partnership",
    "PartnershipQuerySet",
    "StaffPosition",
    "StatuteRule",
    "User",
    "UserManager",
]
