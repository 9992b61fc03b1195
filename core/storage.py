"""Private files (signed attendance sheets, signed minutes, signed grant agreements, sent
funder reports): a folder outside the static and media URL space.

Nothing under PRIVATE_MEDIA_ROOT has a URL; each app serves its files through a view that
checks the role and sends `Cache-Control: no-store`.
"""

import os

from django.conf import settings
from django.core.files.storage import FileSystemStorage
from django.http import FileResponse, Http404
from django.utils.cache import patch_cache_control


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


def private_file_response(fieldfile, filename: str, content_type: str) -> FileResponse:
    """A private file as a download: 404 when it is missing, never cached, never sniffed
    (the one way the apps serve what PRIVATE_MEDIA_ROOT holds)."""
    if not fieldfile:
        raise Http404("no file")
    try:
        content = fieldfile.open("rb")
    except FileNotFoundError:
        raise Http404("file missing from private storage") from None
    response = FileResponse(
        content, content_type=content_type, as_attachment=True, filename=filename
    )
    response["X-Content-Type-Options"] = "nosniff"
    patch_cache_control(response, no_store=True, private=True)
    return response
