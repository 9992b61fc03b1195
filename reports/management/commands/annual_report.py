import json
import re

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from core.commands import emit
from core.period import MAX_YEAR, MIN_YEAR, Period
from reports.indicators import compute_indicators
from reports.rendering import render_report_html, render_report_pdf

FORMATS = ["json", "html", "pdf"]


class Command(BaseCommand):
    help = "Produce the annual activity report of a year (JSON to stdout by default)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("year", metavar="YEAR", help="calendar year, e.g. 2020")
        parser.add_argument("--format", choices=FORMATS, default="json", dest="output_format")
        parser.add_argument("--output", metavar="FILE", help="write to FILE instead of stdout")

    def handle(self, *args, year: str, output_format: str, output: str | None, **options):
        content = render(parse_year(year), output_format)
        if emit(self, content, output):
            self.stderr.write(_("Rapport écrit dans %(file)s.") % {"file": output})


def render(year: int, output_format: str) -> str | bytes:
    """The same report as the web pages: JSON figures, printable HTML, or the PDF."""
    if output_format == "pdf":
        return render_report_pdf(year)
    if output_format == "html":
        return render_report_html(year)
    indicators = compute_indicators(Period.year(year))
    return json.dumps(indicators.to_dict(), ensure_ascii=False, indent=2) + "\n"


def parse_year(value: str) -> int:
    """YEAR as typed: four ASCII digits within MIN_YEAR..MAX_YEAR."""
    if not re.fullmatch(r"[0-9]{4}", value) or not MIN_YEAR <= int(value) <= MAX_YEAR:
        message = _("YEAR doit être une année sur 4 chiffres entre %(min)d et %(max)d")
        raise CommandError(f"{message % {'min': MIN_YEAR, 'max': MAX_YEAR}} : « {value} ».")
    return int(value)
