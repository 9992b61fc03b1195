"""One record of every model the URLs need: the URL matrix and the locking tests walk them."""

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from auditlog.models import LogEntry
from django.contrib.auth.models import Group
from django_tasks_db.models import DBTaskResult

from events.models import Session
from funding.models import AgreementDocument
from governance.tasks import send_weekly_digest
from reports.models import FunderReport, ReportEdition
from tests.cooperatives.factories import (
    CooperativeFactory,
    MembershipFactory,
    OutcomeFactory,
    ProgrammeFactory,
)
from tests.entrepreneurs.factories import (
    EncounterFactory,
    EntrepreneurFactory,
    ReferralFactory,
    ReferralLinkFactory,
)
from tests.events.factories import (
    AttendanceFactory,
    EventFactory,
    SaleFactory,
    SignedSheetFactory,
    TrainerFactory,
)
from tests.funding.factories import (
    GrantAgreementFactory,
    InstalmentFactory,
    ReportDeadlineFactory,
)
from tests.governance import factories as governance

YEAR = 2020


def create_objects(superuser) -> dict:
    """One object per model the URLs need, keyed by model (proxies share the concrete one)."""
    person = EntrepreneurFactory()
    cooperative = CooperativeFactory()
    event = EventFactory()
    objects = [
        person,
        EncounterFactory(entrepreneur=person),
        cooperative,
        MembershipFactory(cooperative=cooperative, entrepreneur=person),
        ProgrammeFactory(),
        event,
        AttendanceFactory(event=event, entrepreneur=person),
        OutcomeFactory(entrepreneur=person),
        SaleFactory(cooperative=cooperative),
        governance.PartnershipFactory(),
        GrantAgreementFactory(),
        governance.MandateFactory(),
        governance.DossierFactory(),
        governance.DecisionFactory(),
        governance.DueFactory(),
        governance.AgendaItemFactory(),
        governance.MeetingAttendanceFactory(),
        governance.MeetingGuestFactory(),
        governance.StaffPositionFactory(),
        governance.ContributionFactory(),
        ReportEdition.objects.create(year=YEAR, title="Rapport 2020"),
        InstalmentFactory(),
        ReportDeadlineFactory(),
        FunderReport.objects.create(agreement=GrantAgreementFactory()),
        AgreementDocument.objects.create(agreement=GrantAgreementFactory(), file="x/none.pdf"),
        Group.objects.first(),
        EmailAddress.objects.create(user=superuser, email=superuser.email, primary=True),
        Authenticator.objects.create(user=superuser, type=Authenticator.Type.TOTP, data={}),
        superuser,
        ReferralFactory(),
    ]
    objects += [
        TrainerFactory(),
        SignedSheetFactory(session=event.sessions.get()),
        governance.AssociationFactory(),
    ]
    found = {type(obj): obj for obj in objects}
    found[governance.models.Organisation] = objects[9].organisation
    found[governance.models.Member] = objects[11].member
    found[governance.models.Meeting] = objects[13].meeting
    found[LogEntry] = LogEntry.objects.first()
    found[Session] = event.sessions.get()
    found[governance.models.StatuteRule] = governance.models.StatuteRule.objects.first()
    # A queued task (superusers read the queue in the admin; staff do not).
    found[DBTaskResult] = DBTaskResult.objects.get(id=send_weekly_digest.enqueue().id)
    found[ReferralLinkFactory._meta.model] = found[ReferralFactory._meta.model].link
    return found
