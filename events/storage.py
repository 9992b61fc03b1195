"""Where signed attendance sheets live: a folder outside the static and media URL space.

Nothing under PRIVATE_MEDIA_ROOT has a URL; staff download a sheet through a view that
checks their permission (events.views.signed_sheet).
"""

from core.storage import PrivateStorage
from core.storage import private_storage as core_private_storage


def private_storage() -> PrivateStorage:
    """This app's private files (core.storage; a callable its migrations name)."""
    return core_private_storage()
