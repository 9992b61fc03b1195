"""No lost update: two staff members editing the same entrepreneur in the admin."""

import pytest
from django import forms
from django.urls import reverse

from core.locking import StaleRecordError
from entrepreneurs.forms import EntrepreneurAdminForm
from entrepreneurs.models import Entrepreneur
from tests.entrepreneurs.factories import EntrepreneurFactory
from tests.governance.factories import OrganisationFactory
from tests.privacy.admin_forms import change_form_post_data

STALE_TEXT = "modifiée par quelqu&#x27;un d&#x27;autre"


@pytest.fixture
def person(db):
    return EntrepreneurFactory(notes="Première version", referred_by=OrganisationFactory())


def change_url(person: Entrepreneur) -> str:
    return reverse("admin:entrepreneurs_entrepreneur_change", args=[person.pk])


def test_saving_an_entrepreneur_increments_its_version(person):
    assert person.version == 1
    person.notes = "Deuxième version"
    person.save()
    person.refresh_from_db()
    assert person.version == 2


def test_second_admin_save_from_the_same_page_is_refused_and_keeps_the_first(
    staff_client, other_staff_client, person
):
    # Both open the page (same version), then each saves their own notes.
    first = change_form_post_data(staff_client.get(change_url(person)))
    second = change_form_post_data(other_staff_client.get(change_url(person)))
    first["notes"] = "Notes d'Anna : rendez-vous CAE le 12"
    second["notes"] = "Notes de Bintou : dossier complet"

    assert staff_client.post(change_url(person), first).status_code == 302
    response = other_staff_client.post(change_url(person), second)

    assert response.status_code == 200
    assert STALE_TEXT in response.content.decode()
    # What the second person typed is still in the form, nothing is lost.
    assert "Notes de Bintou : dossier complet" in response.content.decode()
    person.refresh_from_db()
    assert person.notes == "Notes d'Anna : rendez-vous CAE le 12"
    assert person.version == 2


def test_save_over_a_stale_version_is_refused_by_the_conditional_update(person):
    stale = Entrepreneur.objects.get(pk=person.pk)
    person.notes = "Gagnante"
    person.save()
    stale.notes = "Perdante"
    with pytest.raises(StaleRecordError):
        stale.save()
    person.refresh_from_db()
    assert (person.notes, person.version, stale.version) == ("Gagnante", 2, 1)


def test_race_between_form_check_and_save_is_refused_in_the_admin(
    staff_client, person, monkeypatch
):
    """Another save commits after this form's version check ran but before its save: the
    conditional UPDATE refuses, the admin save rolls back, the form comes back explained."""
    data = change_form_post_data(staff_client.get(change_url(person)))
    data["notes"] = "Écrasement tardif"
    Entrepreneur.objects.filter(pk=person.pk).update(notes="Autre", version=7)
    checked_too_early = []
    version_check = EntrepreneurAdminForm.clean

    def clean(form):
        # The first check behaves as if it had run before the other save committed.
        if not checked_too_early:
            checked_too_early.append(True)
            return forms.ModelForm.clean(form)
        return version_check(form)

    monkeypatch.setattr(EntrepreneurAdminForm, "clean", clean)
    response = staff_client.post(change_url(person), data)

    assert response.status_code == 200
    assert STALE_TEXT in response.content.decode()
    person.refresh_from_db()
    assert (person.notes, person.version) == ("Autre", 7)


def test_admin_form_carries_the_version_as_a_hidden_field(staff_client, person):
    response = staff_client.get(change_url(person))
    html = response.content.decode()
    assert 'type="hidden" name="version" value="1"' in html


def test_change_without_a_version_is_refused_with_a_message(staff_client, person):
    data = change_form_post_data(staff_client.get(change_url(person)))
    del data["version"]
    data["notes"] = "Sans version"
    response = staff_client.post(change_url(person), data)
    assert response.status_code == 200
    assert "quelle version de la fiche" in response.content.decode()
    person.refresh_from_db()
    assert person.notes == "Première version"
