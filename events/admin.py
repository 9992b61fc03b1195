from django.contrib import admin
from django.db.models import Count, Q
from django.utils.translation import gettext_lazy as _

from core.admin_mixins import DomainAdminMixin, DomainInlineMixin
from core.audit import ReadAuditAdminMixin
from events.models import Attendance, Event
from events.resources import AttendanceResource, EventResource
from governance.admin_filters import YearListFilter
from imports.admin import SpreadsheetAdminMixin


class AttendanceInline(DomainInlineMixin, admin.TabularInline):
    model = Attendance
    extra = 1
    fields = ["entrepreneur", "status"]
    autocomplete_fields = ["entrepreneur"]


@admin.register(Event)
class EventAdmin(DomainAdminMixin, SpreadsheetAdminMixin, admin.ModelAdmin):
    resource_classes = [EventResource]
    list_display = [
        "reference",
        "date",
        "title",
        "kind",
        "format",
        "cooperative",
        "programme",
        "attendee_count",
    ]
    list_display_links = ["reference", "title"]
    list_filter = [("date", YearListFilter), "kind", "format", "cooperative", "programme"]
    list_select_related = ["cooperative", "programme"]
    date_hierarchy = "date"
    search_fields = ["reference", "title", "location", "speakers"]
    # The count annotation groups rows, which drops Meta.ordering (autocomplete pages).
    ordering = ["-date", "title"]
    autocomplete_fields = ["cooperative", "programme", "partners"]
    inlines = [AttendanceInline]

    def get_queryset(self, request):
        attended = Q(attendances__status=Attendance.Status.ATTENDED)
        return (
            super()
            .get_queryset(request)
            .annotate(attendee_count=Count("attendances", filter=attended))
        )

    @admin.display(description=_("présent·es"), ordering="attendee_count")
    def attendee_count(self, obj: Event) -> int:
        return obj.attendee_count


@admin.register(Attendance)
class AttendanceAdmin(
    ReadAuditAdminMixin, DomainAdminMixin, SpreadsheetAdminMixin, admin.ModelAdmin
):
    resource_classes = [AttendanceResource]
    list_display = ["event", "entrepreneur", "status"]
    list_filter = [("event__date", YearListFilter), "status", "event__kind", "event__cooperative"]
    list_select_related = ["event", "entrepreneur"]
    search_fields = [
        "event__reference",
        "event__title",
        "entrepreneur__reference",
        "entrepreneur__first_name",
        "entrepreneur__last_name",
    ]
    autocomplete_fields = ["event", "entrepreneur"]
