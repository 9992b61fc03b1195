import secrets

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import FileExtensionValidator, MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Case, Max, Value, When
from django.utils.translation import gettext_lazy as _
from PIL import Image, UnidentifiedImageError

from cooperatives.models import Cooperative
from core.locking import LockedModel, OptimisticLockMixin
from core.period import MAX_YEAR, MIN_YEAR
from entrepreneurs.models import Entrepreneur

LOGO_MAX_BYTES = 2 * 1024 * 1024
# SVG is refused on purpose: it can carry scripts and external references.
LOGO_FORMATS = {"PNG", "JPEG"}


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


def validate_logo(file) -> None:
    """At most 2 MB, and really a PNG or JPEG image (whatever its name says)."""
    if file.size > LOGO_MAX_BYTES:
        raise ValidationError(_("Le logo dépasse 2 Mo : choisissez un fichier plus léger."))
    position = file.tell() if hasattr(file, "tell") else 0
    try:
        file.seek(0)
        with Image.open(file) as image:
            image_format = image.format
    except (UnidentifiedImageError, OSError, ValueError) as error:
        raise ValidationError(_("Le logo n'est pas une image PNG ou JPEG lisible.")) from error
    finally:
        file.seek(position)
    if image_format not in LOGO_FORMATS:
        raise ValidationError(_("Le logo doit être une image PNG ou JPEG."))


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


class ReportSection(LockedModel):
    """A narrative section of an edition, shown in its chapter next to the figures."""

    class Chapter(models.TextChoices):
        ASSOCIATIVE_LIFE = "associative_life", _("Vie associative")
        SUPPORT = "support", _("Accompagnement des entrepreneur·es")
        COOPERATIVES = "cooperatives", _("Coopératives éphémères")
        PARTNERSHIPS = "partnerships", _("Partenariats et financements")
        OUTLOOK = "outlook", _("Perspectives")

    edition = models.ForeignKey(
        ReportEdition,
        on_delete=models.CASCADE,
        related_name="sections",
        verbose_name=_("édition"),
    )
    chapter = models.CharField(_("chapitre"), max_length=30, choices=Chapter)
    heading = models.CharField(_("titre"), max_length=200)
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
