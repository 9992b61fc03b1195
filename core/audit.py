"""The audit helpers.

- Data transfers (imports and exports): who, when, what kind of rows and how many, never
  a person's values or a file name (`record_data_transfer`).
- Reads: who opened which record, or which list with how many rows, when (`record_read`,
  `ReadAuditAdminMixin`). An entry never holds a value read (no name, no search text): the
  record's type and primary key, or the list's model, the names of the parameters it was
  filtered by and its row count. Entries are django-auditlog `LogEntry` rows with the
  ACCESS action, so they sit in the same read-only audit log as the writes, and a person's
  access export (which reads the entries of their records) lists who opened their page.
"""

from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.http import HttpRequest

TRANSFER_ACTIONS = {"export": LogEntry.Action.ACCESS, "import": LogEntry.Action.CREATE}
# Where a transfer came from; never a file name, which may hold a person's name.
TRANSFER_SOURCES = ("admin", "command")


def record_data_transfer(
    actor, action: str, model: type[models.Model], count: int, source: str
) -> LogEntry:
    """Record an import or export of `count` rows of `model` in the audit trail.

    The entry holds who, when, what kind of rows and how many: no personal data.
    """
    if action not in TRANSFER_ACTIONS:
        raise ValueError(f"action: expected one of {sorted(TRANSFER_ACTIONS)}, got {action!r}")
    if source not in TRANSFER_SOURCES:
        raise ValueError(f"source: expected one of {TRANSFER_SOURCES}, got {source!r}")
    if not isinstance(count, int) or count < 0:
        raise ValueError(f"count: expected a number of rows >= 0, got {count!r}")
    verb = "Export" if action == "export" else "Import"
    return LogEntry.objects.create(
        content_type=ContentType.objects.get_for_model(model),
        object_pk="",
        object_repr=f"{verb} : {count} × {model._meta.verbose_name_plural}",
        action=TRANSFER_ACTIONS[action],
        changes={},
        actor=actor,
        actor_email=getattr(actor, "email", None),
        additional_data={
            "transfer": action,
            "model": model._meta.label_lower,
            "count": count,
            "source": source,
        },
    )


# Parameters of an admin list that do not say how it was narrowed.
LIST_LAYOUT_PARAMS = {"p", "o", "_to_field", "_popup", "e"}


def record_read(
    request: HttpRequest,
    model: type[models.Model],
    access: str,
    *,
    obj: models.Model | None = None,
    rows: int | None = None,
) -> LogEntry:
    """Record that the request's user read `obj` (a record page) or a list of `rows` rows."""
    user = request.user
    data: dict = {"access": access}
    if rows is not None:
        data["rows"] = rows
        data["filters"] = sorted(set(request.GET) - LIST_LAYOUT_PARAMS)
    return LogEntry.objects.create(
        # A proxy (a figure's traceability list) is named as itself: which list was read.
        content_type=ContentType.objects.get_for_model(model, for_concrete_model=obj is not None),
        object_pk="" if obj is None else str(obj.pk),
        object_id=obj.pk if obj is not None and isinstance(obj.pk, int) else None,
        object_repr=f"{model._meta.verbose_name} {obj.pk}"
        if obj
        else str(model._meta.verbose_name_plural),
        action=LogEntry.Action.ACCESS,
        changes={},
        actor=user,
        actor_email=getattr(user, "email", None),
        additional_data=data,
    )


class ReadAuditAdminMixin:
    """Admin pages of people's records leave a trace: the change page and history of a
    record, and the list when it is searched (`?q=`), or always when `audit_every_list`
    (the lists behind a figure)."""

    audit_every_list = False

    def change_view(self, request, object_id, form_url="", extra_context=None):
        response = super().change_view(request, object_id, form_url, extra_context)
        obj = _context(response).get("original")
        if request.method == "GET" and obj is not None:
            record_read(request, self.model, "change", obj=obj)
        return response

    def history_view(self, request, object_id, extra_context=None):
        response = super().history_view(request, object_id, extra_context)
        obj = _context(response).get("object")
        if obj is not None:
            record_read(request, self.model, "history", obj=obj)
        return response

    def changelist_view(self, request, extra_context=None):
        response = super().changelist_view(request, extra_context)
        changelist = _context(response).get("cl")
        searched = bool(request.GET.get("q", "").strip())
        if changelist is not None and (self.audit_every_list or searched):
            record_read(request, self.model, "list", rows=changelist.result_count)
        return response


def _context(response) -> dict:
    if response.status_code != 200:
        return {}
    return getattr(response, "context_data", None) or {}
