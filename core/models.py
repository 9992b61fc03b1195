"""Model helpers without domain: dated QuerySets and the guards of a period's dates.

No concrete model lives here (the cache table comes from a migration of this app).
"""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from core.period import Period


class DatedQuerySet(models.QuerySet):
    """Filters for models with a `date` field (encounters, events, meetings)."""

    def in_period(self, period: Period):
        """Records dated within the period, both ends included."""
        return self.filter(date__range=period.as_range())


def validate_period(start, end, end_field: str = "end_date") -> None:
    """Refuse a period that ends before it starts (shared by every dated model)."""
    if start and end and end < start:
        raise ValidationError({end_field: _("La date de fin précède la date de début.")})


PERIOD_ERROR = _("La date de fin précède la date de début.")


def ends_after_start(
    name: str,
    *,
    start: str = "start_date",
    end: str = "end_date",
    start_optional: bool = False,
    message=PERIOD_ERROR,
) -> models.CheckConstraint:
    """The database's guard for a period: the end, when known, is not before the start."""
    condition = Q(**{f"{end}__isnull": True})
    if start_optional:
        condition |= Q(**{f"{start}__isnull": True})
    condition |= Q(**{f"{end}__gte": F(start)})
    return models.CheckConstraint(condition=condition, name=name, violation_error_message=message)
