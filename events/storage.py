"""Where signed attendance sheets live: a folder outside the static and media URL space.

Nothing under PRIVATE_MEDIA_ROOT has a URL; staff download a sheet through a view that
checks their permission (events.views.signed_sheet).
"""

import os

from django.conf import settings
from django.core.files.storage import FileSystemStorage


class PrivateStorage(FileSystemStorage):
    """FileSystemStorage rooted at settings.PRIVATE_MEDIA_ROOT, read at each use (tests
    override the setting), with no base URL."""

    @property
    def base_location(self):
        return settings.PRIVATE_MEDIA_ROOT

    @property
    def location(self):
        return os.path.abspath(self.base_location)

    @property
    def base_url(self):
        return None

    def url(self, name):
        raise ValueError("private files have no URL: serve them through a view")


_private_storage = PrivateStorage()


def private_storage() -> PrivateStorage:
    """The storage of signed sheets (a callable, so migrations do not freeze a path)."""
    return _private_storage
