"""Admin helpers without domain: one app adds to the admin of a model another app owns.

The lower app registers its ModelAdmin; an upper app (which may import the lower one, never
the reverse) re-registers a subclass with more inlines, filters or actions. Apps are loaded
in INSTALLED_APPS order, so the additions pile up in the layers' order.
"""

from django.contrib import admin
from django.db import models

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
