"""Validators shared by the domain models."""

import datetime

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from PIL import Image, UnidentifiedImageError

from core.period import MAX_YEAR, MIN_YEAR

PLAUSIBLE_DATE_MESSAGE = _("Date hors de la période possible (de %(min)s à %(max)s).")


def is_plausible_date(day: datetime.date) -> bool:
    """Within MIN_YEAR..MAX_YEAR: 0001-01-01 is a typo, and a meeting in 9999 would keep
    a person out of the retention rule forever."""
    return MIN_YEAR <= day.year <= MAX_YEAR


def validate_plausible_date(day: datetime.date) -> None:
    if day is not None and not is_plausible_date(day):
        raise ValidationError(
            PLAUSIBLE_DATE_MESSAGE,
            code="implausible_date",
            params={"min": MIN_YEAR, "max": MAX_YEAR},
        )


UPLOAD_MAX_BYTES = 10 * 1024 * 1024
PDF, JPEG, PNG = "application/pdf", "image/jpeg", "image/png"
#: Leading bytes of the types uploads may have: a file's type is read from its content.
MAGIC_NUMBERS = {PDF: b"%PDF-", JPEG: b"\xff\xd8\xff", PNG: b"\x89PNG\r\n\x1a\n"}


def sniff_upload(file, allowed: tuple[str, ...], what: str) -> str:
    """The content type of an upload (one of `allowed`) read from its first bytes, or a
    French ValidationError naming `what` (« Le procès-verbal signé ») when it is over
    10 MB or of another type. The file's position is left as it was."""
    if file.size > UPLOAD_MAX_BYTES:
        raise ValidationError(_("%(what)s dépasse 10 Mo.") % {"what": what})
    position = file.tell() if hasattr(file, "tell") else 0
    try:
        file.seek(0)
        head = file.read(8)
    finally:
        file.seek(position)
    for content_type in allowed:
        if head.startswith(MAGIC_NUMBERS[content_type]):
            return content_type
    names = [{PDF: "PDF", JPEG: "JPEG", PNG: "PNG"}[t] for t in allowed]
    types = names[0] if len(names) == 1 else f"{', '.join(names[:-1])} {_('ou')} {names[-1]}"
    raise ValidationError(
        _("%(what)s doit être un fichier %(types)s (d'après son contenu).")
        % {"what": what, "types": types}
    )


LOGO_MAX_BYTES = 2 * 1024 * 1024
# SVG is refused on purpose: it can carry scripts and external references.
LOGO_FORMATS = {"PNG", "JPEG"}


def validate_logo(file) -> None:
    """At most 2 MB, and really a PNG or JPEG image (whatever its name says)."""
    if file.size > LOGO_MAX_BYTES:
        raise ValidationError(_("Le logo dépasse 2 Mo : choisissez un fichier plus léger."))
    position = file.tell() if hasattr(file, "tell") else 0
    try:
        file.seek(0)
        with Image.open(file) as image:
            image_format = image.format
    except (UnidentifiedImageError, OSError, ValueError) as error:
        raise ValidationError(_("Le logo n'est pas une image PNG ou JPEG lisible.")) from error
    finally:
        file.seek(position)
    if image_format not in LOGO_FORMATS:
        raise ValidationError(_("Le logo doit être une image PNG ou JPEG."))
