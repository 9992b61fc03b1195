import datetime

from django.contrib.auth.models import AbstractUser, BaseUserManager
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from core.locking import LockedModel
from core.validators import validate_plausible_date
from governance.roles import BOARD_GROUP, STAFF_GROUP


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

    @property
    def is_board_member(self) -> bool:
        return self.groups.filter(name=BOARD_GROUP).exists()

    @property
    def is_staff_member(self) -> bool:
        return self.is_staff and self.groups.filter(name=STAFF_GROUP).exists()


class Format(models.TextChoices):
    IN_PERSON = "in_person", _("Présentiel")
    ONLINE = "online", _("Visio")
    HYBRID = "hybrid", _("Hybride")


def year_bounds(
    year: int, until: datetime.date | None = None
) -> tuple[datetime.date, datetime.date]:
    """First and last day of a calendar year (dates are local, Europe/Paris), or of its
    part up to `until` (the dashboard compares a year so far with the same dates before)."""
    last = datetime.date(year, 12, 31)
    return datetime.date(year, 1, 1), min(last, until) if until else last


class DatedQuerySet(models.QuerySet):
    """Filters for models with a `date` field (encounters, events, meetings)."""

    def in_year(self, year: int, until: datetime.date | None = None):
        return self.filter(date__range=year_bounds(year, until))


def validate_period(start, end, end_field: str = "end_date") -> None:
    """Refuse a period that ends before it starts (shared by every dated model)."""
    if start and end and end < start:
        raise ValidationError({end_field: _("La date de fin précède la date de début.")})


PERIOD_ERROR = _("La date de fin précède la date de début.")


def ends_after_start(
    name: str,
    *,
    start: str = "start_date",
    end: str = "end_date",
    start_optional: bool = False,
    message=PERIOD_ERROR,
) -> models.CheckConstraint:
    """The database's guard for a period: the end, when known, is not before the start."""
    condition = Q(**{f"{end}__isnull": True})
    if start_optional:
        condition |= Q(**{f"{start}__isnull": True})
    condition |= Q(**{f"{end}__gte": F(start)})
    return models.CheckConstraint(condition=condition, name=name, violation_error_message=message)


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
    def overlapping(self, year: int):
        """Partnerships whose period [start or open, end or open] meets the calendar year."""
        first, last = year_bounds(year)
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


class Grant(LockedModel):
    class Status(models.TextChoices):
        REQUESTED = "requested", _("Demandée")
        GRANTED = "granted", _("Accordée")
        REFUSED = "refused", _("Refusée")
        PAID = "paid", _("Versée")

    funder = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="grants", verbose_name=_("financeur")
    )
    year = models.PositiveSmallIntegerField(
        _("année"), validators=[MinValueValidator(2000), MaxValueValidator(2100)]
    )
    amount = models.DecimalField(
        _("montant (€)"), max_digits=10, decimal_places=2, validators=[MinValueValidator(0)]
    )
    purpose = models.CharField(_("objet"), max_length=300, blank=True)
    status = models.CharField(_("statut"), max_length=20, choices=Status, default=Status.REQUESTED)

    class Meta:
        verbose_name = _("subvention")
        verbose_name_plural = _("subventions")
        ordering = ["-year", "funder__name"]
        constraints = [
            models.CheckConstraint(condition=Q(amount__gte=0), name="grant_amount_positive")
        ]

    def __str__(self) -> str:
        return f"{self.funder} {self.year} — {self.amount} €"


class Member(LockedModel):
    """A member of the association (voting at the general assembly, maybe on the board)."""

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

    class Meta:
        verbose_name = _("membre")
        verbose_name_plural = _("membres")
        ordering = ["last_name", "first_name"]

    def __str__(self) -> str:
        return f"{self.first_name} {self.last_name}"


class Dossier(LockedModel):
    """A theme a board member takes charge of (digital communication, fundraising...)."""

    name = models.CharField(_("intitulé"), max_length=200, unique=True)

    class Meta:
        verbose_name = _("dossier")
        verbose_name_plural = _("dossiers")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


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

    class Meta:
        verbose_name = _("mandat au conseil")
        verbose_name_plural = _("mandats au conseil")
        ordering = ["-start_date"]
        constraints = [ends_after_start("mandate_end_after_start")]

    def __str__(self) -> str:
        return f"{self.member} — {self.get_role_display()}"

    def clean(self) -> None:
        validate_period(self.start_date, self.end_date)


class Meeting(LockedModel):
    class Kind(models.TextChoices):
        GENERAL_ASSEMBLY = "general_assembly", _("Assemblée générale")
        BOARD = "board", _("Conseil d'administration")
        SEMINAR = "seminar", _("Séminaire")
        PARTNER = "partner", _("Comité partenarial")

    kind = models.CharField(_("type"), max_length=20, choices=Kind)
    date = models.DateField(_("date"), validators=[validate_plausible_date])
    format = models.CharField(_("format"), max_length=20, choices=Format, default=Format.IN_PERSON)
    title = models.CharField(_("intitulé"), max_length=200, blank=True)
    agenda = models.TextField(_("ordre du jour"), blank=True)
    minutes = models.TextField(_("compte rendu"), blank=True)
    attendees = models.ManyToManyField(
        Member, blank=True, related_name="meetings", verbose_name=_("participant·es")
    )

    objects = DatedQuerySet.as_manager()

    class Meta:
        verbose_name = _("réunion")
        verbose_name_plural = _("réunions")
        ordering = ["-date"]
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "date"],
                name="meeting_unique_kind_date",
                violation_error_message=_("Une réunion de ce type existe déjà à cette date."),
            )
        ]

    def __str__(self) -> str:
        return self.title or f"{self.get_kind_display()} du {self.date:%d/%m/%Y}"


class Decision(LockedModel):
    meeting = models.ForeignKey(
        Meeting, on_delete=models.CASCADE, related_name="decisions", verbose_name=_("réunion")
    )
    text = models.TextField(_("décision"))
    votes_for = models.PositiveSmallIntegerField(_("pour"), default=0)
    votes_against = models.PositiveSmallIntegerField(_("contre"), default=0)
    abstentions = models.PositiveSmallIntegerField(_("abstentions"), default=0)

    class Meta:
        verbose_name = _("décision")
        verbose_name_plural = _("décisions")
        ordering = ["meeting", "pk"]

    def __str__(self) -> str:
        return self.text[:80]

    @property
    def adopted(self) -> bool:
        return self.votes_for > self.votes_against


class StaffPosition(LockedModel):
    class ContractType(models.TextChoices):
        PERMANENT = "permanent", _("CDI")
        FIXED_TERM = "fixed_term", _("CDD")
        APPRENTICESHIP = "apprenticeship", _("Alternance / apprentissage")
        INTERNSHIP = "internship", _("Stage")
        CIVIC_SERVICE = "civic_service", _("Service civique")
        OTHER = "other", _("Autre")

    first_name = models.CharField(_("prénom"), max_length=100)
    last_name = models.CharField(_("nom"), max_length=100)
    role = models.CharField(_("fonction"), max_length=200)
    contract_type = models.CharField(_("contrat"), max_length=20, choices=ContractType)
    start_date = models.DateField(_("début"), validators=[validate_plausible_date])
    end_date = models.DateField(
        _("fin"), null=True, blank=True, validators=[validate_plausible_date]
    )
    funding_scheme = models.CharField(_("dispositif de financement"), max_length=200, blank=True)
    user = models.ForeignKey(
        User,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="positions",
        verbose_name=_("compte"),
    )

    class Meta:
        verbose_name = _("poste salarié")
        verbose_name_plural = _("équipe salariée")
        ordering = ["-start_date"]
        constraints = [ends_after_start("staffposition_end_after_start")]

    def __str__(self) -> str:
        return f"{self.first_name} {self.last_name} — {self.role}"

    def clean(self) -> None:
        validate_period(self.start_date, self.end_date)


class Contribution(LockedModel):
    """Volunteer time or an in-kind gift (a consultant's day, rooms lent for a seminar)."""

    class Kind(models.TextChoices):
        VOLUNTEERING = "volunteering", _("Bénévolat")
        IN_KIND = "in_kind", _("Don en nature")

    kind = models.CharField(_("type"), max_length=20, choices=Kind)
    contributor = models.CharField(_("contributeur·rice"), max_length=200)
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="contributions",
        verbose_name=_("organisation"),
    )
    date = models.DateField(_("date"), validators=[validate_plausible_date])
    hours = models.DecimalField(
        _("heures"),
        max_digits=7,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )
    value = models.DecimalField(
        _("valeur (€)"),
        max_digits=10,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )
    description = models.CharField(_("description"), max_length=300, blank=True)
    meeting = models.ForeignKey(
        Meeting,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="contributions",
        verbose_name=_("réunion concernée"),
    )

    class Meta:
        verbose_name = _("contribution bénévole ou en nature")
        verbose_name_plural = _("contributions bénévoles et en nature")
        ordering = ["-date"]
        constraints = [
            models.CheckConstraint(
                condition=Q(hours__isnull=False) | Q(value__isnull=False),
                name="contribution_hours_or_value",
                violation_error_message=_("Indiquez un nombre d'heures ou une valeur."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.contributor} — {self.date:%d/%m/%Y}"
