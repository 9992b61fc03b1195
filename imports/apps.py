from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ImportsConfig(AppConfig):
    """Loading a folder of spreadsheets spans every domain app, so it sits above them."""

    name = "imports"
    verbose_name = _("Imports et exports")

    def ready(self) -> None:
        from entrepreneurs.services import entrepreneur_anonymised
        from imports.storage import purge_pending_uploads

        # An erased person may sit in an upload awaiting confirmation: drop them all.
        entrepreneur_anonymised.connect(purge_pending_uploads, dispatch_uid="imports_purge")
