"""The audit helper for data transfers (imports and exports): who, when, what kind of
rows and how many — never a person's values or a file name."""

from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.db import models

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
