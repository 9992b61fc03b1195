"""Re-apply erasures after a restore (docs/operations.md).

A backup restored after a person was anonymised brings their name back. Every erasure is
recorded in the audit log (privacy.services: additional_data « anonymised »), by
reference only; this command anonymises again every person whose erasure is recorded there,
or in a register file saved with the backups, but who is not anonymised in the database.
"""

import argparse
import datetime
from pathlib import Path

from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone
from django.utils.translation import gettext as _

from entrepreneurs.models import Entrepreneur
from privacy.services import anonymise_entrepreneur


def _date(value: str) -> datetime.date:
    try:
        return datetime.date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(
            _("date attendue au format AAAA-MM-JJ, reçu « %(value)s »") % {"value": value}
        ) from None


def erasure_register(since: datetime.date | None = None) -> dict[str, datetime.datetime]:
    """Reference -> when the person was erased, from the audit log's anonymisation entries."""
    entries = LogEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(Entrepreneur),
        additional_data__has_key="anonymised",
    )
    if since is not None:
        start = datetime.datetime.combine(since, datetime.time.min)
        entries = entries.filter(timestamp__gte=timezone.make_aware(start))
    return {
        entry.additional_data["anonymised"]: entry.timestamp
        for entry in entries.order_by("timestamp").only("additional_data", "timestamp")
    }


def read_register(path: Path) -> set[str]:
    """References from a register written by `--list`: first column, '#' starts a comment."""
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as error:
        raise CommandError(
            _("Registre illisible (%(path)s) : %(error)s") % {"path": path, "error": error}
        ) from error
    return {line.split()[0] for line in lines if line.strip() and not line.startswith("#")}


class Command(BaseCommand):
    help = _(
        "Anonymise à nouveau, après une restauration, les personnes dont l'effacement est "
        "enregistré dans le journal d'audit (ou dans un registre) mais qui ne sont pas "
        "anonymisées dans la base."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--since",
            type=_date,
            help=_("Seulement les effacements enregistrés depuis cette date (AAAA-MM-JJ)."),
        )
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help=_("Affiche les références concernées sans rien modifier."),
        )
        parser.add_argument(
            "--register",
            type=Path,
            help=_("Fichier registre (écrit par --list) à ajouter au journal d'audit."),
        )
        parser.add_argument(
            "--list",
            action="store_true",
            dest="list_register",
            help=_("Écrit le registre des effacements (référence, date) et s'arrête."),
        )

    def handle(self, *args, since=None, dry_run=False, register=None, list_register=False, **opts):
        recorded = erasure_register(since)
        if list_register:
            for reference, when in recorded.items():
                self.stdout.write(f"{reference}\t{when.isoformat()}")
            return
        references = set(recorded) | (read_register(register) if register else set())
        # References only: names never reach the console or the logs.
        due = list(
            Entrepreneur.objects.not_anonymised()
            .filter(reference__in=references)
            .order_by("reference")
        )
        self.stdout.write(
            _("%(count)d effacement(s) enregistré(s), %(due)d personne(s) à anonymiser à nouveau :")
            % {"count": len(references), "due": len(due)}
        )
        for person in due:
            self.stdout.write(f"  {person.reference}")
        if dry_run:
            self.stdout.write(_("--dry-run : rien n'a été modifié."))
            return
        for person in due:
            anonymise_entrepreneur(person, actor=None)
        self.stdout.write(
            self.style.SUCCESS(
                _("%(count)d personne(s) anonymisée(s) à nouveau.") % {"count": len(due)}
            )
        )
