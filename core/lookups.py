"""Lookups that refuse impossible values when a filter is built, not when the query runs.

The admin turns an error raised while building its filters into « bad parameters » (a
redirect to the list); an error raised later, while the query runs, is a server error. A
year out of 1..9999 (`?date__year=99999`) or a malformed pattern (`?reference__regex=(`)
would otherwise crash there. Registered by CoreConfig.ready().
"""

import datetime
import re

from django.db.models import Field
from django.db.models.functions import ExtractIsoYear, ExtractYear
from django.db.models.lookups import IRegex, Regex, YearExact, YearGt, YearGte, YearLt, YearLte


class _BoundedYear:
    def get_prep_lookup(self):
        value = super().get_prep_lookup()
        if isinstance(value, int) and not datetime.MINYEAR <= value <= datetime.MAXYEAR:
            raise ValueError(f"year {value} out of range {datetime.MINYEAR}..{datetime.MAXYEAR}")
        return value


class _CheckedPattern:
    def get_prep_lookup(self):
        value = super().get_prep_lookup()
        if isinstance(value, str):
            re.compile(value)  # re.error is a ValueError
        return value


def register() -> None:
    for lookup in (YearExact, YearGt, YearGte, YearLt, YearLte):
        bounded = type(f"Bounded{lookup.__name__}", (_BoundedYear, lookup), {})
        ExtractYear.register_lookup(bounded)
        ExtractIsoYear.register_lookup(bounded)
    for lookup in (Regex, IRegex):
        Field.register_lookup(type(f"Checked{lookup.__name__}", (_CheckedPattern, lookup), {}))
