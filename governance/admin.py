from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.db import models
from django.db.models import Count
from django.utils.translation import gettext_lazy as _

from core.admin_mixins import DomainAdminMixin, DomainInlineMixin
from governance.admin_filters import YearListFilter
from governance.models import (
    Contribution,
    Decision,
    Dossier,
    Grant,
    Mandate,
    Meeting,
    Member,
    Organisation,
    Partnership,
    StaffPosition,
    User,
)
from governance.resources import MeetingResource, OrganisationResource
from imports.admin import SpreadsheetAdminMixin


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    ordering = ["email"]
    list_display = ["email", "first_name", "last_name", "is_staff", "is_active", "last_login"]
    list_filter = ["is_staff", "is_superuser", "is_active", "groups"]
    search_fields = ["email", "first_name", "last_name"]
    fieldsets = [
        (None, {"fields": ["email", "password"]}),
        (_("Identité"), {"fields": ["first_name", "last_name"]}),
        (_("Rôle et droits"), {"fields": ["is_active", "is_staff", "is_superuser", "groups"]}),
        (_("Dates"), {"fields": ["last_login", "date_joined"]}),
    ]
    add_fieldsets = [
        (None, {"classes": ["wide"], "fields": ["email", "password1", "password2"]}),
    ]
    filter_horizontal = ["groups"]


class UserLinkReadOnlyForStaff:
    """Accounts are the superuser's business: staff see the linked account, never pick one."""

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        return fields if request.user.is_superuser else [*fields, "user"]


class PartnershipInline(DomainInlineMixin, admin.TabularInline):
    model = Partnership
    extra = 0
    fields = ["role", "start_date", "end_date", "notes"]


@admin.register(Organisation)
class OrganisationAdmin(DomainAdminMixin, SpreadsheetAdminMixin, admin.ModelAdmin):
    resource_classes = [OrganisationResource]
    list_display = ["name", "kind", "website"]
    list_filter = ["kind", "partnerships__role"]
    search_fields = ["name"]
    inlines = [PartnershipInline]
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}


@admin.register(Partnership)
class PartnershipAdmin(DomainAdminMixin, admin.ModelAdmin):
    list_display = ["organisation", "role", "start_date", "end_date"]
    list_filter = ["role", ("start_date", YearListFilter), "organisation__kind"]
    list_select_related = ["organisation"]
    search_fields = ["organisation__name", "notes"]
    autocomplete_fields = ["organisation"]


@admin.register(Grant)
class GrantAdmin(DomainAdminMixin, admin.ModelAdmin):
    list_display = ["year", "funder", "amount", "status", "purpose"]
    list_filter = [("year", YearListFilter), "status", "funder__kind"]
    list_select_related = ["funder"]
    search_fields = ["funder__name", "purpose"]
    autocomplete_fields = ["funder"]


@admin.register(Member)
class MemberAdmin(UserLinkReadOnlyForStaff, DomainAdminMixin, admin.ModelAdmin):
    list_display = ["last_name", "first_name", "email", "joined_on"]
    list_filter = [("joined_on", YearListFilter)]
    search_fields = ["last_name", "first_name", "email"]


@admin.register(Dossier)
class DossierAdmin(DomainAdminMixin, admin.ModelAdmin):
    list_display = ["name"]
    search_fields = ["name"]


@admin.register(Mandate)
class MandateAdmin(DomainAdminMixin, admin.ModelAdmin):
    list_display = ["member", "role", "start_date", "end_date", "dossier_names"]
    list_filter = ["role", ("start_date", YearListFilter)]
    list_select_related = ["member"]
    search_fields = ["member__last_name", "member__first_name", "dossiers__name"]
    autocomplete_fields = ["member"]
    filter_horizontal = ["dossiers"]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("dossiers")

    @admin.display(description=_("dossiers portés"))
    def dossier_names(self, obj: Mandate) -> str:
        return ", ".join(dossier.name for dossier in obj.dossiers.all())


class DecisionInline(DomainInlineMixin, admin.TabularInline):
    model = Decision
    extra = 1
    fields = ["text", "votes_for", "votes_against", "abstentions"]


@admin.register(Meeting)
class MeetingAdmin(DomainAdminMixin, SpreadsheetAdminMixin, admin.ModelAdmin):
    resource_classes = [MeetingResource]
    list_display = ["date", "kind", "format", "title", "attendee_count", "decision_count"]
    list_filter = [("date", YearListFilter), "kind", "format"]
    date_hierarchy = "date"
    search_fields = ["title", "agenda", "minutes"]
    # The count annotation groups rows, which drops Meta.ordering (autocomplete pages).
    ordering = ["-date"]
    filter_horizontal = ["attendees"]
    inlines = [DecisionInline]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(
                attendee_count=Count("attendees", distinct=True),
                decision_count=Count("decisions", distinct=True),
            )
        )

    @admin.display(description=_("participant·es"), ordering="attendee_count")
    def attendee_count(self, obj: Meeting) -> int:
        return obj.attendee_count

    @admin.display(description=_("décisions"), ordering="decision_count")
    def decision_count(self, obj: Meeting) -> int:
        return obj.decision_count


@admin.register(StaffPosition)
class StaffPositionAdmin(UserLinkReadOnlyForStaff, DomainAdminMixin, admin.ModelAdmin):
    list_display = [
        "last_name",
        "first_name",
        "role",
        "contract_type",
        "start_date",
        "end_date",
        "funding_scheme",
    ]
    list_filter = ["contract_type", ("start_date", YearListFilter)]
    search_fields = ["last_name", "first_name", "role", "funding_scheme"]


@admin.register(Contribution)
class ContributionAdmin(DomainAdminMixin, admin.ModelAdmin):
    list_display = ["date", "kind", "contributor", "organisation", "hours", "value", "meeting"]
    list_filter = [("date", YearListFilter), "kind"]
    list_select_related = ["organisation", "meeting"]
    date_hierarchy = "date"
    search_fields = ["contributor", "description", "organisation__name"]
    autocomplete_fields = ["organisation", "meeting"]
