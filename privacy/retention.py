"""Who is due for anonymisation: people with no sign of activity for RETENTION_YEARS.

See docs/privacy.md for the rule and why.
"""

import datetime

from django.conf import settings
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone

from cooperatives.models import Membership
from core.period import years_before
from entrepreneurs.models import Encounter, Entrepreneur
from events.models import Attendance


def inactive_since(people: QuerySet[Entrepreneur], cutoff: datetime.date) -> QuerySet:
    """`people` with no sign of activity on or after `cutoff`: no record created, no
    encounter, no event attended, no membership ongoing or ended since then (one SQL query
    with NOT EXISTS subqueries)."""
    person = OuterRef("pk")
    membership_open = Q(left_on__isnull=True) & (
        Q(cooperative__end_date__isnull=True) | Q(cooperative__end_date__gte=cutoff)
    )
    encounters = Encounter.objects.filter(entrepreneur=person, date__gte=cutoff)
    attended = Attendance.objects.attended().filter(entrepreneur=person, event__date__gte=cutoff)
    memberships = Membership.objects.filter(entrepreneur=person).filter(
        Q(left_on__gte=cutoff) | membership_open
    )
    return (
        people.filter(created_at__date__lt=cutoff)
        .exclude(Exists(encounters))
        .exclude(Exists(attended))
        .exclude(Exists(memberships))
    )


def due_for_retention(
    today: datetime.date | None = None, years: int | None = None
) -> QuerySet[Entrepreneur]:
    """Not yet anonymised and inactive for the retention period (RETENTION_YEARS)."""
    today = today or timezone.localdate()
    years = settings.RETENTION_YEARS if years is None else years
    return inactive_since(Entrepreneur.objects.not_anonymised(), years_before(today, years))
