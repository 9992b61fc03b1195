from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models, router, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from django_countries.fields import CountryField

from core.models import DatedQuerySet, ends_after_start
from core.period import MIN_YEAR
from core.references import ReferencedModel
from governance.models import Organisation


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


class StaleRecordError(Exception):
    """Someone else saved the record since this copy was read: saving would overwrite them."""


class EntrepreneurQuerySet(models.QuerySet):
    def anonymised(self):
        return self.filter(anonymised_at__isnull=False)

    def not_anonymised(self):
        return self.filter(anonymised_at__isnull=True)

    def consent_missing(self):
        return self.filter(consent_date__isnull=True)

    def consent_given(self):
        return self.filter(consent_date__isnull=False)


class Entrepreneur(ReferencedModel):
    """A person followed by the association."""

    REFERENCE_PREFIX = "ENT"
    REFERENCE_WIDTH = 4
    # What anonymisation leaves in the fields that identify a person (privacy.services).
    ERASED_VALUES = {
        "first_name": "Anonyme",
        "last_name": "",
        "email": "",
        "phone": "",
        "notes": "",
        "consent_scope": "",
    }

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
    # Optimistic locking: every save claims the version it read (see `save`).
    version = models.PositiveIntegerField(_("version"), default=1)
    anonymised_at = models.DateTimeField(_("anonymisé·e le"), null=True, blank=True, editable=False)

    objects = EntrepreneurQuerySet.as_manager()

    class Meta:
        verbose_name = _("entrepreneur·e")
        verbose_name_plural = _("entrepreneur·es")
        ordering = ["reference"]
        constraints = [
            ends_after_start(
                "entrepreneur_arrival_after_birth",
                start="birth_year",
                end="arrival_year",
                start_optional=True,
                message=_("L'année d'arrivée précède l'année de naissance."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.reference} — {self.first_name} {self.last_name}".strip()

    def save(self, *args, **kwargs):
        """Save only over the version this copy was read at, else raise StaleRecordError.

        The conditional UPDATE claims the row (and, on PostgreSQL, locks it until the
        transaction ends), so two saves made from the same version cannot both pass.
        """
        if self._state.adding:
            return super().save(*args, **kwargs)
        using = kwargs.get("using") or router.db_for_write(type(self), instance=self)
        expected = self.version
        with transaction.atomic(using=using):
            claimed = (
                type(self)
                ._default_manager.using(using)
                .filter(pk=self.pk, version=expected)
                .update(version=F("version") + 1)
            )
            if not claimed:
                raise StaleRecordError(f"entrepreneur {self.pk}: version {expected} is stale")
            self.version = expected + 1
            if kwargs.get("update_fields") is not None:
                kwargs["update_fields"] = {*kwargs["update_fields"], "version"}
            try:
                super().save(*args, **kwargs)
            except BaseException:
                self.version = expected
                raise

    def clean(self) -> None:
        this_year = timezone.localdate().year
        errors = {}
        if self.birth_year and self.birth_year > this_year:
            errors["birth_year"] = _("L'année de naissance est dans le futur.")
        if self.arrival_year and self.arrival_year > this_year:
            errors["arrival_year"] = _("L'année d'arrivée est dans le futur.")
        if self.anonymised_at is not None:
            # An erasure is final: no form or import may identify the person again.
            for name, erased in self.ERASED_VALUES.items():
                if getattr(self, name) != erased:
                    errors[name] = _(
                        "Cette personne a été anonymisée : cette donnée ne peut plus être "
                        "renseignée."
                    )
        if errors:
            raise ValidationError(errors)


class Encounter(models.Model):
    """A meeting between the association and an entrepreneur."""

    class Kind(models.TextChoices):
        # A context of its own: « Accueil » is also the site's home page in French.
        FIRST_CONTACT = "first_contact", pgettext_lazy("encounter kind", "Accueil")
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
        # Yearly figures filter encounters by date and take the people met: with the
        # entrepreneur in the index that is an index-only scan (3x faster at 400,000
        # encounters, bench/RESULTS.md). The unique constraint below leads with the
        # entrepreneur, so it serves per-person lookups only.
        indexes = [models.Index(fields=["date", "entrepreneur"], name="encounter_date_person_idx")]
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
