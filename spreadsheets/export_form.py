"""The export page's list of columns in French.

django-import-export labels each column's checkbox with its code in title case (« First
Name »). The codes stay the file's headers (the import contract); the page shows the
model field's French name instead, with the header it writes: « Prénom (first_name) ».
"""

from django.core.exceptions import FieldDoesNotExist
from django.utils.text import capfirst
from import_export.forms import SelectableFieldsExportForm


class SpreadsheetExportForm(SelectableFieldsExportForm):
    def _get_field_label(self, resource, field_name: str) -> str:
        field = resource.fields.get(field_name)
        header = field.column_name if field else field_name
        try:
            name = resource._meta.model._meta.get_field(field_name).verbose_name
        except FieldDoesNotExist:
            return header
        return f"{capfirst(name)} ({header})"
