"""The follow-ups due, as a section of the staff's weekly digest (governance.digest)."""

import datetime

from django.urls import reverse
from django.utils.translation import gettext as _

from cooperatives.followups import DUE_WITHIN_DAYS, due_follow_ups
from governance.digest import DigestItem, DigestSection, register_section


@register_section("followups")
def followups_section(day: datetime.date) -> DigestSection | None:
    """One line per follow-up due (reference and first name only, with the link to the
    person's record); None when nothing is due."""
    due = due_follow_ups(day)
    if not due:
        return None
    items = tuple(
        DigestItem(
            text=_("%(person)s — suivi à %(checkpoint)s, prévu le %(day)s (%(status)s)")
            % {
                "person": f"{f.entrepreneur.reference} {f.entrepreneur.first_name}",
                "checkpoint": f.checkpoint_label,
                "day": f.due_on.strftime("%d/%m/%Y"),
                "status": f.status,
            },
            url=reverse("admin:entrepreneurs_entrepreneur_change", args=[f.entrepreneur.pk]),
        )
        for f in due
    )
    return DigestSection(
        title=_("Suivis à faire"),
        intro=_(
            "Situation à demander 6 ou 12 mois après la sortie "
            "(dans les %(days)d jours ou en retard)."
        )
        % {"days": DUE_WITHIN_DAYS},
        items=items,
        more_url=reverse("cooperatives:followups"),
    )
