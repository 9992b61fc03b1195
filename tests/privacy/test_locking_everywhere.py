"""No lost update anywhere: every record staff edit in the admin carries its version, and a
second save from the same page is refused with the entrepreneurs' French message."""

import pytest
from django.apps import apps
from django.contrib import admin
from django.urls import reverse

from core.locking import OptimisticLockMixin, StaleRecordError
from governance.roles import DOMAIN_APPS, STAFF_EXCLUDED_MODELS
from tests.objects import create_objects
from tests.privacy.admin_forms import change_form_post_data

STALE_TEXT = "modifiée par quelqu&#x27;un d&#x27;autre"


# Change pages with nothing to type, so no save to lose: a referral is accepted or declined
# on its own pages (each decision locks the row and refuses one already taken), a referral
# link is revoked or rotated by an action.
NOTHING_TO_SAVE = {"entrepreneurs.Referral", "entrepreneurs.ReferralLink"}


def edited_by_staff() -> list:
    """Every concrete domain model with a change page staff may save."""
    return sorted(
        (
            model
            for model, model_admin in admin.site._registry.items()
            if model._meta.app_label in DOMAIN_APPS
            and not model._meta.proxy
            and (model._meta.app_label, model._meta.model_name) not in STAFF_EXCLUDED_MODELS
            and "change" in model._meta.default_permissions
            and model._meta.label not in NOTHING_TO_SAVE
        ),
        key=lambda model: model._meta.label,
    )


EDITED = edited_by_staff()


def test_the_models_staff_edit_are_found():
    labels = {model._meta.label for model in EDITED}
    assert {"events.Event", "entrepreneurs.Encounter", "governance.Meeting"} <= labels
    assert len(labels) >= 15


@pytest.mark.parametrize("label", sorted(NOTHING_TO_SAVE))
def test_the_change_pages_left_unlocked_have_no_field_to_save(superuser, staff_client, label):
    model = apps.get_model(label)
    obj = create_objects(superuser)[model]
    url = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_change", args=[obj.pk])

    form = staff_client.get(url).context["adminform"].form

    assert not form.fields


@pytest.mark.parametrize("model", EDITED, ids=lambda model: model._meta.label)
def test_every_model_staff_edit_is_locked(model):
    assert issubclass(model, OptimisticLockMixin)


@pytest.mark.parametrize("model", EDITED, ids=lambda model: model._meta.label)
def test_a_second_save_from_the_same_page_is_refused_and_keeps_the_first(
    superuser, staff_client, other_staff_client, model
):
    obj = create_objects(superuser)[model]
    url = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_change", args=[obj.pk])
    first_page = staff_client.get(url)
    if not first_page.context["has_change_permission"]:
        pytest.skip(f"{model._meta.label}: this record cannot be changed (published)")
    first = change_form_post_data(first_page)
    second = change_form_post_data(other_staff_client.get(url))

    response = staff_client.post(url, first)
    assert response.status_code == 302, response.context["adminform"].form.errors
    response = other_staff_client.post(url, second)

    assert response.status_code == 200
    assert STALE_TEXT in response.content.decode()
    obj.refresh_from_db()
    assert getattr(obj, obj.lock_field) == getattr(model(), obj.lock_field) + 1


@pytest.mark.parametrize("model", EDITED, ids=lambda model: model._meta.label)
def test_a_save_from_a_stale_copy_raises(superuser, model):
    obj = create_objects(superuser)[model]
    stale = model._default_manager.get(pk=obj.pk)
    obj.save()
    with pytest.raises(StaleRecordError):
        stale.save()
