"""The staff's side of referrals: the links shown on each partner organisation, and the
referrals received, accepted or declined from their page."""

from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from core.admin import extend_model_admin
from core.audit import ReadAuditAdminMixin
from entrepreneurs.models import Referral, ReferralLink
from entrepreneurs.referrals import ReferralAlreadyDecided, accept_referral, decline_referral
from governance.models import Organisation


def full_link(link: ReferralLink) -> str:
    """The address to give the organisation (DJANGO_SITE_URL and the link's path)."""
    return settings.SITE_URL + link.get_absolute_url()


class ReferralLinkInline(admin.TabularInline):
    """The organisation's links: the active one to copy and give them, the revoked ones."""

    model = ReferralLink
    extra = 0
    fields = ["address", "created_at", "revoked_at"]
    readonly_fields = ["address", "created_at", "revoked_at"]
    show_change_link = True
    can_delete = False

    @admin.display(description=_("lien à transmettre"))
    def address(self, link: ReferralLink) -> str:
        if not link.pk:
            return "—"
        if not link.is_active:
            return _("révoqué")
        return format_html("<code>{}</code>", full_link(link))

    def has_add_permission(self, request, obj=None) -> bool:
        return False  # made with the action « Créer ou renouveler le lien »


@admin.action(description=_("Créer ou renouveler le lien d'orientation"))
def rotate_links(modeladmin, request, queryset) -> None:
    for organisation in queryset:
        current = organisation.referral_links.active().first()
        if current:
            current.rotate()
        else:
            ReferralLink.objects.create(organisation=organisation)
    count = len(queryset)
    modeladmin.message_user(
        request,
        ngettext(
            "Nouveau lien créé pour %(count)d structure : l'ancien ne fonctionne plus.",
            "Nouveaux liens créés pour %(count)d structures : les anciens ne fonctionnent plus.",
            count,
        )
        % {"count": count},
        messages.SUCCESS,
    )


@admin.action(description=_("Révoquer le lien d'orientation"))
def revoke_links(modeladmin, request, queryset) -> None:
    links = ReferralLink.objects.active().filter(organisation__in=queryset)
    revoked = 0
    for link in links:
        link.revoke()
        revoked += 1
    modeladmin.message_user(
        request,
        ngettext("%(count)d lien révoqué.", "%(count)d liens révoqués.", revoked)
        % {"count": revoked},
        messages.SUCCESS,
    )


class ReferralLinksMixin:
    """On the organisation admin (governance's): its referral links (entrepreneurs')."""

    def get_inlines(self, request, obj):
        # A new organisation has no link yet (the action makes one): its add form keeps
        # the forms it had.
        inlines = super().get_inlines(request, obj)
        return inlines if obj is not None else [i for i in inlines if i is not ReferralLinkInline]


extend_model_admin(
    Organisation,
    mixins=(ReferralLinksMixin,),
    inlines=[ReferralLinkInline],
    actions=[rotate_links, revoke_links],
)


@admin.register(ReferralLink)
class ReferralLinkAdmin(admin.ModelAdmin):
    list_display = ["organisation", "created_at", "revoked_at"]
    list_filter = [("revoked_at", admin.EmptyFieldListFilter)]
    list_select_related = ["organisation"]
    search_fields = ["organisation__name"]
    fields = ["organisation", "address", "created_at", "revoked_at"]
    readonly_fields = ["organisation", "address", "created_at", "revoked_at"]

    @admin.display(description=_("lien à transmettre"))
    def address(self, link: ReferralLink) -> str:
        return full_link(link) if link.is_active else _("révoqué")

    def has_add_permission(self, request) -> bool:
        return False  # made from the organisation's page


class DeclineForm(forms.Form):
    decline_reason = forms.CharField(
        label=_("Motif du refus"),
        max_length=300,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Indiquez le motif du refus.")},
    )


@admin.register(Referral)
class ReferralAdmin(ReadAuditAdminMixin, admin.ModelAdmin):
    list_display = ["__str__", "submitted_at", "organisation", "first_name", "status"]
    list_filter = ["status", "organisation"]
    list_select_related = ["organisation"]
    search_fields = ["first_name", "referrer_name", "organisation__name"]
    date_hierarchy = "submitted_at"
    readonly_fields = [
        "organisation",
        "first_name",
        "contact",
        "language",
        "project",
        "referrer_name",
        "referrer_contact",
        "consent",
        "submitted_at",
        "status",
        "decided_at",
        "decided_by",
        "decline_reason",
        "entrepreneur",
    ]
    fields = readonly_fields
    change_form_template = "admin/entrepreneurs/referral/change_form.html"

    def has_add_permission(self, request) -> bool:
        return False  # referrals come through the partners' form

    def get_urls(self):
        info = self.opts.app_label, self.opts.model_name
        own = [
            path(
                "<path:object_id>/accept/",
                self.admin_site.admin_view(self.accept_view),
                name="{}_{}_accept".format(*info),
            ),
            path(
                "<path:object_id>/decline/",
                self.admin_site.admin_view(self.decline_view),
                name="{}_{}_decline".format(*info),
            ),
        ]
        return own + super().get_urls()

    def _decidable(self, request, object_id: str) -> Referral:
        referral = get_object_or_404(Referral.objects.select_related("organisation"), pk=object_id)
        if not self.has_change_permission(request, referral):
            raise PermissionDenied
        return referral

    def _back(self, referral: Referral):
        return redirect(reverse("admin:entrepreneurs_referral_change", args=[referral.pk]))

    def accept_view(self, request, object_id: str):
        referral = self._decidable(request, object_id)
        if request.method == "POST" and referral.is_pending:
            try:
                person = accept_referral(referral, request.user)
            except ReferralAlreadyDecided:
                self.message_user(
                    request, _("Cette orientation a déjà été traitée."), messages.WARNING
                )
                return self._back(referral)
            self.message_user(
                request,
                _("Orientation acceptée : fiche %(reference)s créée avec un premier accueil.")
                % {"reference": person.reference},
                messages.SUCCESS,
            )
            return redirect(reverse("admin:entrepreneurs_entrepreneur_change", args=[person.pk]))
        return self._decision_page(request, referral, "accept", None)

    def decline_view(self, request, object_id: str):
        referral = self._decidable(request, object_id)
        form = DeclineForm(request.POST if request.method == "POST" else None)
        if request.method == "POST" and referral.is_pending and form.is_valid():
            try:
                decline_referral(referral, request.user, form.cleaned_data["decline_reason"])
            except (ReferralAlreadyDecided, ValidationError):
                self.message_user(
                    request, _("Cette orientation a déjà été traitée."), messages.WARNING
                )
                return self._back(referral)
            self.message_user(request, _("Orientation refusée."), messages.SUCCESS)
            return self._back(referral)
        return self._decision_page(request, referral, "decline", form)

    def _decision_page(self, request, referral: Referral, decision: str, form):
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "referral": referral,
            "decision": decision,
            "form": form,
            "title": _("Accepter l'orientation")
            if decision == "accept"
            else _("Refuser l'orientation"),
        }
        return TemplateResponse(request, "admin/entrepreneurs/referral_decision.html", context)
