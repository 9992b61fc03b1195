"""The entrepreneurs app's forms: the admin form that carries the version the page was
read at (no lost update), and the public referral form sent by partner organisations."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from entrepreneurs.models import Entrepreneur, Referral

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
