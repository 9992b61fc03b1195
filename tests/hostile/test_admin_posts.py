"""Crafted admin POSTs: a 400 or a form error, never a server error, nothing changed."""

import pytest
from django.urls import reverse

from entrepreneurs.models import Entrepreneur
from tests.entrepreneurs.factories import EntrepreneurFactory
from tests.privacy.admin_forms import change_form_post_data

pytestmark = pytest.mark.django_db

CHANGELIST = "admin:entrepreneurs_entrepreneur_changelist"
# Row ids an action never receives from a browser.
BAD_SELECTIONS = ["abc", "1\x00", "99999999999999999999999", "-99999999999999999999", "1e3", ""]
ACTIONS = ["delete_selected", "export_personal_data", "anonymise"]


@pytest.mark.parametrize("selected", BAD_SELECTIONS, ids=repr)
@pytest.mark.parametrize("action", ACTIONS)
def test_an_action_on_crafted_row_ids_is_a_400_naming_the_parameter(staff_client, action, selected):
    person = EntrepreneurFactory()
    data = {"action": action, "index": "0", "_selected_action": [str(person.pk), selected]}

    response = staff_client.post(reverse(CHANGELIST), data)

    if selected == "":
        assert response.status_code < 500  # an empty tick is what a browser may send
    else:
        assert response.status_code == 400
        assert "_selected_action" in response.content.decode()
    assert Entrepreneur.objects.filter(pk=person.pk, anonymised_at=None).exists()


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("referred_by", "abc"),
        ("referred_by", "1\x00"),
        ("referred_by", "99999999999999999999999"),
        ("encounters-0-oriented_towards", "abc"),
    ],
    ids=repr,
)
def test_a_crafted_autocomplete_value_is_a_form_error(staff_client, field, value):
    person = EntrepreneurFactory(first_name="Awa")
    url = reverse("admin:entrepreneurs_entrepreneur_change", args=[person.pk])
    data = change_form_post_data(staff_client.get(url))
    data.update({"first_name": "Changé", field: value})
    if field.startswith("encounters-0-"):
        data.update({"encounters-0-date": "15/06/2020", "encounters-0-kind": "follow_up"})

    response = staff_client.post(url, data)

    assert response.status_code == 200
    errors = dict(response.context["adminform"].form.errors)
    for inline in response.context["inline_admin_formsets"]:
        for form in inline.formset.forms:
            errors.update({f"{form.prefix}-{name}": e for name, e in form.errors.items()})
    assert field in errors
    person.refresh_from_db()
    assert person.first_name == "Awa"
