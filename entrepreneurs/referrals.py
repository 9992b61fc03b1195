"""Referrals from partner organisations: the public form's limits, and the staff's
decision (accept: a new entrepreneur and a first contact; decline: a reason).

See docs/privacy.md: a referral holds a person's details before they have met the
association, so it is kept only while it waits (REFERRAL_RETENTION_DAYS).
"""

import datetime

from allauth.account.adapter import get_adapter
from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from entrepreneurs.models import Encounter, Entrepreneur, Referral, ReferralLink

RATE_WINDOW_SECONDS = 60 * 60


class ReferralAlreadyDecided(Exception):
    """Another staff member accepted or declined this referral first."""


def _hit(key: str, limit: int) -> bool:
    """Count one post under `key` in the current hour's window; False past `limit`.

    Stored in the shared cache (database or Redis), so the limit holds across workers.
    """
    window = int(timezone.now().timestamp()) // RATE_WINDOW_SECONDS
    full_key = f"referral-rate:{key}:{window}"
    cache.add(full_key, 0, timeout=RATE_WINDOW_SECONDS)
    try:
        count = cache.incr(full_key)
    except ValueError:  # expired between add and incr
        cache.set(full_key, 1, timeout=RATE_WINDOW_SECONDS)
        count = 1
    return count <= limit


def allow_post(request: HttpRequest, link: ReferralLink) -> bool:
    """Whether this post through `link` is within the hourly limits, per link and per
    client address (every post counts, valid or not)."""
    ip = get_adapter(request).get_client_ip(request)
    within_link = _hit(f"link:{link.pk}", settings.REFERRAL_POSTS_PER_HOUR_PER_LINK)
    within_ip = _hit(f"ip:{ip}", settings.REFERRAL_POSTS_PER_HOUR_PER_IP)
    return within_link and within_ip


def _contact_fields(contact: str) -> dict[str, str]:
    """An e-mail address goes to `email`, anything else (a phone number...) to `phone`
    when it fits, else stays in the notes."""
    text = contact.strip()
    try:
        validate_email(text)
    except ValidationError:
        pass
    else:
        return {"email": text}
    phone_max = Entrepreneur._meta.get_field("phone").max_length
    if len(text) <= phone_max and sum(c.isdigit() for c in text) >= 6:
        return {"phone": text}
    return {}


def _locked_pending(referral: Referral) -> Referral:
    locked = Referral.objects.select_for_update().select_related("organisation").get(pk=referral.pk)
    if not locked.is_pending:
        raise ReferralAlreadyDecided(referral.pk)
    return locked


def accept_referral(referral: Referral, actor, day: datetime.date | None = None) -> Entrepreneur:
    """Create the entrepreneur (referred by the organisation, consent dated from the
    referral) and their first contact, and mark the referral accepted; one transaction."""
    day = day or timezone.localdate()
    with transaction.atomic():
        referral = _locked_pending(referral)
        contact = _contact_fields(referral.contact)
        person = Entrepreneur.objects.create(
            first_name=referral.first_name,
            referred_by=referral.organisation,
            consent_date=timezone.localdate(referral.submitted_at),
            consent_scope=_("Orientation par %(org)s : suivi par l'association")
            % {"org": referral.organisation},
            notes=_notes(referral, contact),
            **contact,
        )
        Encounter.objects.create(
            entrepreneur=person,
            date=day,
            kind=Encounter.Kind.FIRST_CONTACT,
            staff_member=actor if getattr(actor, "is_staff", False) else None,
            notes=_("Orienté·e par %(org)s (%(name)s, %(contact)s).")
            % {
                "org": referral.organisation,
                "name": referral.referrer_name,
                "contact": referral.referrer_contact,
            },
        )
        _decide(referral, actor, Referral.Status.ACCEPTED, entrepreneur=person)
    return person


def _notes(referral: Referral, contact: dict[str, str]) -> str:
    lines = [_("Projet : %(project)s") % {"project": referral.project}]
    if referral.language:
        lines.append(_("Langue(s) : %(language)s") % {"language": referral.language})
    if not contact:
        lines.append(_("Pour la joindre : %(contact)s") % {"contact": referral.contact})
    return "\n".join(lines)


def decline_referral(referral: Referral, actor, reason: str) -> None:
    """Mark the referral declined, with the reason (required)."""
    reason = reason.strip()
    if not reason:
        raise ValidationError({"decline_reason": _("Indiquez le motif du refus.")})
    with transaction.atomic():
        referral = _locked_pending(referral)
        referral.decline_reason = reason
        _decide(referral, actor, Referral.Status.DECLINED)


def _decide(referral: Referral, actor, status: str, **fields) -> None:
    referral.status = status
    referral.decided_at = timezone.now()
    referral.decided_by = actor if getattr(actor, "pk", None) else None
    for name, value in fields.items():
        setattr(referral, name, value)
    # save() (not update()): the decision goes to the audit log.
    referral.save()


def purge_stale_referrals(today: datetime.date | None = None) -> int:
    """Delete the pending referrals older than REFERRAL_RETENTION_DAYS, and the declined
    ones decided that long ago; returns how many. Accepted ones stay (they link to the
    entrepreneur, who is under the general retention rule)."""
    stale = Referral.objects.stale(today)
    count = 0
    for referral in stale:
        # One by one, so each deletion is audit-logged (by number, no personal data).
        referral.delete()
        count += 1
    return count
