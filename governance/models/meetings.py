"""Meetings of the association: the register (attendance, proxies, guests), the agenda,
decisions and the statutes' rules that compute quorum and majorities."""

from fractions import Fraction

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from core.locking import LockedModel
from core.models import DatedQuerySet
from core.references import ReferencedModel
from core.validators import validate_plausible_date
from governance.models.directory import Format, Member, Organisation
from governance.quorum import AttendanceRow, attendance_problems, is_adopted, vote_errors
from governance.uploads import private_storage, signed_minutes_upload_to, validate_signed_minutes


class MeetingQuerySet(DatedQuerySet):
    def with_counted(self):
        """Annotate `counted`: voters recorded present or represented."""
        counted = Q(attendances__status__in=["present", "represented"])
        return self.annotate(counted=models.Count("attendances", filter=counted))

    def with_register(self):
        """What the register pages walk: agenda, resolutions, attendance and guests."""
        return self.prefetch_related(
            "agenda_items",
            "decisions",
            models.Prefetch(
                "attendances", queryset=MeetingAttendance.objects.select_related("member")
            ),
            "guests",
        )


class Meeting(LockedModel, ReferencedModel):
    class Kind(models.TextChoices):
        GENERAL_ASSEMBLY = "general_assembly", _("Assemblée générale")
        BOARD = "board", _("Conseil d'administration")
        SEMINAR = "seminar", _("Séminaire")
        PARTNER = "partner", _("Comité partenarial")

    PREFIXES = {
        Kind.GENERAL_ASSEMBLY: "AG",
        Kind.BOARD: "CA",
        Kind.SEMINAR: "SEM",
        Kind.PARTNER: "CP",
    }

    reference = models.CharField(_("référence"), max_length=20, unique=True, blank=True)
    kind = models.CharField(_("type"), max_length=20, choices=Kind)
    date = models.DateField(_("date"), validators=[validate_plausible_date])
    format = models.CharField(_("format"), max_length=20, choices=Format, default=Format.IN_PERSON)
    title = models.CharField(_("intitulé"), max_length=200, blank=True)
    location = models.CharField(
        _("lieu ou lien"), max_length=300, blank=True, help_text=_("Adresse, ou lien de visio.")
    )
    notice_date = models.DateField(
        _("convoquée le"), null=True, blank=True, validators=[validate_plausible_date]
    )
    minutes = models.TextField(
        _("texte du procès-verbal"),
        blank=True,
        help_text=_("Texte libre du secrétariat, imprimé dans le procès-verbal."),
    )
    signed_minutes = models.FileField(
        _("procès-verbal signé"),
        storage=private_storage,
        upload_to=signed_minutes_upload_to,
        blank=True,
        validators=[validate_signed_minutes],
        help_text=_("Scan PDF signé, 10 Mo au plus. Une fois déposé, la réunion est figée."),
    )

    objects = MeetingQuerySet.as_manager()

    class Meta:
        verbose_name = _("réunion")
        verbose_name_plural = _("réunions")
        ordering = ["-date"]
        permissions = [("view_board_area", _("Consulter l'espace du conseil"))]
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "date"],
                name="meeting_unique_kind_date",
                violation_error_message=_("Une réunion de ce type existe déjà à cette date."),
            ),
            models.CheckConstraint(
                condition=Q(notice_date__isnull=True) | Q(notice_date__lte=F("date")),
                name="meeting_notice_before_date",
                violation_error_message=_("La convocation ne peut pas suivre la réunion."),
            ),
        ]

    def __str__(self) -> str:
        return self.title or f"{self.get_kind_display()} du {self.date:%d/%m/%Y}"

    def get_absolute_url(self) -> str:
        return reverse("governance:meeting", args=[self.reference])

    @property
    def REFERENCE_PREFIX(self) -> str:
        return self.PREFIXES.get(self.kind, "REU")

    @property
    def is_signed(self) -> bool:
        """A signed scan is stored (one just uploaded, not saved yet, does not count)."""
        return bool(self.signed_minutes) and self.signed_minutes._committed

    def rule(self) -> "StatuteRule | None":
        return StatuteRule.objects.filter(kind=self.kind).first()

    def voters(self, rule: "StatuteRule | None" = None):
        """Who votes at this meeting under its statute rule (None: no rule, nobody)."""
        rule = rule if rule is not None else self.rule()
        if rule is None:
            return Member.objects.none()
        if rule.electorate == StatuteRule.Electorate.MEMBERS_UP_TO_DATE:
            return Member.objects.up_to_date(self.date.year)
        return Member.objects.with_mandate_on(self.date)


class StatuteRule(LockedModel):
    """What the statutes say of one kind of meeting: who votes, quorum, proxies, majority.

    Kept as data so that a change of statutes is a superuser's edit, not a release."""

    class Electorate(models.TextChoices):
        MEMBERS_UP_TO_DATE = "members_up_to_date", _("Membres à jour de cotisation de l'année")
        BOARD = "board", _("Membres ayant un mandat au conseil à la date de la réunion")

    kind = models.CharField(_("type de réunion"), max_length=20, choices=Meeting.Kind, unique=True)
    electorate = models.CharField(_("qui vote"), max_length=30, choices=Electorate)
    quorum_numerator = models.PositiveSmallIntegerField(_("quorum : numérateur"), default=1)
    quorum_denominator = models.PositiveSmallIntegerField(
        _("quorum : dénominateur"),
        default=4,
        help_text=_("Part des votant·es présent·es ou représenté·es requise (1/4, 1/2…)."),
    )
    max_proxies = models.PositiveSmallIntegerField(
        _("pouvoirs par mandataire"), default=2, help_text=_("Au plus, par membre présent.")
    )
    qualified_numerator = models.PositiveSmallIntegerField(
        _("majorité qualifiée : numérateur"), default=2
    )
    qualified_denominator = models.PositiveSmallIntegerField(
        _("majorité qualifiée : dénominateur"),
        default=3,
        help_text=_("Pour les résolutions marquées « modification des statuts »."),
    )

    class Meta:
        verbose_name = _("règle statutaire")
        verbose_name_plural = _("règles statutaires")
        ordering = ["kind"]
        constraints = [
            models.CheckConstraint(
                condition=Q(quorum_denominator__gt=0)
                & Q(quorum_numerator__lte=F("quorum_denominator")),
                name="statuterule_quorum_fraction",
                violation_error_message=_("Le quorum doit être une fraction entre 0 et 1."),
            ),
            models.CheckConstraint(
                condition=Q(qualified_denominator__gt=0)
                & Q(qualified_numerator__lte=F("qualified_denominator")),
                name="statuterule_qualified_fraction",
                violation_error_message=_("La majorité qualifiée doit être une fraction ≤ 1."),
            ),
        ]

    def __str__(self) -> str:
        return str(_("Règle : %(kind)s") % {"kind": self.get_kind_display()})

    @property
    def quorum(self) -> Fraction:
        return Fraction(self.quorum_numerator, self.quorum_denominator)

    @property
    def qualified_majority(self) -> Fraction:
        return Fraction(self.qualified_numerator, self.qualified_denominator)


class AgendaItem(LockedModel):
    meeting = models.ForeignKey(
        Meeting, on_delete=models.CASCADE, related_name="agenda_items", verbose_name=_("réunion")
    )
    position = models.PositiveSmallIntegerField(_("rang"), default=1)
    title = models.CharField(_("point"), max_length=300)
    description = models.TextField(_("détail"), blank=True)

    class Meta:
        verbose_name = _("point de l'ordre du jour")
        verbose_name_plural = _("ordre du jour")
        ordering = ["meeting", "position", "pk"]

    def __str__(self) -> str:
        return f"{self.position}. {self.title}"


class MeetingAttendance(LockedModel):
    """A voter at a meeting: present, excused, or represented by a member present."""

    class Status(models.TextChoices):
        PRESENT = "present", _("Présent·e")
        EXCUSED = "excused", _("Excusé·e")
        REPRESENTED = "represented", _("Représenté·e")

    meeting = models.ForeignKey(
        Meeting, on_delete=models.CASCADE, related_name="attendances", verbose_name=_("réunion")
    )
    member = models.ForeignKey(
        Member,
        on_delete=models.CASCADE,
        related_name="meeting_attendances",
        verbose_name=_("membre"),
    )
    status = models.CharField(_("présence"), max_length=20, choices=Status, default=Status.PRESENT)
    proxy_holder = models.ForeignKey(
        Member,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="proxies_held",
        verbose_name=_("pouvoir donné à"),
    )

    class Meta:
        verbose_name = _("présence à une réunion")
        verbose_name_plural = _("présences")
        ordering = ["meeting", "member__last_name", "member__first_name"]
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "member"],
                name="meetingattendance_unique_member",
                violation_error_message=_("Ce membre est déjà compté à cette réunion."),
            ),
            models.CheckConstraint(
                condition=(Q(status="represented") & Q(proxy_holder__isnull=False))
                | (~Q(status="represented") & Q(proxy_holder__isnull=True)),
                name="meetingattendance_proxy_iff_represented",
                violation_error_message=_(
                    "Un membre représenté a un mandataire, et seulement lui."
                ),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.member} — {self.get_status_display()}"

    def clean(self) -> None:
        """Check this row with the meeting's other rows as stored (governance.quorum).

        The admin's inline formset and the import check a whole list at once (rows not
        saved yet included) and set `checked_as_a_list` to skip this per-row view."""
        if not self.meeting_id or not self.member_id:
            return
        if self.meeting.is_signed:
            raise ValidationError(_("Le procès-verbal est signé : la réunion est figée."))
        if getattr(self, "checked_as_a_list", False):
            return
        others = self.meeting.attendances.exclude(pk=self.pk).select_related(
            "member", "proxy_holder"
        )
        rows = [AttendanceRow.of(other) for other in others] + [AttendanceRow.of(self)]
        voters = set(self.meeting.voters().values_list("pk", flat=True))
        # This row's problems, and those it causes to the members whose proxy it holds
        # (a holder marked excused); the other rows' own problems are theirs.
        held_for = {row.member for row in rows if row.proxy_holder == self.member_id}
        errors: dict[str, list[str]] = {}
        for problem in attendance_problems(rows, self.meeting.rule(), voters):
            if problem.member == self.member_id:
                errors.setdefault(problem.field, []).append(problem.message)
            elif problem.member in held_for:
                errors.setdefault(NON_FIELD_ERRORS, []).append(problem.message)
        if errors:
            raise ValidationError(errors)


class MeetingGuest(LockedModel):
    """Someone at a meeting without a vote: staff, a partner."""

    class Capacity(models.TextChoices):
        STAFF = "staff", _("Équipe salariée")
        PARTNER = "partner", _("Partenaire")
        OTHER = "other", _("Autre")

    meeting = models.ForeignKey(
        Meeting, on_delete=models.CASCADE, related_name="guests", verbose_name=_("réunion")
    )
    name = models.CharField(_("nom"), max_length=200)
    capacity = models.CharField(_("qualité"), max_length=20, choices=Capacity)
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="meeting_guests",
        verbose_name=_("organisation"),
    )

    class Meta:
        verbose_name = _("invité·e sans droit de vote")
        verbose_name_plural = _("invité·es sans droit de vote")
        ordering = ["meeting", "name"]

    def __str__(self) -> str:
        return f"{self.name} ({self.get_capacity_display()})"


class Decision(LockedModel):
    """A resolution put to the vote at a meeting, on one of its agenda items."""

    meeting = models.ForeignKey(
        Meeting, on_delete=models.CASCADE, related_name="decisions", verbose_name=_("réunion")
    )
    agenda_item = models.ForeignKey(
        AgendaItem,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="resolutions",
        verbose_name=_("point de l'ordre du jour"),
    )
    text = models.TextField(_("décision"))
    statutes_amendment = models.BooleanField(
        _("modification des statuts"),
        default=False,
        help_text=_("Adoptée à la majorité qualifiée de la règle statutaire (2/3)."),
    )
    votes_for = models.PositiveSmallIntegerField(_("pour"), default=0)
    votes_against = models.PositiveSmallIntegerField(_("contre"), default=0)
    abstentions = models.PositiveSmallIntegerField(_("abstentions"), default=0)

    class Meta:
        verbose_name = _("décision")
        verbose_name_plural = _("décisions")
        ordering = ["meeting", "pk"]

    def __str__(self) -> str:
        return self.text[:80]

    def clean(self) -> None:
        if not self.meeting_id:
            return
        if self.agenda_item_id and self.agenda_item.meeting_id != self.meeting_id:
            raise ValidationError(
                {"agenda_item": _("Ce point est à l'ordre du jour d'une autre réunion.")}
            )
        if self.meeting.is_signed:
            raise ValidationError(_("Le procès-verbal est signé : la réunion est figée."))
        if not getattr(self, "checked_as_a_list", False) and self.meeting.rule() is not None:
            counted = self.meeting.attendances.exclude(status=MeetingAttendance.Status.EXCUSED)
            errors = vote_errors(
                self.votes_for, self.votes_against, self.abstentions, counted.count()
            )
            if errors:
                raise ValidationError(errors)

    def is_adopted(self, rule: StatuteRule | None) -> bool:
        return is_adopted(self.votes_for, self.votes_against, self.statutes_amendment, rule)
