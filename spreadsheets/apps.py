from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SpreadsheetsConfig(AppConfig):
    """The import/export toolkit every domain app's resources and admin build on."""

    name = "spreadsheets"
    verbose_name = _("Imports et exports")
