"""Crafted admin POSTs get a 400 or a form error, never a server error.

Django's admin trusts two things a browser never sends wrong: the ids of the rows ticked
for an action (`_selected_action=abc` reached the database as a filter, a ValueError or an
OverflowError), and the value of an autocomplete field when the form is shown again with
its errors (`referred_by=abc` was used as a filter while rendering the widget).
"""

from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.contrib.admin.widgets import AutocompleteSelect, AutocompleteSelectMultiple
from django.core.exceptions import ValidationError
from django.db import models
from django.http import HttpResponseBadRequest
from django.utils.translation import gettext as _

# Every backend stores integer keys in at most 64 bits.
MAX_INTEGER_KEY = 2**63 - 1


def parses_as(field: models.Field, value) -> bool:
    """Whether `value` is a possible value of `field` (a key the database can compare)."""
    try:
        parsed = field.to_python(value)
    except (ValidationError, ValueError, TypeError):
        return False
    if isinstance(parsed, int) and abs(parsed) > MAX_INTEGER_KEY:
        return False
    return not (isinstance(parsed, str) and "\x00" in parsed)


class AdminActionSelectionMiddleware:
    """An admin action posted with row ids that are not ids answers 400, naming them."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        model_admin = getattr(view_func, "model_admin", None)
        if model_admin is None or request.method != "POST":
            return None
        pk = model_admin.model._meta.pk
        if all(parses_as(pk, value) for value in request.POST.getlist(ACTION_CHECKBOX_NAME)):
            return None
        return HttpResponseBadRequest(
            _("Paramètre « %(name)s » : la sélection ne contient pas des numéros de fiches.")
            % {"name": ACTION_CHECKBOX_NAME},
            content_type="text/plain; charset=utf-8",
        )


def _target_field(field: models.Field) -> models.Field:
    opts = field.remote_field.model._meta
    return opts.get_field(getattr(field.remote_field, "field_name", opts.pk.attname))


class _ParseableValuesMixin:
    def optgroups(self, name, value, attr=None):
        target = _target_field(self.field)
        return super().optgroups(name, [v for v in value if parses_as(target, v)], attr)


class SafeAutocompleteSelect(_ParseableValuesMixin, AutocompleteSelect):
    """Shows a form again with an unparseable value posted as if nothing was chosen (the
    field's own error says the choice is invalid)."""


class SafeAutocompleteSelectMultiple(_ParseableValuesMixin, AutocompleteSelectMultiple):
    pass


class SafeAutocompleteMixin:
    """For ModelAdmins and inlines: autocomplete widgets that survive a crafted value."""

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if "widget" not in kwargs and db_field.name in self.get_autocomplete_fields(request):
            kwargs["widget"] = SafeAutocompleteSelect(
                db_field, self.admin_site, using=kwargs.get("using")
            )
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if "widget" not in kwargs and db_field.name in self.get_autocomplete_fields(request):
            kwargs["widget"] = SafeAutocompleteSelectMultiple(
                db_field, self.admin_site, using=kwargs.get("using")
            )
        return super().formfield_for_manytomany(db_field, request, **kwargs)
