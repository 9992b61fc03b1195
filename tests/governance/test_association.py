"""The association's identity: one row staff edit, whose name and logo head the documents."""

import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from governance.models import Association
from reports.rendering import build_content
from tests.governance.factories import AssociationFactory
from tests.reports.factories import EditionFactory

pytestmark = pytest.mark.django_db


def png(colour: str = "purple") -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", (40, 20), colour).save(buffer, format="PNG")
    return SimpleUploadedFile("logo.png", buffer.getvalue(), content_type="image/png")


def test_before_anything_is_saved_documents_use_the_default_name():
    identity = Association.current()
    assert identity.pk is None
    assert (identity.name, identity.logo_url) == ("Meltingcoop", "")


def test_the_list_opens_the_form_to_create_it_then_the_saved_row(staff_client):
    changelist = reverse("admin:governance_association_changelist")
    response = staff_client.get(changelist)
    assert response.status_code == 302
    assert response["Location"] == reverse("admin:governance_association_add")

    response = staff_client.post(
        reverse("admin:governance_association_add"),
        {"name": "Meltingcoop Paris", "logo": png()},
    )
    assert response.status_code == 302, response.context["adminform"].form.errors
    saved = Association.objects.get()
    assert saved.name == "Meltingcoop Paris"
    assert saved.logo.name.startswith("association/")

    change = reverse("admin:governance_association_change", args=[saved.pk])
    assert staff_client.get(changelist)["Location"] == change
    # A second one is never made: the add form opens the saved row.
    assert staff_client.get(reverse("admin:governance_association_add"))["Location"] == change
    page = staff_client.get(change).content.decode()
    assert "Meltingcoop Paris" in page
    assert reverse("admin:governance_association_delete", args=[saved.pk]) not in page


def test_the_identity_is_never_deleted(staff_client):
    saved = AssociationFactory()
    url = reverse("admin:governance_association_delete", args=[saved.pk])
    assert staff_client.post(url, {"post": "yes"}).status_code == 403
    assert Association.objects.filter(pk=saved.pk).exists()


def test_a_logo_that_is_not_a_png_or_jpeg_is_refused_with_a_clear_message():
    identity = Association(
        name="Meltingcoop", logo=SimpleUploadedFile("logo.png", b"<svg onload='x'/>")
    )
    with pytest.raises(ValidationError) as error:
        identity.full_clean()
    assert "PNG ou JPEG" in " ".join(error.value.message_dict["logo"])


def test_the_report_cover_uses_the_editions_logo_else_the_associations():
    AssociationFactory(name="Meltingcoop Paris", logo=png("green"))
    without = EditionFactory(year=2020)
    content = build_content(2020, without)
    assert content.association == "Meltingcoop Paris"
    assert content.logo_url.startswith("/media/association/")

    with_own = EditionFactory(year=2021, logo=png("red"))
    assert build_content(2021, with_own).logo_url == with_own.logo.url
