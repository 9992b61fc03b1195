"""The export page: the columns in French, and which headers the file gets.

django-import-export labels each column's checkbox with its code in title case (« First
Name »). The page shows the column's French title with its code: « Prénom (first_name) ».
The file's headers are the titles by default (what staff read); the codes on request
(for another program). An import accepts both.
"""

from django import forms
from django.utils.translation import gettext_lazy as _
from import_export.forms import SelectableFieldsExportForm

HEADER_LABELS = "labels"
HEADER_CODES = "codes"


class SpreadsheetExportForm(SelectableFieldsExportForm):
    headers = forms.ChoiceField(
        label=_("En-têtes des colonnes"),
        choices=[
            (HEADER_LABELS, _("titres en français")),
            (HEADER_CODES, _("codes")),
        ],
        initial=HEADER_LABELS,
        required=False,
        widget=forms.RadioSelect,
        help_text=_(
            "Les codes sont ceux entre parenthèses ci-dessus ; "
            "un fichier réimporté peut avoir l'un ou l'autre."
        ),
    )

    def _get_field_label(self, resource, field_name: str) -> str:
        field = resource.fields.get(field_name)
        header = field.column_name if field else field_name
        if field is None or not hasattr(resource, "column_label"):
            return header
        return f"{resource.column_label(field_name)} ({header})"

    def header_style(self) -> str:
        cleaned = getattr(self, "cleaned_data", {})
        return cleaned.get("headers") or HEADER_LABELS
