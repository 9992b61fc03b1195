"""Figures on grant agreements over a period, and the deadlines coming up.

Read-only functions; each takes a `core.period.Period` (or a day) and counts in SQL.
"""

import datetime
from dataclasses import asdict, dataclass
from decimal import Decimal
from typing import Any

from django.db.models import Count, Q, Sum
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _

from core.formatting import french_amount
from core.period import Period
from funding.models import GrantAgreement, Instalment, ReportDeadline
from governance.stats import sort_key

CENT = Decimal("0.01")
ZERO = Decimal(0)
DEADLINE_DAYS = 60


@dataclass(frozen=True)
class FunderItem:
    """Grants of one funder: how many and their total awarded, in euros."""

    code: int
    label: str
    count: int
    amount: Decimal

    def to_dict(self) -> dict[str, Any]:
        # A string keeps the cents exact in JSON.
        return {**asdict(self), "amount": str(self.amount)}


@dataclass(frozen=True)
class FunderStatusItem:
    """Agreements of one funder in one status: how many, awarded and received (euros)."""

    funder: str
    status: str
    status_label: str
    count: int
    awarded: Decimal
    received: Decimal

    @property
    def awarded_display(self) -> str:
        return french_amount(self.awarded)

    @property
    def received_display(self) -> str:
        return french_amount(self.received)


def grants_by_funder(period: Period) -> tuple[FunderItem, ...]:
    """Agreements awarded or closed (requested and refused ones are not funding) whose own
    period [start, end] overlaps `period`, by funder: how many and the total awarded.

    An agreement running over two years counts, with its whole amount, in both."""
    rows = (
        GrantAgreement.objects.funding()
        .overlapping(period)
        .values("funder", "funder__name")
        .annotate(count=Count("pk"), amount=Coalesce(Sum("amount_awarded"), ZERO))
        .order_by()
    )
    items = [
        FunderItem(r["funder"], r["funder__name"], r["count"], Decimal(r["amount"]).quantize(CENT))
        for r in rows
    ]
    return tuple(sorted(items, key=lambda i: (-i.count, sort_key(i.label), i.code)))


def grants_by_funder_and_status(period: Period) -> tuple[FunderStatusItem, ...]:
    """Agreements of every status whose period overlaps `period`, by funder and status:
    how many, the amount awarded and the amount of the instalments received (on any day).

    Two queries: the agreements grouped, then the instalments received grouped the same way
    (one joined query would multiply each amount awarded by its number of instalments)."""
    agreements = GrantAgreement.objects.overlapping(period)
    rows = (
        agreements.values("funder__name", "status")
        .annotate(count=Count("pk"), awarded=Coalesce(Sum("amount_awarded"), ZERO))
        .order_by()
    )
    received = {
        (r["agreement__funder__name"], r["agreement__status"]): r["total"]
        for r in Instalment.objects.received()
        .filter(agreement__in=agreements)
        .values("agreement__funder__name", "agreement__status")
        .annotate(total=Sum("amount"))
        .order_by()
    }
    labels = dict(GrantAgreement.Status.choices)
    order = list(GrantAgreement.Status.values)
    items = [
        FunderStatusItem(
            r["funder__name"],
            r["status"],
            str(labels[r["status"]]),
            r["count"],
            Decimal(r["awarded"]).quantize(CENT),
            Decimal(received.get((r["funder__name"], r["status"]), ZERO)).quantize(CENT),
        )
        for r in rows
    ]
    return tuple(sorted(items, key=lambda i: (sort_key(i.funder), order.index(i.status))))


@dataclass(frozen=True)
class Deadline:
    """A report to send or an instalment to receive, by `due_on` (overdue when past)."""

    kind: str  # "report" or "instalment"
    label: str
    due_on: datetime.date
    agreement_id: int
    agreement: str
    funder: str
    overdue: bool
    amount: Decimal | None = None


def deadlines_due(today: datetime.date, days: int = DEADLINE_DAYS) -> list[Deadline]:
    """Reports not yet sent and instalments not yet received, due on or before `today`
    plus `days` (so the overdue ones too), of agreements not refused; the earliest first.

    Two queries (the deadlines, the instalments), whatever their number."""
    horizon = today + datetime.timedelta(days=days)
    live = ~Q(agreement__status=GrantAgreement.Status.REFUSED)
    reports = (
        ReportDeadline.objects.pending()
        .filter(live, due_on__lte=horizon)
        .select_related("agreement", "agreement__funder")
    )
    instalments = (
        Instalment.objects.pending()
        .filter(live, due_on__lte=horizon)
        .select_related("agreement", "agreement__funder")
    )
    items = [_deadline("report", d.get_kind_display(), d, today) for d in reports]
    items += [_deadline("instalment", _("Versement"), i, today, i.amount) for i in instalments]
    return sorted(items, key=lambda d: (d.due_on, d.agreement, d.kind))


def _deadline(kind, label, row, today, amount=None) -> Deadline:
    agreement = row.agreement
    return Deadline(
        kind=kind,
        label=str(label),
        due_on=row.due_on,
        agreement_id=agreement.pk,
        agreement=agreement.reference,
        funder=agreement.funder.name,
        overdue=row.due_on < today,
        amount=amount,
    )
