import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from django_countries.fields import CountryField

from core.locking import LockedModel, OptimisticLockMixin
from core.validators import validate_plausible_date
from governance.models import DatedQuerySet, Organisation, ends_after_start
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


def years_before(day: datetime.date, years: int) -> datetime.date:
    """The same calendar day `years` earlier (28 February for a 29 February)."""
    try:
        return day.replace(year=day.year - years)
    except ValueError:
        return day.replace(year=day.year - years, day=28)


class EntrepreneurQuerySet(models.QuerySet):
    def anonymised(self):
        return self.filter(anonymised_at__isnull=False)

    def not_anonymised(self):
        return self.filter(anonymised_at__isnull=True)

    def consent_missing(self):
        return self.filter(consent_date__isnull=True)

    def consent_given(self):
        return self.filter(consent_date__isnull=False)

    def inactive_since(self, cutoff: datetime.date):
        """People with no sign of activity on or after `cutoff`: no record created, no
        encounter, no event attended, no membership ongoing or ended since then.

        The later apps' models are reached through the reverse relations' related names,
        so this app imports none of them; one SQL query with NOT EXISTS subqueries.
        """
        encounter = self._related_model("encounters")
        attendance = self._related_model("attendances")
        membership = self._related_model("memberships")
        person = OuterRef("pk")
        membership_open = Q(left_on__isnull=True) & (
            Q(cooperative__end_date__isnull=True) | Q(cooperative__end_date__gte=cutoff)
        )
        return (
            self.filter(created_at__date__lt=cutoff)
            .exclude(Exists(encounter.objects.filter(entrepreneur=person, date__gte=cutoff)))
            .exclude(
                Exists(
                    attendance.objects.attended().filter(
                        entrepreneur=person, event__date__gte=cutoff
                    )
                )
            )
            .exclude(
                Exists(
                    membership.objects.filter(entrepreneur=person).filter(
                        Q(left_on__gte=cutoff) | membership_open
                    )
                )
            )
        )

    def due_for_retention(self, today: datetime.date | None = None, years: int | None = None):
        """Not yet anonymised and inactive for the retention period (RETENTION_YEARS)."""
        today = today or timezone.localdate()
        years = settings.RETENTION_YEARS if years is None else years
        return self.not_anonymised().inactive_since(years_before(today, years))

    def _related_model(self, related_name: str) -> type[models.Model]:
        return self.model._meta.get_field(related_name).related_model


class Entrepreneur(OptimisticLockMixin, ReferencedModel):
    """A person followed by the association."""

    REFERENCE_PREFIX = "ENT"
    REFERENCE_WIDTH = 4
    # What anonymisation leaves in the fields that identify a person (entrepreneurs.services).
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
    consent_date = models.DateField(
        _("date du consentement"), null=True, blank=True, validators=[validate_plausible_date]
    )
    consent_scope = models.CharField(
        _("portée du consentement"),
        max_length=300,
        blank=True,
        help_text=_("Finalités acceptées : suivi, statistiques anonymes, photos..."),
    )
    notes = models.TextField(_("notes"), blank=True)
    created_at = models.DateTimeField(_("créé le"), auto_now_add=True)
    updated_at = models.DateTimeField(_("modifié le"), auto_now=True)
    # Optimistic locking: every save claims the version it read (core.locking).
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


class Encounter(LockedModel):
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
    date = models.DateField(_("date"), validators=[validate_plausible_date])
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
