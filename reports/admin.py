import datetime

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from cooperatives import stats as cooperative_stats
from core.admin import extend_model_admin, french_datetime
from core.admin_mixins import DomainAdminMixin, DomainInlineMixin
from core.audit import ReadAuditAdminMixin
from core.locking import LockedAdminForm
from core.period import MAX_YEAR, MIN_YEAR, Period
from events import stats as event_stats
from funding.models import GrantAgreement
from reports.figure_types import Chapter
from reports.figures import FIGURES
from reports.funder_report import (
    agreement_with_scope,
    build_funder_content,
    render_funder_pdf,
    stored_pdf,
)
from reports.models import (
    ActiveCooperative,
    CooperatorEngaged,
    EntrepreneurMet,
    FunderReport,
    ReportEdition,
    ReportSection,
)
from reports.rendering import build_content, drafts_of_edition, render_content_pdf
from reports.services import (
    add_drafted_sections,
    publish_edition,
    reopen_edition,
    send_funder_report,
)


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
    fields = [
        "year",
        "title",
        "introduction",
        "logo",
        "approved_by_meeting",
        "premises",
        "volunteer_hourly_rate",
        "volunteer_rate_source",
    ]
    autocomplete_fields = ["approved_by_meeting"]
    readonly_fields = [
        "drafted_paragraphs",
        "version",
        "status",
        "published_on",
        "published_by",
        "pdf_link",
        "preview_link",
    ]
    inlines = [ReportSectionInline]
    actions = ["add_drafts", "publish", "reopen"]

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

    @admin.display(description=_("paragraphes rédigés d'après les données"))
    def drafted_paragraphs(self, obj: ReportEdition) -> str:
        """Each chapter's draft; a chapter without a section of its own prints it."""
        drafts = drafts_of_edition(obj)
        labels = dict(Chapter.choices)
        items = format_html_join(
            "",
            "<dt>{}</dt><dd>{}</dd>",
            ((labels[code], text) for code, text in drafts.items() if text),
        )
        help_text = _(
            "Un chapitre sans section imprime ce paragraphe. Pour le garder, le modifier "
            "ou le remplacer, ajoutez-le comme section (action « Ajouter les paragraphes "
            "rédigés ») puis modifiez-la ou remplacez-la."
        )
        return format_html('<p class="help">{}</p><dl class="drafts">{}</dl>', help_text, items)

    @admin.display(description=_("PDF publié"))
    def pdf_link(self, obj: ReportEdition) -> str:
        if not obj.is_published:
            return "—"
        url = reverse("reports:report_pdf", args=[obj.year])
        return format_html('<a href="{}">{}</a>', url, _("Télécharger"))

    @admin.action(
        description=_("Ajouter les paragraphes rédigés aux chapitres sans texte"),
        permissions=["change"],
    )
    def add_drafts(self, request: HttpRequest, queryset) -> None:
        for edition in queryset.order_by("year", "version"):
            try:
                added = add_drafted_sections(edition)
            except ValidationError as error:
                self.message_user(request, " ".join(error.messages), messages.ERROR)
            else:
                self.message_user(
                    request,
                    ngettext(
                        "%(edition)s : %(n)d section ajoutée.",
                        "%(edition)s : %(n)d sections ajoutées.",
                        added,
                    )
                    % {"edition": edition, "n": added},
                )

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
        """The chosen days (`start` and `end`, a funder's period), else the chosen calendar
        year, this year by default (also for a malformed one)."""
        days = FigurePeriodFilter.period_of(request)
        if days is not None:
            return days
        raw = request.GET.get(cls.parameter_name, "")
        year = int(raw) if raw.isdigit() else timezone.localdate().year
        return Period.year(year if MIN_YEAR <= year <= MAX_YEAR else timezone.localdate().year)


class FigurePeriodFilter(admin.ListFilter):
    """`?start=2020-07-01&end=2021-06-30`: the figure's records over those days (the links
    of a funder's report). No sidebar entry; a malformed pair falls back to the year."""

    title = _("période")
    parameters = ("start", "end")

    def __init__(self, request, params, model, model_admin):
        super().__init__(request, params, model, model_admin)
        for name in self.parameters:
            params.pop(name, None)

    def has_output(self) -> bool:
        return False

    def choices(self, changelist):
        return []

    def queryset(self, request, queryset):
        return queryset

    def expected_parameters(self) -> list[str]:
        return list(self.parameters)

    @classmethod
    def period_of(cls, request) -> Period | None:
        try:
            start = datetime.date.fromisoformat(request.GET.get("start", ""))
            end = datetime.date.fromisoformat(request.GET.get("end", ""))
            return Period(start, end)
        except (TypeError, ValueError):
            return None


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
    list_filter = [FigureYearFilter, FigurePeriodFilter, NewInYearFilter, "gender", "sector"]
    search_fields = ["reference", "first_name", "last_name"]

    def records_for(self, period: Period):
        return EntrepreneurMet.objects.filter(
            pk__in=event_stats.entrepreneurs_met(period).values("pk")
        ).order_by("reference")


@admin.register(CooperatorEngaged)
class CooperatorEngagedAdmin(FigureRecordsAdmin):
    record_url_name = "admin:entrepreneurs_entrepreneur_change"
    list_display = ["record_link", "first_name", "last_name", "birth_year", "country_of_origin"]
    list_filter = [FigureYearFilter, FigurePeriodFilter, "skill_level", "informal_activity"]
    search_fields = ["reference", "first_name", "last_name"]

    def records_for(self, period: Period):
        return CooperatorEngaged.objects.filter(
            pk__in=cooperative_stats.cooperators_engaged(period).values("pk")
        ).order_by("reference")


@admin.register(ActiveCooperative)
class ActiveCooperativeAdmin(FigureRecordsAdmin):
    record_url_name = "admin:cooperatives_cooperative_change"
    list_display = ["record_link", "name", "start_date", "end_date"]
    list_filter = [FigureYearFilter, FigurePeriodFilter]
    search_fields = ["reference", "name"]

    def records_for(self, period: Period):
        return ActiveCooperative.objects.ephemeral().overlapping(period).order_by("reference")


# Funder reports: written and sent from the agreement's page (funding's admin, extended
# here because funding sits below reports).


class FunderReportInline(DomainInlineMixin, admin.TabularInline):
    model = FunderReport
    extra = 0
    fields = ["kind", "status", "sent_at", "report_links"]
    readonly_fields = ["kind", "status", "sent_at", "report_links"]
    show_change_link = True

    def has_add_permission(self, request, obj=None):
        return False

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("agreement")

    @admin.display(description=_("bilan"))
    def report_links(self, obj: FunderReport) -> str:
        return _funder_report_links(obj)


def _funder_report_links(obj: FunderReport) -> str:
    if not obj.pk:
        return "—"
    html = reverse("admin:reports_funderreport_preview", args=[obj.pk])
    pdf = reverse("admin:reports_funderreport_preview_pdf", args=[obj.pk])
    return format_html('<a href="{}">{}</a> · <a class="button" href="{}">{}</a>',
                       html, _("Page"), pdf, _("Télécharger le PDF"))  # fmt: skip


def new_funder_report_link(obj: GrantAgreement) -> str:
    if not obj.pk:
        return "—"
    url = reverse("admin:reports_funderreport_add") + f"?agreement={obj.pk}"
    return format_html('<a class="button" href="{}">{}</a>', url, _("Rédiger un bilan"))


new_funder_report_link.short_description = _("bilan pour le financeur")


class GrantAgreementForm(LockedAdminForm):
    """The figures a funder asks for, chosen from the one table of figures."""

    requested_figures = forms.MultipleChoiceField(
        label=_("chiffres demandés par le financeur"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        choices=lambda: [(f.key, f.label) for f in FIGURES],
    )

    class Meta:
        model = GrantAgreement
        fields = ["requested_figures"]  # the admin's fieldsets add the others


_AgreementAdmin = extend_model_admin(
    GrantAgreement, inlines=[FunderReportInline], readonly_fields=[new_funder_report_link]
)
_AgreementAdmin.form = GrantAgreementForm
_AgreementAdmin.fieldsets = [
    *_AgreementAdmin.fieldsets,
    (_("Bilans"), {"fields": [new_funder_report_link]}),
]


@admin.register(FunderReport)
class FunderReportAdmin(DomainAdminMixin, admin.ModelAdmin):
    list_display = ["agreement", "kind", "status", "sent_at", "links"]
    list_filter = ["status", "kind"]
    list_select_related = ["agreement", "agreement__funder"]
    search_fields = ["agreement__reference", "agreement__funder__name", "agreement__title"]
    autocomplete_fields = ["agreement"]
    fields = ["agreement", "kind", "narrative"]
    readonly_fields = ["status", "sent_at", "sent_by", "links"]
    actions = ["send"]

    def get_fields(self, request, obj=None):
        return [*self.fields, *self.readonly_fields] if obj else self.fields

    def has_change_permission(self, request, obj=None):
        return (obj is None or not obj.is_sent) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return (obj is None or not obj.is_sent) and super().has_delete_permission(request, obj)

    @admin.display(description=_("bilan"))
    def links(self, obj: FunderReport) -> str:
        return _funder_report_links(obj)

    @admin.action(description=_("Marquer envoyé (fige chiffres et PDF)"), permissions=["change"])
    def send(self, request: HttpRequest, queryset) -> None:
        for report in queryset.select_related("agreement"):
            try:
                send_funder_report(report, request.user)
            except ValidationError as error:
                self.message_user(request, " ".join(error.messages), messages.ERROR)
            else:
                self.message_user(request, _("%(report)s envoyé.") % {"report": report})

    def get_urls(self):
        view = self.admin_site.admin_view
        return [
            path("<int:pk>/preview/", view(self.preview_view), name="reports_funderreport_preview"),
            path(
                "<int:pk>/report.pdf", view(self.pdf_view), name="reports_funderreport_preview_pdf"
            ),
            *super().get_urls(),
        ]

    def _report(self, request: HttpRequest, pk: int) -> FunderReport:
        report = get_object_or_404(FunderReport.objects.select_related("agreement"), pk=pk)
        if not self.has_view_permission(request, report):
            raise PermissionDenied
        return report

    def preview_view(self, request: HttpRequest, pk: int) -> HttpResponse:
        report = self._report(request, pk)
        agreement = agreement_with_scope(report.agreement.reference)
        content = build_funder_content(agreement, report, staff_view=True)
        context = {**self.admin_site.each_context(request), "report": content}
        return TemplateResponse(request, "admin/reports/funderreport/preview.html", context)

    def pdf_view(self, request: HttpRequest, pk: int) -> HttpResponse:
        report = self._report(request, pk)
        data = stored_pdf(report)
        if data is None:
            agreement = agreement_with_scope(report.agreement.reference)
            data = render_funder_pdf(build_funder_content(agreement, report))
        response = HttpResponse(data, content_type="application/pdf")
        name = f"bilan-{report.agreement.reference}-{report.pk}.pdf"
        response["Content-Disposition"] = f'attachment; filename="{name}"'
        response["Cache-Control"] = "private, no-store"
        return response
