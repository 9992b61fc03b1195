"""Assertions shared by the apps' validation tests: a rule is refused by the model (French
message on the field), by the database when clean() is bypassed, and by the admin form."""

import pytest
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import IntegrityError, transaction
from django.utils.html import escape

END_BEFORE_START = "La date de fin précède la date de début."


def clean_errors(instance) -> dict[str, list[str]]:
    """The messages full_clean() gives, by field; empty when the instance is valid."""
    try:
        instance.full_clean()
    except ValidationError as error:
        return error.message_dict
    return {}


def assert_database_refuses(save) -> None:
    # The atomic block keeps the test's transaction usable after the expected error.
    with pytest.raises(IntegrityError), transaction.atomic():
        save()


def management_form(prefix: str, total: int = 0, initial: int = 0) -> dict[str, int]:
    """The hidden fields of an admin inline formset, for POSTing an admin form by hand."""
    return {
        f"{prefix}-TOTAL_FORMS": total,
        f"{prefix}-INITIAL_FORMS": initial,
        f"{prefix}-MIN_NUM_FORMS": 0,
        f"{prefix}-MAX_NUM_FORMS": 1000,
    }


def assert_admin_form_refused(response, field: str, message: str) -> None:
    """The admin form came back (nothing saved) showing `message` on `field` (or __all__)."""
    assert response.status_code == 200, "the admin accepted the form"
    form = response.context["adminform"].form
    key = field if field != NON_FIELD_ERRORS else NON_FIELD_ERRORS
    assert message in form.errors.get(key, []), form.errors
    assert escape(message) in response.content.decode()


# The meeting form's inlines, empty: agenda, attendance, guests, resolutions.
MEETING_INLINES = {
    **management_form("agenda_items"),
    **management_form("attendances"),
    **management_form("guests"),
    **management_form("decisions"),
}
