"""Admin helpers without domain: one app adds to the admin of a model another app owns.

The lower app registers its ModelAdmin; an upper app (which may import the lower one, never
the reverse) re-registers a subclass with more inlines, filters or actions. Apps are loaded
in INSTALLED_APPS order, so the additions pile up in the layers' order.
"""

import datetime

from auditlog.admin import LogEntryAdmin as AuditlogLogEntryAdmin
from auditlog.filters import CIDFilter, ResourceTypeFilter
from auditlog.models import LogEntry
from auditlog.render import get_field_verbose_name
from django.contrib import admin
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from core.formatting import french_date

EXTENDABLE = ("inlines", "list_filter", "actions", "readonly_fields", "fieldsets")


def extend_model_admin(
    model: type[models.Model], site=admin.site, mixins: tuple[type, ...] = (), **additions
) -> type:
    """Re-register `model` with its current ModelAdmin plus `additions` (lists appended to
    the same attribute: inlines, list_filter, actions, readonly_fields, fieldsets) and
    `mixins` (classes whose methods the additions name, e.g. a read-only display)."""
    unknown = set(additions) - set(EXTENDABLE)
    if unknown:
        raise TypeError(f"extend_model_admin: cannot extend {sorted(unknown)}")
    base = type(site.get_model_admin(model))
    attrs = {
        name: [*(getattr(base, name, None) or ()), *values] for name, values in additions.items()
    }
    attrs["__module__"] = base.__module__
    extended = type(base.__name__, (*mixins, base), attrs)
    site.unregister(model)
    site.register(model, extended)
    return extended


def truncated(text: str) -> str:
    """Long text on one line, cut with an ellipsis; the whole of it on hover (title)."""
    return format_html('<span class="truncated" title="{}">{}</span>', text, text)


def french_datetime(moment: datetime.datetime) -> str:
    """« 1er avril 2019 à 14:05 », in the site's time zone."""
    local = timezone.localtime(moment) if timezone.is_aware(moment) else moment
    return _("%(date)s à %(time)s") % {"date": french_date(local.date()), "time": f"{local:%H:%M}"}


def _french_date_column(field: models.Field):
    """A changelist column showing a date field as « 1er avril 2019 » (Django's format
    « j F Y » cannot write « 1er »). Named after the field: same CSS class, same sorting."""

    def column(obj):
        value = getattr(obj, field.name)
        if value is None:
            return "—"
        if isinstance(value, datetime.datetime):
            return french_datetime(value)
        return french_date(value)

    column.__name__ = field.name
    column.short_description = field.verbose_name
    column.admin_order_field = field.name
    return column


def use_french_dates(site=admin.site) -> None:
    """Every registered changelist writes its date columns the French way (« 1er »)."""
    for model, model_admin in site._registry.items():
        fields = {
            f.name: f
            for f in model._meta.get_fields()
            if isinstance(f, models.DateField) and not f.is_relation
        }
        model_admin.list_display = [
            _french_date_column(fields[name]) if isinstance(name, str) and name in fields else name
            for name in model_admin.list_display
        ]


class ResourceKindFilter(ResourceTypeFilter):
    """The kinds of records in the log by their French names (« rencontre »), not their
    model codes (« encounter »)."""

    def lookups(self, request, model_admin):
        ids = (
            model_admin.get_queryset(request)
            .order_by()
            .values_list("content_type_id", flat=True)
            .distinct()
        )
        kinds = ContentType.objects.filter(pk__in=list(ids))
        names = [(kind.pk, kind.model_class()) for kind in kinds]
        choices = [(pk, model._meta.verbose_name if model else "—") for pk, model in names]
        return sorted(choices, key=lambda choice: str(choice[1]))


class FrenchLogEntryAdmin(AuditlogLogEntryAdmin):
    """django-auditlog's list writes « 0 changes: », « system » and « Correlation ID » in
    English whatever the language: the same columns, in French."""

    list_display = ["created", "resource_url", "action", "msg_short", "user_url", "cid_url"]
    list_filter = ["action", ResourceKindFilter, CIDFilter]

    @admin.display(description=_("date"), ordering="timestamp")
    def created(self, obj) -> str:
        return french_datetime(obj.timestamp)

    @admin.display(description=_("modifications"))
    def msg_short(self, obj) -> str:
        if obj.action in (LogEntry.Action.DELETE, LogEntry.Action.ACCESS):
            return ""
        changes = obj.changes_dict
        if not changes:
            return _("aucun champ")
        names = ", ".join(str(get_field_verbose_name(obj, name)) for name in changes)
        return ngettext(
            "%(count)d champ : %(names)s", "%(count)d champs : %(names)s", len(changes)
        ) % {
            "count": len(changes),
            "names": names if len(names) <= 60 else names[: names.rfind(" ", 0, 60)] + " …",
        }

    @admin.display(description=_("auteur·rice"))
    def user_url(self, obj) -> str:
        return super().user_url(obj) if obj.actor else _("système")

    @admin.display(description=_("requête"))
    def cid_url(self, obj):
        return super().cid_url(obj)


if admin.site.is_registered(LogEntry):
    admin.site.unregister(LogEntry)
admin.site.register(LogEntry, FrenchLogEntryAdmin)
