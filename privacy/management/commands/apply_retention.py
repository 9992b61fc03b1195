"""Anonymise the people with no activity for RETENTION_YEARS years (docs/privacy.md)."""

from django.conf import settings
from django.core.management.base import BaseCommand
from django.utils import timezone
from django.utils.translation import gettext as _

from entrepreneurs.models import Referral
from entrepreneurs.referrals import purge_stale_referrals
from events.services import purge_expired_scans, retention_cutoff
from privacy.retention import due_for_retention
from privacy.services import anonymise_entrepreneur


class Command(BaseCommand):
    help = _(
        "Anonymise les personnes sans activité (rencontre, présence, participation) depuis "
        "RETENTION_YEARS ans. Liste d'abord les références concernées."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help=_("Affiche les références concernées sans rien modifier."),
        )

    def handle(self, *args, dry_run: bool = False, **options) -> None:
        years = settings.RETENTION_YEARS
        # References only: names never reach the console or the logs.
        due = list(due_for_retention(years=years).order_by("reference"))
        self.stdout.write(
            _("%(count)d personne(s) sans activité depuis %(years)d an(s) à anonymiser :")
            % {"count": len(due), "years": years}
        )
        for person in due:
            self.stdout.write(f"  {person.reference}")
        # Signed attendance sheets are kept SIGNED_SHEET_RETENTION_YEARS after their session.
        cutoff = retention_cutoff(timezone.localdate())
        self.stdout.write(
            _(
                "%(count)d feuille(s) d'émargement signée(s) de séances avant le %(date)s "
                "à supprimer."
            )
            % {"count": purge_expired_scans(cutoff, dry_run=True), "date": f"{cutoff:%d/%m/%Y}"}
        )
        stale = Referral.objects.stale().count()
        self.stdout.write(
            _("%(count)d orientation(s) reçue(s) non suivie(s) depuis %(days)d jours à supprimer.")
            % {"count": stale, "days": settings.REFERRAL_RETENTION_DAYS}
        )
        if dry_run:
            self.stdout.write(_("--dry-run : rien n'a été modifié."))
            return
        for person in due:
            anonymise_entrepreneur(person, actor=None)
        purged = purge_stale_referrals()
        self.stdout.write(_("%(count)d orientation(s) supprimée(s).") % {"count": purged})
        self.stdout.write(
            self.style.SUCCESS(_("%(count)d personne(s) anonymisée(s).") % {"count": len(due)})
        )
        scans = purge_expired_scans(cutoff)
        self.stdout.write(
            _("%(count)d feuille(s) d'émargement signée(s) supprimée(s).") % {"count": scans}
        )
        purged = purge_expired_scans(cutoff)
        self.stdout.write(
            _("%(count)d feuille(s) d'émargement signée(s) supprimée(s).") % {"count": purged}
        )
