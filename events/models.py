import datetime

from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from cooperatives.models import Cooperative, Programme
from core.locking import LockedModel
from core.validators import validate_plausible_date
from entrepreneurs.models import Entrepreneur
from governance.models import DatedQuerySet, Format, Organisation, year_bounds
from governance.references import ReferencedModel


class Event(LockedModel, ReferencedModel):
    """A workshop, training day, commercial or convivial event, talk..."""

    REFERENCE_PREFIX = "EVT"
    REFERENCE_WIDTH = 4

    class Kind(models.TextChoices):
        WORKSHOP = "workshop", _("Atelier")
        TRAINING = "training", _("Formation")
        COMMERCIAL = "commercial", _("Événement commercial")
        CONVIVIAL = "convivial", _("Temps convivial")
        COLLECTIVE_MEETING = "collective_meeting", _("Réunion collective")
        EXTERNAL_TALK = "external_talk", _("Intervention extérieure")
        OTHER = "other", _("Autre")

    reference = models.CharField(
        _("référence"),
        max_length=20,
        unique=True,
        blank=True,
        help_text=_("Générée automatiquement si vide (EVT-0001)."),
    )
    title = models.CharField(_("intitulé"), max_length=200)
    kind = models.CharField(_("type"), max_length=30, choices=Kind)
    date = models.DateField(_("date"), validators=[validate_plausible_date])
    duration_hours = models.DecimalField(
        _("durée (heures)"),
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )
    format = models.CharField(_("format"), max_length=20, choices=Format, default=Format.IN_PERSON)
    location = models.CharField(_("lieu"), max_length=200, blank=True)
    cooperative = models.ForeignKey(
        Cooperative,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="events",
        verbose_name=_("coopérative"),
    )
    programme = models.ForeignKey(
        Programme,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="events",
        verbose_name=_("programme"),
    )
    partners = models.ManyToManyField(
        Organisation, blank=True, related_name="events", verbose_name=_("partenaires")
    )
    speakers = models.CharField(_("intervenant·es"), max_length=300, blank=True)
    description = models.TextField(_("description"), blank=True)

    objects = DatedQuerySet.as_manager()

    class Meta:
        verbose_name = _("événement")
        verbose_name_plural = _("événements")
        ordering = ["-date", "title"]
        # Every yearly figure filters events by date.
        indexes = [models.Index(fields=["date"], name="event_date_idx")]
        constraints = [
            models.CheckConstraint(
                condition=Q(duration_hours__isnull=True) | Q(duration_hours__gte=0),
                name="event_duration_positive",
            )
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.date:%d/%m/%Y})"


class AttendanceQuerySet(models.QuerySet):
    def attended(self):
        """Absences are recorded too; only presences count as having met someone."""
        return self.filter(status=Attendance.Status.ATTENDED)

    def in_year(self, year: int, until: datetime.date | None = None):
        return self.filter(event__date__range=year_bounds(year, until))


class Attendance(LockedModel):
    class Status(models.TextChoices):
        ATTENDED = "attended", _("Présent·e")
        ABSENT = "absent", _("Absent·e")

    event = models.ForeignKey(
        Event, on_delete=models.CASCADE, related_name="attendances", verbose_name=_("événement")
    )
    entrepreneur = models.ForeignKey(
        Entrepreneur,
        on_delete=models.CASCADE,
        related_name="attendances",
        verbose_name=_("entrepreneur·e"),
    )
    status = models.CharField(_("présence"), max_length=20, choices=Status, default=Status.ATTENDED)

    objects = AttendanceQuerySet.as_manager()

    class Meta:
        verbose_name = _("présence")
        verbose_name_plural = _("présences")
        ordering = ["event", "entrepreneur__reference"]
        # The people present at a year's events, read from the index alone (index-only
        # scan; the unique constraint's index cannot filter on status).
        indexes = [
            models.Index(
                fields=["event", "status", "entrepreneur"], name="attendance_event_status_idx"
            )
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["event", "entrepreneur"],
                name="attendance_unique",
                violation_error_message=_("Cette personne est déjà inscrite à cet événement."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.entrepreneur} — {self.event}"
