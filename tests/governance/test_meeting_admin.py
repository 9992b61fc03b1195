"""Recording a meeting in the admin: attendance and votes refused as whole lists."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils.html import escape

from governance.models import Meeting, MeetingAttendance, StatuteRule
from tests.governance.factories import DueFactory, MeetingFactory, MemberFactory
from tests.validation import management_form

AG_DATE = datetime.date(2020, 7, 7)


def meeting_post(meeting, attendance=(), decisions=(), **fields) -> dict:
    """The change form of `meeting` as POSTed, with new attendance and decision rows."""
    data = {
        "kind": meeting.kind,
        "date": meeting.date.strftime("%d/%m/%Y"),
        "format": meeting.format,
        "title": meeting.title,
        "location": "",
        "notice_date": "",
        "minutes": "",
        # The version the page was read at (core.locking).
        "version": meeting.version,
        **management_form("agenda_items"),
        **management_form("attendances", total=len(attendance)),
        **management_form("guests"),
        **management_form("decisions", total=len(decisions)),
        **fields,
    }
    for i, (member, status, holder) in enumerate(attendance):
        data[f"attendances-{i}-member"] = member.pk
        data[f"attendances-{i}-status"] = status
        data[f"attendances-{i}-proxy_holder"] = holder.pk if holder else ""
    for i, (text, yes, no, abstentions) in enumerate(decisions):
        data.update(
            {
                f"decisions-{i}-text": text,
                f"decisions-{i}-votes_for": yes,
                f"decisions-{i}-votes_against": no,
                f"decisions-{i}-abstentions": abstentions,
            }
        )
    return data


@pytest.fixture
def assembly(db):
    members = [DueFactory(year=2020).member for _ in range(5)]
    return MeetingFactory(kind=Meeting.Kind.GENERAL_ASSEMBLY, date=AG_DATE), members


def post(client, meeting, **kwargs):
    url = reverse("admin:governance_meeting_change", args=[meeting.pk])
    return client.post(url, meeting_post(meeting, **kwargs))


def refused_with(response, message: str) -> None:
    assert response.status_code == 200, "the admin accepted the form"
    assert escape(message) in response.content.decode()


def test_staff_record_an_assembly_with_proxies_up_to_the_limit(staff_client, assembly):
    meeting, m = assembly
    rows = [(m[0], "present", None), (m[1], "represented", m[0]), (m[2], "represented", m[0])]
    rows.append((m[3], "excused", None))
    response = post(staff_client, meeting, attendance=rows, decisions=[("Comptes", 3, 0, 0)])
    assert response.status_code == 302
    assert meeting.attendances.filter(status="represented", proxy_holder=m[0]).count() == 2
    assert meeting.decisions.get().is_adopted(meeting.rule())


def test_admin_refuses_a_proxy_beyond_the_limit(staff_client, assembly):
    meeting, m = assembly
    rows = [(m[0], "present", None)] + [(x, "represented", m[0]) for x in m[1:4]]
    response = post(staff_client, meeting, attendance=rows)
    refused_with(response, f"{m[0]} tient déjà 2 pouvoirs")
    assert not MeetingAttendance.objects.exists()


def test_admin_refuses_a_proxy_held_by_a_member_not_present(staff_client, assembly):
    meeting, m = assembly
    rows = [(m[0], "excused", None), (m[1], "represented", m[0])]
    response = post(staff_client, meeting, attendance=rows)
    refused_with(response, f"Le pouvoir de {m[1]} est donné à {m[0]}, qui n'est pas présent·e.")
    assert not MeetingAttendance.objects.exists()


def test_admin_refuses_a_voter_counted_twice(staff_client, assembly):
    meeting, m = assembly
    response = post(staff_client, meeting, attendance=[(m[0], "present", None)] * 2)
    assert response.status_code == 200
    assert not MeetingAttendance.objects.exists()


def test_admin_refuses_a_member_without_a_vote(staff_client, assembly):
    meeting, _m = assembly
    stranger = MemberFactory()
    response = post(staff_client, meeting, attendance=[(stranger, "present", None)])
    refused_with(response, f"{stranger} n'a pas le droit de vote à cette réunion.")


def test_admin_refuses_more_votes_than_voters_present_or_represented(staff_client, assembly):
    meeting, m = assembly
    rows = [(m[0], "present", None), (m[1], "represented", m[0])]
    response = post(staff_client, meeting, attendance=rows, decisions=[("Budget", 2, 0, 1)])
    refused_with(response, "3 votes (pour, contre, abstentions) pour 2 votant·es")
    assert not meeting.decisions.exists()
    assert not MeetingAttendance.objects.exists()


def test_admin_refuses_a_signed_scan_that_is_not_a_pdf(staff_client, assembly, settings, tmp_path):
    settings.PRIVATE_MEDIA_ROOT = tmp_path
    meeting, _m = assembly
    fake = SimpleUploadedFile("pv.pdf", b"GIF89a not a pdf", content_type="application/pdf")
    response = post(staff_client, meeting, signed_minutes=fake)
    refused_with(response, "Le procès-verbal signé doit être un fichier PDF (d'après son contenu).")


def test_a_signed_meeting_is_read_only_in_the_admin(staff_client, assembly, settings, tmp_path):
    settings.PRIVATE_MEDIA_ROOT = tmp_path
    meeting, _m = assembly
    scan = SimpleUploadedFile("pv.pdf", b"%PDF-1.4\n%signed\n", content_type="application/pdf")
    assert post(staff_client, meeting, signed_minutes=scan).status_code == 302
    meeting.refresh_from_db()
    assert meeting.is_signed
    stored = list(tmp_path.rglob("*.pdf"))
    assert len(stored) == 1 and stored[0].read_bytes().startswith(b"%PDF-")
    page = staff_client.get(reverse("admin:governance_meeting_change", args=[meeting.pk]))
    assert "attendances-__prefix__-member" not in page.content.decode()  # no row to add
    assert "kind" not in page.context["adminform"].form.fields


def test_statute_rules_are_for_superusers_only(staff_client, client, superuser):
    rule = StatuteRule.objects.get(kind="general_assembly")
    url = reverse("admin:governance_statuterule_change", args=[rule.pk])
    assert staff_client.get(url).status_code == 403
    client.force_login(superuser)
    assert client.get(url).status_code == 200


def test_staff_add_an_assembly_with_its_attendance_and_votes_in_one_form(staff_client, db):
    members = [DueFactory(year=2020).member for _ in range(3)]
    new = Meeting(kind=Meeting.Kind.GENERAL_ASSEMBLY, date=AG_DATE, format="in_person", title="")
    rows = [(members[0], "present", None), (members[1], "represented", members[0])]
    data = meeting_post(new, attendance=rows, decisions=[("Rapport", 2, 0, 0)])
    response = staff_client.post(reverse("admin:governance_meeting_add"), data)
    assert response.status_code == 302
    meeting = Meeting.objects.get()
    assert (meeting.reference, meeting.attendances.count(), meeting.decisions.count()) == (
        "AG-0001",
        2,
        1,
    )


@pytest.mark.parametrize("rows", [2, 20])
def test_meeting_change_form_query_count_does_not_grow_with_rows(
    staff_client, django_assert_num_queries, rows
):
    from django.contrib.contenttypes.models import ContentType

    from tests.governance.factories import DecisionFactory, MeetingAttendanceFactory

    meeting = MeetingFactory(kind=Meeting.Kind.GENERAL_ASSEMBLY, date=AG_DATE)
    for _ in range(rows):
        MeetingAttendanceFactory(meeting=meeting, member=DueFactory(year=2020).member)
        DecisionFactory(meeting=meeting)
    ContentType.objects.clear_cache()
    # session, user, the meeting, user and group permissions (2), the statute rule, the
    # members offered (voters and those recorded), agenda items offered to resolutions, then
    # the inlines' rows: agenda items, attendance with members, guests, resolutions; the
    # meeting's content type (« voir sur le site »).
    with django_assert_num_queries(13):
        response = staff_client.get(reverse("admin:governance_meeting_change", args=[meeting.pk]))
    assert response.status_code == 200


def test_attendance_rows_offer_the_meetings_voters_only(staff_client, assembly):
    meeting, members = assembly
    stranger = MemberFactory(first_name="Sans", last_name="Cotisation")
    page = staff_client.get(reverse("admin:governance_meeting_change", args=[meeting.pk]))
    choices = dict(
        page.context["inline_admin_formsets"][1].formset.empty_form.fields["member"].choices
    )
    assert set(choices) - {""} == {member.pk for member in members}
    assert stranger.pk not in choices
