"""List the follow-ups due (the staff page « Suivis à faire »)."""

import datetime

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone
from django.utils.translation import gettext as _

from cooperatives.followups import DUE_WITHIN_DAYS, due_follow_ups


def parse_date(value: str) -> datetime.date:
    try:
        return datetime.date.fromisoformat(value)
    except ValueError:
        raise CommandError(
            _("--date : « %(value)s » n'est pas une date (attendu : AAAA-MM-JJ).")
            % {"value": value}
        ) from None


class Command(BaseCommand):
    help = _(
        "Liste les suivis à 6 et 12 mois après la sortie à faire dans les %(days)d jours "
        "ou en retard."
    ) % {"days": DUE_WITHIN_DAYS}

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--date", help=_("Date du jour à considérer (AAAA-MM-JJ ; par défaut aujourd'hui).")
        )

    def handle(self, *args, date: str | None = None, **options) -> None:
        today = parse_date(date) if date else timezone.localdate()
        due = due_follow_ups(today)
        self.stdout.write(
            _("%(count)d suivi(s) à faire au %(date)s :")
            % {"count": len(due), "date": today.strftime("%d/%m/%Y")}
        )
        # References only: names never reach the console or the logs.
        for followup in due:
            self.stdout.write(
                f"  {followup.entrepreneur.reference}  {followup.checkpoint_label:<8}"
                f"  {followup.due_on:%d/%m/%Y}  {followup.status}"
            )
