"""Account workflows: inviting a staff or board member."""

from allauth.account.forms import default_token_generator
from allauth.account.models import EmailAddress
from allauth.account.utils import user_pk_to_url_str
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext as _

from governance.roles import ROLE_CHOICES


class InvitationError(ValueError):
    pass


def password_setup_url(user) -> str:
    key = default_token_generator.make_token(user)
    path = reverse(
        "account_reset_password_from_key",
        kwargs={"uidb36": user_pk_to_url_str(user), "key": key},
    )
    return f"{settings.SITE_URL}{path}"


@transaction.atomic
def invite_user(email: str, role: str, first_name: str = "", last_name: str = ""):
    """Create an account in the role's group and e-mail a link to choose a password."""
    User = get_user_model()
    email = User.objects.normalize_email(email).strip().lower()
    if role not in ROLE_CHOICES:
        raise InvitationError(_("Rôle inconnu : %(role)s.") % {"role": role})
    if User.objects.filter(email__iexact=email).exists():
        raise InvitationError(_("Un compte existe déjà pour %(email)s.") % {"email": email})
    user = User.objects.create_user(
        email=email, first_name=first_name, last_name=last_name, is_staff=(role == "staff")
    )
    user.set_unusable_password()
    user.save(update_fields=["password"])
    user.groups.add(Group.objects.get(name=ROLE_CHOICES[role]))
    EmailAddress.objects.create(user=user, email=email, primary=True, verified=True)
    context = {"user": user, "url": password_setup_url(user), "role": ROLE_CHOICES[role]}
    transaction.on_commit(
        lambda: send_mail(
            subject=_("[Meltingcoop] Votre compte vous attend"),
            message=render_to_string("governance/email/invitation.txt", context),
            from_email=None,
            recipient_list=[email],
        )
    )
    return user
