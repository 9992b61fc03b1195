"""The admin's privacy tools for entrepreneurs: the consent filter, and the access and
erasure actions, added to the entrepreneur admin from here (privacy sits above the apps
holding a person's data)."""

from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from core.admin import extend_model_admin
from entrepreneurs.models import Entrepreneur
from privacy.services import anonymise_entrepreneur


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
    return redirect("privacy:subject_access", pk=pks[0])


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
    return TemplateResponse(request, "admin/privacy/anonymise_confirmation.html", context)


extend_model_admin(
    Entrepreneur,
    list_filter=[ConsentListFilter],
    actions=[export_personal_data, anonymise],
)
