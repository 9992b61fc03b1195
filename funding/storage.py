"""Where signed agreements are kept: outside MEDIA_ROOT and STATIC_ROOT, under no URL.

The files are read only through `funding.views.agreement_document` (staff, no-store);
the proxy serves nothing from PRIVATE_MEDIA_ROOT, and this storage has no URL to give.
"""

from core.storage import PrivateStorage
from core.storage import private_storage as core_private_storage


def private_storage() -> PrivateStorage:
    """This app's private files (core.storage; a callable its migrations name)."""
    return core_private_storage()
