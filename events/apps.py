from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EventsConfig(AppConfig):
    name = "events"
    verbose_name = _("Événements")

    def ready(self) -> None:
        from auditlog.registry import auditlog
        from django.db.models.signals import post_delete

        from events.models import Attendance, SignedSheet, delete_signed_sheet_file

        # Personal records: every change goes to the audit trail (docs/privacy.md).
        auditlog.register(Attendance)
        # A deleted sheet (by hand, with its session, or by retention) leaves no file.
        post_delete.connect(delete_signed_sheet_file, sender=SignedSheet)
