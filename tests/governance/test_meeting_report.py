"""`meeting_report REF --format json|pdf`: the computed figures, in JSON and in the minutes."""

import io
import json
import subprocess

import pytest
from django.core.management import CommandError, call_command

from governance.models import Meeting
from tests.governance.factories import (
    AgendaItemFactory,
    DecisionFactory,
    DueFactory,
    MeetingAttendanceFactory,
    MeetingFactory,
    MeetingGuestFactory,
)


@pytest.fixture
def assembly(db):
    """12 voters; 2 present, 1 represented, 1 excused: quorum 3 reached exactly."""
    members = [DueFactory(year=2020).member for _ in range(12)]
    meeting = MeetingFactory(
        kind=Meeting.Kind.GENERAL_ASSEMBLY,
        title="Assemblée générale 2020",
        minutes="Le rapport a été présenté par la présidente.",
    )
    MeetingAttendanceFactory(meeting=meeting, member=members[0])
    MeetingAttendanceFactory(meeting=meeting, member=members[1])
    MeetingAttendanceFactory(
        meeting=meeting, member=members[2], status="represented", proxy_holder=members[0]
    )
    MeetingAttendanceFactory(meeting=meeting, member=members[3], status="excused")
    MeetingGuestFactory(meeting=meeting)
    item = AgendaItemFactory(meeting=meeting, title="Comptes 2019")
    DecisionFactory(
        meeting=meeting,
        agenda_item=item,
        text="Approbation des comptes 2019",
        votes_for=2,
        votes_against=0,
        abstentions=1,
    )
    DecisionFactory(
        meeting=meeting,
        text="Modification de l'article 5",
        statutes_amendment=True,
        votes_for=1,
        votes_against=1,
        abstentions=1,
    )
    return meeting


def test_json_holds_voters_attendance_quorum_and_each_resolution(assembly):
    out = io.StringIO()
    call_command("meeting_report", assembly.reference, stdout=out)
    data = json.loads(out.getvalue())
    assert {k: data[k] for k in ("voters", "present", "represented")} == {
        "voters": 12,
        "present": 2,
        "represented": 1,
    }
    assert (data["quorum_required"], data["quorum_reached"]) == (3, True)
    assert [
        {k: r[k] for k in ("for", "against", "abstentions", "adopted")} for r in data["resolutions"]
    ] == [
        {"for": 2, "against": 0, "abstentions": 1, "adopted": True},
        {"for": 1, "against": 1, "abstentions": 1, "adopted": False},
    ]


def test_an_unknown_reference_is_a_french_error(db):
    with pytest.raises(CommandError, match="Aucune réunion de référence « AG-9999 »"):
        call_command("meeting_report", "AG-9999")


def test_minutes_pdf_text_holds_the_computed_figures(assembly, tmp_path):
    target = tmp_path / "pv.pdf"
    call_command(
        "meeting_report",
        assembly.reference,
        "--format",
        "pdf",
        "--output",
        str(target),
        stderr=io.StringIO(),
    )
    assert target.read_bytes().startswith(b"%PDF-")
    text = subprocess.run(
        ["pdftotext", str(target), "-"], capture_output=True, text=True, check=True
    ).stdout
    compact = " ".join(text.split())
    for expected in (
        "Procès-verbal",
        "12 votant·es",
        "2 présent·es",
        "1 représenté·e",
        "quorum requis : 3",
        "quorum atteint",
        "Approbation des comptes 2019",
        "adoptée",
        "rejetée",
        "Le rapport a été présenté par la présidente.",
        "Anna Mourlaque",
        "secrétaire de séance",
    ):
        assert expected in compact, expected
