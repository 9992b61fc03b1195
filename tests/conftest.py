"""Personas shared by every test module: anonymous visitor, board member, staff, superuser."""

import pytest

from governance.roles import BOARD_GROUP, STAFF_GROUP
from tests.loopback import serve_on_loopback
from tests.personas import PASSWORD, make_user


@pytest.fixture
def staff_user(db, django_user_model):
    return make_user(django_user_model, "staff@example.org", STAFF_GROUP, is_staff=True)


@pytest.fixture
def board_user(db, django_user_model):
    return make_user(django_user_model, "board@example.org", BOARD_GROUP)


@pytest.fixture
def superuser(db, django_user_model):
    return django_user_model.objects.create_superuser(email="root@example.org", password=PASSWORD)


@pytest.fixture
def persona(request, client, db):
    """Log the client in as the persona named by the parameter; return the client."""
    name = request.param
    if name != "anonymous":
        client.force_login(request.getfixturevalue(name))
    return client


@pytest.fixture
def staff_client(client, staff_user):
    client.force_login(staff_user)
    return client


@pytest.fixture
def board_client(client, board_user):
    client.force_login(board_user)
    return client


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    # Real hashers cost ~0.3 s per login; what is tested here is the flow, not the hash.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def loopback_server():
    """A real HTTP server on 127.0.0.2 recording any request (tests.loopback); its URL."""
    with serve_on_loopback() as url:
        yield url


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    # Signed attendance sheets and logos written by a test never land in var/.
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"
    settings.MEDIA_ROOT = tmp_path / "media"
