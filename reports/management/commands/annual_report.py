import json
import os
import re
import tempfile
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from reports.indicators import MAX_YEAR, MIN_YEAR, compute_indicators

FORMATS = ["json"]


class Command(BaseCommand):
    help = "Produce the annual activity report of a year (JSON to stdout by default)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("year", metavar="YEAR", help="calendar year, e.g. 2020")
        parser.add_argument("--format", choices=FORMATS, default="json", dest="output_format")
        parser.add_argument("--output", metavar="FILE", help="write to FILE instead of stdout")

    def handle(self, *args, year: str, output_format: str, output: str | None, **options):
        indicators = compute_indicators(parse_year(year))
        content = json.dumps(indicators.to_dict(), ensure_ascii=False, indent=2) + "\n"
        if output is None:
            self.stdout.write(content, ending="")
            return
        write_atomically(Path(output), content)
        self.stderr.write(_("Rapport écrit dans %(file)s.") % {"file": output})


def parse_year(value: str) -> int:
    """YEAR as typed: four ASCII digits within MIN_YEAR..MAX_YEAR."""
    if not re.fullmatch(r"[0-9]{4}", value) or not MIN_YEAR <= int(value) <= MAX_YEAR:
        message = _("YEAR doit être une année sur 4 chiffres entre %(min)d et %(max)d")
        raise CommandError(f"{message % {'min': MIN_YEAR, 'max': MAX_YEAR}} : « {value} ».")
    return int(value)


def write_atomically(path: Path, content: str) -> None:
    """Write through a temporary file, so a failure never leaves FILE half written."""
    try:
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    except OSError as error:
        raise _write_error(path, error) from error
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(content)
        os.replace(tmp, path)
    except OSError as error:
        Path(tmp).unlink(missing_ok=True)
        raise _write_error(path, error) from error


def _write_error(path: Path, error: OSError) -> CommandError:
    return CommandError(
        _("Impossible d'écrire --output %(file)s : %(error)s")
        % {"file": path, "error": error.strerror or error}
    )
