import json
import os
import tempfile
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

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
        if output is None:
            if isinstance(content, bytes):
                self.stdout.flush()
                getattr(self.stdout._out, "buffer", self.stdout._out).write(content)
            else:
                self.stdout.write(content, ending="")
            return
        write_atomically(Path(output), content)
        self.stderr.write(_("Rapport écrit dans %(file)s.") % {"file": output})


def report_json(meeting: Meeting) -> str:
    data = {
        "reference": meeting.reference,
        "kind": meeting.kind,
        "date": meeting.date.isoformat(),
        **meeting_tally(meeting).to_dict(),
    }
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def write_atomically(path: Path, content: str | bytes) -> None:
    """Write through a temporary file, so a failure never leaves FILE half written."""
    data = content.encode("utf-8") if isinstance(content, str) else content
    try:
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
        with os.fdopen(fd, "wb") as file:
            file.write(data)
        os.replace(tmp, path)
    except OSError as error:
        raise CommandError(
            _("Impossible d'écrire %(file)s : %(error)s")
            % {"file": path, "error": error.strerror or error}
        ) from error
