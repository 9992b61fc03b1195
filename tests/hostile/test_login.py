"""The login form refuses hostile input with a message."""

import pytest
from django.urls import reverse

from tests.hostile.inputs import (
    LONG,
    NUL,
    RTL,
    XSS,
    ZERO_WIDTH,
)

pytestmark = pytest.mark.django_db

# --- Login form ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("login", "password"),
    [
        (NUL, "x"),
        ("board@example.org", f"pass{NUL}word"),
        (LONG + "@example.org", "x"),
        ("' OR 1=1 --", "' OR 1=1 --"),
        (XSS, "x"),
        (RTL, ZERO_WIDTH),
    ],
    ids=["nul-login", "nul-password", "overlong", "sql", "xss", "unicode"],
)
def test_login_form_refuses_hostile_input_with_a_message(client, board_user, login, password):
    response = client.post(reverse("account_login"), {"login": login, "password": password})

    assert response.status_code == 200
    assert response.context["form"].errors
    assert "_auth_user_id" not in client.session
    assert "<script>alert" not in response.content.decode()
