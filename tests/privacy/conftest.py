"""A second staff member, for the tests of two people editing the same record."""

import pytest
from django.test import Client

from governance.roles import STAFF_GROUP
from tests.personas import make_user


@pytest.fixture
def other_staff_client(db, django_user_model):
    other = make_user(django_user_model, "autre@example.org", STAFF_GROUP, is_staff=True)
    client = Client()
    client.force_login(other)
    return client
