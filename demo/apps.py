from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DemoConfig(AppConfig):
    """The « Meltingcoop 2020 » demo data set and accounts; its commands refuse to run
    unless DEBUG is on."""

    name = "demo"
    verbose_name = _("Démonstration")
