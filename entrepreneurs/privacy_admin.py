"""The admin's privacy tools for entrepreneurs: consent filter, access and erasure
actions, and the version check that stops one staff member's save overwriting another's.

Kept apart from admin.py so the declarative admin class only names them.
"""

from django import forms
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.core.exceptions import ValidationError
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from entrepreneurs.models import Entrepreneur
from entrepreneurs.services import anonymise_entrepreneur

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


class ConsentListFilter(admin.SimpleListFilter):
    title = _("consentement")
    parameter_name = "consent"

    def lookups(self, request, model_admin):
        return [("missing", _("Non recueilli")), ("given", _("Recueilli"))]

    def queryset(self, request, queryset):
        if self.value() == "missing":
            return queryset.consent_missing()
        if self.value() == "given":
            return queryset.consent_given()
        return queryset


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


@admin.action(description=_("Exporter les données (RGPD)"), permissions=["view"])
def export_personal_data(modeladmin, request, queryset):
    """Right of access: leads to the download page of the one selected person."""
    pks = list(queryset.values_list("pk", flat=True)[:2])
    if len(pks) != 1:
        modeladmin.message_user(
            request,
            _("Sélectionnez une seule personne pour exporter ses données."),
            messages.WARNING,
        )
        return None
    return redirect("reports:subject_access", pk=pks[0])


@admin.action(description=_("Anonymiser"), permissions=["delete"])
def anonymise(modeladmin, request, queryset):
    """Right to erasure: a confirmation page, then `anonymise_entrepreneur` for each."""
    people = list(queryset.not_anonymised().order_by("reference"))
    if not people:
        modeladmin.message_user(
            request, _("Les personnes choisies sont déjà anonymisées."), messages.WARNING
        )
        return None
    if request.POST.get("post") == "yes":
        for person in people:
            anonymise_entrepreneur(person, request.user)
        references = ", ".join(person.reference for person in people)
        modeladmin.message_user(
            request,
            ngettext(
                "%(count)d personne anonymisée : %(references)s.",
                "%(count)d personnes anonymisées : %(references)s.",
                len(people),
            )
            % {"count": len(people), "references": references},
            messages.SUCCESS,
        )
        return None
    context = {
        **modeladmin.admin_site.each_context(request),
        "title": _("Anonymiser : êtes-vous sûr·e ?"),
        "people": people,
        "already_anonymised": queryset.anonymised().count(),
        "queryset": queryset,
        "opts": modeladmin.model._meta,
        "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
        "media": modeladmin.media,
    }
    return TemplateResponse(
        request, "admin/entrepreneurs/entrepreneur/anonymise_confirmation.html", context
    )
