"""The role matrix: who may open what (anonymous, board, staff, superuser)."""

import pytest
from django.urls import reverse

from tests.access import ALLOWED, FORBIDDEN, LOGIN, outcome

# url name -> expected outcome per persona: anonymous, board, staff, superuser.
MATRIX = {
    "reports:dashboard": (LOGIN, ALLOWED, ALLOWED, ALLOWED),
    "admin:index": (LOGIN, FORBIDDEN, ALLOWED, ALLOWED),
    "admin:governance_user_changelist": (LOGIN, FORBIDDEN, FORBIDDEN, ALLOWED),
    "account_change_password": (LOGIN, ALLOWED, ALLOWED, ALLOWED),
}
PERSONAS = ("anonymous", "board_user", "staff_user", "superuser")
CASES = [
    pytest.param(url, persona, outcomes[i], id=f"{url}-{persona}")
    for url, outcomes in MATRIX.items()
    for i, persona in enumerate(PERSONAS)
]


@pytest.mark.parametrize(("url_name", "persona", "expected"), CASES, indirect=["persona"])
def test_role_matrix(url_name, persona, expected):
    assert outcome(persona, reverse(url_name)) == expected


def test_board_member_is_refused_admin_login_page(board_client):
    assert board_client.get(reverse("admin:login")).status_code == 403


@pytest.mark.parametrize(
    ("persona", "target"),
    [
        ("staff_user", "admin:index"),
        ("board_user", "reports:dashboard"),
        ("superuser", "admin:index"),
    ],
    indirect=["persona"],
)
def test_home_sends_each_role_where_it_works(persona, target):
    response = persona.get(reverse("home"))
    assert response.status_code == 302
    assert response.url == reverse(target)


def test_home_sends_anonymous_visitor_to_login(client):
    response = client.get(reverse("home"))
    assert response.url == reverse("account_login")


def test_user_without_role_sees_explanation(client, django_user_model):
    user = django_user_model.objects.create_user(email="nobody@example.org", password="x")
    client.force_login(user)
    response = client.get(reverse("home"))
    assert response.status_code == 200
    assert "aucun rôle" in response.content.decode()


def test_navigation_shows_board_member_only_what_they_may_open(board_client):
    board_page = board_client.get(reverse("reports:dashboard")).content.decode()
    assert reverse("admin:index") not in board_page
    assert reverse("reports:dashboard") in board_page


def test_refused_page_explains_in_french(board_client):
    response = board_client.get(reverse("admin:index"), follow=True)
    assert response.status_code == 403
    assert "Accès refusé" in response.content.decode()


def test_unknown_page_answers_a_french_404(client, db):
    response = client.get("/nulle-part/")
    assert response.status_code == 404
    assert "Page introuvable" in response.content.decode()
