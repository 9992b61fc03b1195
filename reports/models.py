import secrets
from decimal import Decimal

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.core.validators import FileExtensionValidator, MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Case, Max, Value, When
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from cooperatives.models import Cooperative
from core.locking import LockedModel, OptimisticLockMixin
from core.period import MAX_YEAR, MIN_YEAR
from core.validators import validate_logo
from entrepreneurs.models import Entrepreneur
from funding.models import GrantAgreement, ReportDeadline
from funding.storage import private_storage

# Volunteer hours are valued at the minimum wage with employer charges: the SMIC horaire
# brut of 1 January 2025 (11.88 euros) plus 45 % of employer contributions, before the
# reductions on low wages (11.88 x 1.45 = 17.23).
DEFAULT_VOLUNTEER_RATE = Decimal("17.23")
DEFAULT_VOLUNTEER_RATE_SOURCE = _(
    "SMIC horaire brut au 1er janvier 2025 (11,88 €), majoré de 45 % de cotisations "
    "patronales hors allègements"
)


class ReportAccess(models.Model):
    """Holds the report permissions only: no table, nothing stored.

    Board members hold these and nothing else, so a permission check is enough to
    open a dashboard or a report while every record stays out of reach.
    """

    class Meta:
        managed = False
        default_permissions = ()
        permissions = [
            ("view_dashboard", _("Peut consulter les tableaux de bord")),
            ("view_annual_report", _("Peut consulter et télécharger les rapports d'activité")),
        ]

    def __str__(self) -> str:
        return str(self._meta.verbose_name)


def pdf_upload_to(edition: "ReportEdition", filename: str) -> str:
    # A random part: media files may be served by the proxy, a report is not for everyone.
    return f"reports/editions/rapport-{edition.year}-v{edition.version}-{secrets.token_hex(8)}.pdf"


class ReportEditionQuerySet(models.QuerySet):
    def for_year(self, year: int):
        return self.filter(year=year)

    def published(self):
        return self.filter(status=ReportEdition.Status.PUBLISHED)

    def latest_first(self):
        """Published editions before drafts, each newest version first."""
        return self.annotate(
            published_rank=Case(
                When(status=ReportEdition.Status.PUBLISHED, then=Value(1)), default=Value(0)
            )
        ).order_by("-published_rank", "-version")

    def next_version(self, year: int) -> int:
        return (self.filter(year=year).aggregate(top=Max("version"))["top"] or 0) + 1


class ReportEdition(OptimisticLockMixin, models.Model):
    """One version of a year's activity report: narrative by staff; once published, its
    figures and PDF are frozen. Changing a published report means reopening it as a new
    draft version."""

    # `version` numbers the editions of a year: the edit counter has a name of its own.
    lock_field = "revision"

    class Status(models.TextChoices):
        DRAFT = "draft", _("Brouillon")
        PUBLISHED = "published", _("Publiée")

    year = models.PositiveSmallIntegerField(
        _("année"), validators=[MinValueValidator(MIN_YEAR), MaxValueValidator(MAX_YEAR)]
    )
    version = models.PositiveSmallIntegerField(_("version"), editable=False)
    # Optimistic locking: every save claims the revision it read (core.locking).
    revision = models.PositiveIntegerField(_("révision"), default=1)
    title = models.CharField(_("titre"), max_length=200, default=_("Rapport d'activité"))
    introduction = models.TextField(
        _("introduction"), blank=True, help_text=_("Markdown ; le HTML brut est retiré.")
    )
    logo = models.ImageField(
        _("logo"),
        upload_to="reports/logos/",
        blank=True,
        validators=[FileExtensionValidator(["png", "jpg", "jpeg"]), validate_logo],
        help_text=_("PNG ou JPEG, 2 Mo au plus."),
    )
    # Blank means the default (the form may leave them out): see `volunteer_rate`.
    volunteer_hourly_rate = models.DecimalField(
        _("valorisation d'une heure de bénévolat (€)"),
        max_digits=6,
        decimal_places=2,
        null=True,
        blank=True,
        default=DEFAULT_VOLUNTEER_RATE,
        validators=[MinValueValidator(0)],
        help_text=_("Vide : le SMIC horaire chargé (17,23 €)."),
    )
    volunteer_rate_source = models.CharField(
        _("source du taux horaire"),
        max_length=300,
        blank=True,
        default=DEFAULT_VOLUNTEER_RATE_SOURCE,
        help_text=_("Imprimée en note sous la valorisation du bénévolat."),
    )
    premises = models.TextField(
        _("locaux"),
        blank=True,
        help_text=_("Les locaux de l'association dans l'année (une phrase ou deux)."),
    )
    status = models.CharField(
        _("statut"), max_length=20, choices=Status, default=Status.DRAFT, editable=False
    )
    published_at = models.DateTimeField(_("publiée le"), null=True, blank=True, editable=False)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
        verbose_name=_("publiée par"),
    )
    figures = models.JSONField(_("chiffres figés"), null=True, blank=True, editable=False)
    partners = models.JSONField(_("partenaires figés"), null=True, blank=True, editable=False)
    # The year told (reports.year_story) and the year before's figures, frozen with the
    # figures: a published report reads the same on screen as in its PDF.
    story = models.JSONField(
        _("récit figé"), null=True, blank=True, editable=False, encoder=DjangoJSONEncoder
    )
    pdf = models.FileField(_("PDF publié"), upload_to=pdf_upload_to, blank=True, editable=False)
    approved_by_meeting = models.ForeignKey(
        "governance.Meeting",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        limit_choices_to={"kind": "general_assembly"},
        related_name="approved_report_editions",
        verbose_name=_("approuvée par l'assemblée générale"),
        help_text=_("L'assemblée générale qui a approuvé ce rapport, avant sa publication."),
    )
    created_at = models.DateTimeField(_("créée le"), auto_now_add=True)
    updated_at = models.DateTimeField(_("modifiée le"), auto_now=True)

    objects = ReportEditionQuerySet.as_manager()

    class Meta:
        verbose_name = _("édition du rapport d'activité")
        verbose_name_plural = _("éditions du rapport d'activité")
        ordering = ["-year", "-version"]
        constraints = [
            models.UniqueConstraint(
                fields=["year", "version"],
                name="report_edition_unique_year_version",
                violation_error_message=_("Cette version existe déjà pour cette année."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.title} {self.year} (v{self.version}, {self.get_status_display()})"

    def save(self, *args, **kwargs) -> None:
        if self.version is None:
            self.version = ReportEdition.objects.next_version(self.year)
        super().save(*args, **kwargs)

    @property
    def is_published(self) -> bool:
        return self.status == self.Status.PUBLISHED

    @property
    def volunteer_rate(self) -> tuple[Decimal, str]:
        """The hourly value of volunteering and the source the report's footnote gives."""
        if self.volunteer_hourly_rate is None:
            return DEFAULT_VOLUNTEER_RATE, str(DEFAULT_VOLUNTEER_RATE_SOURCE)
        return self.volunteer_hourly_rate, self.volunteer_rate_source or str(
            DEFAULT_VOLUNTEER_RATE_SOURCE
        )


class ReportSection(LockedModel):
    """A narrative section of an edition, shown in its chapter next to the figures."""

    class Chapter(models.TextChoices):
        """The report's chapters, in their printed order."""

        YEAR_IN_BRIEF = "year_in_brief", _("L'année en bref")
        HIGHLIGHTS = "highlights", _("Temps forts")
        SUPPORT = "support", _("Accompagnement")
        COOPERATIVES = "cooperatives", _("Coopératives")
        ASSOCIATIVE_LIFE = "associative_life", _("Vie associative")
        PARTNERSHIPS = "partnerships", _("Partenariats et financements")
        OUTLOOK = "outlook", _("Perspectives")

    edition = models.ForeignKey(
        ReportEdition,
        on_delete=models.CASCADE,
        related_name="sections",
        verbose_name=_("édition"),
    )
    chapter = models.CharField(_("chapitre"), max_length=30, choices=Chapter)
    heading = models.CharField(_("titre"), max_length=200, blank=True)
    body = models.TextField(
        _("texte"), blank=True, help_text=_("Markdown ; le HTML brut est retiré.")
    )
    order = models.PositiveSmallIntegerField(_("ordre"), default=0)

    class Meta:
        verbose_name = _("section")
        verbose_name_plural = _("sections")
        ordering = ["order", "pk"]

    def __str__(self) -> str:
        return self.heading


# Traceability: the records behind the figures the domain changelists cannot filter
# (an OR across relations, "no earlier contact"...). Read-only admin lists over the same
# QuerySets as the figures (reports/admin.py).


class EntrepreneurMet(Entrepreneur):
    class Meta:
        proxy = True
        verbose_name = _("personne rencontrée (contrôle)")
        verbose_name_plural = _("entrepreneur·es rencontré·es (par année)")


class CooperatorEngaged(Entrepreneur):
    class Meta:
        proxy = True
        verbose_name = _("coopératrice ou coopérateur (contrôle)")
        verbose_name_plural = _("coopérateur·rices engagé·es (par année)")


class ActiveCooperative(Cooperative):
    class Meta:
        proxy = True
        verbose_name = _("coopérative éphémère en activité (contrôle)")
        verbose_name_plural = _("coopératives éphémères actives (par année)")


class FunderReportQuerySet(models.QuerySet):
    def sent(self):
        return self.filter(status=FunderReport.Status.SENT)


def funder_report_upload_to(report: "FunderReport", filename: str) -> str:
    return f"funder-reports/{report.agreement.reference}-{secrets.token_hex(8)}.pdf"


class FunderReport(LockedModel):
    """The report a funder asks for, over its agreement's period: narrative by staff;
    once sent, its figures and PDF are frozen (as a published edition's)."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Brouillon")
        SENT = "sent", _("Envoyé")

    agreement = models.ForeignKey(
        GrantAgreement,
        on_delete=models.CASCADE,
        related_name="funder_reports",
        verbose_name=_("convention"),
    )
    kind = models.CharField(
        _("type"), max_length=20, choices=ReportDeadline.Kind, default=ReportDeadline.Kind.FINAL
    )
    narrative = models.TextField(
        _("récit"), blank=True, help_text=_("Markdown ; le HTML brut est retiré.")
    )
    status = models.CharField(
        _("statut"), max_length=20, choices=Status, default=Status.DRAFT, editable=False
    )
    figures = models.JSONField(_("chiffres figés"), null=True, blank=True, editable=False)
    pdf = models.FileField(
        _("PDF envoyé"),
        storage=private_storage,
        upload_to=funder_report_upload_to,
        blank=True,
        editable=False,
    )
    sent_at = models.DateTimeField(_("envoyé le"), null=True, blank=True, editable=False)
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
        verbose_name=_("envoyé par"),
    )
    created_at = models.DateTimeField(_("créé le"), auto_now_add=True)
    updated_at = models.DateTimeField(_("modifié le"), auto_now=True)

    objects = FunderReportQuerySet.as_manager()

    class Meta:
        verbose_name = _("bilan pour un financeur")
        verbose_name_plural = _("bilans pour les financeurs")
        ordering = ["agreement", "-created_at"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.agreement.reference} ({self.get_status_display()})"

    def get_absolute_url(self) -> str:
        return reverse("admin:reports_funderreport_change", args=[self.pk])

    @property
    def is_sent(self) -> bool:
        return self.status == self.Status.SENT
