"""Report editions: publishing freezes figures and PDF, reopening makes a new draft, a
published edition is read-only in the admin, the logo is checked."""

import datetime
import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError
from django.urls import reverse
from PIL import Image

from events.models import Event
from reports.models import ReportEdition
from reports.services import publish_edition, reopen_edition
from tests.admin_checks import CHANGELIST_QUERIES
from tests.events.factories import EventFactory
from tests.reports.factories import EditionFactory, SectionFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def workshops(count: int) -> None:
    EventFactory.create_batch(
        count, kind=Event.Kind.WORKSHOP, format="in_person", date=datetime.date(2020, 3, 2)
    )


def test_publishing_freezes_figures_and_stores_the_pdf(staff_user):
    workshops(3)
    edition = EditionFactory()

    published = publish_edition(edition, staff_user)

    published.refresh_from_db()
    assert published.status == ReportEdition.Status.PUBLISHED
    assert published.published_by == staff_user
    assert published.published_at is not None
    assert published.figures["workshops_in_person"] == 3
    assert published.figures["year"] == 2020
    assert "breakdowns" in published.figures
    with published.pdf.open("rb") as pdf:
        assert pdf.read().startswith(b"%PDF")


def test_later_edits_do_not_change_a_published_edition(staff_user):
    workshops(3)
    edition = publish_edition(EditionFactory(), staff_user)
    pdf_before = edition.pdf.name

    workshops(2)

    edition.refresh_from_db()
    assert edition.figures["workshops_in_person"] == 3
    assert edition.pdf.name == pdf_before


def test_publishing_twice_is_refused(staff_user):
    edition = publish_edition(EditionFactory(), staff_user)
    with pytest.raises(ValidationError, match="déjà publiée"):
        publish_edition(edition, staff_user)


def test_an_older_draft_cannot_be_published_over_a_newer_published_version(staff_user):
    old_draft = EditionFactory()
    newer = EditionFactory()
    publish_edition(newer, staff_user)
    with pytest.raises(ValidationError, match="plus récente"):
        publish_edition(old_draft, staff_user)
    old_draft.refresh_from_db()
    assert old_draft.status == ReportEdition.Status.DRAFT


def test_reopen_creates_a_new_draft_version_copying_the_narrative(staff_user):
    edition = EditionFactory(title="Rapport 2020", introduction="Intro")
    SectionFactory(edition=edition, heading="Accueil", order=2)
    SectionFactory(edition=edition, heading="Coopérative", chapter="cooperatives", order=1)
    publish_edition(edition, staff_user)

    draft = reopen_edition(edition)

    assert (draft.year, draft.version, draft.status) == (2020, 2, ReportEdition.Status.DRAFT)
    assert (draft.title, draft.introduction) == ("Rapport 2020", "Intro")
    assert draft.figures is None and not draft.pdf
    assert [(s.heading, s.chapter, s.order) for s in draft.sections.all()] == [
        ("Coopérative", "cooperatives", 1),
        ("Accueil", "support", 2),
    ]
    edition.refresh_from_db()
    assert edition.status == ReportEdition.Status.PUBLISHED
    assert edition.sections.count() == 2


def test_a_draft_cannot_be_reopened():
    with pytest.raises(ValidationError, match="brouillon"):
        reopen_edition(EditionFactory())


def test_versions_are_numbered_per_year_and_unique():
    assert [EditionFactory(year=2020).version, EditionFactory(year=2020).version] == [1, 2]
    assert EditionFactory(year=2021).version == 1
    with pytest.raises(IntegrityError):
        ReportEdition.objects.create(year=2020, version=1)


# Admin


def test_staff_can_create_an_edition_with_sections_in_the_admin(staff_client):
    response = staff_client.post(
        reverse("admin:reports_reportedition_add"),
        {
            "year": "2020",
            "title": "Rapport d'activité",
            "introduction": "Bonjour",
            "sections-TOTAL_FORMS": "1",
            "sections-INITIAL_FORMS": "0",
            "sections-0-order": "1",
            "sections-0-chapter": "support",
            "sections-0-heading": "Accueil",
            "sections-0-body": "Texte",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    edition = ReportEdition.objects.get()
    assert (edition.version, edition.status) == (1, ReportEdition.Status.DRAFT)
    assert edition.sections.get().heading == "Accueil"


def test_published_edition_is_read_only_in_the_admin(staff_client, staff_user):
    edition = EditionFactory(title="Avant")
    SectionFactory(edition=edition, heading="Section figée")
    publish_edition(edition, staff_user)
    url = reverse("admin:reports_reportedition_change", args=[edition.pk])

    page = staff_client.get(url)
    response = staff_client.post(url, {"year": "2020", "title": "Après"})

    assert page.status_code == 200
    assert 'name="title"' not in page.content.decode()  # shown, not editable
    assert "Section figée" in page.content.decode()
    assert response.status_code == 403
    edition.refresh_from_db()
    assert edition.title == "Avant"


def test_published_edition_cannot_be_deleted_in_the_admin(staff_client, staff_user):
    edition = publish_edition(EditionFactory(), staff_user)
    response = staff_client.post(
        reverse("admin:reports_reportedition_delete", args=[edition.pk]), {"post": "yes"}
    )
    assert response.status_code == 403
    assert ReportEdition.objects.filter(pk=edition.pk).exists()


def test_publish_and_reopen_admin_actions(staff_client):
    edition = EditionFactory()
    changelist = reverse("admin:reports_reportedition_changelist")

    staff_client.post(changelist, {"action": "publish", "_selected_action": [edition.pk]})
    edition.refresh_from_db()
    staff_client.post(changelist, {"action": "reopen", "_selected_action": [edition.pk]})

    assert edition.status == ReportEdition.Status.PUBLISHED
    assert list(ReportEdition.objects.values_list("version", "status")) == [
        (2, "draft"),
        (1, "published"),
    ]


def test_publish_action_reports_an_already_published_edition(staff_client, staff_user):
    edition = publish_edition(EditionFactory(), staff_user)
    response = staff_client.post(
        reverse("admin:reports_reportedition_changelist"),
        {"action": "publish", "_selected_action": [edition.pk]},
        follow=True,
    )
    assert "déjà publiée" in response.content.decode()


def test_admin_preview_shows_the_draft_narrative(staff_client):
    edition = EditionFactory()
    SectionFactory(edition=edition, heading="Notre accueil", body="Nous avons *accueilli*.")
    response = staff_client.get(reverse("admin:reports_reportedition_preview", args=[edition.pk]))
    assert response.status_code == 200
    assert "Notre accueil" in response.content.decode()
    assert "<em>accueilli</em>" in response.content.decode()
    pdf = staff_client.get(reverse("admin:reports_reportedition_preview_pdf", args=[edition.pk]))
    assert pdf["Content-Type"] == "application/pdf"


def test_board_member_cannot_open_the_editions_admin(board_client):
    edition = EditionFactory()
    for url in (
        reverse("admin:reports_reportedition_changelist"),
        reverse("admin:reports_reportedition_preview", args=[edition.pk]),
    ):
        assert board_client.get(url).status_code == 302  # sent to the admin login


# Logo


def image_file(name: str, image_format: str, size=(20, 10)) -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", size, "purple").save(buffer, format=image_format)
    return SimpleUploadedFile(name, buffer.getvalue())


@pytest.mark.parametrize(("name", "image_format"), [("logo.png", "PNG"), ("logo.jpg", "JPEG")])
def test_png_and_jpeg_logos_are_accepted(name, image_format):
    edition = EditionFactory.build(logo=image_file(name, image_format))
    edition.full_clean(exclude=["version"])


@pytest.mark.parametrize(
    ("upload", "message"),
    [
        (
            SimpleUploadedFile("logo.svg", b'<svg xmlns="http://www.w3.org/2000/svg"/>'),
            "png, jpg, jpeg",
        ),
        (SimpleUploadedFile("logo.png", b"<svg/> not a png"), "PNG ou JPEG"),
        (image_file("logo.png", "GIF"), "PNG ou JPEG"),
        (image_file("logo.png", "BMP", size=(1200, 600)), "2 Mo"),
    ],
)
def test_other_logos_are_refused_with_a_clear_message(upload, message):
    edition = EditionFactory.build(logo=upload)
    with pytest.raises(ValidationError) as error:
        edition.full_clean(exclude=["version"])
    assert "logo" in error.value.message_dict
    assert message in " ".join(error.value.message_dict["logo"])


@pytest.mark.parametrize("rows", [1, 12])
def test_editions_changelist_query_count_does_not_grow_with_rows(
    staff_client, django_assert_num_queries, rows
):
    for i in range(rows):
        EditionFactory(year=2000 + i)
    # CHANGELIST_QUERIES (request, counts, page of rows) + the year filter's distinct years
    with django_assert_num_queries(CHANGELIST_QUERIES + 1):
        response = staff_client.get(reverse("admin:reports_reportedition_changelist"))
    assert response.context["cl"].result_count == rows
