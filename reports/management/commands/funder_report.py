import json

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from core.commands import emit
from funding.models import GrantAgreement
from reports.funder_report import (
    agreement_with_scope,
    build_funder_content,
    funder_report_data,
    funder_report_pdf,
    latest_report,
    render_funder_document,
)

FORMATS = ["json", "html", "pdf"]


class Command(BaseCommand):
    help = "Produce the report of a grant agreement over its period (JSON to stdout by default)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("reference", metavar="GRANT_REFERENCE", help="e.g. SUB-0005")
        parser.add_argument("--format", choices=FORMATS, default="json", dest="output_format")
        parser.add_argument("--output", metavar="FILE", help="write to FILE instead of stdout")

    def handle(self, *args, reference: str, output_format: str, output: str | None, **options):
        content = render(find_agreement(reference), output_format)
        if emit(self, content, output):
            self.stderr.write(_("Bilan écrit dans %(file)s.") % {"file": output})


def find_agreement(reference: str) -> GrantAgreement:
    try:
        return agreement_with_scope(reference.strip())
    except GrantAgreement.DoesNotExist:
        raise CommandError(
            _("GRANT_REFERENCE : aucune convention de subvention « %(reference)s ».")
            % {"reference": reference}
        ) from None


def render(agreement: GrantAgreement, output_format: str) -> str | bytes:
    """JSON of the live figures; HTML and PDF as on the agreement's page (a sent report's
    frozen PDF when there is one)."""
    if output_format == "pdf":
        return funder_report_pdf(agreement)
    if output_format == "html":
        return render_funder_document(build_funder_content(agreement, latest_report(agreement)))
    return json.dumps(funder_report_data(agreement), ensure_ascii=False, indent=2) + "\n"
