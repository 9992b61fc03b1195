from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.core.validators import validate_email

from governance.roles import ROLE_CHOICES
from governance.services import InvitationError, invite_user


class Command(BaseCommand):
    help = "Create a staff or board account and e-mail a link to set its password."

    def add_arguments(self, parser):
        parser.add_argument("email")
        parser.add_argument("--role", required=True, choices=sorted(ROLE_CHOICES))
        parser.add_argument("--name", default="", help='"First Last"')

    def handle(self, *args, email, role, name, **options):
        try:
            validate_email(email)
        except ValidationError as exc:
            raise CommandError(f"Invalid e-mail address: {email}") from exc
        first_name, _, last_name = name.strip().partition(" ")
        try:
            user = invite_user(email, role, first_name=first_name, last_name=last_name)
        except InvitationError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(self.style.SUCCESS(f"Invited {user.email} as {role}."))
