from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EventsConfig(AppConfig):
    name = "events"
    verbose_name = _("Événements")

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from events.models import Attendance

        # Personal records: every change goes to the audit trail (docs/privacy.md).
        auditlog.register(Attendance)
