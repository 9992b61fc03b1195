"""The import/export buttons, mixed into the domain ModelAdmins next to their resources."""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from import_export.admin import ImportExportMixin
from import_export.forms import ImportForm

from core.audit import record_data_transfer
from spreadsheets.export_form import SpreadsheetExportForm
from spreadsheets.formats import (
    UPLOAD_NAME,
    CSVFormat,
    FileFormatError,
    XLSXFormat,
    data_rows,
    open_table,
)
from spreadsheets.models import PendingUpload
from spreadsheets.preview import ERROR, PreviewPage, summarise
from spreadsheets.resources import HeaderError
from spreadsheets.storage import UploadGone, drop_expired_uploads, keep_preview, read_preview

UPLOAD_GONE_MESSAGE = _("Ce fichier n'est plus disponible, importez-le à nouveau.")

#: Uploads above this size go through `load_csv`, which streams them.
MAX_UPLOAD_BYTES = 5 * 1024 * 1024
IMPORT_PERMISSION = "spreadsheets.import_spreadsheets"
#: The query parameter naming a stored preview, to show another page of it.
PREVIEW_PARAMETER = "preview"
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

    def import_action(self, request, **kwargs):
        # Abandoned previews hold personal data: every visit drops those past their hour.
        drop_expired_uploads()
        if request.method == "GET" and request.GET.get(PREVIEW_PARAMETER):
            return self._preview_page(request)
        response = super().import_action(request, **kwargs)
        context = getattr(response, "context_data", None)
        if context is None:
            return response
        form = context.get("form")
        context["spreadsheet_columns"] = _columns(self._import_resource_class(request, form))
        upload = request.FILES.get("import_file")
        stored = getattr(upload, "tmp_storage_name", None)
        result = context.get("result")
        kept = False
        if stored and result is not None and not _header_refused(result):
            preview, summary = self._first_page(request, form, upload, result)
            # A preview is kept to be confirmed, or to page through its rows; one with
            # errors that fits on a page is not: its personal data would serve nothing.
            kept = context.get("confirm_form") is not None or preview.paginated
            if kept:
                keep_preview(stored, summary)
                preview.link_to(self._import_url(), stored)
            context["preview"] = preview
        if stored and not kept:
            PendingUpload.objects.filter(name=stored).delete()
        return response

    def _import_url(self) -> str:
        opts = self.opts
        return reverse(f"admin:{opts.app_label}_{opts.model_name}_import")

    def _import_resource_class(self, request, form=None):
        try:
            return self.choose_import_resource_class(form, request)
        except (AttributeError, KeyError, ValueError, IndexError):
            return self.get_import_resource_classes(request)[0]

    def _first_page(self, request, form, upload, result) -> tuple[PreviewPage, dict]:
        """The preview's summary and its first page, the rows read again from the upload."""
        resource_class = self._import_resource_class(request, form)
        input_format = self.get_import_formats()[int(form.cleaned_data["format"])]()
        table = open_table(b"".join(upload.chunks()), _upload_name(input_format))
        try:
            summary = summarise(result, resource_class, table.headers)
            summary["meta"] = {
                "format": form.cleaned_data["format"],
                "resource": form.cleaned_data.get("resource") or "0",
                "file": upload.name,
                "confirm": self.get_confirm_form_initial(request, form)
                if not (result.has_errors() or result.has_validation_errors())
                else None,
            }
            return PreviewPage(summary, data_rows(table), file_name=upload.name), summary
        finally:
            table.close()

    def _preview_page(self, request) -> TemplateResponse:
        """Another page (or another choice of rows) of a preview, from its stored upload."""
        if not self.has_import_permission(request):
            raise PermissionDenied
        name = request.GET[PREVIEW_PARAMETER]
        stored = read_preview(name)
        if stored is None:
            messages.error(request, UPLOAD_GONE_MESSAGE)
            return redirect(self._import_url())
        data, summary = stored
        meta = summary["meta"]
        input_format = self.get_import_formats()[int(meta["format"])]()
        resource_class = self.get_import_resource_classes(request)[int(meta["resource"])]
        table = open_table(data, _upload_name(input_format))
        try:
            preview = PreviewPage(
                summary,
                data_rows(table),
                show=request.GET.get("show", ""),
                number=request.GET.get("page", 1),
                file_name=meta["file"],
            )
        finally:
            table.close()
        preview.link_to(self._import_url(), name)
        form = self.create_import_form(request)
        confirm = meta["confirm"]
        context = {
            **self._import_page_context(request, form, resource_class),
            "confirm_form": self.get_confirm_form_class(request)(initial=confirm)
            if confirm
            else None,
            "preview": preview,
        }
        request.current_app = self.admin_site.name
        return TemplateResponse(request, [self.import_template_name], context)

    def _import_page_context(self, request, form, resource_class) -> dict:
        return {
            **self.get_import_context_data(),
            **self.admin_site.each_context(request),
            "title": _("Importer"),
            "form": form,
            "opts": self.model._meta,
            "media": self.media + form.media,
            "fields_list": [],
            "import_error_display": self.import_error_display,
            "spreadsheet_columns": _columns(resource_class),
        }

    def process_import(self, request, **kwargs):
        drop_expired_uploads()
        try:
            return super().process_import(request, **kwargs)
        except UploadGone:
            # Confirmed twice, expired, purged by an erasure, or a name never issued.
            messages.error(request, UPLOAD_GONE_MESSAGE)
            opts = self.opts
            return redirect(f"admin:{opts.app_label}_{opts.model_name}_import")

    def process_dataset(self, dataset, form, request, **kwargs):
        # Confirmation imports the whole file again in one transaction: a row that no
        # longer holds (a person deleted since the preview, a forged upload name) rolls
        # every row back, and its error is shown as in the preview.
        request.spreadsheet_dataset = dataset  # the rows to show beside their errors
        kwargs.setdefault("raise_errors", False)
        kwargs.update(use_transactions=True, rollback_on_validation_errors=True)
        return super().process_dataset(dataset, form, request, **kwargs)

    def process_result(self, result, request):
        if result.has_errors() or result.has_validation_errors():
            return self._render_import_errors(result, request)
        # Every confirmed import is in the audit trail: who, what kind of rows, how many.
        totals = result.totals
        count = sum(totals.get(kind, 0) for kind in ("new", "update", "delete"))
        record_data_transfer(request.user, "import", self.model, count, "admin")
        return super().process_result(result, request)

    def _render_import_errors(self, result, request) -> TemplateResponse:
        """The import page with the rows in error and a blank form: nothing was saved.

        The upload is gone (confirmed): the rows come from the dataset just imported, and
        only those in error are shown, with the counts of the whole file.
        """
        form = self.get_import_form_class(request)(
            self.get_import_formats(), self.get_import_resource_classes(request)
        )
        resource_class = self.get_import_resource_classes(request)[0]
        context = {**self._import_page_context(request, form, resource_class), "result": result}
        dataset = getattr(request, "spreadsheet_dataset", None)
        if dataset is not None and not _header_refused(result):
            headers = list(dataset.headers or [])
            summary = summarise(result, resource_class, headers)
            lines = getattr(dataset, "line_numbers", None) or range(2, len(dataset) + 2)
            labels = [
                resource_class.column_label(h) if h in resource_class.fields else h for h in headers
            ]
            context["preview"] = PreviewPage(
                summary, zip(lines, dataset, strict=False), show=ERROR, labels=labels
            )
        request.current_app = self.admin_site.name
        return TemplateResponse(request, [self.import_template_name], context)

    def get_export_resource_kwargs(self, request, **kwargs):
        kwargs = super().get_export_resource_kwargs(request, **kwargs)
        form = kwargs.get("export_form")
        if isinstance(form, SpreadsheetExportForm):
            kwargs["header_style"] = form.header_style()
        return kwargs

    def get_export_data(self, file_format, request, queryset, **kwargs):
        record_data_transfer(request.user, "export", self.model, queryset.count(), "admin")
        return super().get_export_data(file_format, request, queryset, **kwargs)

    def add_data_read_fail_error_to_form(self, form, e) -> None:
        if isinstance(e, FileFormatError):
            # Our messages name the problem (encoding, separator, zip bomb...) and the file
            # staff uploaded, not the placeholder name the format was given.
            form.add_error("import_file", _with_upload_name(str(e), form))
        else:
            super().add_data_read_fail_error_to_form(form, e)


def _upload_name(input_format) -> str:
    return f"{UPLOAD_NAME}.{input_format.get_extension()}"


def _header_refused(result) -> bool:
    """The file's header was refused: its rows mean nothing, none is shown."""
    return any(isinstance(error.error, HeaderError) for error in result.base_errors)


def _columns(resource_class) -> list[dict]:
    """The list's columns for the import page: header title, code, key or not."""
    keys = resource_class.key_columns()
    required = resource_class.required_columns()
    return [
        {
            "code": name,
            "label": resource_class.column_label(name),
            "key": name in keys,
            "required": name in required,
        }
        for name in resource_class.columns()
    ]


def _with_upload_name(message: str, form) -> str:
    upload = form.cleaned_data.get("import_file")
    for placeholder in (f"{UPLOAD_NAME}.csv", f"{UPLOAD_NAME}.xlsx"):
        if upload is not None and message.startswith(placeholder):
            return upload.name + message[len(placeholder) :]
    return message
