"""Consent: the admin lists the people whose consent was never recorded."""

import datetime

import pytest
from django.urls import reverse

from tests.entrepreneurs.factories import EntrepreneurFactory


@pytest.mark.parametrize(("value", "expected"), [("missing", "ENT-9001"), ("given", "ENT-9002")])
def test_consent_filter_lists_people_by_consent_recorded(staff_client, value, expected):
    EntrepreneurFactory(reference="ENT-9001", consent_date=None)
    EntrepreneurFactory(reference="ENT-9002", consent_date=datetime.date(2020, 3, 1))

    response = staff_client.get(
        reverse("admin:entrepreneurs_entrepreneur_changelist"), {"consent": value}
    )

    assert [p.reference for p in response.context["cl"].result_list] == [expected]


def test_consent_filter_is_offered_in_french(staff_client, db):
    response = staff_client.get(reverse("admin:entrepreneurs_entrepreneur_changelist"))
    html = response.content.decode()
    assert "consentement" in html and "Non recueilli" in html and "Recueilli" in html
