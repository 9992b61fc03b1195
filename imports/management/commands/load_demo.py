from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Load the demo data set (Meltingcoop 2020) when the project ships one."

    def handle(self, *args, **options):
        self.stdout.write("No demo data set is shipped yet: the database stays empty.")
