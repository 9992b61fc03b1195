import datetime

from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.locking import LockedModel
from core.models import DatedQuerySet, ends_after_start, validate_period
from core.period import Period
from core.references import ReferencedModel
from core.validators import validate_plausible_date
from entrepreneurs.models import Entrepreneur, Sector
from governance.models import Organisation


class Programme(LockedModel):
    """A multi-year programme, e.g. Migracoop, run with partner organisations."""

    name = models.CharField(_("nom"), max_length=200, unique=True)
    start_year = models.PositiveSmallIntegerField(_("année de début"), null=True, blank=True)
    end_year = models.PositiveSmallIntegerField(_("année de fin"), null=True, blank=True)
    partners = models.ManyToManyField(
        Organisation, blank=True, related_name="programmes", verbose_name=_("partenaires")
    )
    description = models.TextField(_("description"), blank=True)

    class Meta:
        verbose_name = _("programme")
        verbose_name_plural = _("programmes")
        ordering = ["name"]
        constraints = [
            ends_after_start(
                "programme_end_after_start",
                start="start_year",
                end="end_year",
                start_optional=True,
                message=_("L'année de fin précède l'année de début."),
            )
        ]

    def __str__(self) -> str:
        return self.name


class CooperativeQuerySet(models.QuerySet):
    """Status filters matching `Cooperative.status`, which is derived from the dates."""

    def planned(self, on: datetime.date | None = None):
        on = on or timezone.localdate()
        return self.filter(Q(start_date__isnull=True) | Q(start_date__gt=on))

    def running(self, on: datetime.date | None = None):
        on = on or timezone.localdate()
        return self.filter(start_date__lte=on).filter(
            Q(end_date__isnull=True) | Q(end_date__gte=on)
        )

    def ended(self, on: datetime.date | None = None):
        on = on or timezone.localdate()
        return self.filter(start_date__lte=on, end_date__lt=on)

    def ephemeral(self):
        return self.filter(kind=Cooperative.Kind.EPHEMERAL)

    def overlapping(self, period: Period):
        """Started cooperatives whose own period [start, end or open] meets `period`."""
        first, last = period.as_range()
        return self.filter(start_date__lte=last).filter(
            Q(end_date__isnull=True) | Q(end_date__gte=first)
        )


class Cooperative(LockedModel, ReferencedModel):
    """An ephemeral cooperative (a cohort hosted by a CAE) or a collective followed."""

    REFERENCE_PREFIX = "COOP"
    REFERENCE_WIDTH = 3

    class Kind(models.TextChoices):
        EPHEMERAL = "ephemeral", _("Coopérative éphémère")
        COLLECTIVE = "collective", _("Collectif")

    class Status(models.TextChoices):
        PLANNED = "planned", _("En préparation")
        RUNNING = "running", _("En cours")
        ENDED = "ended", _("Terminée")

    reference = models.CharField(
        _("référence"),
        max_length=20,
        unique=True,
        blank=True,
        help_text=_("Générée automatiquement si vide (COOP-001)."),
    )
    name = models.CharField(_("nom"), max_length=200)
    kind = models.CharField(_("type"), max_length=20, choices=Kind, default=Kind.EPHEMERAL)
    programme = models.ForeignKey(
        Programme,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="cooperatives",
        verbose_name=_("programme"),
    )
    sector = models.CharField(_("secteur"), max_length=20, choices=Sector, blank=True)
    host = models.ForeignKey(
        Organisation,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="hosted_cooperatives",
        verbose_name=_("structure d'accueil (CAE)"),
    )
    planned_start = models.DateField(
        _("démarrage prévu"), null=True, blank=True, validators=[validate_plausible_date]
    )
    start_date = models.DateField(
        _("démarrage effectif"), null=True, blank=True, validators=[validate_plausible_date]
    )
    end_date = models.DateField(
        _("fin"), null=True, blank=True, validators=[validate_plausible_date]
    )
    postponement_reason = models.CharField(_("motif du report"), max_length=300, blank=True)
    workspace_description = models.CharField(_("espace de travail"), max_length=300, blank=True)
    workspace_area_m2 = models.DecimalField(
        _("surface (m²)"),
        max_digits=7,
        decimal_places=1,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )
    brand_name = models.CharField(_("marque coopérative"), max_length=200, blank=True)
    brand_created_on = models.DateField(
        _("marque créée le"), null=True, blank=True, validators=[validate_plausible_date]
    )

    objects = CooperativeQuerySet.as_manager()

    class Meta:
        verbose_name = _("coopérative")
        verbose_name_plural = _("coopératives")
        ordering = ["-start_date", "name"]
        constraints = [ends_after_start("cooperative_end_after_start", start_optional=True)]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        validate_period(self.start_date, self.end_date)
        if self.brand_created_on and not self.brand_name:
            raise ValidationError({"brand_name": _("Indiquez le nom de la marque créée.")})

    @property
    def status(self) -> str:
        """Derived from the dates, never stored."""
        today = timezone.localdate()
        if not self.start_date or self.start_date > today:
            return self.Status.PLANNED
        if self.end_date and self.end_date < today:
            return self.Status.ENDED
        return self.Status.RUNNING

    def get_status_display(self) -> str:
        return self.Status(self.status).label


class MembershipQuerySet(models.QuerySet):
    def ephemeral(self):
        return self.filter(cooperative__kind=Cooperative.Kind.EPHEMERAL)

    def overlapping(self, period: Period):
        """Memberships whose own period [joined on, left on or else the cooperative's end
        or open] meets `period`."""
        first, last = period.as_range()
        return self.filter(joined_on__lte=last).filter(
            Q(left_on__gte=first)
            | Q(left_on__isnull=True, cooperative__end_date__isnull=True)
            | Q(left_on__isnull=True, cooperative__end_date__gte=first)
        )


class ExitReason(models.TextChoices):
    """Why a membership ended before its cooperative did."""

    PROGRAMME_END = "programme_end", _("Fin du programme")
    EMPLOYMENT = "employment", _("Emploi")
    BUSINESS_REGISTERED = "business_registered", _("Activité immatriculée")
    TRAINING = "training", _("Formation")
    MOVED_AWAY = "moved_away", _("Déménagement")
    HEALTH_OR_FAMILY = "health_or_family", _("Santé ou famille")
    UNREACHABLE = "unreachable", _("Plus joignable")
    OTHER = "other", _("Autre")


class Membership(LockedModel):
    """An entrepreneur's place in a cooperative, from joining to leaving."""

    cooperative = models.ForeignKey(
        Cooperative,
        on_delete=models.CASCADE,
        related_name="memberships",
        verbose_name=_("coopérative"),
    )
    entrepreneur = models.ForeignKey(
        Entrepreneur,
        on_delete=models.CASCADE,
        related_name="memberships",
        verbose_name=_("entrepreneur·e"),
    )
    joined_on = models.DateField(_("entrée le"), validators=[validate_plausible_date])
    left_on = models.DateField(
        _("sortie le"), null=True, blank=True, validators=[validate_plausible_date]
    )
    exit_reason = models.CharField(
        _("motif de sortie"),
        max_length=30,
        choices=ExitReason,
        blank=True,
        help_text=_("Pour une sortie avant la fin de la coopérative."),
    )

    objects = MembershipQuerySet.as_manager()

    class Meta:
        verbose_name = _("participation")
        verbose_name_plural = _("participations")
        ordering = ["cooperative", "entrepreneur__reference"]
        constraints = [
            models.UniqueConstraint(
                fields=["cooperative", "entrepreneur"],
                name="membership_unique",
                violation_error_message=_("Cette personne est déjà membre de la coopérative."),
            ),
            models.CheckConstraint(
                condition=Q(exit_reason="") | Q(left_on__isnull=False),
                name="membership_exit_reason_needs_left_on",
                violation_error_message=_("Un motif de sortie demande une date de sortie."),
            ),
            ends_after_start(
                "membership_left_after_joined",
                start="joined_on",
                end="left_on",
                message=_("La date de sortie précède la date d'entrée."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.entrepreneur} — {self.cooperative}"

    def clean(self) -> None:
        validate_period(self.joined_on, self.left_on, end_field="left_on")
        # Read the related object, not the id: in the admin's add form the cooperative is
        # validated with its memberships before either is saved.
        coop = getattr(self, "cooperative", None)
        if coop is None:
            return
        errors = {}
        if coop.start_date and self.joined_on and self.joined_on < coop.start_date:
            errors["joined_on"] = _("L'entrée précède le démarrage de la coopérative.")
        if coop.end_date and self.joined_on and self.joined_on > coop.end_date:
            errors["joined_on"] = _("L'entrée est postérieure à la fin de la coopérative.")
        if coop.end_date and self.left_on and self.left_on > coop.end_date:
            errors["left_on"] = _("La sortie est postérieure à la fin de la coopérative.")
        if self.exit_reason and not self.left_on:
            errors["exit_reason"] = _("Un motif de sortie demande une date de sortie.")
        if errors:
            raise ValidationError(errors)


class Checkpoint(models.TextChoices):
    EXIT = "exit", _("Sortie")
    SIX_MONTHS = "6_months", _("6 mois")
    TWELVE_MONTHS = "12_months", _("12 mois")


class Situation(models.TextChoices):
    EMPLOYED = "employed", _("Salarié·e")
    SELF_EMPLOYED = "self_employed", _("Activité indépendante immatriculée")
    CAE = "cae", _("Entrepreneur·e salarié·e en CAE")
    TRAINING = "training", _("En formation")
    JOB_SEARCH = "job_search", _("En recherche d'emploi")
    INACTIVE = "inactive", _("Sans activité")
    UNKNOWN = "unknown", _("Inconnue")


#: Situations the association counts as a positive outcome.
POSITIVE_SITUATIONS = (
    Situation.EMPLOYED,
    Situation.SELF_EMPLOYED,
    Situation.CAE,
    Situation.TRAINING,
)
#: Months after the exit each follow-up checkpoint falls due.
FOLLOW_UP_MONTHS = {Checkpoint.SIX_MONTHS: 6, Checkpoint.TWELVE_MONTHS: 12}


class OutcomeQuerySet(DatedQuerySet):
    def at(self, checkpoint: str):
        return self.filter(checkpoint=checkpoint)

    def known(self):
        """Outcomes whose situation is known (not « Inconnue »)."""
        return self.exclude(situation=Situation.UNKNOWN)

    def positive(self):
        return self.filter(situation__in=POSITIVE_SITUATIONS)


class Outcome(LockedModel):
    """A person's situation recorded at a checkpoint: at the exit, 6 and 12 months after."""

    entrepreneur = models.ForeignKey(
        Entrepreneur,
        on_delete=models.CASCADE,
        related_name="outcomes",
        verbose_name=_("entrepreneur·e"),
    )
    checkpoint = models.CharField(_("étape"), max_length=20, choices=Checkpoint)
    date = models.DateField(_("date"), validators=[validate_plausible_date])
    situation = models.CharField(
        _("situation"), max_length=20, choices=Situation, default=Situation.UNKNOWN
    )
    notes = models.TextField(_("notes"), blank=True)

    objects = OutcomeQuerySet.as_manager()

    class Meta:
        verbose_name = _("situation de parcours")
        verbose_name_plural = _("situations de parcours")
        ordering = ["entrepreneur__reference", "date"]
        # Figures filter outcomes by checkpoint and date.
        indexes = [models.Index(fields=["checkpoint", "date"], name="outcome_checkpoint_date_idx")]
        constraints = [
            models.UniqueConstraint(
                fields=["entrepreneur", "checkpoint"],
                name="outcome_unique_per_checkpoint",
                violation_error_message=_(
                    "Une situation est déjà enregistrée pour cette personne à cette étape."
                ),
            )
        ]

    def __str__(self) -> str:
        return f"{self.entrepreneur} — {self.get_checkpoint_display()}"

    @property
    def is_positive(self) -> bool:
        return self.situation in POSITIVE_SITUATIONS
