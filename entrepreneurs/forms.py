"""The entrepreneur's admin form: it carries the version the page was read at, so one
staff member's save never overwrites another's (no lost update)."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from entrepreneurs.models import Entrepreneur

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


class EntrepreneurAdminForm(forms.ModelForm):
    """Carries the version the page was read at; refuses a save over a newer one."""

    class Meta:
        model = Entrepreneur
        # The admin replaces this list with the fields of its fieldsets.
        fields = ["version"]
        widgets = {"version": forms.HiddenInput}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "version" in self.fields:
            # A new record has no version to compare yet.
            self.fields["version"].required = False

    def clean_version(self) -> int | None:
        version = self.cleaned_data.get("version")
        if version is None and self.instance.pk is None:
            return self.instance.version
        return version

    def clean(self):
        cleaned = super().clean()
        if self.instance.pk is None or "version" not in self.fields:
            return cleaned
        # Errors go to the top of the form: the version field itself is hidden.
        if cleaned.get("version") is None:
            raise ValidationError(MISSING_VERSION_MESSAGE, code="no_version")
        current = (
            Entrepreneur.objects.filter(pk=self.instance.pk)
            .values_list("version", flat=True)
            .first()
        )
        if current != cleaned["version"]:
            raise ValidationError(STALE_MESSAGE, code="stale")
        return cleaned
