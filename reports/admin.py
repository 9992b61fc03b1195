from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from cooperatives import stats as cooperative_stats
from core.admin import french_datetime
from core.admin_mixins import DomainAdminMixin, DomainInlineMixin
from core.audit import ReadAuditAdminMixin
from core.period import MAX_YEAR, MIN_YEAR, Period
from events import stats as event_stats
from reports.models import (
    ActiveCooperative,
    CooperatorEngaged,
    EntrepreneurMet,
    ReportEdition,
    ReportSection,
)
from reports.rendering import build_content, render_content_pdf
from reports.services import publish_edition, reopen_edition


def _editable(obj: ReportEdition | None) -> bool:
    return obj is None or not obj.is_published


class ReportSectionInline(DomainInlineMixin, admin.StackedInline):
    model = ReportSection
    extra = 0
    fields = ["order", "chapter", "heading", "body"]
    ordering = ["order", "pk"]

    # A published edition is frozen: its sections can be read, never changed.
    def has_add_permission(self, request, obj=None):
        return _editable(obj) and super().has_add_permission(request, obj)

    def has_change_permission(self, request, obj=None):
        return _editable(obj) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return _editable(obj) and super().has_delete_permission(request, obj)


@admin.register(ReportEdition)
class ReportEditionAdmin(DomainAdminMixin, admin.ModelAdmin):
    list_display = ["year", "version", "title", "status", "published_at", "preview_link"]
    list_filter = ["status", "year"]
    list_select_related = ["published_by"]
    search_fields = ["title"]
    ordering = ["-year", "-version"]
    fields = ["year", "title", "introduction", "logo", "approved_by_meeting"]
    autocomplete_fields = ["approved_by_meeting"]
    readonly_fields = [
        "version",
        "status",
        "published_on",
        "published_by",
        "pdf_link",
        "preview_link",
    ]
    inlines = [ReportSectionInline]
    actions = ["publish", "reopen"]

    def get_fields(self, request, obj=None):
        return [*self.fields, *self.readonly_fields] if obj else self.fields

    def has_change_permission(self, request, obj=None):
        return _editable(obj) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return _editable(obj) and super().has_delete_permission(request, obj)

    @admin.display(description=_("publiée le"))
    def published_on(self, obj: ReportEdition) -> str:
        return french_datetime(obj.published_at) if obj.published_at else "—"

    @admin.display(description=_("aperçu"))
    def preview_link(self, obj: ReportEdition) -> str:
        html = reverse("admin:reports_reportedition_preview", args=[obj.pk])
        pdf = reverse("admin:reports_reportedition_preview_pdf", args=[obj.pk])
        return format_html('<a href="{}">{}</a> · <a href="{}">{}</a>', html, _("Page"), pdf, "PDF")

    @admin.display(description=_("PDF publié"))
    def pdf_link(self, obj: ReportEdition) -> str:
        if not obj.is_published:
            return "—"
        url = reverse("reports:report_pdf", args=[obj.year])
        return format_html('<a href="{}">{}</a>', url, _("Télécharger"))

    @admin.action(description=_("Publier"), permissions=["change"])
    def publish(self, request: HttpRequest, queryset) -> None:
        for edition in queryset.order_by("year", "version"):
            try:
                publish_edition(edition, request.user)
            except ValidationError as error:
                self.message_user(request, " ".join(error.messages), messages.ERROR)
            else:
                self.message_user(request, _("%(edition)s publiée.") % {"edition": edition.title})

    @admin.action(description=_("Rouvrir comme nouveau brouillon"), permissions=["add"])
    def reopen(self, request: HttpRequest, queryset) -> None:
        for edition in queryset.order_by("year", "version"):
            try:
                draft = reopen_edition(edition)
            except ValidationError as error:
                self.message_user(request, " ".join(error.messages), messages.ERROR)
            else:
                self.message_user(
                    request,
                    _("Brouillon %(year)s version %(version)s créé.")
                    % {"year": draft.year, "version": draft.version},
                )

    def get_urls(self):
        view = self.admin_site.admin_view
        return [
            path(
                "<int:pk>/preview/",
                view(self.preview_view),
                name="reports_reportedition_preview",
            ),
            path(
                "<int:pk>/publish/",
                view(self.publish_view),
                name="reports_reportedition_publish",
            ),
            path(
                "<int:pk>/preview.pdf",
                view(self.preview_pdf_view),
                name="reports_reportedition_preview_pdf",
            ),
            *super().get_urls(),
        ]

    def _preview_edition(self, request: HttpRequest, pk: int) -> ReportEdition:
        edition = get_object_or_404(ReportEdition.objects.prefetch_related("sections"), pk=pk)
        if not self.has_view_permission(request, edition):
            raise PermissionDenied
        return edition

    def preview_view(self, request: HttpRequest, pk: int) -> HttpResponse:
        edition = self._preview_edition(request, pk)
        content = build_content(edition.year, edition, staff_view=True)
        context = {**self.admin_site.each_context(request), "report": content, "preview": True}
        return TemplateResponse(request, "admin/reports/reportedition/preview.html", context)

    def publish_view(self, request: HttpRequest, pk: int) -> HttpResponse:
        """« Publier » from the edition's page: a confirmation page, then the publication
        (the same service as the list's action)."""
        edition = get_object_or_404(ReportEdition, pk=pk)
        if not self.has_change_permission(request, edition):
            raise PermissionDenied
        change_url = reverse("admin:reports_reportedition_change", args=[edition.pk])
        if request.method == "POST":
            try:
                publish_edition(edition, request.user)
            except ValidationError as error:
                self.message_user(request, " ".join(error.messages), messages.ERROR)
                return redirect(change_url)
            self.message_user(
                request,
                _(
                    "Rapport %(year)s publié (version %(version)s) : le conseil "
                    "d'administration le voit dès maintenant."
                )
                % {"year": edition.year, "version": edition.version},
            )
            return redirect(change_url)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "edition": edition,
            "title": _("Publier le rapport %(year)s") % {"year": edition.year},
            "change_url": change_url,
        }
        return TemplateResponse(
            request, "admin/reports/reportedition/publish_confirmation.html", context
        )

    def preview_pdf_view(self, request: HttpRequest, pk: int) -> HttpResponse:
        edition = self._preview_edition(request, pk)
        content = build_content(edition.year, edition)
        response = HttpResponse(render_content_pdf(content), content_type="application/pdf")
        name = f"rapport-{content.year}-v{content.edition.version}-apercu.pdf"
        response["Content-Disposition"] = f'inline; filename="{name}"'
        return response


# Traceability: read-only lists of the records behind the figures that the domain
# changelists cannot filter. Each applies the very QuerySet the figure counts.


class FigureYearFilter(admin.SimpleListFilter):
    title = _("année")
    parameter_name = "year"

    def lookups(self, request, model_admin):
        years = range(timezone.localdate().year, MIN_YEAR, -1)
        return [(str(year), str(year)) for year in list(years)[:10]]

    def queryset(self, request, queryset):
        return queryset

    @classmethod
    def period_of(cls, request) -> Period:
        """The chosen calendar year, this year by default (also for a malformed one)."""
        raw = request.GET.get(cls.parameter_name, "")
        year = int(raw) if raw.isdigit() else timezone.localdate().year
        return Period.year(year if MIN_YEAR <= year <= MAX_YEAR else timezone.localdate().year)


class NewInYearFilter(admin.SimpleListFilter):
    title = _("première venue")
    parameter_name = "new"

    def lookups(self, request, model_admin):
        return [("1", _("Nouveaux et nouvelles dans l'année"))]

    def queryset(self, request, queryset):
        if self.value() == "1":
            return queryset.filter(
                pk__in=event_stats.new_entrepreneurs(FigureYearFilter.period_of(request)).values(
                    "pk"
                )
            )
        return queryset


class FigureRecordsAdmin(ReadAuditAdminMixin, admin.ModelAdmin):
    """View-only: these lists exist to check a figure, records are edited in their app.
    Every view of one is recorded in the audit log (which list, how many rows)."""

    list_per_page = 100
    audit_every_list = True

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def get_queryset(self, request):
        return self.records_for(FigureYearFilter.period_of(request))

    @admin.display(description=_("référence"), ordering="reference")
    def record_link(self, obj):
        url = reverse(self.record_url_name, args=[obj.pk])
        return format_html('<a href="{}">{}</a>', url, obj.reference)


@admin.register(EntrepreneurMet)
class EntrepreneurMetAdmin(FigureRecordsAdmin):
    record_url_name = "admin:entrepreneurs_entrepreneur_change"
    list_display = ["record_link", "first_name", "last_name", "gender", "sector"]
    list_filter = [FigureYearFilter, NewInYearFilter, "gender", "sector"]
    search_fields = ["reference", "first_name", "last_name"]

    def records_for(self, period: Period):
        return EntrepreneurMet.objects.filter(
            pk__in=event_stats.entrepreneurs_met(period).values("pk")
        ).order_by("reference")


@admin.register(CooperatorEngaged)
class CooperatorEngagedAdmin(FigureRecordsAdmin):
    record_url_name = "admin:entrepreneurs_entrepreneur_change"
    list_display = ["record_link", "first_name", "last_name", "birth_year", "country_of_origin"]
    list_filter = [FigureYearFilter, "skill_level", "informal_activity"]
    search_fields = ["reference", "first_name", "last_name"]

    def records_for(self, period: Period):
        return CooperatorEngaged.objects.filter(
            pk__in=cooperative_stats.cooperators_engaged(period).values("pk")
        ).order_by("reference")


@admin.register(ActiveCooperative)
class ActiveCooperativeAdmin(FigureRecordsAdmin):
    record_url_name = "admin:cooperatives_cooperative_change"
    list_display = ["record_link", "name", "start_date", "end_date"]
    list_filter = [FigureYearFilter]
    search_fields = ["reference", "name"]

    def records_for(self, period: Period):
        return ActiveCooperative.objects.ephemeral().overlapping(period).order_by("reference")
