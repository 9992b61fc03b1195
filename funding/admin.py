from django import forms
from django.contrib import admin
from django.db import models
from django.db.models import Sum
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from core.admin_filters import YearListFilter
from core.admin_mixins import DomainAdminMixin, DomainInlineMixin
from core.formatting import french_amount
from funding.models import AgreementDocument, GrantAgreement, Instalment, ReportDeadline
from funding.resources import GrantAgreementResource
from spreadsheets.admin import SpreadsheetAdminMixin


class InstalmentInline(DomainInlineMixin, admin.TabularInline):
    model = Instalment
    extra = 0
    fields = ["due_on", "amount", "received_on"]


class ReportDeadlineInline(DomainInlineMixin, admin.TabularInline):
    model = ReportDeadline
    extra = 0
    fields = ["kind", "due_on", "sent_on"]


class AgreementDocumentInline(DomainInlineMixin, admin.TabularInline):
    model = AgreementDocument
    extra = 0
    fields = ["title", "file", "download_link", "uploaded_at"]
    readonly_fields = ["download_link", "uploaded_at"]
    # The private storage has no URL: no « currently: <link> », the staff view instead.
    formfield_overrides = {models.FileField: {"widget": forms.FileInput}}

    @admin.display(description=_("télécharger"))
    def download_link(self, obj: AgreementDocument) -> str:
        if not obj.pk:
            return "—"
        return format_html('<a href="{}">{}</a>', obj.get_absolute_url(), _("PDF"))


@admin.register(GrantAgreement)
class GrantAgreementAdmin(DomainAdminMixin, SpreadsheetAdminMixin, admin.ModelAdmin):
    resource_classes = [GrantAgreementResource]
    list_display = [
        "reference",
        "funder",
        "title",
        "start_date",
        "end_date",
        "awarded",
        "received",
        "status",
    ]
    list_filter = [("start_date", YearListFilter), "status", "whole_association", "funder__kind"]
    list_select_related = ["funder"]
    search_fields = ["reference", "title", "funder__name", "contact_name"]
    autocomplete_fields = ["funder", "programmes", "cooperatives", "events"]
    fieldsets = [
        (None, {"fields": ["reference", "funder", "title", "status", "notes"]}),
        (_("Période et montants"), {"fields": [
            "start_date", "end_date", "amount_requested", "amount_awarded",
        ]}),
        (_("Périmètre"), {"fields": ["whole_association", "programmes", "cooperatives", "events"]}),
        (_("Ce que demande le financeur"), {"fields": [
            "requested_figures", "contact_name", "contact_email",
        ]}),
    ]  # fmt: skip
    inlines = [InstalmentInline, ReportDeadlineInline, AgreementDocumentInline]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(received_total=Sum("instalments__amount", filter=_received()))
        )

    @admin.display(description=_("accordé"), ordering="amount_awarded")
    def awarded(self, obj: GrantAgreement) -> str:
        return french_amount(obj.amount_awarded) if obj.amount_awarded is not None else "—"

    @admin.display(description=_("reçu"), ordering="received_total")
    def received(self, obj: GrantAgreement) -> str:
        received = getattr(obj, "received_total", None)
        return french_amount(received) if received else "—"


def _received():
    return models.Q(instalments__received_on__isnull=False)


@admin.register(Instalment)
class InstalmentAdmin(DomainAdminMixin, admin.ModelAdmin):
    list_display = ["agreement", "due_on", "amount", "received_on"]
    list_filter = [("due_on", YearListFilter), "received_on"]
    list_select_related = ["agreement", "agreement__funder"]
    search_fields = ["agreement__reference", "agreement__funder__name"]
    autocomplete_fields = ["agreement"]


@admin.register(ReportDeadline)
class ReportDeadlineAdmin(DomainAdminMixin, admin.ModelAdmin):
    list_display = ["agreement", "kind", "due_on", "sent_on"]
    list_filter = ["kind", ("due_on", YearListFilter), "sent_on"]
    list_select_related = ["agreement", "agreement__funder"]
    search_fields = ["agreement__reference", "agreement__funder__name"]
    autocomplete_fields = ["agreement"]
