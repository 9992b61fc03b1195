"""The import/export buttons, mixed into the domain ModelAdmins next to their resources."""

from django import forms
from django.utils.translation import gettext_lazy as _
from import_export.admin import ImportExportMixin
from import_export.forms import ImportForm

from core.audit import record_data_transfer
from spreadsheets.export_form import SpreadsheetExportForm
from spreadsheets.formats import CSVFormat, FileFormatError, XLSXFormat

#: Uploads above this size go through `load_csv`, which streams them.
MAX_UPLOAD_BYTES = 5 * 1024 * 1024
IMPORT_PERMISSION = "spreadsheets.import_spreadsheets"
EXPORT_PERMISSION = "spreadsheets.export_spreadsheets"


class SpreadsheetImportForm(ImportForm):
    def clean_import_file(self):
        upload = self.cleaned_data["import_file"]
        if upload.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError(
                _(
                    "Fichier trop volumineux (%(size)s Mo, maximum %(max)s Mo) : "
                    "chargez-le avec la commande load_csv."
                )
                % {"size": upload.size // (1024 * 1024), "max": MAX_UPLOAD_BYTES // (1024 * 1024)}
            )
        return upload


class SpreadsheetAdminMixin(ImportExportMixin):
    """Import (with preview) and export of the filtered list, in CSV and XLSX.

    Both need, on top of the model permission the library checks (settings), an explicit
    permission of their own (spreadsheets.import_spreadsheets / spreadsheets.export_spreadsheets).
    """

    import_formats = [CSVFormat, XLSXFormat]
    export_formats = [CSVFormat, XLSXFormat]
    import_form_class = SpreadsheetImportForm
    export_form_class = SpreadsheetExportForm
    import_template_name = "admin/import_export/spreadsheet_import.html"

    def has_import_permission(self, request) -> bool:
        opts = self.opts
        return (
            super().has_import_permission(request)
            and request.user.has_perm(IMPORT_PERMISSION)
            and request.user.has_perm(f"{opts.app_label}.add_{opts.model_name}")
        )

    def get_import_resource_kwargs(self, request, **kwargs):
        # A file brought to the wrong list is refused with the name of its own list.
        kwargs = super().get_import_resource_kwargs(request, **kwargs)
        return {**kwargs, "other_kinds": self._other_kinds(request)}

    def _other_kinds(self, request) -> list:
        return [
            resource_class
            for model_admin in self.admin_site._registry.values()
            if isinstance(model_admin, SpreadsheetAdminMixin) and model_admin is not self
            for resource_class in model_admin.get_import_resource_classes(request)
        ]

    def has_export_permission(self, request) -> bool:
        return super().has_export_permission(request) and request.user.has_perm(EXPORT_PERMISSION)

    def process_result(self, result, request):
        # Every confirmed import is in the audit trail: who, what kind of rows, how many.
        totals = result.totals
        count = sum(totals.get(kind, 0) for kind in ("new", "update", "delete"))
        record_data_transfer(request.user, "import", self.model, count, "admin")
        return super().process_result(result, request)

    def get_export_data(self, file_format, request, queryset, **kwargs):
        record_data_transfer(request.user, "export", self.model, queryset.count(), "admin")
        return super().get_export_data(file_format, request, queryset, **kwargs)

    def add_data_read_fail_error_to_form(self, form, e) -> None:
        if isinstance(e, FileFormatError):
            # Our messages name the problem (encoding, separator, zip bomb...).
            form.add_error("import_file", str(e))
        else:
            super().add_data_read_fail_error_to_form(form, e)
