"""Validators shared by the domain models."""

import datetime

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

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
