"""`generate_bench_data --scale N [--seed S] [--append | --flush] [--force]`."""

import time

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from bench.datagen import BenchDataError, counts_for, flush_records, generate
from entrepreneurs.models import Entrepreneur


class Command(BaseCommand):
    help = (
        "Write a reproducible invented data set for the benchmarks (bench/): at --scale 1, "
        "100,000 entrepreneurs, 400,000 encounters, 500 cooperatives, 20,000 events, "
        "600,000 attendances, 5,000 meetings over 2016-2025."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--scale", type=float, required=True, help="1 = network scale")
        parser.add_argument("--seed", type=int, default=1, help="same seed, same rows")
        mode = parser.add_mutually_exclusive_group()
        mode.add_argument("--append", action="store_true", help="add to the existing records")
        mode.add_argument(
            "--flush", action="store_true", help="delete the existing domain records first"
        )
        parser.add_argument(
            "--force", action="store_true", help="run even with DEBUG off (never in production)"
        )

    def handle(
        self, *args, scale: float, seed: int, append: bool, flush: bool, force: bool, **options
    ) -> None:
        # Invented people must never be mixed into a production database's real ones.
        if not settings.DEBUG and not force:
            raise CommandError(
                _("Données de test refusées hors mode debug (--force pour passer outre).")
            )
        try:
            counts_for(scale)
        except BenchDataError as error:
            raise CommandError(str(error)) from error
        existing = Entrepreneur.objects.count()
        if existing and not (append or flush):
            raise CommandError(
                _(
                    "La base contient déjà %(count)s entrepreneur·es : ajoutez --append pour "
                    "compléter ou --flush pour tout effacer d'abord."
                )
                % {"count": existing}
            )
        started = time.monotonic()
        if flush:
            flush_records()
            self.stderr.write(_("Données existantes effacées."))
        try:
            report = generate(scale, seed, progress=self.stderr.write)
        except BenchDataError as error:
            raise CommandError(str(error)) from error
        elapsed = time.monotonic() - started
        total = sum(report.counts.values())
        self.stdout.write(
            self.style.SUCCESS(
                _(
                    "%(total)s lignes écrites en %(seconds).1f s "
                    "(échelle %(scale)s, graine %(seed)s)."
                )
                % {"total": total, "seconds": elapsed, "scale": scale, "seed": seed}
            )
        )
