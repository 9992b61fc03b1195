"""An annual report edition names the general assembly that approved it."""

import pytest
from django.core.exceptions import ValidationError

from governance.models import Meeting
from reports.models import ReportEdition
from tests.governance.factories import MeetingFactory


def test_an_edition_is_approved_by_a_general_assembly(db):
    assembly = MeetingFactory(kind=Meeting.Kind.GENERAL_ASSEMBLY)
    edition = ReportEdition.objects.create(year=2019, approved_by_meeting=assembly)
    edition.full_clean()
    assert list(assembly.approved_report_editions.all()) == [edition]


def test_a_board_meeting_cannot_approve_an_edition(db):
    edition = ReportEdition(year=2019, approved_by_meeting=MeetingFactory(kind=Meeting.Kind.BOARD))
    with pytest.raises(ValidationError) as refused:
        edition.full_clean()
    assert "approved_by_meeting" in refused.value.message_dict
