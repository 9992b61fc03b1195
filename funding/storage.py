"""Where signed agreements are kept: outside MEDIA_ROOT and STATIC_ROOT, under no URL.

The files are read only through `funding.views.agreement_document` (staff, no-store);
the proxy serves nothing from PRIVATE_MEDIA_ROOT, and this storage has no URL to give.
"""

import os

from django.conf import settings
from django.core.files.storage import FileSystemStorage


class PrivateStorage(FileSystemStorage):
    """A FileSystemStorage at settings.PRIVATE_MEDIA_ROOT, read when used (tests move it)."""

    @property
    def base_location(self) -> str:
        return str(settings.PRIVATE_MEDIA_ROOT)

    @property
    def location(self) -> str:
        return os.path.abspath(self.base_location)

    def url(self, name: str | None) -> str:
        raise ValueError("private files have no URL; use the staff download view")


def private_storage() -> PrivateStorage:
    """The storage of agreement documents (a callable: migrations name no path)."""
    return PrivateStorage()
