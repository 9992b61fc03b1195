"""People and organisations: accounts, partners, members and their dues, dossiers, mandates."""

import datetime

from django.contrib.auth.models import AbstractUser, BaseUserManager
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.utils.translation import gettext_lazy as _

from core.locking import LockedModel
from core.models import ends_after_start, validate_period
from core.period import Period
from core.references import ReferencedModel
from core.validators import validate_plausible_date


class UserManager(BaseUserManager):
    use_in_migrations = True

    def _create_user(self, email, password, **extra_fields):
        if not email:
            raise ValueError("An e-mail address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **extra_fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", False)
        extra_fields.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra_fields)

    def create_superuser(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", True)
        extra_fields.setdefault("is_superuser", True)
        return self._create_user(email, password, **extra_fields)


class User(AbstractUser):
    """An account: a staff member or a board member. People logging in by e-mail."""

    username = None
    email = models.EmailField(_("adresse e-mail"), unique=True)

    objects = UserManager()

    USERNAME_FIELD = "email"
    REQUIRED_FIELDS: list[str] = []

    class Meta:
        verbose_name = _("compte utilisateur")
        verbose_name_plural = _("comptes utilisateurs")
        ordering = ["email"]

    def __str__(self) -> str:
        return self.get_full_name() or self.email


class Format(models.TextChoices):
    IN_PERSON = "in_person", _("Présentiel")
    ONLINE = "online", _("Visio")
    HYBRID = "hybrid", _("Hybride")


class Organisation(LockedModel):
    """Any organisation the association deals with: partner, funder, host CAE, prescriber."""

    class Kind(models.TextChoices):
        ASSOCIATION = "association", _("Association")
        FOUNDATION = "foundation", _("Fondation")
        PUBLIC_BODY = "public_body", _("Organisme public")
        COOPERATIVE = "cooperative", _("Coopérative")
        COMPANY = "company", _("Entreprise")
        OTHER = "other", _("Autre")

    name = models.CharField(_("nom"), max_length=200, unique=True)
    kind = models.CharField(_("type"), max_length=20, choices=Kind, default=Kind.OTHER)
    website = models.URLField(_("site web"), blank=True)
    notes = models.TextField(_("notes"), blank=True)

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class PartnershipQuerySet(models.QuerySet):
    def overlapping(self, period: Period):
        """Partnerships whose own period [start or open, end or open] meets `period`."""
        first, last = period.as_range()
        return self.filter(Q(start_date__isnull=True) | Q(start_date__lte=last)).filter(
            Q(end_date__isnull=True) | Q(end_date__gte=first)
        )


class Partnership(LockedModel):
    """A relation of the association with an organisation over a period."""

    class Role(models.TextChoices):
        PARTNER = "partner", _("Partenaire")
        FUNDER = "funder", _("Financeur")
        HOST = "host", _("Structure d'accueil")
        PRESCRIBER = "prescriber", _("Prescripteur")
        IN_KIND_DONOR = "in_kind_donor", _("Mécène en nature")

    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        related_name="partnerships",
        verbose_name=_("organisation"),
    )
    role = models.CharField(_("rôle"), max_length=20, choices=Role)
    start_date = models.DateField(
        _("début"), null=True, blank=True, validators=[validate_plausible_date]
    )
    end_date = models.DateField(
        _("fin"), null=True, blank=True, validators=[validate_plausible_date]
    )
    notes = models.TextField(_("notes"), blank=True)

    objects = PartnershipQuerySet.as_manager()

    class Meta:
        verbose_name = _("partenariat")
        verbose_name_plural = _("partenariats")
        ordering = ["organisation__name", "role"]
        constraints = [ends_after_start("partnership_end_after_start", start_optional=True)]

    def __str__(self) -> str:
        return f"{self.organisation} — {self.get_role_display()}"

    def clean(self) -> None:
        validate_period(self.start_date, self.end_date)


class MemberQuerySet(models.QuerySet):
    def up_to_date(self, year: int):
        """Members « à jour » for `year`: that year's dues are paid (a paid-on date)."""
        return self.filter(
            Exists(Due.objects.filter(member=OuterRef("pk"), year=year, paid_on__isnull=False))
        )

    def with_mandate_on(self, date: datetime.date):
        """Members with a board mandate running on `date` (start ≤ date ≤ end or open)."""
        return self.filter(Exists(Mandate.objects.running_on(date).filter(member=OuterRef("pk"))))


class Member(LockedModel, ReferencedModel):
    """A member of the association (voting at the general assembly, maybe on the board)."""

    REFERENCE_PREFIX = "ADH"

    reference = models.CharField(_("référence"), max_length=20, unique=True, blank=True)
    first_name = models.CharField(_("prénom"), max_length=100)
    last_name = models.CharField(_("nom"), max_length=100)
    email = models.EmailField(_("e-mail"), blank=True)
    joined_on = models.DateField(
        _("adhésion le"), null=True, blank=True, validators=[validate_plausible_date]
    )
    user = models.OneToOneField(
        User,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="member",
        verbose_name=_("compte"),
    )

    objects = MemberQuerySet.as_manager()

    class Meta:
        verbose_name = _("membre")
        verbose_name_plural = _("membres")
        ordering = ["last_name", "first_name"]

    def __str__(self) -> str:
        return f"{self.first_name} {self.last_name}"


class Due(LockedModel):
    """A member's yearly dues (cotisation): paid when it has a paid-on date."""

    member = models.ForeignKey(
        Member, on_delete=models.CASCADE, related_name="dues", verbose_name=_("membre")
    )
    year = models.PositiveSmallIntegerField(
        _("année"), validators=[MinValueValidator(2000), MaxValueValidator(2100)]
    )
    amount = models.DecimalField(
        _("montant (€)"), max_digits=8, decimal_places=2, validators=[MinValueValidator(0)]
    )
    paid_on = models.DateField(
        _("payée le"), null=True, blank=True, validators=[validate_plausible_date]
    )

    class Meta:
        verbose_name = _("cotisation")
        verbose_name_plural = _("cotisations")
        ordering = ["-year", "member__last_name", "member__first_name"]
        constraints = [
            models.UniqueConstraint(
                fields=["member", "year"],
                name="due_unique_member_year",
                violation_error_message=_("Ce membre a déjà une cotisation pour cette année."),
            ),
            models.CheckConstraint(
                condition=Q(amount__gte=0),
                name="due_amount_positive",
                violation_error_message=_("Le montant ne peut pas être négatif."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.member} — {self.year}"

    @property
    def is_paid(self) -> bool:
        return self.paid_on is not None


class Dossier(LockedModel):
    """A theme a board member takes charge of (digital communication, fundraising...)."""

    name = models.CharField(_("intitulé"), max_length=200, unique=True)

    class Meta:
        verbose_name = _("dossier")
        verbose_name_plural = _("dossiers")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class MandateQuerySet(models.QuerySet):
    def running_on(self, date: datetime.date):
        return self.filter(start_date__lte=date).filter(
            Q(end_date__isnull=True) | Q(end_date__gte=date)
        )

    def ending_between(self, first: datetime.date, last: datetime.date):
        return self.filter(end_date__range=(first, last))


class Mandate(LockedModel):
    class Role(models.TextChoices):
        PRESIDENT = "president", _("Présidence")
        TREASURER = "treasurer", _("Trésorerie")
        SECRETARY = "secretary", _("Secrétariat")
        BOARD_MEMBER = "board_member", _("Administrateur·rice")

    member = models.ForeignKey(
        Member, on_delete=models.CASCADE, related_name="mandates", verbose_name=_("membre")
    )
    role = models.CharField(_("fonction"), max_length=20, choices=Role)
    start_date = models.DateField(_("début"), validators=[validate_plausible_date])
    end_date = models.DateField(
        _("fin"), null=True, blank=True, validators=[validate_plausible_date]
    )
    dossiers = models.ManyToManyField(
        Dossier, blank=True, related_name="mandates", verbose_name=_("dossiers portés")
    )

    objects = MandateQuerySet.as_manager()

    class Meta:
        verbose_name = _("mandat au conseil")
        verbose_name_plural = _("mandats au conseil")
        ordering = ["-start_date"]
        constraints = [ends_after_start("mandate_end_after_start")]

    def __str__(self) -> str:
        return f"{self.member} — {self.get_role_display()}"

    def clean(self) -> None:
        validate_period(self.start_date, self.end_date)
