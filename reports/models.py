from django.db import models
from django.utils.translation import gettext_lazy as _


class ReportAccess(models.Model):
    """Holds the report permissions only: no table, nothing stored.

    Board members hold these and nothing else, so a permission check is enough to
    open a dashboard or a report while every record stays out of reach.
    """

    class Meta:
        managed = False
        default_permissions = ()
        permissions = [
            ("view_dashboard", _("Peut consulter les tableaux de bord")),
            ("view_annual_report", _("Peut consulter et télécharger les rapports d'activité")),
        ]

    def __str__(self) -> str:
        return str(self._meta.verbose_name)
