from django.contrib import admin
from django.core.exceptions import ValidationError
from django.db.models import Count, Q
from django.forms.models import BaseInlineFormSet
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _

from core.admin import extend_model_admin, truncated
from core.admin_filters import YearListFilter
from core.admin_mixins import DomainAdminMixin, DomainInlineMixin
from core.audit import ReadAuditAdminMixin
from core.formatting import french_number
from entrepreneurs.models import Entrepreneur
from events.models import Attendance, Event, Sale, Session, SignedSheet, Trainer
from events.resources import AttendanceResource, EventResource, SessionResource
from spreadsheets.admin import SpreadsheetAdminMixin


def _object_id(request) -> str | None:
    match = request.resolver_match
    return match.kwargs.get("object_id") if match else None


class SessionInline(DomainInlineMixin, admin.TabularInline):
    model = Session
    extra = 0
    fields = ["date", "start_time", "end_time", "hours", "roll_call"]
    readonly_fields = ["roll_call"]
    show_change_link = True

    @admin.display(description=_("appel"))
    def roll_call(self, obj: Session) -> str:
        if not obj.pk:
            return "—"
        return format_html(
            '<a href="{}">{}</a>', reverse("events:roll_call", args=[obj.pk]), _("Faire l'appel")
        )


class AttendanceFormSet(BaseInlineFormSet):
    def clean(self) -> None:
        """One row per person and session; a row without a session is on the event's only
        one (Django's own check skips rows whose session is empty)."""
        super().clean()
        sessions = list(self.instance.sessions.all()[:2]) if self.instance.pk else []
        only = sessions[0].pk if len(sessions) == 1 else None
        seen = set()
        for form in self.forms:
            data = getattr(form, "cleaned_data", None)
            if not data or data.get("DELETE") or not data.get("entrepreneur"):
                continue
            session = data.get("session")
            key = (session.pk if session else only, data["entrepreneur"].pk)
            if key in seen:
                raise ValidationError(
                    _(
                        "Corrigez les données en double dans entrepreneur : une personne "
                        "n'est inscrite qu'une fois à chaque séance."
                    )
                )
            seen.add(key)


class AttendanceInline(DomainInlineMixin, admin.TabularInline):
    model = Attendance
    formset = AttendanceFormSet
    extra = 1
    fields = ["entrepreneur", "session", "status"]
    autocomplete_fields = ["entrepreneur"]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("entrepreneur", "session")

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "session":
            # The sessions of this event only (none yet on the add page: its single one).
            kwargs["queryset"] = Session.objects.filter(event_id=_object_id(request) or 0)
        field = super().formfield_for_foreignkey(db_field, request, **kwargs)
        if db_field.name == "session":
            field.choices = list(field.choices)  # read once for every row
        return field


@admin.register(Trainer)
class TrainerAdmin(DomainAdminMixin, admin.ModelAdmin):
    list_display = ["name", "organisation"]
    list_select_related = ["organisation"]
    search_fields = ["name", "organisation__name"]
    autocomplete_fields = ["organisation"]


class SaleInline(DomainInlineMixin, admin.TabularInline):
    """Sales per cooperative (optionally per cooperator), for commercial events."""

    model = Sale
    extra = 0
    fields = ["cooperative", "membership", "amount", "sales_count"]
    autocomplete_fields = ["cooperative", "membership"]


@admin.register(Event)
class EventAdmin(DomainAdminMixin, SpreadsheetAdminMixin, admin.ModelAdmin):
    resource_classes = [EventResource]
    change_form_template = "admin/events/event/change_form.html"
    # The programme is a filter; long titles are cut on one line (1366 px).
    list_display = [
        "reference",
        "date",
        "short_title",
        "kind",
        "format",
        "short_cooperative",
        "attendee_count",
    ]
    list_display_links = ["reference", "short_title"]
    list_filter = [("date", YearListFilter), "kind", "format", "cooperative", "programme"]
    list_select_related = ["cooperative", "programme"]
    date_hierarchy = "date"
    search_fields = ["reference", "title", "location", "trainers__name"]
    # The count annotation groups rows, which drops Meta.ordering (autocomplete pages).
    ordering = ["-date", "title"]
    autocomplete_fields = ["cooperative", "programme", "partners", "trainers", "funders"]

    def get_inlines(self, request, obj):
        # A new event gets its single session on save; its sessions are edited afterwards.
        return (
            [SessionInline, AttendanceInline, SaleInline] if obj else [AttendanceInline, SaleInline]
        )

    def get_queryset(self, request):
        attended = Q(attendances__status=Attendance.Status.ATTENDED)
        return (
            super()
            .get_queryset(request)
            .annotate(
                attendee_count=Count("attendances__entrepreneur", filter=attended, distinct=True)
            )
        )

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        event = form.instance
        if not event.sessions.exists():
            event.ensure_session()
        if {"date", "duration_hours"} & set(form.changed_data):
            # The event's own fields were edited: its single session follows them, even if
            # the sessions inline saved that session's older copy after the event.
            event.sync_single_session()
        Event.objects.filter(pk=event.pk).sync_dates_with_sessions()

    @admin.display(description=_("intitulé"), ordering="title")
    def short_title(self, obj: Event) -> str:
        return truncated(obj.title)

    @admin.display(description=_("coopérative"), ordering="cooperative__name")
    def short_cooperative(self, obj: Event) -> str:
        return truncated(obj.cooperative.name) if obj.cooperative else "—"

    @admin.display(description=_("présent·es"), ordering="attendee_count")
    def attendee_count(self, obj: Event) -> int:
        return obj.attendee_count


class SignedSheetInline(admin.TabularInline):
    model = SignedSheet
    extra = 0
    fields = ["download", "content_type", "size", "uploaded_at", "uploaded_by"]
    readonly_fields = fields
    can_delete = True

    def has_add_permission(self, request, obj=None) -> bool:
        return False  # uploaded from the roll call page, where the content is checked

    @admin.display(description=_("fichier"))
    def download(self, obj: SignedSheet) -> str:
        return format_html('<a href="{}">{}</a>', obj.get_absolute_url(), _("Télécharger"))


@admin.register(Session)
class SessionAdmin(DomainAdminMixin, SpreadsheetAdminMixin, admin.ModelAdmin):
    resource_classes = [SessionResource]
    list_display = ["short_event", "date", "start_time", "end_time", "hours", "registered_count"]
    list_filter = [("date", YearListFilter), "event__kind"]
    list_select_related = ["event"]
    search_fields = ["event__reference", "event__title"]
    autocomplete_fields = ["event"]
    fields = ["event", "date", "start_time", "end_time", "hours", "roll_call"]
    readonly_fields = ["roll_call"]
    ordering = ["-date", "event__title"]
    inlines = [SignedSheetInline]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(registered_count=Count("attendances"))

    @admin.display(description=_("événement"), ordering="event__title")
    def short_event(self, obj: Session) -> str:
        # The session's date is its own column: the event's title alone, cut at 1366 px.
        return truncated(obj.event.title)

    @admin.display(description=_("inscrit·es"), ordering="registered_count")
    def registered_count(self, obj: Session) -> int:
        return obj.registered_count

    @admin.display(description=_("appel"))
    def roll_call(self, obj: Session) -> str:
        if not obj.pk:
            return "—"
        return format_html(
            '<a class="button" href="{}">{}</a>',
            reverse("events:roll_call", args=[obj.pk]),
            _("Faire l'appel"),
        )


@admin.register(Attendance)
class AttendanceAdmin(
    ReadAuditAdminMixin, DomainAdminMixin, SpreadsheetAdminMixin, admin.ModelAdmin
):
    resource_classes = [AttendanceResource]
    list_display = ["short_event", "session_date", "entrepreneur", "status"]
    list_filter = [("session__date", YearListFilter), "status", "event__kind", "event__cooperative"]
    list_select_related = ["event", "session", "entrepreneur"]
    search_fields = [
        "event__reference",
        "event__title",
        "entrepreneur__reference",
        "entrepreneur__first_name",
        "entrepreneur__last_name",
    ]
    autocomplete_fields = ["event", "session", "entrepreneur"]

    @admin.display(description=_("événement"), ordering="event__title")
    def short_event(self, obj: Attendance) -> str:
        return truncated(obj.event.title)

    @admin.display(description=_("séance"), ordering="session__date")
    def session_date(self, obj: Attendance) -> str:
        return f"{obj.session.date:%d/%m/%Y}"


class SessionListMixin:
    """The sessions a person was registered for, read only, on her page (events sits above
    entrepreneurs, which cannot import it)."""

    @admin.display(description=_("séances"))
    def session_list(self, obj: Entrepreneur) -> str:
        attendances = (
            list(
                obj.attendances.select_related("event", "session").order_by(
                    "-session__date", "event__title"
                )
            )
            if obj.pk
            else []
        )
        if not attendances:
            return _("Aucune séance.")
        rows = format_html_join(
            "",
            '<tr><td>{}</td><td><a href="{}">{}</a></td><td>{}</td><td>{}</td></tr>',
            (
                (
                    f"{a.session.date:%d/%m/%Y}",
                    reverse("admin:events_event_change", args=[a.event_id]),
                    a.event.title,
                    a.get_status_display(),
                    "—" if a.session.hours is None else french_number(a.session.hours),
                )
                for a in attendances
            ),
        )
        return format_html(
            '<table class="session-list"><thead><tr><th scope="col">{}</th><th scope="col">{}'
            '</th><th scope="col">{}</th><th scope="col">{}</th></tr></thead><tbody>{}</tbody>'
            "</table>",
            _("Date"),
            _("Événement"),
            _("Présence"),
            _("Heures"),
            rows,
        )


extend_model_admin(
    Entrepreneur,
    mixins=(SessionListMixin,),
    readonly_fields=["session_list"],
    fieldsets=[(_("Séances suivies"), {"fields": ["session_list"]})],
)


@admin.register(Sale)
class SaleAdmin(DomainAdminMixin, admin.ModelAdmin):
    """Every sale, for the figure `sales_total` (entered from the event's page)."""

    list_display = ["event", "cooperative", "membership", "amount", "sales_count"]
    list_filter = [("event__date", YearListFilter), "cooperative"]
    list_select_related = [
        "event",
        "cooperative",
        "membership__entrepreneur",
        "membership__cooperative",
    ]
    search_fields = ["event__reference", "event__title", "cooperative__name"]
    autocomplete_fields = ["event", "cooperative", "membership"]
