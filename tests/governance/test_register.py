"""The register on the database: who votes, references, refusals, the tally, the rules."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from governance.models import Meeting, MeetingAttendance, Member, StatuteRule
from governance.quorum import meeting_tally
from tests.governance.factories import (
    DecisionFactory,
    DueFactory,
    MandateFactory,
    MeetingAttendanceFactory,
    MeetingFactory,
    MemberFactory,
)

AG_DATE = datetime.date(2020, 7, 7)


def assembly_with_voters(count: int, year: int = 2020) -> tuple[Meeting, list[Member]]:
    members = [DueFactory(year=year).member for _ in range(count)]
    meeting = MeetingFactory(kind=Meeting.Kind.GENERAL_ASSEMBLY, date=AG_DATE)
    return meeting, members


def attend(meeting, member, status="present", holder=None) -> MeetingAttendance:
    return MeetingAttendanceFactory(
        meeting=meeting, member=member, status=status, proxy_holder=holder
    )


def test_the_default_rules_are_those_of_the_statutes(db):
    rules = {rule.kind: rule for rule in StatuteRule.objects.all()}
    assembly, board = rules["general_assembly"], rules["board"]
    assert (assembly.electorate, str(assembly.quorum), assembly.max_proxies) == (
        "members_up_to_date",
        "1/4",
        2,
    )
    assert (board.electorate, str(board.quorum), str(board.qualified_majority)) == (
        "board",
        "1/2",
        "2/3",
    )


def test_paid_dues_of_the_year_decide_who_votes_at_the_assembly(db):
    meeting, voters = assembly_with_voters(2)
    DueFactory(year=2020, paid_on=None)  # owes the year's dues
    DueFactory(year=2019)  # paid last year only
    MemberFactory()  # no dues at all
    assert set(meeting.voters()) == set(voters)


def test_a_running_mandate_on_the_meeting_date_decides_who_votes_at_the_board(db):
    day = datetime.date(2020, 9, 17)
    running = MandateFactory(start_date=datetime.date(2019, 6, 15)).member
    ends_that_day = MandateFactory(start_date=datetime.date(2019, 6, 15), end_date=day).member
    MandateFactory(start_date=datetime.date(2019, 6, 15), end_date=datetime.date(2020, 9, 16))
    MandateFactory(start_date=datetime.date(2020, 9, 18))
    meeting = MeetingFactory(kind=Meeting.Kind.BOARD, date=day)
    assert set(meeting.voters()) == {running, ends_that_day}


def test_a_seminar_has_no_rule_and_no_voters(db):
    meeting = MeetingFactory(kind=Meeting.Kind.SEMINAR)
    assert meeting.rule() is None
    assert not meeting.voters().exists()


def test_references_are_numbered_per_kind_of_meeting(db):
    first = MeetingFactory(kind=Meeting.Kind.GENERAL_ASSEMBLY)
    board = MeetingFactory(kind=Meeting.Kind.BOARD)
    second = MeetingFactory(kind=Meeting.Kind.GENERAL_ASSEMBLY)
    assert (first.reference, board.reference, second.reference) == ("AG-0001", "CA-0001", "AG-0002")


def test_members_get_a_reference_when_none_is_given(db):
    assert MemberFactory(reference="").reference.startswith("ADH-")


def test_tally_of_an_assembly_counts_present_and_represented_against_its_voters(db):
    meeting, members = assembly_with_voters(12)
    attend(meeting, members[0])
    attend(meeting, members[1])
    attend(meeting, members[2], "represented", members[0])
    attend(meeting, members[3], "excused")
    DecisionFactory(meeting=meeting, votes_for=2, votes_against=1, abstentions=0)
    DecisionFactory(
        meeting=meeting, votes_for=2, votes_against=1, abstentions=0, statutes_amendment=True
    )
    tally = meeting_tally(meeting).to_dict()
    assert {k: tally[k] for k in ("voters", "present", "represented", "excused")} == {
        "voters": 12,
        "present": 2,
        "represented": 1,
        "excused": 1,
    }
    assert (tally["quorum_required"], tally["quorum_reached"]) == (3, True)
    assert [(r["for"], r["adopted"]) for r in tally["resolutions"]] == [(2, True), (2, True)]


def test_tally_one_voter_short_of_the_quorum(db):
    meeting, members = assembly_with_voters(12)
    attend(meeting, members[0])
    attend(meeting, members[1])
    tally = meeting_tally(meeting)
    assert (tally.quorum_required, tally.quorum_reached) == (3, False)


def test_tally_runs_in_four_queries_whatever_the_meeting_size(db, django_assert_num_queries):
    # rule, voters' count, attendance by status, resolutions with their agenda items
    meeting, members = assembly_with_voters(20)
    for member in members:
        attend(meeting, member)
    DecisionFactory.create_batch(5, meeting=meeting, votes_for=3)
    meeting = Meeting.objects.get(pk=meeting.pk)
    with django_assert_num_queries(4):
        meeting_tally(meeting)


# --- the model's own checks (a row against the stored list) ----------------------------


def test_model_refuses_a_third_proxy_for_the_same_holder(db):
    meeting, members = assembly_with_voters(4)
    attend(meeting, members[0])
    attend(meeting, members[1], "represented", members[0])
    attend(meeting, members[2], "represented", members[0])
    third = MeetingAttendance(
        meeting=meeting, member=members[3], status="represented", proxy_holder=members[0]
    )
    with pytest.raises(ValidationError) as refused:
        third.full_clean()
    assert "proxy_holder" in refused.value.message_dict
    assert "tient déjà 2 pouvoirs" in refused.value.message_dict["proxy_holder"][0]


def test_model_refuses_a_proxy_held_by_a_member_not_present(db):
    meeting, members = assembly_with_voters(2)
    attend(meeting, members[0], "excused")
    row = MeetingAttendance(
        meeting=meeting, member=members[1], status="represented", proxy_holder=members[0]
    )
    with pytest.raises(ValidationError, match="n'est pas présent·e"):
        row.full_clean()


def test_model_refuses_a_voter_counted_twice(db):
    meeting, members = assembly_with_voters(1)
    attend(meeting, members[0])
    with pytest.raises(ValidationError, match="compté·e deux fois"):
        MeetingAttendance(meeting=meeting, member=members[0], status="excused").full_clean()


def test_model_refuses_a_member_who_has_not_paid_the_year(db):
    meeting, _members = assembly_with_voters(1)
    late = DueFactory(year=2020, paid_on=None).member
    with pytest.raises(ValidationError, match="n'a pas le droit de vote"):
        MeetingAttendance(meeting=meeting, member=late).full_clean()


def test_model_refuses_more_votes_than_voters_present_or_represented(db):
    meeting, members = assembly_with_voters(3)
    attend(meeting, members[0])
    attend(meeting, members[1], "represented", members[0])
    attend(meeting, members[2], "excused")
    decision = DecisionFactory.build(meeting=meeting, votes_for=2, abstentions=1)
    with pytest.raises(ValidationError, match="3 votes .* pour 2 votant·es"):
        decision.full_clean()
    DecisionFactory.build(meeting=meeting, votes_for=1, votes_against=1).full_clean()


def test_a_signed_meeting_is_frozen(db, settings, tmp_path):
    settings.PRIVATE_MEDIA_ROOT = tmp_path
    meeting, members = assembly_with_voters(1)
    Meeting.objects.filter(pk=meeting.pk).update(signed_minutes="minutes/pv.pdf")
    meeting.refresh_from_db()
    with pytest.raises(ValidationError, match="figée"):
        MeetingAttendance(meeting=meeting, member=members[0]).full_clean()


def test_database_refuses_a_represented_member_without_holder(db):
    from django.db import IntegrityError, transaction

    meeting, members = assembly_with_voters(1)
    with pytest.raises(IntegrityError), transaction.atomic():
        MeetingAttendance.objects.create(meeting=meeting, member=members[0], status="represented")


def test_model_refuses_excusing_a_member_who_holds_a_proxy(db):
    meeting, members = assembly_with_voters(2)
    holder = attend(meeting, members[0])
    attend(meeting, members[1], "represented", members[0])
    holder.status = "excused"
    with pytest.raises(ValidationError, match="n'est pas présent·e"):
        holder.full_clean()


def test_model_does_not_blame_a_row_for_another_rows_problem(db):
    meeting, members = assembly_with_voters(2)
    attend(meeting, members[0])
    attend(meeting, DueFactory(year=2020, paid_on=None).member)  # stored before dues changed
    MeetingAttendance(meeting=meeting, member=members[1]).full_clean()
