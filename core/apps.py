from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "core"
    verbose_name = _("Socle")

    def ready(self) -> None:
        from django.contrib.auth.signals import user_logged_in

        from core import lookups
        from core.middleware import stamp_session_start

        lookups.register()
        user_logged_in.connect(stamp_session_start, dispatch_uid="core_session_start")
