"""Right of access and portability (GDPR articles 15 and 20): everything held about one
person, as a page, a JSON download and a PDF. Staff only; every access is audited.

Reached from the entrepreneurs admin action « Exporter les données (RGPD) ». It lives in
`reports` because it reads every app (entrepreneurs, cooperatives, events, audit log).
"""

import datetime
import json
from decimal import Decimal
from typing import Any

from auditlog.models import LogEntry
from django.contrib.auth.decorators import login_required, permission_required
from django.contrib.contenttypes.models import ContentType
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import get_object_or_404, render
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.cache import patch_cache_control
from django.utils.text import get_valid_filename
from django.utils.translation import gettext as _
from django_countries.fields import CountryField

from core.pdf import render_pdf
from entrepreneurs.models import Entrepreneur
from events.services import sheets_for
from privacy.services import audit_entries_for

FORMATS = ("html", "json", "pdf")
# auditlog ships no French translation.
ACTIONS = {
    LogEntry.Action.CREATE: "création",
    LogEntry.Action.UPDATE: "modification",
    LogEntry.Action.DELETE: "suppression",
    LogEntry.Action.ACCESS: "consultation",
}
# Internal bookkeeping, not information about the person.
HIDDEN_FIELDS = {"id", "version", "entrepreneur"}


def _field_rows(obj: models.Model) -> list[dict[str, Any]]:
    """Each stored field of `obj`: name, French label, raw value (JSON) and display text."""
    rows = []
    for field in obj._meta.concrete_fields:
        if field.name in HIDDEN_FIELDS:
            continue
        value = getattr(obj, field.name)
        if field.is_relation:
            raw = str(value) if value is not None else None
            display = raw
        elif isinstance(field, CountryField):
            raw, display = value.code or None, value.name
        elif field.choices:
            raw = value
            display = getattr(obj, f"get_{field.name}_display")()
        else:
            raw, display = value, value
        if isinstance(display, bool):
            display = _("oui") if display else _("non")
        elif isinstance(display, datetime.datetime):
            display = timezone.localtime(display).strftime("%d/%m/%Y %H:%M")
        elif isinstance(display, datetime.date):
            display = display.strftime("%d/%m/%Y")
        elif isinstance(display, Decimal):
            display = str(display)
        rows.append(
            {
                "name": field.name,
                "label": str(field.verbose_name),
                "value": raw,
                "display": "—" if display in (None, "") else display,
            }
        )
    return rows


def _audit_rows(entries: list[LogEntry]) -> list[dict[str, Any]]:
    # The staff member's network address is theirs, not the person's: left out.
    return [
        {
            "timestamp": entry.timestamp,
            "action": ACTIONS.get(entry.action, str(entry.action)),
            "record": str(entry.content_type.model_class()._meta.verbose_name),
            "object": entry.object_repr,
            "changes": entry.changes or {},
            "by": str(entry.actor) if entry.actor else _("système"),
            "details": entry.additional_data or {},
        }
        for entry in entries
    ]


def subject_data(person: Entrepreneur) -> dict[str, Any]:
    """Everything held about `person`, in plain data for the page, the JSON and the PDF."""
    encounters = list(
        person.encounters.select_related("staff_member", "oriented_towards").order_by("date")
    )
    memberships = list(person.memberships.select_related("cooperative").order_by("joined_on"))
    attendances = list(
        person.attendances.select_related("event", "session__event").order_by(
            "event__date", "event__title"
        )
    )
    outcomes = list(person.outcomes.order_by("date"))
    referrals = list(person.referrals.select_related("organisation").order_by("submitted_at"))
    entries = list(
        audit_entries_for(person).select_related("actor", "content_type").order_by("timestamp")
    )
    return {
        "reference": person.reference,
        "generated_at": timezone.now(),
        "record": _field_rows(person),
        "encounters": [_field_rows(encounter) for encounter in encounters],
        "memberships": [_field_rows(membership) for membership in memberships],
        "attendances": [_field_rows(attendance) for attendance in attendances],
        # Scans of signed sheets carrying the person's name (the files are not included).
        "signed_sheets": [
            {
                "event": sheet.session.event.reference,
                "title": sheet.session.event.title,
                "session_date": sheet.session.date,
                "uploaded_at": sheet.uploaded_at,
            }
            for sheet in sheets_for(person)
        ],
        "outcomes": [_field_rows(outcome) for outcome in outcomes],
        "referrals": [_field_rows(referral) for referral in referrals],
        "audit_entries": _audit_rows(entries),
    }


def _as_json(data: dict[str, Any]) -> str:
    """Machine-readable: field name -> stored value, per section."""

    def values(rows: list[dict[str, Any]]) -> dict[str, Any]:
        return {row["name"]: row["value"] for row in rows}

    portable = {
        "reference": data["reference"],
        "generated_at": data["generated_at"],
        "record": values(data["record"]),
        "encounters": [values(rows) for rows in data["encounters"]],
        "memberships": [values(rows) for rows in data["memberships"]],
        "attendances": [values(rows) for rows in data["attendances"]],
        "signed_sheets": data["signed_sheets"],
        "outcomes": [values(rows) for rows in data["outcomes"]],
        "referrals": [values(rows) for rows in data["referrals"]],
        "audit_entries": data["audit_entries"],
    }
    return json.dumps(portable, cls=DjangoJSONEncoder, ensure_ascii=False, indent=2)


def _log_access(request: HttpRequest, person: Entrepreneur, output: str) -> None:
    LogEntry.objects.create(
        content_type=ContentType.objects.get_for_model(Entrepreneur),
        object_pk=str(person.pk),
        object_id=person.pk,
        object_repr=str(person),
        action=LogEntry.Action.ACCESS,
        actor=request.user,
        actor_email=request.user.email,
        additional_data={"subject_access": output},
    )


@login_required
@permission_required("entrepreneurs.view_entrepreneur", raise_exception=True)
def subject_access(request: HttpRequest, pk: int) -> HttpResponse:
    output = request.GET.get("format", "html")
    if output not in FORMATS:
        return HttpResponseBadRequest(
            _("Paramètre « format » inconnu : choisissez html, json ou pdf."),
            content_type="text/plain; charset=utf-8",
        )
    person = get_object_or_404(Entrepreneur, pk=pk)
    _log_access(request, person, output)
    data = subject_data(person)
    filename = get_valid_filename(f"donnees-personnelles-{person.reference}")
    if output == "json":
        response = HttpResponse(_as_json(data), content_type="application/json; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="{filename}.json"'
    elif output == "pdf":
        with translation.override("fr"):
            html = render_to_string("privacy/subject_access_document.html", {"data": data})
        response = HttpResponse(render_pdf(html), content_type="application/pdf")
        response["Content-Disposition"] = f'attachment; filename="{filename}.pdf"'
    else:
        response = render(request, "privacy/subject_access.html", {"data": data, "person": person})
    # Personal data: no copy in any browser or proxy cache.
    patch_cache_control(response, no_store=True, private=True)
    return response
