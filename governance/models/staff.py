"""The staff and the volunteer or in-kind contributions to the association's life."""

from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from core.locking import LockedModel
from core.models import ends_after_start, validate_period
from core.validators import validate_plausible_date
from governance.models.directory import Organisation, User
from governance.models.meetings import Meeting


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
    name_printable = models.BooleanField(
        _("nom publiable dans le rapport d'activité"),
        default=False,
        help_text=_("Cochez seulement si la personne a accepté que son nom soit imprimé."),
    )
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
