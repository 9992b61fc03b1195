"""Private files (signed attendance sheets, signed minutes, signed grant agreements, sent
funder reports): a folder outside the static and media URL space.

Nothing under PRIVATE_MEDIA_ROOT has a URL; each app serves its files through a view that
checks the role and sends `Cache-Control: no-store`.
"""

import os

from django.conf import settings
from django.core.files.storage import FileSystemStorage


class PrivateStorage(FileSystemStorage):
    """FileSystemStorage rooted at settings.PRIVATE_MEDIA_ROOT, read at each use (tests
    move it), with no URL at all."""

    @property
    def base_location(self) -> str:
        return str(settings.PRIVATE_MEDIA_ROOT)

    @property
    def location(self) -> str:
        return os.path.abspath(self.base_location)

    @property
    def base_url(self):
        return None

    def url(self, name):
        raise ValueError("private files have no URL: serve them through a view")


_private_storage = PrivateStorage()


def private_storage() -> PrivateStorage:
    """The private storage (a callable, so migrations do not freeze a path)."""
    return _private_storage
