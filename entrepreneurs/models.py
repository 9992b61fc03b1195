from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField

from governance.models import DatedQuerySet, Organisation
from governance.references import ReferencedModel

MIN_YEAR = 1900


class Gender(models.TextChoices):
    FEMALE = "female", _("Femme")
    MALE = "male", _("Homme")
    OTHER = "other", _("Autre")
    UNDISCLOSED = "undisclosed", _("Non renseigné")


class Sector(models.TextChoices):
    TEXTILE = "textile", _("Textile")
    FOOD = "food", _("Alimentation")
    BEAUTY = "beauty", _("Beauté")
    CRAFTS = "crafts", _("Artisanat")
    SERVICES = "services", _("Services")
    OTHER = "other", _("Autre")


class SkillLevel(models.TextChoices):
    BEGINNER = "beginner", _("Débutant·e")
    INTERMEDIATE = "intermediate", _("Intermédiaire")
    PROFESSIONAL = "professional", _("Professionnel·le")


class Entrepreneur(ReferencedModel):
    """A person followed by the association."""

    REFERENCE_PREFIX = "ENT"
    REFERENCE_WIDTH = 4

    reference = models.CharField(
        _("référence"),
        max_length=20,
        unique=True,
        blank=True,
        help_text=_("Générée automatiquement si vide (ENT-0001)."),
    )
    first_name = models.CharField(_("prénom"), max_length=100)
    last_name = models.CharField(_("nom"), max_length=100, blank=True)
    gender = models.CharField(_("genre"), max_length=20, choices=Gender, default=Gender.UNDISCLOSED)
    birth_year = models.PositiveSmallIntegerField(
        _("année de naissance"), null=True, blank=True, validators=[MinValueValidator(MIN_YEAR)]
    )
    country_of_origin = CountryField(_("pays d'origine"), blank=True)
    arrival_year = models.PositiveSmallIntegerField(
        _("année d'arrivée en France"),
        null=True,
        blank=True,
        validators=[MinValueValidator(MIN_YEAR)],
    )
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("téléphone"), max_length=30, blank=True)
    sector = models.CharField(_("secteur"), max_length=20, choices=Sector, blank=True)
    project_kind = models.CharField(
        _("type de projet"),
        max_length=200,
        blank=True,
        help_text=_("Par exemple « Retouche / confection », « Marque artisanale »."),
    )
    skill_level = models.CharField(
        _("niveau de compétence"), max_length=20, choices=SkillLevel, blank=True
    )
    informal_activity = models.BooleanField(
        _("exerce déjà de manière informelle"), null=True, blank=True
    )
    referred_by = models.ForeignKey(
        Organisation,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="referred_entrepreneurs",
        verbose_name=_("orienté·e par"),
    )
    consent_date = models.DateField(_("date du consentement"), null=True, blank=True)
    consent_scope = models.CharField(
        _("portée du consentement"),
        max_length=300,
        blank=True,
        help_text=_("Finalités acceptées : suivi, statistiques anonymes, photos..."),
    )
    notes = models.TextField(_("notes"), blank=True)
    created_at = models.DateTimeField(_("créé le"), auto_now_add=True)
    updated_at = models.DateTimeField(_("modifié le"), auto_now=True)

    class Meta:
        verbose_name = _("entrepreneur·e")
        verbose_name_plural = _("entrepreneur·es")
        ordering = ["reference"]
        constraints = [
            models.CheckConstraint(
                condition=Q(arrival_year__isnull=True)
                | Q(birth_year__isnull=True)
                | Q(arrival_year__gte=F("birth_year")),
                name="entrepreneur_arrival_after_birth",
                violation_error_message=_("L'année d'arrivée précède l'année de naissance."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.reference} — {self.first_name} {self.last_name}".strip()

    def clean(self) -> None:
        this_year = timezone.localdate().year
        errors = {}
        if self.birth_year and self.birth_year > this_year:
            errors["birth_year"] = _("L'année de naissance est dans le futur.")
        if self.arrival_year and self.arrival_year > this_year:
            errors["arrival_year"] = _("L'année d'arrivée est dans le futur.")
        if errors:
            raise ValidationError(errors)


class Encounter(models.Model):
    """A meeting between the association and an entrepreneur."""

    class Kind(models.TextChoices):
        FIRST_CONTACT = "first_contact", _("Accueil")
        INDIVIDUAL_INTERVIEW = "individual_interview", _("Entretien individuel")
        ORIENTATION = "orientation", _("Orientation")
        FOLLOW_UP = "follow_up", _("Suivi")

    entrepreneur = models.ForeignKey(
        Entrepreneur,
        on_delete=models.CASCADE,
        related_name="encounters",
        verbose_name=_("entrepreneur·e"),
    )
    date = models.DateField(_("date"))
    kind = models.CharField(_("type"), max_length=30, choices=Kind)
    staff_member = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="encounters",
        verbose_name=_("membre de l'équipe"),
        limit_choices_to={"is_staff": True},
    )
    notes = models.TextField(_("notes"), blank=True)
    oriented_towards = models.ForeignKey(
        Organisation,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="orientations",
        verbose_name=_("orienté·e vers"),
    )

    objects = DatedQuerySet.as_manager()

    class Meta:
        verbose_name = _("rencontre")
        verbose_name_plural = _("rencontres")
        ordering = ["-date"]
        # Yearly figures filter encounters by date; the unique constraint below leads with
        # the entrepreneur, so it serves per-person lookups only.
        indexes = [models.Index(fields=["date"], name="encounter_date_idx")]
        constraints = [
            models.UniqueConstraint(
                fields=["entrepreneur", "date", "kind"],
                name="encounter_unique_per_day_kind",
                violation_error_message=_(
                    "Cette rencontre existe déjà (même personne, même date, même type)."
                ),
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} — {self.date:%d/%m/%Y}"
