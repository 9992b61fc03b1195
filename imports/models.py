from django.db import models
from django.utils.translation import gettext_lazy as _


class Spreadsheets(models.Model):
    """No table: carries the two explicit permissions of the admin's import/export buttons.

    Viewing or changing a list in the admin does not imply the right to take it out, or to
    bring hundreds of rows in at once; these permissions say so, once for every model.
    """

    class Meta:
        managed = False
        default_permissions = ()
        permissions = [
            ("import_spreadsheets", _("Importer des fichiers CSV ou XLSX dans l'administration")),
            ("export_spreadsheets", _("Exporter des listes en CSV ou XLSX")),
        ]
        verbose_name = _("import et export de fichiers")

    def __str__(self) -> str:
        return str(self._meta.verbose_name)
