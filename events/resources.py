"""Spreadsheet columns of events and attendances (docs/import-format.md)."""

from cooperatives.models import Cooperative
from entrepreneurs.models import Entrepreneur
from events.models import Attendance, Event
from governance.models import Format
from spreadsheets.resources import SpreadsheetResource
from spreadsheets.widgets import (
    ChoiceWidget,
    DateWidget,
    DecimalWidget,
    ReferenceWidget,
    TextWidget,
    column,
    ref_column,
)


class EventResource(SpreadsheetResource):
    reference = column("reference", TextWidget())
    title = column("title", TextWidget())
    kind = column("kind", ChoiceWidget(Event.Kind))
    date = column("date", DateWidget())
    duration_hours = column("duration_hours", DecimalWidget())
    format = column("format", ChoiceWidget(Format, empty=Format.IN_PERSON))
    location = column("location", TextWidget())
    cooperative = ref_column(
        "cooperative", ReferenceWidget(Cooperative, "reference", required=False)
    )

    class Meta:
        model = Event
        fields = (
            "reference",
            "title",
            "kind",
            "date",
            "duration_hours",
            "format",
            "location",
            "cooperative",
        )
        import_id_fields = ("reference",)
        name = "events"


class AttendanceResource(SpreadsheetResource):
    event = ref_column("event", ReferenceWidget(Event, "reference"))
    entrepreneur = ref_column("entrepreneur", ReferenceWidget(Entrepreneur, "reference"))
    status = column("status", ChoiceWidget(Attendance.Status, empty=Attendance.Status.ATTENDED))

    class Meta:
        model = Attendance
        fields = ("event", "entrepreneur", "status")
        import_id_fields = ("event", "entrepreneur")
        name = "attendances"
