from django import forms
from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.db import models
from django.db.models import Count, Q
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from core.admin import truncated
from core.admin_filters import YearListFilter
from core.admin_mixins import DomainAdminMixin, DomainInlineMixin
from core.formatting import french_amount
from governance.admin_filters import DuesPaidFilter
from governance.documents import send_notice
from governance.forms import DecisionFormSet, ListCheckedForm, MeetingAttendanceFormSet
from governance.models import (
    AgendaItem,
    Association,
    Contribution,
    Decision,
    Dossier,
    Due,
    Mandate,
    Meeting,
    MeetingAttendance,
    MeetingGuest,
    Member,
    Organisation,
    Partnership,
    StaffPosition,
    StatuteRule,
    User,
)
from governance.resources import (
    DueResource,
    MeetingAttendanceResource,
    MeetingResource,
    MemberResource,
    OrganisationResource,
)
from spreadsheets.admin import SpreadsheetAdminMixin


@admin.register(Association)
class AssociationAdmin(DomainAdminMixin, admin.ModelAdmin):
    """One row: the list opens it (or the form to create it); it is never deleted."""

    fields = ["name", "logo"]

    # Adding is allowed (the sidebar asks every page, a query here would cost them all
    # one); once the row exists, the add form opens it instead.

    def has_delete_permission(self, request, obj=None) -> bool:
        return False

    def add_view(self, request, form_url="", extra_context=None):
        saved = Association.saved()
        if saved is not None:
            return redirect("admin:governance_association_change", saved.pk)
        return super().add_view(request, form_url, extra_context)

    def changelist_view(self, request, extra_context=None):
        saved = Association.saved()
        if saved is not None and self.has_view_or_change_permission(request, saved):
            return redirect("admin:governance_association_change", saved.pk)
        if saved is None and self.has_add_permission(request):
            return redirect("admin:governance_association_add")
        return super().changelist_view(request, extra_context)


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


class DueInline(DomainInlineMixin, admin.TabularInline):
    model = Due
    extra = 0
    fields = ["year", "amount", "paid_on"]


@admin.register(Member)
class MemberAdmin(
    DomainAdminMixin, SpreadsheetAdminMixin, UserLinkReadOnlyForStaff, admin.ModelAdmin
):
    resource_classes = [MemberResource]
    list_display = ["reference", "last_name", "first_name", "email", "joined_on"]
    list_filter = [("joined_on", YearListFilter), DuesPaidFilter]
    search_fields = ["reference", "last_name", "first_name", "email"]
    readonly_fields = ["reference"]
    inlines = [DueInline]


@admin.register(Due)
class DueAdmin(DomainAdminMixin, SpreadsheetAdminMixin, admin.ModelAdmin):
    resource_classes = [DueResource]
    list_display = ["member", "year", "amount", "paid_on"]
    list_filter = [("year", YearListFilter), ("paid_on", admin.EmptyFieldListFilter)]
    list_select_related = ["member"]
    search_fields = ["member__reference", "member__last_name", "member__first_name"]
    autocomplete_fields = ["member"]


@admin.register(MeetingAttendance)
class MeetingAttendanceAdmin(DomainAdminMixin, SpreadsheetAdminMixin, admin.ModelAdmin):
    """The list behind imports and exports of attendance; staff record it on the meeting."""

    resource_classes = [MeetingAttendanceResource]
    list_display = ["meeting", "member", "status", "proxy_holder"]
    list_filter = ["status", "meeting__kind"]
    list_select_related = ["meeting", "member", "proxy_holder"]
    search_fields = ["meeting__reference", "member__reference", "member__last_name"]
    autocomplete_fields = ["meeting", "member", "proxy_holder"]


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


class FrozenWhenSignedInline:
    """Once its signed minutes are uploaded, a meeting's lines are read only."""

    def _frozen(self, obj) -> bool:
        return obj is not None and obj.is_signed

    def has_add_permission(self, request, obj=None):
        return not self._frozen(obj) and super().has_add_permission(request, obj)

    def has_change_permission(self, request, obj=None):
        return not self._frozen(obj) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return not self._frozen(obj) and super().has_delete_permission(request, obj)


class AgendaItemInline(FrozenWhenSignedInline, DomainInlineMixin, admin.TabularInline):
    model = AgendaItem
    extra = 0
    fields = ["position", "title", "description"]


def fixed_choices(formset, name: str, choices: list) -> None:
    """Give a formset's select the same list for every row, read once (not once a row)."""
    field = formset.form.base_fields[name]
    field.choices = choices
    widget = getattr(field.widget, "widget", field.widget)  # inside the admin's wrapper
    widget.choices = choices


class MeetingAttendanceInline(FrozenWhenSignedInline, DomainInlineMixin, admin.TabularInline):
    model = MeetingAttendance
    formset = MeetingAttendanceFormSet
    form = ListCheckedForm
    extra = 0
    fields = ["member", "status", "proxy_holder"]

    def get_queryset(self, request):
        # Each row's title names its member.
        return super().get_queryset(request).select_related("member")

    def get_formset(self, request, obj=None, **kwargs):
        """Members offered: the meeting's voters and those already recorded (any member
        while the meeting is new); the formset refuses anyone else with its reason."""
        formset = super().get_formset(request, obj, **kwargs)
        members = Member.objects.all()
        if obj is not None and obj.pk:
            rule = obj.rule()
            if rule is not None:
                recorded = Q(meeting_attendances__meeting=obj)
                members = members.filter(Q(pk__in=obj.voters(rule).values("pk")) | recorded)
        choices = [("", "---------")] + [
            (member.pk, str(member))
            for member in members.distinct().order_by("last_name", "first_name")
        ]
        fixed_choices(formset, "member", choices)
        fixed_choices(formset, "proxy_holder", choices)
        return formset


class MeetingGuestInline(FrozenWhenSignedInline, DomainInlineMixin, admin.TabularInline):
    model = MeetingGuest
    extra = 0
    fields = ["name", "capacity", "organisation"]
    autocomplete_fields = ["organisation"]


class DecisionInline(FrozenWhenSignedInline, DomainInlineMixin, admin.TabularInline):
    model = Decision
    formset = DecisionFormSet
    form = ListCheckedForm
    extra = 0
    fields = [
        "agenda_item",
        "text",
        "statutes_amendment",
        "votes_for",
        "votes_against",
        "abstentions",
    ]

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)
        items = AgendaItem.objects.filter(meeting=obj) if obj is not None and obj.pk else []
        formset.form.base_fields["agenda_item"].queryset = AgendaItem.objects.filter(
            meeting=obj if obj is not None and obj.pk else None
        )
        choices = [("", "---------")] + [(item.pk, str(item)) for item in items]
        fixed_choices(formset, "agenda_item", choices)
        return formset


@admin.register(Meeting)
class MeetingAdmin(DomainAdminMixin, SpreadsheetAdminMixin, admin.ModelAdmin):
    resource_classes = [MeetingResource]
    list_display = [
        "date",
        "reference",
        "kind",
        "format",
        "short_title",
        "attendee_count",
        "decision_count",
    ]
    list_filter = [("date", YearListFilter), "kind", "format"]
    date_hierarchy = "date"
    search_fields = ["reference", "title", "agenda_items__title", "minutes"]
    # The count annotation groups rows, which drops Meta.ordering (autocomplete pages).
    ordering = ["-date"]
    readonly_fields = ["reference", "documents"]
    fieldsets = [
        (None, {"fields": ["reference", "kind", "date", "format", "title", "location"]}),
        (_("Convocation"), {"fields": ["notice_date"]}),
        (_("Procès-verbal"), {"fields": ["minutes", "signed_minutes", "documents"]}),
    ]
    inlines = [AgendaItemInline, MeetingAttendanceInline, MeetingGuestInline, DecisionInline]
    actions = ["send_notice"]

    def get_queryset(self, request):
        counted = ~Q(attendances__status=MeetingAttendance.Status.EXCUSED)
        return (
            super()
            .get_queryset(request)
            .annotate(
                attendee_count=Count("attendances", filter=counted, distinct=True),
                decision_count=Count("decisions", distinct=True),
            )
        )

    def get_readonly_fields(self, request, obj=None):
        if obj is not None and obj.is_signed:
            return [f.name for f in Meeting._meta.concrete_fields if f.name != "id"] + ["documents"]
        return super().get_readonly_fields(request, obj)

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if db_field.name == "signed_minutes":
            # A private file has no URL: the plain input never shows a link to it.
            kwargs["widget"] = forms.FileInput(attrs={"accept": "application/pdf"})
        return super().formfield_for_dbfield(db_field, request, **kwargs)

    def get_fieldsets(self, request, obj=None):
        if obj is None or not obj.is_signed:
            # The hidden version is added by the lock mixin (core.locking).
            return super().get_fieldsets(request, obj)
        # A private file has no URL to show: the documents line links to its own view.
        return [
            (name, {"fields": [f for f in options["fields"] if f != "signed_minutes"]})
            for name, options in self.fieldsets
        ]

    def _create_formsets(self, request, obj, change):
        # The resolutions' check needs the attendance as submitted, in its sibling formset.
        formsets, inlines = super()._create_formsets(request, obj, change)
        for formset in formsets:
            formset.siblings = formsets
        return formsets, inlines

    @admin.display(description=_("intitulé"), ordering="title")
    def short_title(self, obj: Meeting) -> str:
        return truncated(obj.title)

    @admin.display(description=_("présent·es ou représenté·es"), ordering="attendee_count")
    def attendee_count(self, obj: Meeting) -> int:
        return obj.attendee_count

    @admin.display(description=_("décisions"), ordering="decision_count")
    def decision_count(self, obj: Meeting) -> int:
        return obj.decision_count

    @admin.display(description=_("documents"))
    def documents(self, obj: Meeting) -> str:
        if not obj.pk:
            return "—"
        links = format_html(
            '<a href="{}">{}</a> · <a href="{}">{}</a>',
            reverse("governance:notice_pdf", args=[obj.reference]),
            _("Convocation (PDF)"),
            reverse("governance:minutes_pdf", args=[obj.reference]),
            _("Procès-verbal (PDF)"),
        )
        if obj.is_signed:
            signed = reverse("governance:signed_minutes", args=[obj.reference])
            links += format_html(' · <a href="{}">{}</a>', signed, _("Procès-verbal signé"))
        return links

    @admin.action(description=_("Envoyer la convocation aux votant·es"))
    def send_notice(self, request, queryset):
        for meeting in queryset:
            sent = send_notice(meeting)
            message = ngettext(
                "%(meeting)s : convocation envoyée à %(count)s votant·e.",
                "%(meeting)s : convocation envoyée à %(count)s votant·es.",
                sent,
            )
            self.message_user(request, message % {"meeting": meeting, "count": sent})


@admin.register(StatuteRule)
class StatuteRuleAdmin(DomainAdminMixin, admin.ModelAdmin):
    """The statutes' rules: superusers only (a change of statutes, voted by an AG)."""

    list_display = [
        "kind",
        "electorate",
        "quorum_numerator",
        "quorum_denominator",
        "max_proxies",
        "qualified_numerator",
        "qualified_denominator",
    ]

    def has_module_permission(self, request):
        return request.user.is_superuser

    def has_view_permission(self, request, obj=None):
        return request.user.is_superuser

    def has_add_permission(self, request):
        return request.user.is_superuser

    def has_change_permission(self, request, obj=None):
        return request.user.is_superuser

    def has_delete_permission(self, request, obj=None):
        return request.user.is_superuser


@admin.register(StaffPosition)
class StaffPositionAdmin(UserLinkReadOnlyForStaff, DomainAdminMixin, admin.ModelAdmin):
    # The funding scheme is on the page and searchable (1366 px).
    list_display = [
        "last_name",
        "first_name",
        "short_role",
        "contract_type",
        "start_date",
        "end_date",
    ]
    list_filter = ["contract_type", ("start_date", YearListFilter)]
    search_fields = ["last_name", "first_name", "role", "funding_scheme"]

    @admin.display(description=_("fonction"), ordering="role")
    def short_role(self, obj: StaffPosition) -> str:
        return truncated(obj.role)


@admin.register(Contribution)
class ContributionAdmin(DomainAdminMixin, admin.ModelAdmin):
    list_display = [
        "date",
        "kind",
        "contributor",
        "organisation",
        "hours",
        "value_display",
        "meeting",
    ]
    list_filter = [("date", YearListFilter), "kind"]
    list_select_related = ["organisation", "meeting"]
    date_hierarchy = "date"
    search_fields = ["contributor", "description", "organisation__name"]
    autocomplete_fields = ["organisation", "meeting"]

    @admin.display(description=_("valeur"), ordering="value")
    def value_display(self, obj: Contribution) -> str:
        return "—" if obj.value is None else french_amount(obj.value)
