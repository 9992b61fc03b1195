from django.contrib import admin
from django.db.models import Count
from django.utils.translation import gettext_lazy as _

from cooperatives.models import Cooperative, Membership, Outcome, Programme
from cooperatives.resources import CooperativeResource, MembershipResource, OutcomeResource
from core.admin import extend_model_admin
from core.admin_filters import YearListFilter
from core.admin_mixins import DomainAdminMixin, DomainInlineMixin
from core.audit import ReadAuditAdminMixin
from entrepreneurs.models import Entrepreneur
from spreadsheets.admin import SpreadsheetAdminMixin


class StatusListFilter(admin.SimpleListFilter):
    """The status is derived from the dates: filter with the matching QuerySet method."""

    title = _("statut")
    parameter_name = "status"

    def lookups(self, request, model_admin):
        return Cooperative.Status.choices

    def queryset(self, request, queryset):
        filters = {
            Cooperative.Status.PLANNED: queryset.planned,
            Cooperative.Status.RUNNING: queryset.running,
            Cooperative.Status.ENDED: queryset.ended,
        }
        chosen = filters.get(self.value())
        return chosen() if chosen else queryset


@admin.register(Programme)
class ProgrammeAdmin(DomainAdminMixin, admin.ModelAdmin):
    list_display = ["name", "start_year", "end_year", "cooperative_count"]
    search_fields = ["name"]
    autocomplete_fields = ["partners"]
    # The count annotation groups rows, which drops Meta.ordering (autocomplete pages).
    ordering = ["name"]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(cooperative_count=Count("cooperatives"))

    @admin.display(description=_("coopératives"), ordering="cooperative_count")
    def cooperative_count(self, obj: Programme) -> int:
        return obj.cooperative_count


class MembershipInline(DomainInlineMixin, admin.TabularInline):
    model = Membership
    extra = 1
    fields = ["entrepreneur", "joined_on", "left_on", "exit_reason"]
    autocomplete_fields = ["entrepreneur"]
    show_change_link = True


@admin.register(Cooperative)
class CooperativeAdmin(DomainAdminMixin, SpreadsheetAdminMixin, admin.ModelAdmin):
    resource_classes = [CooperativeResource]
    # Kind and programme are filters, the end date is on the page (1366 px).
    list_display = [
        "reference",
        "name",
        "sector",
        "host",
        "start_date",
        "status",
        "cooperator_count",
    ]
    list_display_links = ["reference", "name"]
    list_filter = [
        StatusListFilter,
        "kind",
        "sector",
        "programme",
        ("start_date", YearListFilter),
    ]
    list_select_related = ["programme", "host"]
    date_hierarchy = "start_date"
    search_fields = ["reference", "name", "brand_name", "host__name"]
    # The count annotation groups rows, which drops Meta.ordering (autocomplete pages).
    ordering = ["-start_date", "name"]
    autocomplete_fields = ["programme", "host"]
    fieldsets = [
        (None, {"fields": ["reference", "name", "kind", "programme", "sector", "host"]}),
        (
            _("Calendrier"),
            {"fields": ["planned_start", "start_date", "end_date", "postponement_reason"]},
        ),
        (
            _("Espace et marque"),
            {
                "fields": [
                    "workspace_description",
                    "workspace_area_m2",
                    "brand_name",
                    "brand_created_on",
                ]
            },
        ),
    ]
    inlines = [MembershipInline]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(cooperator_count=Count("memberships"))

    @admin.display(description=_("statut"))
    def status(self, obj: Cooperative) -> str:
        return obj.get_status_display()

    @admin.display(description=_("coopérateur·rices"), ordering="cooperator_count")
    def cooperator_count(self, obj: Cooperative) -> int:
        return obj.cooperator_count


@admin.register(Membership)
class MembershipAdmin(
    ReadAuditAdminMixin, DomainAdminMixin, SpreadsheetAdminMixin, admin.ModelAdmin
):
    resource_classes = [MembershipResource]
    list_display = ["entrepreneur", "cooperative", "joined_on", "left_on", "exit_reason"]
    list_filter = [
        ("joined_on", YearListFilter),
        "cooperative",
        "cooperative__sector",
        "exit_reason",
    ]
    list_select_related = ["entrepreneur", "cooperative"]
    search_fields = [
        "entrepreneur__reference",
        "entrepreneur__first_name",
        "entrepreneur__last_name",
        "cooperative__reference",
        "cooperative__name",
    ]
    autocomplete_fields = ["cooperative", "entrepreneur"]


class EntrepreneurMembershipInline(DomainInlineMixin, admin.TabularInline):
    """An entrepreneur's memberships, on her page (the entrepreneurs app knows no
    cooperative: the inline is added from here)."""

    model = Membership
    extra = 0
    fields = ["cooperative", "joined_on", "left_on", "exit_reason"]
    autocomplete_fields = ["cooperative"]
    show_change_link = True


class OutcomeInline(DomainInlineMixin, admin.TabularInline):
    model = Outcome
    extra = 0
    fields = ["checkpoint", "date", "situation", "notes"]


extend_model_admin(Entrepreneur, inlines=[EntrepreneurMembershipInline, OutcomeInline])


@admin.register(Outcome)
class OutcomeAdmin(ReadAuditAdminMixin, DomainAdminMixin, SpreadsheetAdminMixin, admin.ModelAdmin):
    resource_classes = [OutcomeResource]
    list_display = ["entrepreneur", "checkpoint", "date", "situation"]
    list_filter = [("date", YearListFilter), "checkpoint", "situation"]
    list_select_related = ["entrepreneur"]
    date_hierarchy = "date"
    search_fields = [
        "entrepreneur__reference",
        "entrepreneur__first_name",
        "entrepreneur__last_name",
        "notes",
    ]
    autocomplete_fields = ["entrepreneur"]
