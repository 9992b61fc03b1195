"""The sign-in sheet PDF: what it holds (names only), from the admin and the command."""

import datetime
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse
from PIL import Image
from pypdf import PdfReader

from events.models import Attendance
from tests.entrepreneurs.factories import EntrepreneurFactory
from tests.events.factories import AttendanceFactory, EventFactory, SessionFactory, TrainerFactory
from tests.governance.factories import AssociationFactory, OrganisationFactory

pytestmark = pytest.mark.django_db


def pdf_text(data: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


@pytest.fixture
def training():
    event = EventFactory(
        reference="EVT-0042",
        title="Formation gestion",
        location="Espace 19",
        date=datetime.date(2020, 10, 5),
        duration_hours=7,
    )
    event.trainers.add(TrainerFactory(name="Anna Mourlaque"))
    event.funders.add(OrganisationFactory(name="Fondation de France"))
    people = [
        EntrepreneurFactory(
            first_name="Awa",
            last_name="Diop",
            email="awa.diop@example.org",
            phone="06 11 22 33 44",
            notes="Note confidentielle",
        ),
        EntrepreneurFactory(first_name="Olga", last_name="Smirnova", email="olga@example.org"),
    ]
    for person in people:
        AttendanceFactory(event=event, entrepreneur=person, status=Attendance.Status.REGISTERED)
    return event


def test_the_sheet_holds_every_registered_name_and_no_other_personal_field(staff_client, training):
    response = staff_client.get(reverse("events:signin_sheet", args=[training.pk]))
    assert response["Content-Type"] == "application/pdf"
    assert "no-store" in response["Cache-Control"]
    text = pdf_text(response.content)
    for expected in (
        "Meltingcoop",
        "Formation gestion",
        "Espace 19",
        "Anna Mourlaque",
        "Action soutenue par",
        "Fondation de France",
        "Diop",
        "Awa",
        "Smirnova",
        "Olga",
        "Matin",
        "Après-midi",
        "Signature de l",
    ):
        assert expected in text
    person = training.attendances.first().entrepreneur
    for private in ("example.org", "06 11", "confidentielle", person.reference, "ENT-"):
        assert private not in text


def test_one_page_per_session_or_the_one_asked_for(staff_client, training):
    SessionFactory(event=training, date=datetime.date(2020, 10, 6))  # 09:30-12:30
    url = reverse("events:signin_sheet", args=[training.pk])
    assert len(PdfReader(io.BytesIO(staff_client.get(url).content)).pages) == 2
    one = staff_client.get(url, {"session": "06/10/2020"})
    text = pdf_text(one.content)
    assert "Matin" in text and "Après-midi" not in text
    assert staff_client.get(url, {"session": "2020-12-25"}).status_code == 400
    assert staff_client.get(url, {"session": "demain"}).status_code == 400


def test_the_command_writes_the_sheet_of_a_session(training, tmp_path):
    output = tmp_path / "sheet.pdf"
    call_command(
        "signin_sheet",
        "EVT-0042",
        "--session",
        "2020-10-05",
        "--output",
        str(output),
        stdout=io.StringIO(),
    )
    assert "Smirnova" in pdf_text(output.read_bytes())


def test_the_command_names_an_unknown_event_or_day(training):
    with pytest.raises(CommandError, match="EVT-9999"):
        call_command("signin_sheet", "EVT-9999")
    with pytest.raises(CommandError, match="pas de séance le 01/01/2021"):
        call_command("signin_sheet", "EVT-0042", "--session", "2021-01-01")


def test_the_event_admin_page_links_to_the_sheet_and_roll_calls(staff_client, training):
    page = staff_client.get(reverse("admin:events_event_change", args=[training.pk]))
    html = page.content.decode()
    assert reverse("events:signin_sheet", args=[training.pk]) in html
    assert reverse("events:roll_call", args=[training.sessions.get().pk]) in html


@pytest.mark.parametrize("people", [1, 12])
def test_sheet_query_count_does_not_grow(staff_client, django_assert_num_queries, people):
    event = EventFactory()
    SessionFactory(event=event)
    event.trainers.add(TrainerFactory(organisation=OrganisationFactory()), TrainerFactory())
    for _ in range(people):
        AttendanceFactory(event=event, session=event.sessions.first())
    # 1 login session, 2 user, 3-4 user and group permissions, 5 the event, 6 its sessions,
    # 7 their attendances, 8 the people, 9 the association's name and logo, 10 trainers with
    # their organisations, 11 funders.
    with django_assert_num_queries(11):
        response = staff_client.get(reverse("events:signin_sheet", args=[event.pk]))
    assert response.status_code == 200


def test_the_sheet_is_headed_by_the_associations_name_and_logo(staff_client, training):
    buffer = io.BytesIO()
    Image.new("RGB", (60, 30), "purple").save(buffer, format="PNG")
    AssociationFactory(
        name="Meltingcoop Paris", logo=SimpleUploadedFile("logo.png", buffer.getvalue())
    )
    response = staff_client.get(reverse("events:signin_sheet", args=[training.pk]))
    reader = PdfReader(io.BytesIO(response.content))
    assert "Meltingcoop Paris" in reader.pages[0].extract_text()
    assert len(reader.pages[0].images) == 1


def test_without_a_logo_the_sheet_has_no_image(staff_client, training):
    response = staff_client.get(reverse("events:signin_sheet", args=[training.pk]))
    assert len(PdfReader(io.BytesIO(response.content)).pages[0].images) == 0
