import datetime
import uuid
from decimal import Decimal
from pathlib import PurePath

from django.conf import settings
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Count, Exists, F, Min, OuterRef, Q, Subquery
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from cooperatives.models import Cooperative, Membership, Programme
from core.locking import LockedModel, OptimisticLockMixin
from core.models import DatedQuerySet
from core.period import Period
from core.references import ReferencedModel
from core.validators import validate_plausible_date
from entrepreneurs.models import Entrepreneur
from events.storage import private_storage
from governance.models import Format, Organisation

#: The event kinds whose hours count as training (issue 14's figures).
TRAINING_KINDS = ("workshop", "training")
#: Sessions starting before this hour have a morning half-day, ending after it an afternoon.
MIDDAY = datetime.time(13, 0)


class Trainer(LockedModel):
    """Who leads an event: a person (by name), an organisation, or a person from one."""

    name = models.CharField(
        _("nom"),
        max_length=200,
        blank=True,
        help_text=_("Prénom et nom de la personne ; vide si c'est l'organisation qui intervient."),
    )
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="trainers",
        verbose_name=_("organisation"),
    )

    class Meta:
        verbose_name = _("intervenant·e")
        verbose_name_plural = _("intervenant·es")
        ordering = ["name", "organisation__name"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(name="") | Q(organisation__isnull=False),
                name="trainer_named",
                violation_error_message=_(
                    "Indiquez le nom de la personne, son organisation, ou les deux."
                ),
            )
        ]

    def __str__(self) -> str:
        if self.name and self.organisation_id:
            return f"{self.name} ({self.organisation})"
        return self.name or str(self.organisation)


class EventQuerySet(DatedQuerySet):
    def without_sessions(self):
        return self.exclude(Exists(Session.objects.filter(event=OuterRef("pk"))))

    def create_missing_sessions(self) -> int:
        """Give every event of this queryset that has none its single session (`date`,
        `duration_hours`), as events.csv describes them; returns how many were made."""
        sessions = [
            Session(event_id=pk, date=date, hours=hours)
            for pk, date, hours in self.without_sessions().values_list(
                "pk", "date", "duration_hours"
            )
        ]
        Session.objects.bulk_create(sessions)
        return len(sessions)

    def sync_dates_with_sessions(self) -> int:
        """Date each event of several sessions by its first one."""
        first = (
            Session.objects.filter(event=OuterRef("pk"))
            .order_by()
            .values("event")
            .annotate(first=Min("date"))
            .values("first")
        )
        return (
            self.filter(Exists(Session.objects.filter(event=OuterRef("pk"))))
            .annotate(first_session=Subquery(first))
            .exclude(date=F("first_session"))
            .update(date=Subquery(first))
        )

    def sync_single_sessions(self) -> int:
        """`Event.sync_single_session` for every event of this queryset at once (after a
        bulk import, which does not call save())."""
        counts = (
            Session.objects.filter(event=OuterRef("event"))
            .order_by()
            .values("event")
            .annotate(n=Count("pk"))
            .values("n")
        )
        singles = (
            Session.objects.filter(event__in=self)
            .annotate(siblings=Subquery(counts))
            .filter(siblings=1)
            .select_related("event")
        )
        stale = []
        for session in singles:
            changed = session.date != session.event.date
            session.date = session.event.date
            if session.start_time is None or session.end_time is None:
                changed |= session.hours != session.event.duration_hours
                session.hours = session.event.duration_hours
            if changed:
                stale.append(session)
        Session.objects.bulk_update(stale, ["date", "hours"])
        return len(stale)


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
    trainers = models.ManyToManyField(
        Trainer, blank=True, related_name="events", verbose_name=_("intervenant·es")
    )
    funders = models.ManyToManyField(
        Organisation,
        blank=True,
        related_name="funded_events",
        verbose_name=_("action soutenue par"),
        help_text=_("Financeurs nommés sur la feuille d'émargement."),
    )
    description = models.TextField(_("description"), blank=True)

    objects = EventQuerySet.as_manager()

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

    def save(self, *args, **kwargs):
        """A new event gets its single session; an event of one session moves it along."""
        adding = self._state.adding
        super().save(*args, **kwargs)
        if adding:
            Session.objects.create(event=self, date=self.date, hours=self.duration_hours)
        else:
            self.sync_single_session()

    def sync_single_session(self) -> None:
        """An event of one session behaves as before sessions existed: the session is on
        the event's date and, without times, lasts the event's `duration_hours`."""
        sessions = list(self.sessions.all()[:2])
        if len(sessions) != 1:
            return
        session = sessions[0]
        changes = {"date": self.date}
        if session.start_time is None or session.end_time is None:
            changes["hours"] = self.duration_hours
        if any(getattr(session, name) != value for name, value in changes.items()):
            Session.objects.filter(pk=session.pk).update(**changes)

    def ensure_session(self) -> "Session":
        """The event's only session (made if missing); ValueError if it has several."""
        sessions = list(self.sessions.all()[:2])
        if not sessions:
            return Session.objects.create(event=self, date=self.date, hours=self.duration_hours)
        if len(sessions) > 1:
            raise ValueError(f"event {self.reference} has several sessions: name one")
        return sessions[0]


class SessionQuerySet(DatedQuerySet):
    def trainings(self):
        """Sessions of workshops and trainings, any format."""
        return self.filter(event__kind__in=TRAINING_KINDS)


class Session(OptimisticLockMixin, models.Model):
    """One day (or part of a day) of an event; an event has one or several."""

    event = models.ForeignKey(
        Event, on_delete=models.CASCADE, related_name="sessions", verbose_name=_("événement")
    )
    date = models.DateField(_("date"), validators=[validate_plausible_date])
    start_time = models.TimeField(_("début"), null=True, blank=True)
    end_time = models.TimeField(_("fin"), null=True, blank=True)
    hours = models.DecimalField(
        _("durée (heures)"),
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
        help_text=_("Calculée à partir des horaires quand ils sont renseignés."),
    )
    # Bumped by every roll call and every save (core.locking): a roll call or an admin
    # page read before either is refused.
    version = models.PositiveIntegerField(_("version"), default=1)

    objects = SessionQuerySet.as_manager()

    class Meta:
        verbose_name = _("séance")
        verbose_name_plural = _("séances")
        ordering = ["event", "date", "start_time"]
        indexes = [models.Index(fields=["date"], name="session_date_idx")]
        constraints = [
            models.UniqueConstraint(
                fields=["event", "date"],
                name="session_unique_day",
                violation_error_message=_("Cet événement a déjà une séance ce jour-là."),
            ),
            models.CheckConstraint(
                condition=Q(start_time__isnull=True)
                | Q(end_time__isnull=True)
                | Q(end_time__gt=F("start_time")),
                name="session_ends_after_start",
                violation_error_message=_("L'heure de fin doit suivre l'heure de début."),
            ),
            models.CheckConstraint(
                condition=Q(hours__isnull=True) | Q(hours__gte=0),
                name="session_hours_positive",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.event.title} — {self.date:%d/%m/%Y}"

    def save(self, *args, **kwargs):
        computed = self.computed_hours()
        if computed is not None:
            self.hours = computed
        super().save(*args, **kwargs)
        Event.objects.filter(pk=self.event_id).sync_dates_with_sessions()

    def get_absolute_url(self) -> str:
        return reverse("events:roll_call", args=[self.pk])

    def computed_hours(self) -> Decimal | None:
        """From the start and end times, in hours to the hundredth; None without them."""
        if self.start_time is None or self.end_time is None:
            return None
        day = datetime.date(2000, 1, 1)
        delta = datetime.datetime.combine(day, self.end_time) - datetime.datetime.combine(
            day, self.start_time
        )
        return (Decimal(delta.total_seconds()) / 3600).quantize(Decimal("0.01"))

    def half_days(self) -> list[str]:
        """The half-days to sign for: from the times, else from the length (over 4 h: both)."""
        morning, afternoon = str(_("Matin")), str(_("Après-midi"))
        if self.start_time is not None and self.end_time is not None:
            halves = []
            if self.start_time < MIDDAY:
                halves.append(morning)
            if self.end_time > MIDDAY:
                halves.append(afternoon)
            return halves
        if self.hours is not None and self.hours > 4:
            return [morning, afternoon]
        return [str(_("Signature"))]


class AttendanceQuerySet(models.QuerySet):
    def attended(self):
        """Absences are recorded too; only presences count as having met someone."""
        return self.filter(status=Attendance.Status.ATTENDED)

    def in_period(self, period: Period):
        """Attendances at events dated within the period (by the event's date, its first
        session's, so an event counts in one period)."""
        return self.filter(event__date__range=period.as_range())

    def at_trainings(self, period: Period):
        """Attendances at the workshop and training sessions held in the period."""
        return self.filter(
            session__date__range=period.as_range(), session__event__kind__in=TRAINING_KINDS
        )


class Attendance(LockedModel):
    """A person at one session of an event: registered, then marked at the roll call."""

    class Status(models.TextChoices):
        REGISTERED = "registered", _("Inscrit·e")
        ATTENDED = "attended", _("Présent·e")
        EXCUSED = "excused", _("Excusé·e")
        ABSENT = "absent", _("Absent·e")

    #: What the roll call may record (registered is the state before it).
    MARKS = (Status.ATTENDED, Status.EXCUSED, Status.ABSENT)

    event = models.ForeignKey(
        Event, on_delete=models.CASCADE, related_name="attendances", verbose_name=_("événement")
    )
    session = models.ForeignKey(
        Session,
        on_delete=models.CASCADE,
        related_name="attendances",
        verbose_name=_("séance"),
        blank=True,
        help_text=_("Vide : la séance unique de l'événement."),
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
        ordering = ["event", "session__date", "entrepreneur__reference"]
        # The people present at a year's events, read from the index alone (index-only
        # scan; the unique constraint's index cannot filter on status).
        indexes = [
            models.Index(
                fields=["event", "status", "entrepreneur"], name="attendance_event_status_idx"
            )
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["session", "entrepreneur"],
                name="attendance_unique_session",
                violation_error_message=_("Cette personne est déjà inscrite à cette séance."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.entrepreneur} — {self.event}"

    def save(self, *args, **kwargs):
        """Without a session, the event's only one (an event as before sessions)."""
        if self.session_id is None and self.event_id is not None:
            self.session = self.event.ensure_session()
        if self.event_id is None and self.session_id is not None:
            self.event_id = self.session.event_id
        super().save(*args, **kwargs)

    def clean(self) -> None:
        if self.session_id is None and self.event_id:
            # The event's only session, so that uniqueness is checked against it.
            sessions = list(self.event.sessions.all()[:2])
            if len(sessions) == 1:
                self.session = sessions[0]
        # Only a session given as an object is checked (a form's choice): an import
        # resolves it from the event itself, and must not pay a query per row for it.
        given = self._meta.get_field("session").is_cached(self)
        if given and self.session and self.event_id and self.session.event_id != self.event_id:
            raise ValidationError({"session": _("Cette séance n'appartient pas à l'événement.")})
        if self.session_id is None and self.event_id and self.event.sessions.count() > 1:
            raise ValidationError(
                {"session": _("Cet événement a plusieurs séances : choisissez-en une.")}
            )


def signed_sheet_path(instance: "SignedSheet", filename: str) -> str:
    """A random name under the event's reference: the uploaded name may hold a person's."""
    suffix = PurePath(filename).suffix.lower()[:5]
    return f"signed-sheets/{instance.session.event.reference}/{uuid.uuid4().hex}{suffix}"


class SignedSheetQuerySet(models.QuerySet):
    def held_before(self, day: datetime.date):
        return self.filter(session__date__lt=day)


class SignedSheet(models.Model):
    """The scan of a signed attendance sheet of one session (PDF, JPEG or PNG)."""

    class ContentType(models.TextChoices):
        PDF = "application/pdf", "PDF"
        JPEG = "image/jpeg", "JPEG"
        PNG = "image/png", "PNG"

    session = models.ForeignKey(
        Session, on_delete=models.CASCADE, related_name="signed_sheets", verbose_name=_("séance")
    )
    file = models.FileField(_("fichier"), storage=private_storage, upload_to=signed_sheet_path)
    content_type = models.CharField(_("type"), max_length=30, choices=ContentType)
    size = models.PositiveIntegerField(_("taille (octets)"))
    uploaded_at = models.DateTimeField(_("déposée le"), auto_now_add=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("déposée par"),
    )

    objects = SignedSheetQuerySet.as_manager()

    class Meta:
        verbose_name = _("feuille d'émargement signée")
        verbose_name_plural = _("feuilles d'émargement signées")
        ordering = ["session", "uploaded_at"]

    def __str__(self) -> str:
        return f"{self.session} — {self.get_content_type_display()}"

    def get_absolute_url(self) -> str:
        return reverse("events:signed_sheet", args=[self.pk])


def delete_signed_sheet_file(sender, instance: SignedSheet, **kwargs) -> None:
    """post_delete: the scan's file goes with its row (Django leaves files behind)."""
    if instance.file:
        instance.file.delete(save=False)


class SaleQuerySet(models.QuerySet):
    def at_commercial_events_in(self, period: Period):
        return self.filter(event__kind=Event.Kind.COMMERCIAL, event__date__range=period.as_range())


class Sale(LockedModel):
    """What a cooperative (or one of its cooperators) sold at a commercial event."""

    event = models.ForeignKey(
        Event, on_delete=models.CASCADE, related_name="sales", verbose_name=_("événement")
    )
    cooperative = models.ForeignKey(
        Cooperative, on_delete=models.CASCADE, related_name="sales", verbose_name=_("coopérative")
    )
    membership = models.ForeignKey(
        Membership,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="sales",
        verbose_name=_("coopérateur·rice"),
        help_text=_("Facultatif : les ventes d'une seule personne de la coopérative."),
    )
    amount = models.DecimalField(
        _("montant (€)"), max_digits=10, decimal_places=2, validators=[MinValueValidator(0)]
    )
    sales_count = models.PositiveIntegerField(_("nombre de ventes"), default=0)

    objects = SaleQuerySet.as_manager()

    class Meta:
        verbose_name = _("vente")
        verbose_name_plural = _("ventes")
        ordering = ["event", "cooperative"]
        constraints = [
            models.CheckConstraint(
                condition=Q(amount__gte=0),
                name="sale_amount_positive",
                violation_error_message=_("Le montant des ventes ne peut pas être négatif."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.cooperative} — {self.event}"

    def clean(self) -> None:
        errors = {}
        event = getattr(self, "event", None)
        if event is not None and event.kind and event.kind != Event.Kind.COMMERCIAL:
            # Not on `event`: entered from the event's page, where that field is hidden.
            errors[NON_FIELD_ERRORS] = _("Les ventes se saisissent sur un événement commercial.")
        if (
            self.membership_id
            and self.cooperative_id
            and self.membership.cooperative_id != self.cooperative_id
        ):
            errors["membership"] = _("Cette personne n'est pas membre de cette coopérative.")
        if errors:
            raise ValidationError(errors)
