from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EntrepreneursConfig(AppConfig):
    name = "entrepreneurs"
    verbose_name = _("Entrepreneur·es")

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from entrepreneurs.models import Encounter, Entrepreneur, Referral, ReferralLink

        # Every create, update and delete of personal records goes to the audit trail.
        # The version and timestamps change on every save and say nothing by themselves.
        auditlog.register(Entrepreneur, exclude_fields=["version", "updated_at", "created_at"])
        auditlog.register(Encounter)
        # Referrals: the decisions are logged, not the details sent (which are purged
        # with the referral); links: creation and revocation, never the secret token.
        auditlog.register(
            Referral,
            include_fields=["status", "decided_by", "decline_reason", "entrepreneur"],
        )
        auditlog.register(ReferralLink, exclude_fields=["token"])
