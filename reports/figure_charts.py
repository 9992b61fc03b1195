"""The chart of a breakdown, drawn the same way on the dashboard and in the report.

Both draw from the JSON form of the breakdowns (`Indicators.to_dict()["breakdowns"]`, or
the figures frozen in a published edition), so a live and a published chart are one
code path. Breakdowns of people are merged into « Autres » here, and only here.
"""

from dataclasses import replace
from decimal import Decimal

from django.utils.translation import gettext as _

from governance.stats import BreakdownItem, suppress_small_groups
from reports.charts import Chart, bar_chart, line_chart
from reports.figures import MONTHS, Breakdown, ChartKind

Items = list[dict]


def protect_people(items: Items, minimum: int) -> Items:
    """Categories of fewer than `minimum` people merged into « Autres » (see
    `suppress_small_groups`)."""
    merged = suppress_small_groups([BreakdownItem(**item) for item in items], minimum)
    return [item.to_dict() for item in merged]


def shown_items(breakdown: Breakdown, breakdowns: dict[str, Items], *, exact: bool, minimum: int):
    """The items a chart draws: exact for staff, people protected for everyone else."""
    items = breakdowns.get(breakdown.data_key, [])
    if breakdown.people and not exact:
        return protect_people(items, minimum)
    return items


def breakdown_chart(
    breakdown: Breakdown,
    breakdowns: dict[str, Items],
    *,
    exact: bool,
    minimum: int,
    first_month: int = 1,
) -> Chart:
    """`first_month` (1 to 12) starts the months' line where the period starts: a funder's
    year from July reads « juil. … juin »."""
    items = shown_items(breakdown, breakdowns, exact=exact, minimum=minimum)
    title = str(breakdown.title)
    if breakdown.kind == ChartKind.MONTHS:
        return _months_chart(title, str(breakdown.legend), items, first_month)
    if breakdown.kind == ChartKind.FUNDERS:
        return _funders_chart(title, items)
    return bar_chart(title, [(item["label"], item["count"]) for item in items])


def _months_chart(title: str, legend: str, items: Items, first_month: int = 1) -> Chart:
    order = [(first_month - 1 + i) % 12 for i in range(12)]
    monthly = [sum(item["months"][m] for item in items) for m in order]
    labels = [str(MONTHS[m]) for m in order]
    return line_chart(title, labels, {legend: monthly} if items else {})


def first_month_of(figures: dict) -> int:
    """The month a period's figures start in (1 for a calendar year)."""
    start = figures.get("period", {}).get("start")
    return int(start[5:7]) if start else 1


def _funders_chart(title: str, items: Items) -> Chart:
    """Bars of amounts, the biggest funder first; the table also gives how many grants
    each funder made, and exact cents."""
    funders = sorted(items, key=lambda item: -Decimal(item["amount"]))
    amount_header = _("Montant (€)")
    chart = bar_chart(
        title,
        [(item["label"], float(Decimal(item["amount"]))) for item in funders],
        value_header=amount_header,
    )
    rows = (
        ("", _("Subventions"), amount_header),
        *((i["label"], str(i["count"]), _cents(i["amount"])) for i in funders),
    )
    return replace(chart, rows=rows)


def _cents(amount: str) -> str:
    return f"{Decimal(amount):.2f}".replace(".", ",")
