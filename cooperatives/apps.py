from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CooperativesConfig(AppConfig):
    name = "cooperatives"
    verbose_name = _("Coopératives")

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from cooperatives import digest  # noqa: F401  (registers its digest section)
        from cooperatives.models import Membership, Outcome

        # Personal records: every change goes to the audit trail (docs/privacy.md).
        auditlog.register(Membership)
        auditlog.register(Outcome)
