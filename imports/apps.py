from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ImportsConfig(AppConfig):
    """Loading a folder of spreadsheets spans every domain app, so it sits above them."""

    name = "imports"
    verbose_name = _("Chargement de dossiers")
