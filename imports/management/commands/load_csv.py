"""`load_csv DIR [--dry-run]`: load a folder of spreadsheets, all or nothing."""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import translation
from django.utils.translation import gettext as _

from imports.loading import LoadReport, load_folder


class Command(BaseCommand):
    help = (
        "Load the spreadsheets of DIR (organisations, entrepreneurs, encounters, cooperatives, "
        "memberships, events, attendances, meetings; .csv or .xlsx) in one transaction. "
        "See docs/import-format.md."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("directory", type=Path)
        parser.add_argument(
            "--dry-run", action="store_true", help="Validate and report; save nothing."
        )

    def handle(self, *args, directory: Path, dry_run: bool, **options) -> None:
        translation.activate(settings.LANGUAGE_CODE)
        if not directory.is_dir():
            raise CommandError(_("%(dir)s n'est pas un dossier.") % {"dir": directory})
        report = load_folder(directory, dry_run=dry_run, progress=self._progress)
        if report.ignored:
            self.stdout.write(
                _("Ignorés (fichiers laissés par un tableur ou le système, sous-dossiers) : %s")
                % ", ".join(report.ignored)
            )
        for error in report.all_errors:
            self.stderr.write(error)
        self._summary(report)
        if report.all_errors:
            raise CommandError(
                _("%(count)s erreur(s) : rien n'a été enregistré.")
                % {"count": len(report.all_errors)}
            )
        if dry_run:
            self.stdout.write(_("Vérification seule (--dry-run) : rien n'a été enregistré."))
        else:
            self.stdout.write(self.style.SUCCESS(_("Chargement terminé.")))

    def _progress(self, message: str) -> None:
        # Counts only: progress lines never contain a row's content.
        self.stderr.write(message)

    def _summary(self, report: LoadReport) -> None:
        if not report.files:
            return
        headers = [_("fichier"), _("lignes"), _("créées"), _("modifiées"), _("inchangées")]
        headers.append(_("erreurs"))
        rows = [
            [f.name, f.rows, f.created, f.updated, f.unchanged, len(f.errors)] for f in report.files
        ]
        widths = [max(len(str(cell)) for cell in col) for col in zip(headers, *rows, strict=False)]
        for row in [headers, *rows]:
            cells = (str(cell).ljust(width) for cell, width in zip(row, widths, strict=True))
            self.stdout.write("  ".join(cells).rstrip())
