"""Private files of the register: signed minutes, kept outside MEDIA_ROOT and its URL.

They are never served by the web server or by Django's static/media views; the board
area streams them to staff and board members only (governance.views.board).
"""

import secrets

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from core.storage import PrivateStorage
from core.storage import private_storage as core_private_storage

SIGNED_MINUTES_MAX_BYTES = 10 * 1024 * 1024
PDF_MAGIC = b"%PDF-"


def private_storage() -> PrivateStorage:
    """This app's private files (core.storage; a callable its migrations name)."""
    return core_private_storage()


def signed_minutes_upload_to(meeting, filename: str) -> str:
    # The file name says nothing of its content; a random part keeps it unguessable.
    return f"minutes/pv-{meeting.reference or 'reunion'}-{secrets.token_hex(8)}.pdf"


def validate_signed_minutes(file) -> None:
    """At most 10 MB, and really a PDF (its first bytes, whatever its name says)."""
    if file.size > SIGNED_MINUTES_MAX_BYTES:
        raise ValidationError(_("Le procès-verbal signé dépasse 10 Mo."))
    position = file.tell() if hasattr(file, "tell") else 0
    try:
        file.seek(0)
        head = file.read(1024)
    finally:
        file.seek(position)
    if PDF_MAGIC not in head[:1024] or not head.lstrip().startswith(PDF_MAGIC):
        raise ValidationError(_("Le procès-verbal signé doit être un fichier PDF."))
