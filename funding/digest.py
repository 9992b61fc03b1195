"""The funders' part of the weekly digest e-mail: one plain-text line per deadline.

The digest (built elsewhere) calls `section(today)` and prints the lines under its own
heading; an empty list means nothing to say this week.
"""

import datetime

from django.urls import reverse
from django.utils.translation import gettext as _

from core.formatting import french_amount, french_date
from funding.stats import deadlines_due
from governance.digest import DigestItem, DigestSection, register_section


def section(today: datetime.date) -> list[str]:
    """Reports to send and instalments to receive in the next 60 days, or overdue."""
    lines = []
    for deadline in deadlines_due(today):
        what = f"{deadline.label} {deadline.agreement} ({deadline.funder})"
        if deadline.amount is not None:
            what += f", {french_amount(deadline.amount)}"
        when = french_date(deadline.due_on)
        if deadline.overdue:
            line = _("%(what)s : en retard, attendu le %(day)s")
        else:
            line = _("%(what)s : attendu le %(day)s")
        lines.append(line % {"what": what, "day": when})
    return lines


@register_section("funding")
def funding_section(today: datetime.date) -> DigestSection | None:
    """The weekly digest's funders section: `section(today)` as digest items."""
    lines = section(today)
    if not lines:
        return None
    return DigestSection(
        title=_("Financements : bilans et versements"),
        items=tuple(DigestItem(text=line) for line in lines),
        more_url=reverse("admin:funding_reportdeadline_changelist"),
    )
