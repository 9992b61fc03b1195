"""Grant agreements: who funds what, over which days, paid when, reported when."""

import datetime
import secrets

from django.core.exceptions import ValidationError
from django.core.validators import FileExtensionValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from cooperatives.models import Cooperative, Programme
from core.locking import LockedModel
from core.models import ends_after_start, validate_period
from core.period import Period
from core.references import ReferencedModel
from core.validators import PDF, sniff_upload
from events.models import Event
from funding.storage import private_storage
from governance.models import Organisation


class GrantAgreementQuerySet(models.QuerySet):
    def funding(self):
        """Awarded or closed agreements: money the association got (or gets)."""
        return self.filter(status__in=[GrantAgreement.Status.AWARDED, GrantAgreement.Status.CLOSED])

    def overlapping(self, period: Period):
        """Agreements whose own period [start, end] meets `period`."""
        first, last = period.as_range()
        return self.filter(start_date__lte=last, end_date__gte=first)


class GrantAgreement(LockedModel, ReferencedModel):
    """A funder's agreement: its period (any dates), amounts, scope and the figures the
    funder asks for in its reports."""

    REFERENCE_PREFIX = "SUB"
    REFERENCE_WIDTH = 4

    class Status(models.TextChoices):
        REQUESTED = "requested", _("Demandée")
        AWARDED = "awarded", _("Accordée")
        REFUSED = "refused", _("Refusée")
        CLOSED = "closed", _("Soldée")

    reference = models.CharField(
        _("référence"),
        max_length=20,
        unique=True,
        blank=True,
        help_text=_("Générée automatiquement si vide (SUB-0001)."),
    )
    funder = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="grant_agreements",
        verbose_name=_("financeur"),
    )
    title = models.CharField(_("intitulé"), max_length=300)
    start_date = models.DateField(_("début de la période"))
    end_date = models.DateField(_("fin de la période"))
    amount_requested = models.DecimalField(
        _("montant demandé (€)"),
        max_digits=10,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )
    amount_awarded = models.DecimalField(
        _("montant accordé (€)"),
        max_digits=10,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )
    status = models.CharField(_("statut"), max_length=20, choices=Status, default=Status.REQUESTED)
    whole_association = models.BooleanField(
        _("toute l'association"),
        default=True,
        help_text=_("Décochez pour limiter la subvention aux programmes, coopératives et "
                    "événements choisis ci-dessous."),
    )  # fmt: skip
    programmes = models.ManyToManyField(
        Programme, blank=True, related_name="grant_agreements", verbose_name=_("programmes")
    )
    cooperatives = models.ManyToManyField(
        Cooperative, blank=True, related_name="grant_agreements", verbose_name=_("coopératives")
    )
    events = models.ManyToManyField(
        Event, blank=True, related_name="grant_agreements", verbose_name=_("événements")
    )
    # Keys of reports.figures.FIGURES; checked by the form the reports app gives the admin
    # (funding sits below reports and cannot import its table).
    requested_figures = models.JSONField(
        _("chiffres demandés par le financeur"), default=list, blank=True
    )
    contact_name = models.CharField(_("contact chez le financeur"), max_length=200, blank=True)
    contact_email = models.EmailField(_("e-mail du contact"), blank=True)
    notes = models.TextField(_("notes"), blank=True)

    objects = GrantAgreementQuerySet.as_manager()

    class Meta:
        verbose_name = _("convention de subvention")
        verbose_name_plural = _("conventions de subvention")
        ordering = ["-start_date", "funder__name"]
        constraints = [
            ends_after_start("grantagreement_end_after_start"),
            models.CheckConstraint(
                condition=Q(amount_requested__isnull=True) | Q(amount_requested__gte=0),
                name="grantagreement_requested_positive",
                violation_error_message=_("Le montant demandé ne peut pas être négatif."),
            ),
            models.CheckConstraint(
                condition=Q(amount_awarded__isnull=True) | Q(amount_awarded__gte=0),
                name="grantagreement_awarded_positive",
                violation_error_message=_("Le montant accordé ne peut pas être négatif."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.reference} — {self.funder} : {self.title}"

    def get_absolute_url(self) -> str:
        return reverse("admin:funding_grantagreement_change", args=[self.pk])

    def clean(self) -> None:
        validate_period(self.start_date, self.end_date)
        if not isinstance(self.requested_figures, list) or not all(
            isinstance(key, str) for key in self.requested_figures
        ):
            raise ValidationError(
                {"requested_figures": _("Une liste de noms de chiffres est attendue.")}
            )

    @property
    def period(self) -> Period:
        return Period(self.start_date, self.end_date)

    @property
    def is_scoped(self) -> bool:
        return not self.whole_association


class InstalmentQuerySet(models.QuerySet):
    def received(self):
        return self.filter(received_on__isnull=False)

    def pending(self):
        return self.filter(received_on__isnull=True)


class Instalment(LockedModel):
    """A payment the agreement foresees; `received_on` once the money is in."""

    agreement = models.ForeignKey(
        GrantAgreement,
        on_delete=models.CASCADE,
        related_name="instalments",
        verbose_name=_("convention"),
    )
    due_on = models.DateField(_("échéance"))
    amount = models.DecimalField(
        _("montant (€)"), max_digits=10, decimal_places=2, validators=[MinValueValidator(0)]
    )
    received_on = models.DateField(_("reçu le"), null=True, blank=True)

    objects = InstalmentQuerySet.as_manager()

    class Meta:
        verbose_name = _("versement")
        verbose_name_plural = _("versements")
        ordering = ["agreement", "due_on"]
        constraints = [
            models.CheckConstraint(
                condition=Q(amount__gte=0),
                name="instalment_amount_positive",
                violation_error_message=_("Un versement ne peut pas être négatif."),
            )
        ]

    def __str__(self) -> str:
        # Not the agreement's reference: the agreement's page lists them (one query each).
        return f"{self.due_on:%d/%m/%Y} — {self.amount} €"


class ReportDeadlineQuerySet(models.QuerySet):
    def pending(self):
        return self.filter(sent_on__isnull=True)


class ReportDeadline(LockedModel):
    """A report the funder expects by a date (interim or final); `sent_on` once sent."""

    class Kind(models.TextChoices):
        INTERIM = "interim", _("Bilan intermédiaire")
        FINAL = "final", _("Bilan final")

    agreement = models.ForeignKey(
        GrantAgreement,
        on_delete=models.CASCADE,
        related_name="report_deadlines",
        verbose_name=_("convention"),
    )
    kind = models.CharField(_("type"), max_length=20, choices=Kind, default=Kind.FINAL)
    due_on = models.DateField(_("à rendre le"))
    sent_on = models.DateField(_("envoyé le"), null=True, blank=True)

    objects = ReportDeadlineQuerySet.as_manager()

    class Meta:
        verbose_name = _("bilan à rendre")
        verbose_name_plural = _("bilans à rendre")
        ordering = ["agreement", "due_on"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} — {self.due_on:%d/%m/%Y}"


def validate_pdf(file) -> None:
    """At most 10 MB, and really a PDF (its first bytes, whatever its name says)."""
    sniff_upload(file, (PDF,), _("Le document"))


def document_upload_to(document: "AgreementDocument", filename: str) -> str:
    # Never the uploaded name: it is the person's, and may collide or traverse.
    return f"agreements/{datetime.date.today():%Y}/{secrets.token_hex(12)}.pdf"


class AgreementDocument(LockedModel):
    """A signed agreement or amendment, kept in private storage (staff only)."""

    agreement = models.ForeignKey(
        GrantAgreement,
        on_delete=models.CASCADE,
        related_name="documents",
        verbose_name=_("convention"),
    )
    title = models.CharField(_("intitulé"), max_length=200, default=_("Convention signée"))
    file = models.FileField(
        _("fichier PDF"),
        storage=private_storage,
        upload_to=document_upload_to,
        max_length=200,
        validators=[FileExtensionValidator(["pdf"]), validate_pdf],
        help_text=_("PDF, 10 Mo au plus."),
    )
    uploaded_at = models.DateTimeField(_("déposé le"), auto_now_add=True)

    class Meta:
        verbose_name = _("document")
        verbose_name_plural = _("documents")
        ordering = ["agreement", "-uploaded_at"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("funding:document", args=[self.pk])
