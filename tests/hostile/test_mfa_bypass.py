"""A password without the second factor opens nothing but the account pages, whatever the
spelling of the address (with MFA_REQUIRED_FOR_STAFF on)."""

import pytest
from django.urls import reverse

from tests.entrepreneurs.factories import EntrepreneurFactory

pytestmark = pytest.mark.django_db

# {pk}: a person's primary key.
ADDRESSES = [
    "/personal-data/{pk}/",
    "/personal-data/{pk}/?format=json",
    "/personal-data/{pk}/?format=pdf",
    "/personal-data/{pk}",
    "//personal-data/{pk}/",
    "/personal-data/{pk}/?next=/accounts/login/",
    "/accounts/login/?next=/personal-data/{pk}/",
    "/admin/",
    "/admin/entrepreneurs/entrepreneur/",
    "/admin/entrepreneurs/entrepreneur/{pk}/change/",
    "/admin/entrepreneurs/entrepreneur/export/",
    "/admin/autocomplete/?app_label=entrepreneurs&model_name=encounter&field_name=entrepreneur",
    "/admin/jsi18n/",
    "/dashboard/",
    "/reports/2020/",
    "/static/../personal-data/{pk}/",
    "/static/%2e%2e/personal-data/{pk}/",
    "/accounts/password/change/../../../personal-data/{pk}/",
    "/i18n/setlang/?next=/personal-data/{pk}/",
]


@pytest.fixture
def no_mfa_client(client, staff_user, settings):
    settings.MFA_REQUIRED_FOR_STAFF = True
    client.force_login(staff_user)
    return client


@pytest.mark.parametrize("address", ADDRESSES)
def test_no_address_opens_personal_data_without_the_second_factor(no_mfa_client, address):
    person = EntrepreneurFactory(first_name="Zénobie")

    response = no_mfa_client.get(address.format(pk=person.pk), follow=True)

    assert response.status_code in (200, 404)
    assert "Zénobie" not in response.content.decode()
    if response.status_code == 200:
        final = response.request["PATH_INFO"]
        assert final in (reverse("mfa_activate_totp"), reverse("account_reauthenticate"))


@pytest.mark.parametrize("address", ["/personal-data/{pk}/", "/admin/entrepreneurs/entrepreneur/"])
def test_a_post_without_the_second_factor_is_sent_to_enrolment_too(no_mfa_client, address):
    person = EntrepreneurFactory()

    response = no_mfa_client.post(address.format(pk=person.pk), {"action": "anonymise"})

    assert response.status_code == 302
    assert response.url == reverse("mfa_activate_totp")
