"""List filters of the governance admin."""

from django.contrib import admin
from django.contrib.admin.options import IncorrectLookupParameters
from django.utils.translation import gettext_lazy as _

from governance.models import Due


class DuesPaidFilter(admin.SimpleListFilter):
    """Members « à jour » of a year's dues (Member.objects.up_to_date), for the years of
    dues recorded (one query)."""

    title = _("à jour de cotisation")
    parameter_name = "dues_paid"

    def lookups(self, request, model_admin):
        years = Due.objects.order_by("-year").values_list("year", flat=True).distinct()
        return [(str(year), str(year)) for year in years]

    def queryset(self, request, queryset):
        value = self.value()
        if not value:
            return queryset
        if not value.isdigit() or not 2000 <= int(value) <= 2100:
            raise IncorrectLookupParameters(_("Année invalide : « %(value)s ».") % {"value": value})
        return queryset.up_to_date(int(value))
