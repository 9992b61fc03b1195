"""What the demo's loaders share: finding a record the CSV files made, counting creations."""

import datetime

from django.db import models
from django.utils.translation import gettext_lazy as _

D = datetime.date


class DemoDataMissingError(Exception):
    """A record the extras refer to is absent: the CSV files were not loaded first."""


def get_record(model: type[models.Model], **key) -> models.Model:
    try:
        return model._default_manager.get(**key)
    except model.DoesNotExist:
        raise DemoDataMissingError(
            _("%(model)s introuvable (%(key)s) : chargez d'abord les fichiers CSV de demo/data/.")
            % {"model": model._meta.verbose_name, "key": key}
        ) from None


def created_count(results) -> int:
    return sum(1 for _obj, created in results if created)
