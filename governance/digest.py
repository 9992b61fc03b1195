"""The weekly digest e-mailed to staff: what needs doing soon.

Each app contributes sections by registering a function (`register_section`), so this
module knows none of them: the cooperatives app adds the follow-ups due, later issues add
their own deadlines. A section function takes the day the digest is made for and returns
a `DigestSection`, or None when it has nothing to say; the digest is sent only when at
least one section has something.
"""

import datetime
from collections.abc import Callable
from dataclasses import dataclass, field

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext as _

from core.formatting import french_date
from governance.models import User


@dataclass(frozen=True)
class DigestItem:
    text: str
    url: str = ""  # absolute, or a path on the site (DJANGO_SITE_URL is prepended)


@dataclass(frozen=True)
class DigestSection:
    title: str
    items: tuple[DigestItem, ...]
    intro: str = ""
    more_url: str = ""


SectionFunction = Callable[[datetime.date], DigestSection | None]


@dataclass
class _Registry:
    sections: dict[str, SectionFunction] = field(default_factory=dict)


_registry = _Registry()


def register_section(key: str) -> Callable[[SectionFunction], SectionFunction]:
    """Decorator: add a section to the digest, in registration order (a key registered
    twice replaces the first function, so a module imported again does not duplicate)."""

    def register(function: SectionFunction) -> SectionFunction:
        _registry.sections[key] = function
        return function

    return register


def registered_sections() -> dict[str, SectionFunction]:
    return dict(_registry.sections)


def build_digest(day: datetime.date) -> list[DigestSection]:
    """The sections with something to say on `day`, in registration order."""
    sections = (function(day) for function in _registry.sections.values())
    return [section for section in sections if section is not None and section.items]


def staff_recipients() -> list[str]:
    """Active staff accounts' e-mail addresses."""
    return list(
        User.objects.filter(is_active=True, is_staff=True)
        .exclude(email="")
        .order_by("email")
        .values_list("email", flat=True)
    )


def _absolute(url: str) -> str:
    return url if not url or "://" in url else settings.SITE_URL + url


def render_digest(day: datetime.date, sections: list[DigestSection]) -> tuple[str, str, str]:
    """Subject, plain text and HTML of the digest (always in French)."""
    with translation.override("fr"):
        context = {
            "day": french_date(day),
            "sections": [
                {
                    "section": section,
                    "items": [(item.text, _absolute(item.url)) for item in section.items],
                    "more_url": _absolute(section.more_url),
                }
                for section in sections
            ],
        }
        subject = _("[Meltingcoop] À faire cette semaine (%(day)s)") % {"day": context["day"]}
        text = render_to_string("governance/email/digest.txt", context)
        html = render_to_string("governance/email/digest.html", context)
    return subject, text, html


def send_digest(day: datetime.date) -> int:
    """E-mail the digest of `day` to every staff member (one message each, so nobody
    sees the others' addresses); returns how many were sent (0 when nothing is due)."""
    sections = build_digest(day)
    recipients = staff_recipients()
    if not sections or not recipients:
        return 0
    subject, text, html = render_digest(day, sections)
    for address in recipients:
        message = EmailMultiAlternatives(subject, text, to=[address])
        message.attach_alternative(html, "text/html")
        message.send()
    return len(recipients)
