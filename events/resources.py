"""Spreadsheet columns of events, sessions and attendances (docs/import-format.md)."""

import datetime

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from import_export.fields import Field
from import_export.widgets import Widget

from cooperatives.models import Cooperative
from entrepreneurs.models import Entrepreneur
from events.models import Attendance, Event, Session
from governance.models import Format
from spreadsheets.resources import SpreadsheetResource
from spreadsheets.widgets import (
    ChoiceWidget,
    DateWidget,
    DecimalWidget,
    ReferenceField,
    ReferenceWidget,
    TextWidget,
    column,
    ref_column,
)


class TimeWidget(Widget):
    """HH:MM (or 9h30, 9:30:00), or a time cell of an XLSX."""

    def clean(self, value, row=None, **kwargs) -> datetime.time | None:
        if isinstance(value, datetime.datetime):
            return value.time()
        if isinstance(value, datetime.time):
            return value
        text = "" if value is None else str(value).strip().lower().replace("h", ":")
        if not text:
            return None
        if text.endswith(":"):
            text += "00"
        try:
            return datetime.time.fromisoformat(text if len(text.split(":")[0]) == 2 else "0" + text)
        except ValueError:
            raise ValueError(
                _("« %(value)s » n'est pas une heure valide (HH:MM).") % {"value": value}
            ) from None

    def render(self, value, obj=None, **kwargs) -> str:
        return value.strftime("%H:%M") if value else ""


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

    def after_import(self, dataset, result, **kwargs) -> None:
        # Bulk writes skip Event.save(): give new events their single session and move
        # the session of an event of one session with its row, as save() would.
        Event.objects.create_missing_sessions()
        references = [row.get("reference") for row in dataset.dict if row.get("reference")]
        imported = Event.objects.filter(reference__in=references)
        imported.sync_single_sessions()
        imported.sync_dates_with_sessions()  # an event of several sessions: its first


class SessionResource(SpreadsheetResource):
    event = ref_column("event", ReferenceWidget(Event, "reference"))
    date = column("date", DateWidget())
    start_time = column("start_time", TimeWidget(), label=gettext_lazy("heure de début"))
    end_time = column("end_time", TimeWidget(), label=gettext_lazy("heure de fin"))

    class Meta:
        model = Session
        fields = ("event", "date", "start_time", "end_time")
        import_id_fields = ("event", "date")
        name = "sessions"

    def before_save_instance(self, instance, row, **kwargs) -> None:
        super().before_save_instance(instance, row, **kwargs)
        computed = instance.computed_hours()
        if computed is not None:
            instance.hours = computed

    def get_bulk_update_fields(self) -> list[str]:
        return [*super().get_bulk_update_fields(), "hours"]

    def after_import(self, dataset, result, **kwargs) -> None:
        # The listed events are dated by their first session. The single session events.csv
        # gave one (no times, nobody registered), on a day the file does not list, gives
        # way to the listed days; any other session is kept.
        listed: dict[str, set[datetime.date]] = {}
        for row in dataset.dict:
            try:
                day = DateWidget().clean(row.get("date"))
            except ValueError:
                continue
            listed.setdefault(str(row.get("event") or "").strip(), set()).add(day)
        events = Event.objects.filter(reference__in=listed)
        for event in events.prefetch_related("sessions__attendances"):
            sessions = list(event.sessions.all())
            for session in sessions:
                placeholder = (
                    session.start_time is None
                    and session.end_time is None
                    and not session.attendances.all()
                    and session.date not in listed[event.reference]
                )
                if placeholder and len(sessions) > 1:
                    session.delete()
                    break  # there is at most one such session
        events.sync_dates_with_sessions()


class SessionDateField(ReferenceField):
    """The optional `session_date` column: which session of the row's event. Empty (or
    absent) for an event of one session; a date of one of its sessions otherwise."""

    def __init__(self) -> None:
        super().__init__(attribute="session", column_name="session_date", widget=DateWidget())
        self.label = gettext_lazy("date de la séance")
        self.sessions: dict[int, dict[datetime.date, int]] | None = None
        self.event_field: Field | None = None

    def _sessions(self) -> dict[int, dict[datetime.date, int]]:
        if self.sessions is None:
            self.sessions = {}
            rows = Session.objects.values_list("event_id", "date", "pk").iterator(chunk_size=10000)
            for event_id, date, pk in rows:
                self.sessions.setdefault(event_id, {})[date] = pk
        return self.sessions

    def clean(self, row, **kwargs) -> int | None:
        try:
            event_id = self.event_field.clean(row)
        except ValueError:
            return None  # reported against the event column
        day = self.widget.clean(row.get(self.column_name))
        sessions = self._sessions().get(event_id, {})
        if day is None:
            if len(sessions) == 1:
                return next(iter(sessions.values()))
            if not sessions:
                return None  # a new event's session is made on save
            raise ValueError(
                _("l'événement a %(count)d séances : indiquez la date de la séance.")
                % {"count": len(sessions)}
            )
        try:
            return sessions[day]
        except KeyError:
            raise ValueError(
                _("l'événement n'a pas de séance le %(date)s (sessions.csv).")
                % {"date": day.strftime("%d/%m/%Y")}
            ) from None

    def save(self, instance, row, is_m2m=False, **kwargs) -> None:
        instance.session_id = self.clean(row, **kwargs)

    def export(self, instance, **kwargs) -> str:
        return self.widget.render(instance.session.date)


class AttendanceResource(SpreadsheetResource):
    event = ref_column("event", ReferenceWidget(Event, "reference"))
    entrepreneur = ref_column("entrepreneur", ReferenceWidget(Entrepreneur, "reference"))
    status = column("status", ChoiceWidget(Attendance.Status, empty=Attendance.Status.ATTENDED))
    session_date = SessionDateField()

    class Meta:
        model = Attendance
        fields = ("event", "entrepreneur", "status", "session_date")
        import_id_fields = ("event", "entrepreneur", "session_date")
        name = "attendances"

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self.fields["session_date"].event_field = self.fields["event"]

    @classmethod
    def required_columns(cls) -> list[str]:
        # session_date is part of the key but optional: files of single sessions omit it.
        return ["event", "entrepreneur"]

    def import_instance(self, instance, row, **kwargs) -> None:
        try:
            super().import_instance(instance, row, **kwargs)
        except ValidationError as exc:
            # The session is named by the session_date column: report its error there,
            # instead of the key check's « valeur obligatoire » it caused.
            errors = exc.update_error_dict({})
            if "session" in errors:
                errors["session_date"] = errors.pop("session")
            raise ValidationError(errors) from None

    def validate_instance(self, instance, import_validation_errors=None, validate_unique=True):
        try:
            super().validate_instance(instance, import_validation_errors, validate_unique)
        except ValidationError as exc:
            errors = exc.update_error_dict({})
            session_errors = errors.pop("session", [])
            if "session_date" not in errors and session_errors:
                errors["session_date"] = session_errors  # else already said, by the column
            raise ValidationError(errors) from None

    def before_import(self, dataset, **kwargs) -> None:
        super().before_import(dataset, **kwargs)
        if "session_date" not in (dataset.headers or []):
            dataset.append_col([""] * dataset.height, header="session_date")
