from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PrivacyConfig(AppConfig):
    """Retention, erasure and subject access: it reads every app holding a person's data,
    so it sits above them."""

    name = "privacy"
    verbose_name = _("Données personnelles")
