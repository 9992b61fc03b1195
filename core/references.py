"""Stable human references (ENT-0001, COOP-001, EVT-0001) shared by the domain apps."""

import re

from django.db import models


def next_reference(model: type[models.Model], prefix: str, width: int) -> str:
    """The next free reference for `prefix`, after the highest number already used."""
    pattern = re.compile(rf"^{re.escape(prefix)}-(\d+)$")
    last = (
        model._default_manager.filter(reference__regex=rf"^{prefix}-[0-9]+$")
        .order_by("-reference")
        .values_list("reference", flat=True)
    )
    # References of one width sort like numbers; scan a few in case widths were mixed.
    numbers = [int(m.group(1)) for ref in last[:50] if (m := pattern.match(ref))]
    return f"{prefix}-{max(numbers, default=0) + 1:0{width}d}"


class ReferencedModel(models.Model):
    """A model with a unique `reference`, generated on first save when not given."""

    REFERENCE_PREFIX = ""
    REFERENCE_WIDTH = 4

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if not self.reference:
            self.reference = next_reference(type(self), self.REFERENCE_PREFIX, self.REFERENCE_WIDTH)
        super().save(*args, **kwargs)
