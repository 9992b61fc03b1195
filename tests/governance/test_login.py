from django.urls import reverse

from tests.personas import PASSWORD


def login(client, email, password=PASSWORD, url=None):
    return client.post(url or reverse("account_login"), {"login": email, "password": password})


def test_staff_member_logs_in_by_email_and_lands_in_admin(client, staff_user):
    response = login(client, staff_user.email)
    assert response.status_code == 302
    assert client.get(response.url).url == reverse("admin:index")


def test_board_member_logs_in_and_lands_on_dashboard(client, board_user):
    response = login(client, board_user.email)
    assert client.get(response.url).url == reverse("reports:dashboard")


def test_email_is_matched_case_insensitively(client, board_user):
    response = login(client, board_user.email.upper())
    assert response.status_code == 302


def test_wrong_password_is_refused_with_a_message(client, staff_user):
    response = login(client, staff_user.email, "wrong-password")
    assert response.status_code == 200
    assert "_auth_user_id" not in client.session


def test_signup_is_closed(client, django_user_model):
    before = django_user_model.objects.count()
    data = {"email": "intruder@example.org", "password1": "Long-enough-42"}
    response = client.post(reverse("account_signup"), {**data, "password2": data["password1"]})
    assert response.status_code == 200
    assert "inscriptions fermées" in response.content.decode().lower()
    assert django_user_model.objects.count() == before


def test_login_page_offers_no_signup_link(client, db):
    assert reverse("account_signup") not in client.get(reverse("account_login")).content.decode()


def test_admin_login_goes_through_allauth(client, db):
    response = client.get(reverse("admin:login"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))


def test_admin_login_form_post_cannot_bypass_allauth(client, staff_user):
    response = client.post(
        reverse("admin:login"), {"username": staff_user.email, "password": PASSWORD}
    )
    assert response.status_code == 302
    assert "_auth_user_id" not in client.session


def test_sixth_login_attempt_after_five_failures_is_refused(client, staff_user):
    for _ in range(5):
        assert login(client, staff_user.email, "wrong-password").status_code == 200
    response = login(client, staff_user.email, PASSWORD)
    # Even the right password is refused while the account is throttled.
    assert "_auth_user_id" not in client.session
    assert "Trop de tentatives" in response.content.decode()


def test_five_failed_logins_do_not_lock_the_account_yet(client, staff_user):
    for _ in range(4):
        login(client, staff_user.email, "wrong-password")
    login(client, staff_user.email, PASSWORD)
    assert "_auth_user_id" in client.session
