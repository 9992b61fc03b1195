"""Queue the staff's weekly digest (run weekly by cron; the worker sends it)."""

import datetime

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone
from django.utils.translation import gettext as _

from governance.digest import build_digest, render_digest, send_digest
from governance.tasks import send_weekly_digest


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
        "Met en file d'attente le résumé hebdomadaire envoyé à l'équipe (suivis à faire...), "
        "que le worker (manage.py db_worker) envoie."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--date", help=_("Jour du résumé (AAAA-MM-JJ ; par défaut le jour de l'envoi).")
        )
        mode = parser.add_mutually_exclusive_group()
        mode.add_argument(
            "--now", action="store_true", help=_("Envoie tout de suite, sans passer par le worker.")
        )
        mode.add_argument(
            "--print", action="store_true", help=_("Affiche le résumé sans l'envoyer.")
        )

    def handle(self, *args, date=None, now=False, print=False, **options) -> None:
        day = parse_date(date) if date else None
        if print:
            self._print(day or timezone.localdate())
        elif now:
            sent = send_digest(day or timezone.localdate())
            self.stdout.write(_("%(count)d e-mail(s) envoyé(s).") % {"count": sent})
        else:
            result = send_weekly_digest.enqueue(day.isoformat() if day else None)
            self.stdout.write(
                _("Résumé mis en file d'attente (tâche %(id)s, file « %(queue)s »).")
                % {"id": result.id, "queue": result.task.queue_name}
            )

    def _print(self, day: datetime.date) -> None:
        sections = build_digest(day)
        if not sections:
            self.stdout.write(_("Rien à signaler : aucun e-mail ne serait envoyé."))
            return
        subject, text, _html = render_digest(day, sections)
        self.stdout.write(subject)
        self.stdout.write(text)
