"""Spreadsheet columns of organisations and meetings (docs/import-format.md)."""

from governance.models import Format, Meeting, Organisation
from spreadsheets.resources import SpreadsheetResource
from spreadsheets.widgets import ChoiceWidget, DateWidget, TextWidget, column


class OrganisationResource(SpreadsheetResource):
    casefold_keys = True
    prefetch_all = True

    name = column("name", TextWidget())
    kind = column("kind", ChoiceWidget(Organisation.Kind, empty=Organisation.Kind.OTHER))

    class Meta:
        model = Organisation
        fields = ("name", "kind")
        import_id_fields = ("name",)
        name = "organisations"


class MeetingResource(SpreadsheetResource):
    prefetch_all = True

    kind = column("kind", ChoiceWidget(Meeting.Kind))
    date = column("date", DateWidget())
    format = column("format", ChoiceWidget(Format, empty=Format.IN_PERSON))
    title = column("title", TextWidget())

    class Meta:
        model = Meeting
        fields = ("kind", "date", "format", "title")
        import_id_fields = ("kind", "date")
        name = "meetings"
