from django.contrib import admin
from django.db.models import Count, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _
from django_countries.filters import CountryFilter

from core.admin_filters import YearListFilter
from core.admin_mixins import DomainAdminMixin, DomainInlineMixin
from core.audit import ReadAuditAdminMixin

# The referral admin (links on the organisation page, referrals to accept or decline).
from entrepreneurs import referral_admin  # noqa: F401
from entrepreneurs.forms import EntrepreneurAdminForm
from entrepreneurs.models import Encounter, Entrepreneur
from entrepreneurs.resources import EncounterResource, EntrepreneurResource
from spreadsheets.admin import SpreadsheetAdminMixin


def current_user_as_staff_member(request, db_field, kwargs: dict) -> dict:
    """Pre-select the person filling the form: they usually led the encounter."""
    if db_field.name == "staff_member" and request.user.is_staff:
        kwargs.setdefault("initial", request.user.pk)
    return kwargs


class EncounterInline(DomainInlineMixin, admin.TabularInline):
    model = Encounter
    extra = 1
    fields = ["date", "kind", "staff_member", "oriented_towards"]
    autocomplete_fields = ["oriented_towards"]
    show_change_link = True

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        kwargs = current_user_as_staff_member(request, db_field, kwargs)
        field = super().formfield_for_foreignkey(db_field, request, **kwargs)
        if db_field.name == "staff_member":
            # Read the staff list once for every row of the inline, not once per row.
            field.choices = list(field.choices)
        return field


@admin.register(Entrepreneur)
class EntrepreneurAdmin(
    ReadAuditAdminMixin, DomainAdminMixin, SpreadsheetAdminMixin, admin.ModelAdmin
):
    resource_classes = [EntrepreneurResource]
    # What staff look for in the list; gender and skill level are filters (1366 px).
    list_display = [
        "reference",
        "first_name",
        "last_name",
        "country",
        "sector",
        "referred_by",
        "encounter_count",
    ]
    list_display_links = ["reference", "first_name", "last_name"]
    list_filter = [
        "gender",
        ("country_of_origin", CountryFilter),
        "sector",
        "skill_level",
        ("arrival_year", YearListFilter),
        "informal_activity",
    ]
    list_select_related = ["referred_by"]
    search_fields = ["reference", "first_name", "last_name", "email", "phone"]
    # The count annotation groups rows, which drops Meta.ordering (autocomplete pages).
    ordering = ["reference"]
    autocomplete_fields = ["referred_by"]
    readonly_fields = ["created_at", "updated_at", "anonymised_at"]
    form = EntrepreneurAdminForm
    fieldsets = [
        # version: hidden, the one the page was read at (no lost update).
        (None, {"fields": ["reference", "first_name", "last_name", "gender", "version"]}),
        (
            _("Parcours"),
            {"fields": ["birth_year", "country_of_origin", "arrival_year", "referred_by"]},
        ),
        (
            _("Projet"),
            {"fields": ["sector", "project_kind", "skill_level", "informal_activity"]},
        ),
        (_("Contact"), {"fields": ["email", "phone"]}),
        (_("Consentement"), {"fields": ["consent_date", "consent_scope"]}),
        (_("Notes"), {"fields": ["notes", "created_at", "updated_at", "anonymised_at"]}),
    ]
    # Memberships (cooperatives), consent and erasure (privacy) are added by those apps.
    inlines = [EncounterInline]

    def get_queryset(self, request):
        # A correlated subquery is computed for the page's rows only, and left out of the
        # paginator's COUNT (a JOIN + GROUP BY over every encounter is not).
        counts = (
            Encounter.objects.filter(entrepreneur=OuterRef("pk"))
            .order_by()
            .values("entrepreneur")
            .annotate(n=Count("pk"))
            .values("n")
        )
        return super().get_queryset(request).annotate(encounter_count=Coalesce(Subquery(counts), 0))

    @admin.display(description=_("pays d'origine"), ordering="country_of_origin")
    def country(self, obj: Entrepreneur) -> str:
        # The country's name directly: the field's display rebuilds ~250 choices per row.
        return obj.country_of_origin.name

    @admin.display(description=_("rencontres"), ordering="encounter_count")
    def encounter_count(self, obj: Entrepreneur) -> int:
        return obj.encounter_count


@admin.register(Encounter)
class EncounterAdmin(
    ReadAuditAdminMixin, DomainAdminMixin, SpreadsheetAdminMixin, admin.ModelAdmin
):
    resource_classes = [EncounterResource]
    list_display = ["date", "entrepreneur", "kind", "staff_member", "oriented_towards"]
    list_filter = [("date", YearListFilter), "kind", "staff_member", "entrepreneur__sector"]
    list_select_related = ["entrepreneur", "staff_member", "oriented_towards"]
    date_hierarchy = "date"
    search_fields = [
        "entrepreneur__reference",
        "entrepreneur__first_name",
        "entrepreneur__last_name",
        "notes",
    ]
    # staff_member stays a plain select: staff may not browse accounts (no autocomplete).
    autocomplete_fields = ["entrepreneur", "oriented_towards"]

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        kwargs = current_user_as_staff_member(request, db_field, kwargs)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)
