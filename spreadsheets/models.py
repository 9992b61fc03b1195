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


class PendingUpload(models.Model):
    """An uploaded spreadsheet waiting between the admin's import preview and its
    confirmation (spreadsheets.storage.PendingUploadStorage).

    In the database rather than /tmp or the cache: shared by every worker, listable, so
    it can be purged when a person is erased, and dropped after an hour.
    """

    name = models.CharField(max_length=64, unique=True)
    data = models.BinaryField()
    #: What the preview found for each row (spreadsheets.preview), to show any page of it
    #: without importing the file again. Holds cell values too: dropped with the upload.
    preview = models.JSONField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("fichier importé en attente")
        verbose_name_plural = _("fichiers importés en attente")

    def __str__(self) -> str:
        return self.name
