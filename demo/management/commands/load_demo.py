from django.apps import apps
from django.conf import settings
from django.core.management import call_command, get_commands
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils.translation import gettext as _

from core.formatting import french_number
from demo.dataset import DEMO_DIR, load_demo_extras
from demo.records import DemoDataMissingError

SUMMARY_MODELS = (
    "entrepreneurs.Entrepreneur",
    "entrepreneurs.Encounter",
    "cooperatives.Cooperative",
    "cooperatives.Membership",
    "events.Event",
    "events.Attendance",
    "governance.Meeting",
    "governance.Organisation",
    "funding.GrantAgreement",
)


def loaded_summary() -> str:
    """« 40 entrepreneur·es, 103 rencontres, 2 coopératives… »: what the database holds."""
    parts = []
    for label in SUMMARY_MODELS:
        meta = apps.get_model(label)._meta
        count = meta.model.objects.count()
        name = meta.verbose_name if count == 1 else meta.verbose_name_plural
        parts.append(f"{french_number(count)} {name}")
    return ", ".join(parts)


class Command(BaseCommand):
    help = "Load the « Meltingcoop 2020 » demo data (demo/data/*.csv via load_csv, then extras)."

    def handle(self, *args, **options):
        # Invented people must never end up mixed with a production database's real ones.
        if not settings.DEBUG:
            raise CommandError(_("Les données de démonstration sont refusées hors mode debug."))
        if "load_csv" not in get_commands():
            raise CommandError(
                _("La commande load_csv est introuvable : impossible de charger %(dir)s.")
                % {"dir": DEMO_DIR}
            )
        try:
            # One transaction: CSV rows and extras are saved together or not at all.
            with transaction.atomic():
                call_command("load_csv", str(DEMO_DIR), stdout=self.stdout, stderr=self.stderr)
                created = load_demo_extras()
        except DemoDataMissingError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(_("Compléments créés lors de ce chargement : %(n)d") % {"n": created})
        self.stdout.write(
            _("Données de démonstration « Meltingcoop 2020 » chargées : %(summary)s.")
            % {"summary": loaded_summary()}
        )
        self.stdout.write(_("Les comptes de démonstration : manage.py demo_accounts."))
