"""List filters shared by the domain admins."""

import datetime

from django.contrib import admin
from django.contrib.admin.options import IncorrectLookupParameters
from django.db import models
from django.db.models import Count, Q
from django.utils.translation import gettext_lazy as _


class YearListFilter(admin.FieldListFilter):
    """Filter by calendar year on a date field, or on a plain year field (e.g. `Grant.year`).

    Use as `list_filter = [("date", YearListFilter)]`. The years offered are those present in
    the table, read with a single query, newest first.
    """

    def __init__(self, field, request, params, model, model_admin, field_path):
        self.is_date = isinstance(field, models.DateField)
        self.lookup_kwarg = f"{field_path}__year" if self.is_date else field_path
        super().__init__(field, request, params, model, model_admin, field_path)
        if self.is_date and field_path != "date":
            # Several dates on a model (joined/left): say which one the year is about.
            self.title = _("année (%(field)s)") % {"field": field.verbose_name}
        elif self.is_date:
            self.title = _("année")
        self.years = self._years(model)

    def _years(self, model) -> list[int]:
        queryset = model._default_manager.all()
        if self.is_date:
            return [day.year for day in queryset.dates(self.field_path, "year", order="DESC")]
        return list(
            queryset.exclude(**{f"{self.field_path}__isnull": True})
            .order_by(f"-{self.field_path}")
            .values_list(self.field_path, flat=True)
            .distinct()
        )

    def expected_parameters(self) -> list[str]:
        return [self.lookup_kwarg]

    def selected_year(self) -> int | None:
        values = self.used_parameters.get(self.lookup_kwarg)
        if not values:
            return None
        value = values[-1] if isinstance(values, list) else values
        try:
            year = int(value)
            if self.is_date and not datetime.MINYEAR <= year <= datetime.MAXYEAR:
                raise ValueError(value)  # no date has that year: the query would crash
            return year
        except (TypeError, ValueError) as error:
            # The admin turns this into its "?e=1" page instead of a server error.
            raise IncorrectLookupParameters(
                _("Année invalide : « %(value)s ».") % {"value": value}
            ) from error

    def queryset(self, request, queryset):
        year = self.selected_year()
        if year is None:
            return queryset
        return queryset.filter(**{self.lookup_kwarg: year})

    def get_facet_counts(self, pk_attname, filtered_qs) -> dict[str, Count]:
        return {
            f"{year}__c": Count(pk_attname, filter=Q(**{self.lookup_kwarg: year}))
            for year in self.years
        }

    def choices(self, changelist):
        facet_counts = self.get_facet_queryset(changelist) if changelist.add_facets else None
        selected = self.selected_year()
        yield {
            "selected": selected is None,
            "query_string": changelist.get_query_string(remove=[self.lookup_kwarg]),
            "display": _("Toutes"),
        }
        for year in self.years:
            display = str(year)
            if facet_counts is not None:
                display = f"{year} ({facet_counts[f'{year}__c']})"
            yield {
                "selected": selected == year,
                "query_string": changelist.get_query_string({self.lookup_kwarg: year}),
                "display": display,
            }
