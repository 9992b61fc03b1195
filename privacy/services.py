"""Write workflows on personal data: erasure (anonymisation) and the audit of data transfers.

See docs/privacy.md for what is erased, what is kept and why.
"""

import json
from collections.abc import Iterable
from typing import Any

from auditlog.models import LogEntry
from django.contrib.admin.models import LogEntry as AdminLogEntry
from django.contrib.contenttypes.models import ContentType
from django.db import models, transaction
from django.db.models import F, Q
from django.dispatch import Signal
from django.utils import timezone

from entrepreneurs.models import Encounter, Entrepreneur, Referral
from spreadsheets.storage import purge_pending_uploads

ERASED = "[effacé]"
# Everything that identifies the person; the rest (gender, birth year, country, sector,
# skill level, project kind, dates, links) is kept so every year's figures stay the same.
ERASED_FIELDS = {
    Entrepreneur: Entrepreneur.ERASED_VALUES,
    Encounter: {"notes": ""},
    # What a partner sent about the person (an accepted referral stays linked to her).
    Referral: {
        "first_name": ERASED,
        "contact": "",
        "language": "",
        "project": "",
        "referrer_name": ERASED,
        "referrer_contact": "",
    },
}
# The person's records held by the later apps, reached by related name (no import of them).
RELATED_NAMES = ("encounters", "memberships", "attendances", "outcomes", "referrals")

# Sent once a person is anonymised (keyword argument: reference). Apps holding copies of
# personal data outside these tables (import uploads waiting for confirmation) purge them.
entrepreneur_anonymised = Signal()


def anonymise_entrepreneur(entrepreneur: Entrepreneur, actor) -> bool:
    """Erase what identifies the person, here and in the audit history; irreversible.

    Keeps every field the statistics need, so past years' indicators do not move. Records
    one audit entry (who erased which reference, nothing else). Returns False, changing
    nothing, when the person was already anonymised.
    """
    if entrepreneur.anonymised_at is not None:
        return False
    old_repr = str(entrepreneur)
    reference = entrepreneur.reference
    with transaction.atomic():
        _erase_records(entrepreneur)
        entrepreneur.refresh_from_db()
        scrubber = _Scrubber(reference, old_repr, str(entrepreneur))
        targets = audited_objects(entrepreneur)
        _scrub_audit_log(targets, scrubber)
        _scrub_admin_log(targets, scrubber)
        _record_anonymisation(entrepreneur, actor)
    # An erased person may sit in an upload awaiting confirmation: drop them all.
    purge_pending_uploads()
    entrepreneur_anonymised.send(sender=Entrepreneur, reference=reference)
    return True


def _erase_records(entrepreneur: Entrepreneur) -> None:
    # QuerySet.update sends no signal: the erased values never reach the audit trail.
    Entrepreneur.objects.filter(pk=entrepreneur.pk).update(
        **ERASED_FIELDS[Entrepreneur],
        anonymised_at=timezone.now(),
        updated_at=timezone.now(),
        version=F("version") + 1,
    )
    entrepreneur.encounters.update(**ERASED_FIELDS[Encounter])
    # Outcomes (cooperatives app) hold free-text notes about the person's situation.
    entrepreneur.outcomes.update(notes="")
    entrepreneur.referrals.update(**ERASED_FIELDS[Referral])


class _Scrubber:
    """Rewrites texts that name the person, i.e. contain « ENT-0001 — First Last... ».

    The current name is replaced and what follows it kept (« — Coopérative 3 »); after a
    name written before a rename, everything is dropped, as where the name ends is unknown.
    """

    def __init__(self, reference: str, old_repr: str, new_repr: str):
        self.prefix = f"{reference} — "
        self.old_name = old_repr.removeprefix(self.prefix)
        self.new_repr = new_repr

    def text(self, value: str) -> str:
        head, found, tail = value.partition(self.prefix)
        if not found:
            return value
        if tail == self.old_name or tail.startswith(f"{self.old_name} — "):
            return head + self.new_repr + tail.removeprefix(self.old_name)
        return head + self.new_repr

    def deep(self, value: Any) -> Any:
        """The same through a JSON structure (the admin's change messages)."""
        if isinstance(value, str):
            return self.text(value)
        if isinstance(value, list):
            return [self.deep(item) for item in value]
        if isinstance(value, dict):
            return {key: self.deep(item) for key, item in value.items()}
        return value


def audited_objects(entrepreneur: Entrepreneur) -> dict[type[models.Model], set[str]]:
    """The person's record and every related record, existing or deleted, by model."""
    targets: dict[type[models.Model], set[str]] = {Entrepreneur: {str(entrepreneur.pk)}}
    pk_values = [entrepreneur.pk, str(entrepreneur.pk)]
    for name in RELATED_NAMES:
        related = Entrepreneur._meta.get_field(name).related_model
        existing = getattr(entrepreneur, name).values_list("pk", flat=True)
        # Deleted records are known only by their audit entries, whose diff holds the
        # entrepreneur's id (old or new side).
        pointing = Q()
        for value in pk_values:
            pointing |= Q(changes__entrepreneur__0=value) | Q(changes__entrepreneur__1=value)
        deleted = LogEntry.objects.filter(
            pointing, content_type=ContentType.objects.get_for_model(related)
        ).values_list("object_pk", flat=True)
        targets[related] = {str(pk) for pk in existing} | set(deleted)
    return targets


def audit_entries_for(entrepreneur: Entrepreneur):
    """The audit trail of the person's record and related records (the right of access
    shows the same entries the erasure scrubs)."""
    return LogEntry.objects.filter(_entries_of(audited_objects(entrepreneur), "object_pk"))


def _entries_of(targets: dict[type[models.Model], set[str]], pk_field: str) -> Q:
    condition = Q(pk__in=[])
    for model, pks in targets.items():
        content_type = ContentType.objects.get_for_model(model)
        condition |= Q(content_type=content_type, **{f"{pk_field}__in": pks})
    return condition


def _scrub_audit_log(targets: dict[type[models.Model], set[str]], scrubber: _Scrubber) -> None:
    erased_by_type = {
        ContentType.objects.get_for_model(model).pk: set(fields)
        for model, fields in ERASED_FIELDS.items()
    }
    entries = list(LogEntry.objects.filter(_entries_of(targets, "object_pk")))
    for entry in entries:
        entry.object_repr = scrubber.text(entry.object_repr)
        entry.changes = _masked(entry.changes, erased_by_type.get(entry.content_type_id, ()))
        entry.changes_text = ""
        entry.serialized_data = None
    LogEntry.objects.bulk_update(
        entries, ["object_repr", "changes", "changes_text", "serialized_data"], batch_size=500
    )


def _masked(changes: Any, fields: Iterable[str]) -> Any:
    if not isinstance(changes, dict):
        return changes
    return {
        name: [ERASED if value not in (None, "", "None") else value for value in diff]
        if name in fields and isinstance(diff, list)
        else diff
        for name, diff in changes.items()
    }


def _scrub_admin_log(targets: dict[type[models.Model], set[str]], scrubber: _Scrubber) -> None:
    """django.contrib.admin's history: the person's objects, and any change message
    naming them (a cooperative's page lists the memberships added in its inline)."""
    mentions = Q()
    # Change messages are JSON written with ensure_ascii: « — » is stored as \u2014.
    for needle in (scrubber.prefix, json.dumps(scrubber.prefix)[1:-1]):
        mentions |= Q(change_message__contains=needle) | Q(object_repr__contains=needle)
    entries = list(AdminLogEntry.objects.filter(_entries_of(targets, "object_id") | mentions))
    for entry in entries:
        entry.object_repr = scrubber.text(entry.object_repr)[:200]
        entry.change_message = _scrubbed_message(entry.change_message, scrubber)
    AdminLogEntry.objects.bulk_update(entries, ["object_repr", "change_message"], batch_size=500)


def _scrubbed_message(message: str, scrubber: _Scrubber) -> str:
    try:
        parsed = json.loads(message)
    except ValueError:
        return scrubber.text(message)
    return json.dumps(scrubber.deep(parsed))


def _record_anonymisation(entrepreneur: Entrepreneur, actor) -> None:
    LogEntry.objects.create(
        content_type=ContentType.objects.get_for_model(Entrepreneur),
        object_pk=str(entrepreneur.pk),
        object_id=entrepreneur.pk,
        object_repr=str(entrepreneur),
        action=LogEntry.Action.UPDATE,
        changes={},
        actor=actor,
        actor_email=getattr(actor, "email", None),
        additional_data={"anonymised": entrepreneur.reference},
    )
