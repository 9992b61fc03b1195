"""Optimistic locking: a save made from a stale copy of a record is refused, so one staff
member's save never silently erases another's (a lost update).

- `LockedModel` (abstract) adds a `version` field; every save claims the version its copy
  was read at with a conditional UPDATE, else raises `StaleRecordError`. A model whose
  `version` already means something else mixes `OptimisticLockMixin` in and names its
  counter in `lock_field`.
- `LockedAdminForm` carries that version as a hidden field and refuses a save over a newer
  one with a French message that keeps what was typed.
- `OptimisticLockAdminMixin` (ModelAdmin) and `OptimisticLockInlineMixin` (inlines) put
  the field in the form and turn a race lost at save time into that message.
"""

from django import forms
from django.core.exceptions import ValidationError
from django.db import models, router, transaction
from django.db.models import F
from django.utils.translation import gettext_lazy as _

STALE_MESSAGE = _(
    "Cette fiche a été modifiée par quelqu'un d'autre depuis que vous l'avez ouverte. "
    "Vos modifications n'ont pas été enregistrées, pour ne pas effacer les siennes : "
    "ouvrez la fiche dans un nouvel onglet pour voir la version à jour, puis reportez-y "
    "vos modifications (elles sont conservées ci-dessous)."
)
MISSING_VERSION_MESSAGE = _(
    "Le formulaire ne dit pas quelle version de la fiche il modifie : rouvrez la fiche, "
    "puis reportez-y vos modifications (elles sont conservées ci-dessous)."
)


class StaleRecordError(Exception):
    """Someone else saved the record since this copy was read: saving would overwrite them."""


class OptimisticLockMixin:
    """The save of a model with a version counter named by `lock_field`."""

    lock_field = "version"

    def save(self, *args, **kwargs):
        """Save only over the version this copy was read at, else raise StaleRecordError.

        The conditional UPDATE claims the row (and, on PostgreSQL, locks it until the
        transaction ends), so two saves made from the same version cannot both pass.
        """
        if self._state.adding:
            return super().save(*args, **kwargs)
        name = self.lock_field
        using = kwargs.get("using") or router.db_for_write(type(self), instance=self)
        expected = getattr(self, name)
        with transaction.atomic(using=using):
            claimed = (
                type(self)
                ._base_manager.using(using)
                .filter(pk=self.pk, **{name: expected})
                .update(**{name: F(name) + 1})
            )
            if not claimed:
                label = self._meta.label_lower
                raise StaleRecordError(f"{label} {self.pk}: version {expected} is stale")
            setattr(self, name, expected + 1)
            if kwargs.get("update_fields") is not None:
                kwargs["update_fields"] = {*kwargs["update_fields"], name}
            try:
                super().save(*args, **kwargs)
            except BaseException:
                setattr(self, name, expected)
                raise


class LockedModel(OptimisticLockMixin, models.Model):
    # Optimistic locking: every save claims the version it read (see `save`).
    version = models.PositiveIntegerField(_("version"), default=1)

    class Meta:
        abstract = True


def lock_field_of(model) -> str | None:
    return getattr(model, "lock_field", None) if issubclass(model, OptimisticLockMixin) else None


class LockedAdminForm(forms.ModelForm):
    """Carries the version the page was read at; refuses a save over a newer one."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.lock_field = lock_field_of(type(self.instance))
        field = self.fields.get(self.lock_field) if self.lock_field else None
        if field is not None:
            field.widget = forms.HiddenInput()
            # A new record has no version to compare yet.
            field.required = False

    def clean(self):
        cleaned = super().clean()
        name = self.lock_field
        if self.instance.pk is None or name not in self.fields:
            return cleaned
        if cleaned.get(name) is None:
            # Errors go to the top of the form: the version field itself is hidden.
            raise ValidationError(MISSING_VERSION_MESSAGE, code="no_version")
        current = (
            type(self.instance)
            ._base_manager.filter(pk=self.instance.pk)
            .values_list(name, flat=True)
            .first()
        )
        if current != cleaned[name]:
            raise ValidationError(STALE_MESSAGE, code="stale")
        return cleaned

    def _post_clean(self):
        name = self.lock_field
        if name in self.fields and self.cleaned_data.get(name) is None:
            # New record: keep the model's default version.
            self.cleaned_data.pop(name, None)
        super()._post_clean()


def _with_lock_field(fieldsets, name: str):
    names = {
        field
        for _title, options in fieldsets
        for line in options.get("fields", ())
        for field in (line if isinstance(line, list | tuple) else [line])
    }
    if name in names:
        return fieldsets
    (title, options), *rest = fieldsets
    first = {**options, "fields": [*options.get("fields", ()), name]}
    return [(title, first), *rest]


class OptimisticLockAdminMixin:
    """For a ModelAdmin of a locked model: the hidden version, and the French message when
    another save wins."""

    form = LockedAdminForm

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        name = lock_field_of(self.model)
        readonly = self.get_readonly_fields(request, obj)
        if name is None or name in readonly or not self.has_change_permission(request, obj):
            return fieldsets
        return _with_lock_field(fieldsets, name)

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)
        except StaleRecordError:
            # Another save slipped in between the form's version check and this save (the
            # transaction is rolled back): show the form again, whose check now refuses it
            # with the explanation and keeps what was typed.
            return super().changeform_view(request, object_id, form_url, extra_context)


class OptimisticLockInlineMixin:
    """For an inline of a locked model: each row carries its version."""

    form = LockedAdminForm

    def get_fields(self, request, obj=None):
        fields = list(super().get_fields(request, obj))
        name = lock_field_of(self.model)
        if name and name not in fields and self.has_change_permission(request, obj):
            fields.append(name)
        return fields
