from django.core.management.base import BaseCommand
from django.utils.translation import ngettext

from spreadsheets.storage import PENDING_LIFETIME, drop_expired_uploads


class Command(BaseCommand):
    help = (
        "Supprime les fichiers importés dans l'administration et jamais confirmés, "
        f"au-delà de {PENDING_LIFETIME.seconds // 60} minutes."
    )

    def handle(self, *args, **options):
        count = drop_expired_uploads()
        self.stdout.write(
            ngettext(
                "%(count)s fichier en attente expiré supprimé.",
                "%(count)s fichiers en attente expirés supprimés.",
                count,
            )
            % {"count": count}
        )
