import json

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from core.commands import emit
from governance.documents import minutes_pdf
from governance.models import Meeting
from governance.quorum import meeting_tally

FORMATS = ["json", "pdf"]


class Command(BaseCommand):
    help = "A meeting's attendance, quorum and resolutions (JSON), or its minutes (PDF)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("reference", metavar="MEETING_REFERENCE", help="e.g. AG-0002")
        parser.add_argument("--format", choices=FORMATS, default="json", dest="output_format")
        parser.add_argument("--output", metavar="FILE", help="write to FILE instead of stdout")

    def handle(self, *args, reference: str, output_format: str, output: str | None, **options):
        meeting = Meeting.objects.filter(reference=reference.strip()).first()
        if meeting is None:
            raise CommandError(
                _("Aucune réunion de référence « %(reference)s ».") % {"reference": reference}
            )
        content = minutes_pdf(meeting) if output_format == "pdf" else report_json(meeting)
        if emit(self, content, output):
            self.stderr.write(_("Rapport écrit dans %(file)s.") % {"file": output})


def report_json(meeting: Meeting) -> str:
    data = {
        "reference": meeting.reference,
        "kind": meeting.kind,
        "date": meeting.date.isoformat(),
        **meeting_tally(meeting).to_dict(),
    }
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"
