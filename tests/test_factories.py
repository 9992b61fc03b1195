"""Every factory builds a valid, saved record: the other tests stand on them."""

import pytest

from tests.cooperatives import factories as coop
from tests.entrepreneurs import factories as ent
from tests.events import factories as evt
from tests.governance import factories as gov

FACTORIES = [
    gov.OrganisationFactory,
    gov.PartnershipFactory,
    gov.GrantFactory,
    gov.MemberFactory,
    gov.DueFactory,
    gov.DossierFactory,
    gov.MandateFactory,
    gov.MeetingFactory,
    gov.DecisionFactory,
    gov.AgendaItemFactory,
    gov.MeetingAttendanceFactory,
    gov.MeetingGuestFactory,
    gov.StaffPositionFactory,
    gov.ContributionFactory,
    ent.EntrepreneurFactory,
    ent.EncounterFactory,
    coop.ProgrammeFactory,
    coop.CooperativeFactory,
    coop.MembershipFactory,
    evt.EventFactory,
    evt.AttendanceFactory,
]


@pytest.mark.parametrize("factory", FACTORIES, ids=lambda f: f.__name__)
def test_factory_builds_a_valid_record(db, factory):
    record = factory()
    record.full_clean()
    assert type(record).objects.filter(pk=record.pk).exists()
