"""Admin form data for events, as the change page would post it."""

from events.models import Event
from tests.validation import management_form


def event_form(event: Event, **values) -> dict:
    """The admin change form of `event` as it stands, with no attendance row."""
    return {
        "reference": event.reference,
        "title": event.title,
        "kind": event.kind,
        "date": event.date.strftime("%d/%m/%Y"),
        "duration_hours": "3",
        "format": event.format,
        "location": "",
        "cooperative": "",
        "programme": "",
        # The sessions inline, its rows left as they are.
        **management_form("sessions", total=0),
        "description": "",
        # The version the page was read at (core.locking).
        "version": str(event.version),
        **management_form("attendances"),
        **management_form("sales"),
        **values,
    }
