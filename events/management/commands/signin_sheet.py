"""Print an event's sign-in sheet (« feuille d'émargement ») to a PDF file."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from core.commands import write_atomically
from events.models import Event
from events.services import signin_sheet_pdf
from spreadsheets.widgets import DateWidget


class Command(BaseCommand):
    help = _(
        "Feuille d'émargement d'un événement en PDF (une page par séance, ou la séance --session)."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("reference", help=_("Référence de l'événement (EVT-0001)."))
        parser.add_argument("--session", help=_("Date de la séance (AAAA-MM-JJ ou JJ/MM/AAAA)."))
        parser.add_argument("--output", type=Path, help=_("Fichier PDF à écrire."))

    def handle(self, *args, reference: str, session=None, output=None, **options) -> None:
        try:
            event = Event.objects.get(reference=reference)
        except Event.DoesNotExist:
            raise CommandError(
                _("Événement « %(ref)s » introuvable.") % {"ref": reference}
            ) from None
        try:
            day = DateWidget().clean(session) if session else None
        except ValueError as error:
            raise CommandError(f"--session : {error}") from None
        try:
            pdf = signin_sheet_pdf(event, day)
        except LookupError:
            raise CommandError(
                _("%(ref)s n'a pas de séance le %(date)s.")
                % {"ref": reference, "date": day.strftime("%d/%m/%Y")}
            ) from None
        suffix = f"-{day:%Y-%m-%d}" if day else ""
        output = output or Path(f"feuille-emargement-{event.reference}{suffix}.pdf")
        write_atomically(Path(output), pdf)
        self.stdout.write(_("Feuille d'émargement écrite : %(path)s") % {"path": output})
