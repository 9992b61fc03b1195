import re

import pytest
from django.contrib.auth.models import Group
from django.core import mail
from django.core.management import CommandError, call_command

from governance.roles import BOARD_GROUP, STAFF_GROUP


def invite(*args):
    call_command("invite", *args)


@pytest.mark.django_db(transaction=True)
def test_invite_staff_creates_staff_account_and_sends_password_link(client, django_user_model):
    invite("Anna@Example.org", "--role", "staff", "--name", "Anna Mourlaque")
    user = django_user_model.objects.get(email="anna@example.org")
    assert user.is_staff and not user.is_superuser
    assert (user.first_name, user.last_name) == ("Anna", "Mourlaque")
    assert list(user.groups.values_list("name", flat=True)) == [STAFF_GROUP]
    assert not user.has_usable_password()
    assert len(mail.outbox) == 1
    link = re.search(r"http://\S+", mail.outbox[0].body).group(0)
    path = link.split("127.0.0.1:8000", 1)[1]
    response = client.get(path, follow=True)
    assert response.status_code == 200
    form_url = response.redirect_chain[-1][0] if response.redirect_chain else path
    response = client.post(
        form_url, {"password1": "Nouveau-mot-de-passe-42", "password2": "Nouveau-mot-de-passe-42"}
    )
    user.refresh_from_db()
    assert user.check_password("Nouveau-mot-de-passe-42")


@pytest.mark.django_db(transaction=True)
def test_invite_board_member_is_not_staff(django_user_model):
    invite("ca@example.org", "--role", "board")
    user = django_user_model.objects.get(email="ca@example.org")
    assert not user.is_staff
    assert user.groups.get().name == BOARD_GROUP
    assert user.has_perm("reports.view_dashboard")


def test_inviting_an_existing_address_is_a_clear_error(staff_user, django_user_model):
    with pytest.raises(CommandError, match="existe déjà"):
        invite(staff_user.email.upper(), "--role", "board")
    assert django_user_model.objects.count() == 1
    assert not Group.objects.get(name=BOARD_GROUP).user_set.exists()


def test_inviting_an_invalid_address_is_refused(db, django_user_model):
    with pytest.raises(CommandError, match="Invalid e-mail"):
        invite("not-an-address", "--role", "staff")
    assert not django_user_model.objects.exists()


def test_unknown_role_is_refused(db):
    with pytest.raises(CommandError):
        invite("x@example.org", "--role", "admin")
