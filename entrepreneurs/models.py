import datetime
import secrets

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models, transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from django_countries.fields import CountryField

from core.locking import LockedModel, OptimisticLockMixin
from core.models import DatedQuerySet, ends_after_start
from core.period import MIN_YEAR
from core.references import ReferencedModel
from core.validators import validate_plausible_date
from governance.models import Organisation


class Gender(models.TextChoices):
    FEMALE = "female", _("Femme")
    MALE = "male", _("Homme")
    OTHER = "other", _("Autre")
    UNDISCLOSED = "undisclosed", _("Non renseigné")


class Sector(models.TextChoices):
    TEXTILE = "textile", _("Textile")
    FOOD = "food", _("Alimentation")
    BEAUTY = "beauty", _("Beauté")
    CRAFTS = "crafts", _("Artisanat")
    SERVICES = "services", _("Services")
    OTHER = "other", _("Autre")


class SkillLevel(models.TextChoices):
    BEGINNER = "beginner", _("Débutant·e")
    INTERMEDIATE = "intermediate", _("Intermédiaire")
    PROFESSIONAL = "professional", _("Professionnel·le")


class EntrepreneurQuerySet(models.QuerySet):
    def anonymised(self):
        return self.filter(anonymised_at__isnull=False)

    def not_anonymised(self):
        return self.filter(anonymised_at__isnull=True)

    def consent_missing(self):
        return self.filter(consent_date__isnull=True)

    def consent_given(self):
        return self.filter(consent_date__isnull=False)


class Entrepreneur(OptimisticLockMixin, ReferencedModel):
    """A person followed by the association."""

    REFERENCE_PREFIX = "ENT"
    REFERENCE_WIDTH = 4
    # What anonymisation leaves in the fields that identify a person (privacy.services).
    ERASED_VALUES = {
        "first_name": "Anonyme",
        "last_name": "",
        "email": "",
        "phone": "",
        "notes": "",
        "consent_scope": "",
    }

    reference = models.CharField(
        _("référence"),
        max_length=20,
        unique=True,
        blank=True,
        help_text=_("Générée automatiquement si vide (ENT-0001)."),
    )
    first_name = models.CharField(_("prénom"), max_length=100)
    last_name = models.CharField(_("nom"), max_length=100, blank=True)
    gender = models.CharField(_("genre"), max_length=20, choices=Gender, default=Gender.UNDISCLOSED)
    birth_year = models.PositiveSmallIntegerField(
        _("année de naissance"), null=True, blank=True, validators=[MinValueValidator(MIN_YEAR)]
    )
    country_of_origin = CountryField(_("pays d'origine"), blank=True)
    arrival_year = models.PositiveSmallIntegerField(
        _("année d'arrivée en France"),
        null=True,
        blank=True,
        validators=[MinValueValidator(MIN_YEAR)],
    )
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("téléphone"), max_length=30, blank=True)
    sector = models.CharField(_("secteur"), max_length=20, choices=Sector, blank=True)
    project_kind = models.CharField(
        _("type de projet"),
        max_length=200,
        blank=True,
        help_text=_("Par exemple « Retouche / confection », « Marque artisanale »."),
    )
    skill_level = models.CharField(
        _("niveau de compétence"), max_length=20, choices=SkillLevel, blank=True
    )
    informal_activity = models.BooleanField(
        _("exerce déjà de manière informelle"), null=True, blank=True
    )
    referred_by = models.ForeignKey(
        Organisation,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="referred_entrepreneurs",
        verbose_name=_("orienté·e par"),
    )
    consent_date = models.DateField(
        _("date du consentement"), null=True, blank=True, validators=[validate_plausible_date]
    )
    consent_scope = models.CharField(
        _("portée du consentement"),
        max_length=300,
        blank=True,
        help_text=_("Finalités acceptées : suivi, statistiques anonymes, photos..."),
    )
    notes = models.TextField(_("notes"), blank=True)
    created_at = models.DateTimeField(_("créé le"), auto_now_add=True)
    updated_at = models.DateTimeField(_("modifié le"), auto_now=True)
    # Optimistic locking: every save claims the version it read (core.locking).
    version = models.PositiveIntegerField(_("version"), default=1)
    anonymised_at = models.DateTimeField(_("anonymisé·e le"), null=True, blank=True, editable=False)

    objects = EntrepreneurQuerySet.as_manager()

    class Meta:
        verbose_name = _("entrepreneur·e")
        verbose_name_plural = _("entrepreneur·es")
        ordering = ["reference"]
        constraints = [
            ends_after_start(
                "entrepreneur_arrival_after_birth",
                start="birth_year",
                end="arrival_year",
                start_optional=True,
                message=_("L'année d'arrivée précède l'année de naissance."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.reference} — {self.first_name} {self.last_name}".strip()

    def clean(self) -> None:
        this_year = timezone.localdate().year
        errors = {}
        if self.birth_year and self.birth_year > this_year:
            errors["birth_year"] = _("L'année de naissance est dans le futur.")
        if self.arrival_year and self.arrival_year > this_year:
            errors["arrival_year"] = _("L'année d'arrivée est dans le futur.")
        if self.anonymised_at is not None:
            # An erasure is final: no form or import may identify the person again.
            for name, erased in self.ERASED_VALUES.items():
                if getattr(self, name) != erased:
                    errors[name] = _(
                        "Cette personne a été anonymisée : cette donnée ne peut plus être "
                        "renseignée."
                    )
        if errors:
            raise ValidationError(errors)


class Encounter(LockedModel):
    """A meeting between the association and an entrepreneur."""

    class Kind(models.TextChoices):
        # A context of its own: « Accueil » is also the site's home page in French.
        FIRST_CONTACT = "first_contact", pgettext_lazy("encounter kind", "Accueil")
        INDIVIDUAL_INTERVIEW = "individual_interview", _("Entretien individuel")
        ORIENTATION = "orientation", _("Orientation")
        FOLLOW_UP = "follow_up", _("Suivi")

    entrepreneur = models.ForeignKey(
        Entrepreneur,
        on_delete=models.CASCADE,
        related_name="encounters",
        verbose_name=_("entrepreneur·e"),
    )
    date = models.DateField(_("date"), validators=[validate_plausible_date])
    kind = models.CharField(_("type"), max_length=30, choices=Kind)
    staff_member = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="encounters",
        verbose_name=_("membre de l'équipe"),
        limit_choices_to={"is_staff": True},
    )
    notes = models.TextField(_("notes"), blank=True)
    oriented_towards = models.ForeignKey(
        Organisation,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="orientations",
        verbose_name=_("orienté·e vers"),
    )

    objects = DatedQuerySet.as_manager()

    class Meta:
        verbose_name = _("rencontre")
        verbose_name_plural = _("rencontres")
        ordering = ["-date"]
        # Yearly figures filter encounters by date and take the people met: with the
        # entrepreneur in the index that is an index-only scan (3x faster at 400,000
        # encounters, bench/RESULTS.md). The unique constraint below leads with the
        # entrepreneur, so it serves per-person lookups only.
        indexes = [models.Index(fields=["date", "entrepreneur"], name="encounter_date_person_idx")]
        constraints = [
            models.UniqueConstraint(
                fields=["entrepreneur", "date", "kind"],
                name="encounter_unique_per_day_kind",
                violation_error_message=_(
                    "Cette rencontre existe déjà (même personne, même date, même type)."
                ),
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} — {self.date:%d/%m/%Y}"


def new_referral_token() -> str:
    """43 URL-safe characters (256 random bits): not guessable, not enumerable."""
    return secrets.token_urlsafe(32)


class ReferralLinkQuerySet(models.QuerySet):
    def active(self):
        return self.filter(revoked_at__isnull=True)


class ReferralLink(models.Model):
    """A partner organisation's secret link to the public referral form.

    Whoever holds the link may send the association a person's details: staff give it to
    the organisation, and rotate (new link, the old one stops working) or revoke it.
    """

    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        related_name="referral_links",
        verbose_name=_("structure"),
    )
    token = models.CharField(
        _("jeton"), max_length=64, unique=True, default=new_referral_token, editable=False
    )
    created_at = models.DateTimeField(_("créé le"), auto_now_add=True)
    revoked_at = models.DateTimeField(_("révoqué le"), null=True, blank=True, editable=False)

    objects = ReferralLinkQuerySet.as_manager()

    class Meta:
        verbose_name = _("lien d'orientation")
        verbose_name_plural = _("liens d'orientation")
        ordering = ["organisation", "-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation"],
                condition=Q(revoked_at__isnull=True),
                name="referral_link_one_active_per_organisation",
                violation_error_message=_("Cette structure a déjà un lien d'orientation actif."),
            )
        ]

    def __str__(self) -> str:
        return str(self.organisation)

    def get_absolute_url(self) -> str:
        return reverse("entrepreneurs:referral", args=[self.token])

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None

    def revoke(self) -> None:
        if self.revoked_at is None:
            self.revoked_at = timezone.now()
            self.save(update_fields=["revoked_at"])

    def rotate(self) -> "ReferralLink":
        """Revoke this link and give the organisation a new one."""
        with transaction.atomic():
            self.revoke()
            return ReferralLink.objects.create(organisation=self.organisation)


class ReferralQuerySet(models.QuerySet):
    def pending(self):
        return self.filter(status=Referral.Status.PENDING)

    def stale(self, today: datetime.date | None = None, days: int | None = None):
        """Pending referrals submitted, and declined ones decided, more than `days`
        (REFERRAL_RETENTION_DAYS) ago: nobody will act on them, so they are not kept."""
        now = (
            timezone.now()
            if today is None
            else timezone.make_aware(datetime.datetime.combine(today, datetime.time.min))
        )
        days = settings.REFERRAL_RETENTION_DAYS if days is None else days
        cutoff = now - datetime.timedelta(days=days)
        return self.filter(
            Q(status=Referral.Status.PENDING, submitted_at__lt=cutoff)
            | Q(status=Referral.Status.DECLINED, decided_at__lt=cutoff)
        )


class Referral(models.Model):
    """A person referred by a partner organisation through its link, until staff accept
    (an entrepreneur is created) or decline it."""

    class Status(models.TextChoices):
        PENDING = "pending", _("À traiter")
        ACCEPTED = "accepted", _("Acceptée")
        DECLINED = "declined", _("Refusée")

    link = models.ForeignKey(
        ReferralLink,
        on_delete=models.SET_NULL,
        null=True,
        related_name="referrals",
        verbose_name=_("lien"),
        editable=False,
    )
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        related_name="referrals",
        verbose_name=_("orienté·e par"),
    )
    first_name = models.CharField(_("prénom"), max_length=100)
    contact = models.CharField(
        _("comment la joindre"),
        max_length=200,
        help_text=_("Téléphone, e-mail, ou par l'intermédiaire de qui."),
    )
    language = models.CharField(_("langue(s) parlée(s)"), max_length=100, blank=True)
    project = models.TextField(_("projet en quelques mots"), max_length=1000)
    referrer_name = models.CharField(_("nom de la personne qui oriente"), max_length=150)
    referrer_contact = models.CharField(_("contact de la personne qui oriente"), max_length=200)
    consent = models.BooleanField(_("consentement de la personne"), default=False)
    submitted_at = models.DateTimeField(_("reçue le"), auto_now_add=True)
    status = models.CharField(
        _("statut"), max_length=20, choices=Status, default=Status.PENDING, editable=False
    )
    decided_at = models.DateTimeField(_("traitée le"), null=True, blank=True, editable=False)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("traitée par"),
        editable=False,
    )
    decline_reason = models.CharField(_("motif du refus"), max_length=300, blank=True)
    entrepreneur = models.ForeignKey(
        Entrepreneur,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="referrals",
        verbose_name=_("entrepreneur·e créé·e"),
        editable=False,
    )

    objects = ReferralQuerySet.as_manager()

    class Meta:
        verbose_name = _("orientation reçue")
        verbose_name_plural = _("orientations reçues")
        ordering = ["-submitted_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(consent=True),
                name="referral_needs_consent",
                violation_error_message=_("Le consentement de la personne est obligatoire."),
            ),
            models.CheckConstraint(
                condition=~Q(status="declined") | ~Q(decline_reason=""),
                name="referral_decline_has_reason",
                violation_error_message=_("Indiquez le motif du refus."),
            ),
        ]

    def __str__(self) -> str:
        # No name: this text is what the audit log and the purge keep.
        return _("Orientation n° %(pk)s") % {"pk": self.pk}

    @property
    def is_pending(self) -> bool:
        return self.status == self.Status.PENDING
