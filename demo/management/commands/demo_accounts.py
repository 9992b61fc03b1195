from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand, CommandError

from governance.roles import ROLE_CHOICES

# Demo credentials, printed by `make demo`; refused outside debug mode.
DEMO_ACCOUNTS = [
    ("staff", "equipe@demo.meltingcoop.org", "Camille", "Équipe", "demo-equipe-2020"),
    ("board", "ca@demo.meltingcoop.org", "Dominique", "Conseil", "demo-conseil-2020"),
]


class Command(BaseCommand):
    help = "Make sure the demo staff and board accounts exist, and print their credentials."

    def handle(self, *args, **options):
        if not settings.DEBUG:
            raise CommandError("Demo accounts are for development only (DJANGO_DEBUG is off).")
        User = get_user_model()
        for role, email, first_name, last_name, password in DEMO_ACCOUNTS:
            user, _ = User.objects.get_or_create(
                email=email, defaults={"first_name": first_name, "last_name": last_name}
            )
            user.is_staff = role == "staff"
            user.set_password(password)
            user.save()
            user.groups.set([Group.objects.get(name=ROLE_CHOICES[role])])
            self.stdout.write(f"  {role:<6} {email}  /  {password}")
