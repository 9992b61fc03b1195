"""The entrepreneurs app's forms: the admin form that carries the version the page was
read at (no lost update), and the public referral form sent by partner organisations."""

from django import forms
from django.utils.translation import gettext_lazy as _

from core.locking import LockedAdminForm
from entrepreneurs.models import Entrepreneur, Referral


class EntrepreneurAdminForm(LockedAdminForm):
    """Carries the version the page was read at; refuses a save over a newer one."""

    class Meta:
        model = Entrepreneur
        # The admin replaces this list with the fields of its fieldsets.
        fields = ["version"]


class ReferralForm(forms.ModelForm):
    # A field people never see (hidden by the stylesheet): robots fill it in.
    website = forms.CharField(label=_("Site web (laisser vide)"), required=False, max_length=200)
    consent = forms.BooleanField(
        label=_(
            "La personne a donné son accord pour que ses coordonnées soient transmises à "
            "Meltingcoop afin d'être recontactée."
        ),
        required=True,
        error_messages={"required": _("Sans l'accord de la personne, rien ne peut être envoyé.")},
    )

    class Meta:
        model = Referral
        fields = [
            "first_name",
            "contact",
            "language",
            "project",
            "referrer_name",
            "referrer_contact",
            "consent",
        ]
        widgets = {"project": forms.Textarea(attrs={"rows": 4, "maxlength": 1000})}

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        for name in ("first_name", "contact", "project", "referrer_name", "referrer_contact"):
            self.fields[name].required = True
        self.fields["website"].widget.attrs.update({"tabindex": "-1", "autocomplete": "off"})

    @property
    def is_robot(self) -> bool:
        return bool(self.data.get("website"))
