import pytest
from django.test import Client


@pytest.fixture
def board(board_user) -> Client:
    """The board member on a client of their own (staff_client holds the staff login)."""
    client = Client()
    client.force_login(board_user)
    return client
