"""The roll call page of a session: marks saved in one transaction over the version read,
registration of the cooperative's members and of one person found by search."""

import datetime

import pytest
from django.urls import reverse

from events.models import Attendance
from events.services import StaleRollCallError, save_roll_call
from tests.cooperatives.factories import CooperativeFactory, MembershipFactory
from tests.entrepreneurs.factories import EntrepreneurFactory
from tests.events.factories import AttendanceFactory, EventFactory, SessionFactory

pytestmark = pytest.mark.django_db
S = Attendance.Status


def registered(session, n):
    return [
        AttendanceFactory(event=session.event, session=session, status=S.REGISTERED)
        for _ in range(n)
    ]


def url(session):
    return reverse("events:roll_call", args=[session.pk])


def test_a_roll_call_saves_every_mark_at_once(staff_client):
    session = EventFactory().sessions.get()
    awa, olga, grace = registered(session, 3)
    response = staff_client.post(
        url(session),
        {
            "version": session.version,
            f"status-{awa.pk}": "attended",
            f"status-{olga.pk}": "excused",
            f"status-{grace.pk}": "absent",
        },
    )
    assert response.status_code == 302
    statuses = dict(Attendance.objects.values_list("pk", "status"))
    assert statuses == {awa.pk: "attended", olga.pk: "excused", grace.pk: "absent"}
    session.refresh_from_db()
    assert session.version == 2


def test_a_roll_call_from_a_stale_page_is_refused_and_keeps_what_was_chosen(staff_client):
    session = EventFactory().sessions.get()
    (awa,) = registered(session, 1)
    read_at = session.version
    save_roll_call(session, read_at, {awa.pk: "absent"})  # a colleague, in between

    response = staff_client.post(url(session), {"version": read_at, f"status-{awa.pk}": "attended"})

    assert response.status_code == 200
    page = response.content.decode()
    assert "enregistré par quelqu&#x27;un d&#x27;autre" in page
    assert 'value="attended" checked' in page  # what was chosen is still on the page
    assert Attendance.objects.get().status == "absent"


def test_a_failing_save_writes_no_mark(monkeypatch):
    session = EventFactory().sessions.get()
    awa, olga = registered(session, 2)
    calls = []

    def fail_on_second(self, *args, **kwargs):
        calls.append(self.pk)
        if len(calls) == 2:
            raise RuntimeError("disk full")
        return original(self, *args, **kwargs)

    original = Attendance.save
    monkeypatch.setattr(Attendance, "save", fail_on_second)
    with pytest.raises(RuntimeError):
        save_roll_call(session, session.version, {awa.pk: "attended", olga.pk: "attended"})
    monkeypatch.undo()
    assert set(Attendance.objects.values_list("status", flat=True)) == {"registered"}
    session.refresh_from_db()
    assert session.version == 1


def test_two_saves_from_the_same_version_cannot_both_pass():
    session = EventFactory().sessions.get()
    (awa,) = registered(session, 1)
    save_roll_call(session, 1, {awa.pk: "attended"})
    with pytest.raises(StaleRollCallError):
        save_roll_call(session, 1, {awa.pk: "absent"})
    assert Attendance.objects.get().status == "attended"


def test_registering_the_cooperative_members_adds_the_current_ones_once(staff_client):
    coop = CooperativeFactory()
    event = EventFactory(cooperative=coop, date=datetime.date(2020, 10, 1))
    session = event.sessions.get()
    later = SessionFactory(event=event)
    current = MembershipFactory(cooperative=coop, joined_on=datetime.date(2020, 9, 14))
    MembershipFactory(
        cooperative=coop,
        joined_on=datetime.date(2020, 9, 14),
        left_on=datetime.date(2020, 9, 30),
    )
    register = reverse("events:register", args=[session.pk])

    staff_client.post(register, {"members": "1"})
    staff_client.post(register, {"members": "1"})

    rows = Attendance.objects.values_list("session_id", "entrepreneur_id", "status")
    assert sorted(rows) == sorted(
        [
            (session.pk, current.entrepreneur_id, "registered"),
            (later.pk, current.entrepreneur_id, "registered"),
        ]
    )


def test_a_person_found_by_search_is_registered(staff_client):
    session = EventFactory().sessions.get()
    person = EntrepreneurFactory(first_name="Olga", last_name="Smirnova")
    page = staff_client.get(url(session), {"q": "smirn"}).content.decode()
    assert "Smirnova Olga" in page
    staff_client.post(reverse("events:register", args=[session.pk]), {"entrepreneur": person.pk})
    assert Attendance.objects.get().entrepreneur == person


def test_the_roll_call_labels_every_radio_button(staff_client):
    session = EventFactory().sessions.get()
    (awa,) = registered(session, 1)
    page = staff_client.get(url(session)).content.decode()
    for code, label in (("attended", "Présent·e"), ("excused", "Excusé·e"), ("absent", "Absent·e")):
        assert f'<label for="status-{awa.pk}-{code}" class="mark-{code}">{label}</label>' in page


def test_board_members_cannot_open_a_roll_call(board_client):
    session = EventFactory().sessions.get()
    assert board_client.get(url(session)).status_code == 403


@pytest.mark.parametrize("people", [2, 6])
def test_roll_call_query_count_does_not_grow(staff_client, django_assert_num_queries, people):
    session = EventFactory(cooperative=CooperativeFactory()).sessions.get()
    registered(session, people)
    # 1 login session, 2 user, 3-4 user and group permissions, 5 the session with its
    # event and cooperative, 6 attendances with their people, 7 signed sheets.
    with django_assert_num_queries(7):
        response = staff_client.get(url(session))
    assert response.status_code == 200


@pytest.mark.parametrize(
    "data",
    [{"entrepreneur": "abc"}, {"entrepreneur": "-1"}, {"entrepreneur": "99999"}, {}],
    ids=["text", "negative", "unknown", "missing"],
)
def test_a_hostile_registration_is_refused_without_error(staff_client, data):
    session = EventFactory().sessions.get()
    response = staff_client.post(reverse("events:register", args=[session.pk]), data)
    assert response.status_code == 404
    assert not Attendance.objects.exists()


def test_hostile_marks_and_versions_change_nothing(staff_client):
    session = EventFactory().sessions.get()
    (awa,) = registered(session, 1)
    other = AttendanceFactory(status=S.ATTENDED)  # another session's row
    for data in (
        {"version": "x", f"status-{awa.pk}": "attended"},
        {"version": session.version, f"status-{awa.pk}": "<script>"},
        {"version": session.version, f"status-{other.pk}": "absent"},
    ):
        assert staff_client.post(url(session), data).status_code in (200, 302)
    assert Attendance.objects.get(pk=awa.pk).status == "registered"
    assert Attendance.objects.get(pk=other.pk).status == "attended"


def test_an_anonymised_person_cannot_be_registered(staff_client):
    session = EventFactory().sessions.get()
    person = EntrepreneurFactory()
    type(person).objects.filter(pk=person.pk).update(anonymised_at="2021-01-01T00:00Z")
    staff_client.post(reverse("events:register", args=[session.pk]), {"entrepreneur": person.pk})
    assert not Attendance.objects.exists()


def test_members_of_a_cooperative_that_has_ended_are_not_registered(staff_client):
    coop = CooperativeFactory(
        start_date=datetime.date(2020, 1, 6), end_date=datetime.date(2020, 6, 30)
    )
    event = EventFactory(cooperative=coop, date=datetime.date(2020, 10, 1))
    MembershipFactory(cooperative=coop, joined_on=datetime.date(2020, 1, 6))  # never left

    staff_client.post(reverse("events:register", args=[event.sessions.get().pk]), {"members": "1"})

    assert not Attendance.objects.exists()
