"""The board area (/board/): board members and staff read meetings, minutes and mandates."""

import datetime

import pytest
from django.urls import reverse

from governance.models import Meeting
from tests.entrepreneurs.factories import EntrepreneurFactory
from tests.governance.factories import (
    AgendaItemFactory,
    DecisionFactory,
    DossierFactory,
    DueFactory,
    MandateFactory,
    MeetingAttendanceFactory,
    MeetingFactory,
)

# What any page costs a logged-in user: session, user, then the permission check reads the
# user's and their groups' permissions (2).
REQUEST_QUERIES = 4


def make_assembly(voters: int) -> Meeting:
    members = [DueFactory(year=2020).member for _ in range(voters)]
    meeting = MeetingFactory(kind=Meeting.Kind.GENERAL_ASSEMBLY, date=datetime.date(2020, 7, 7))
    for member in members:
        MeetingAttendanceFactory(meeting=meeting, member=member)
    for position in range(1, voters // 2 + 2):
        item = AgendaItemFactory(meeting=meeting, position=position)
        DecisionFactory(meeting=meeting, agenda_item=item, votes_for=1)
    return meeting


@pytest.fixture(autouse=True)
def _today(monkeypatch):
    monkeypatch.setattr("django.utils.timezone.localdate", lambda: datetime.date(2020, 12, 31))


def test_board_member_reads_the_assembly_with_its_quorum_and_decisions(board_client):
    meeting = make_assembly(4)
    page = board_client.get(meeting.get_absolute_url())
    assert page.status_code == 200
    assert "no-store" in page["Cache-Control"]  # members' names: personal data
    text = page.content.decode()
    compact = " ".join(text.split())
    assert "4 votant·es, 4 présent·es," in compact
    assert "quorum requis : 1." in compact
    assert "Quorum atteint" in text
    assert "adoptée" in text


@pytest.mark.parametrize("voters", [2, 20])
def test_meeting_page_query_count_does_not_grow_with_the_meeting(
    board_client, django_assert_num_queries, voters
):
    meeting = make_assembly(voters)
    # request (4), the meeting, its attendance, the tally (rule, voters, counts by status,
    # resolutions), agenda items, guests
    with django_assert_num_queries(REQUEST_QUERIES + 8):
        assert board_client.get(meeting.get_absolute_url()).status_code == 200


@pytest.mark.parametrize("meetings", [1, 15])
def test_index_query_count_does_not_grow_with_meetings(
    board_client, django_assert_num_queries, meetings
):
    MeetingFactory.create_batch(meetings)
    # request (4), the meetings
    with django_assert_num_queries(REQUEST_QUERIES + 1):
        page = board_client.get(reverse("governance:index"))
    assert len(page.context["meetings"]) == meetings


@pytest.mark.parametrize("mandates", [1, 12])
def test_mandates_page_query_count_does_not_grow_with_mandates(
    board_client, django_assert_num_queries, mandates
):
    for _ in range(mandates):
        MandateFactory().dossiers.add(DossierFactory())
    # request (4), mandates, their dossiers, dossiers, their current mandates with members
    with django_assert_num_queries(REQUEST_QUERIES + 4):
        page = board_client.get(reverse("governance:mandates"))
    assert len(page.context["mandates"]) == mandates


def test_mandates_page_shows_who_carries_each_dossier_today(board_client):
    mandate = MandateFactory(member__first_name="Hélène", member__last_name="Garnier")
    mandate.dossiers.add(DossierFactory(name="Gouvernance"))
    ended = MandateFactory(end_date=datetime.date(2020, 6, 30))
    ended.dossiers.add(DossierFactory(name="Bénévolat"))
    text = board_client.get(reverse("governance:mandates")).content.decode()
    assert "Gouvernance — Hélène Garnier" in text
    assert "Bénévolat — sans porteur·se" in text


def test_board_area_never_shows_an_entrepreneur(board_client):
    EntrepreneurFactory(first_name="Awa", last_name="Confidentielle")
    meeting = make_assembly(2)
    for url in (reverse("governance:index"), meeting.get_absolute_url()):
        assert "Confidentielle" not in board_client.get(url).content.decode()


def test_anonymous_visitor_is_sent_to_login(client, db):
    response = client.get(reverse("governance:index"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))


def test_a_logged_in_user_without_a_role_is_refused(client, django_user_model):
    client.force_login(django_user_model.objects.create_user(email="x@example.org"))
    assert client.get(reverse("governance:index")).status_code == 403


def test_minutes_pdf_is_served_inline_and_not_cached(board_client):
    meeting = make_assembly(2)
    response = board_client.get(reverse("governance:minutes_pdf", args=[meeting.reference]))
    assert response["Content-Type"] == "application/pdf"
    assert "no-store" in response["Cache-Control"]
    assert response.content.startswith(b"%PDF-")


def test_signed_minutes_come_from_private_storage_with_no_store(board_client, settings, tmp_path):
    settings.PRIVATE_MEDIA_ROOT = tmp_path
    (tmp_path / "minutes").mkdir()
    (tmp_path / "minutes" / "pv.pdf").write_bytes(b"%PDF-1.4 signed")
    meeting = make_assembly(1)
    Meeting.objects.filter(pk=meeting.pk).update(signed_minutes="minutes/pv.pdf")
    response = board_client.get(reverse("governance:signed_minutes", args=[meeting.reference]))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == b"%PDF-1.4 signed"
    assert "no-store" in response["Cache-Control"]
    assert not str(tmp_path).startswith(str(settings.MEDIA_ROOT))


def test_signed_minutes_of_an_unsigned_meeting_are_not_found(board_client):
    meeting = make_assembly(1)
    url = reverse("governance:signed_minutes", args=[meeting.reference])
    assert board_client.get(url).status_code == 404


def test_a_reference_that_is_not_a_slug_is_not_found(board_client):
    assert board_client.get("/board/meetings/AG'%20OR%201=1/").status_code == 404
    assert board_client.get("/board/meetings/AG%000001/").status_code == 400  # NUL: refused


def test_signed_minutes_whose_file_is_gone_are_not_found(board_client, settings, tmp_path):
    # After a restore without the private files, say: the page is a 404, not a 500.
    settings.PRIVATE_MEDIA_ROOT = tmp_path
    meeting = make_assembly(1)
    Meeting.objects.filter(pk=meeting.pk).update(signed_minutes="minutes/missing.pdf")
    url = reverse("governance:signed_minutes", args=[meeting.reference])
    assert board_client.get(url).status_code == 404
