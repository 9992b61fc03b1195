"""Private files of the register: signed minutes, kept outside MEDIA_ROOT and its URL.

They are never served by the web server or by Django's static/media views; the board
area streams them to staff and board members only (governance.views.board).
"""

import secrets

from django.utils.translation import gettext_lazy as _

from core.storage import PrivateStorage
from core.storage import private_storage as core_private_storage
from core.validators import PDF, sniff_upload


def private_storage() -> PrivateStorage:
    """This app's private files (core.storage; a callable its migrations name)."""
    return core_private_storage()


def signed_minutes_upload_to(meeting, filename: str) -> str:
    # The file name says nothing of its content; a random part keeps it unguessable.
    return f"minutes/pv-{meeting.reference or 'reunion'}-{secrets.token_hex(8)}.pdf"


def validate_signed_minutes(file) -> None:
    """At most 10 MB, and really a PDF (its first bytes, whatever its name says)."""
    sniff_upload(file, (PDF,), _("Le procès-verbal signé"))
