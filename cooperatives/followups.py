"""The follow-ups due: people whose 6- or 12-month situation should be asked for now.

A follow-up falls due 6 (or 12) months after the person's `exit` outcome. It is listed
from `DUE_WITHIN_DAYS` days before that date, and stays listed (overdue) until the
checkpoint is recorded, or a later checkpoint is (the 6-month one is moot once the
12-month situation is known). Anonymised people are never listed.
"""

import datetime
from dataclasses import dataclass

from django.db.models import Exists, OuterRef
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from cooperatives.models import FOLLOW_UP_MONTHS, Checkpoint, Outcome
from core.months import add_months
from entrepreneurs.models import Entrepreneur

DUE_WITHIN_DAYS = 30
# A checkpoint is moot once one of these is recorded.
SUPERSEDED_BY = {
    Checkpoint.SIX_MONTHS: [Checkpoint.SIX_MONTHS, Checkpoint.TWELVE_MONTHS],
    Checkpoint.TWELVE_MONTHS: [Checkpoint.TWELVE_MONTHS],
}


@dataclass(frozen=True)
class DueFollowUp:
    entrepreneur: Entrepreneur
    checkpoint: str
    exit_date: datetime.date
    due_on: datetime.date
    today: datetime.date

    @property
    def checkpoint_label(self) -> str:
        return str(Checkpoint(self.checkpoint).label)

    @property
    def overdue(self) -> bool:
        return self.due_on < self.today

    @property
    def days_left(self) -> int:
        """Days until the due date; negative when overdue."""
        return (self.due_on - self.today).days

    @property
    def status(self) -> str:
        if self.overdue:
            late = -self.days_left
            return ngettext("en retard de %(days)d jour", "en retard de %(days)d jours", late) % {
                "days": late
            }
        if self.days_left == 0:
            return str(_("aujourd'hui"))
        return ngettext("dans %(days)d jour", "dans %(days)d jours", self.days_left) % {
            "days": self.days_left
        }


def due_follow_ups(today: datetime.date, within_days: int = DUE_WITHIN_DAYS) -> list[DueFollowUp]:
    """Follow-ups due on or before `today + within_days` and not recorded, oldest due
    first. One query per checkpoint (two)."""
    horizon = today + datetime.timedelta(days=within_days)
    due = []
    for checkpoint, months in FOLLOW_UP_MONTHS.items():
        # Month ends clamp (31 August + 6 months = 28 February): a few days' margin in
        # SQL, the exact due date in Python.
        latest_exit = add_months(horizon, -months) + datetime.timedelta(days=3)
        recorded = Outcome.objects.filter(
            entrepreneur=OuterRef("entrepreneur"), checkpoint__in=SUPERSEDED_BY[checkpoint]
        )
        exits = (
            Outcome.objects.at(Checkpoint.EXIT)
            .filter(date__lte=latest_exit)
            .filter(entrepreneur__anonymised_at__isnull=True)
            .exclude(Exists(recorded))
            .select_related("entrepreneur")
            .order_by("date", "entrepreneur__reference")
        )
        for outcome in exits:
            due_on = add_months(outcome.date, months)
            if due_on <= horizon:
                due.append(
                    DueFollowUp(outcome.entrepreneur, checkpoint, outcome.date, due_on, today)
                )
    return sorted(due, key=lambda f: (f.due_on, f.entrepreneur.reference, f.checkpoint))
