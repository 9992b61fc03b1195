"""The "Meltingcoop 2020" demo data set, built from the association's 2020 activity report.

Most of it ships as CSV files in `demo/data/`, in the import contract, and is loaded by
`load_csv` so the demo also exercises the import. What the contract does not cover
(partnerships, grants, programme and workspace details, attendance evidence here; the
board, meetings, staff and contributions in `demo.board`; the 2020 edition in
`demo.edition_2020`; the name and logo in `demo.identity`) is plain data, written by
`load_demo_extras()` with `update_or_create` on natural keys so that loading twice
creates nothing new.
Grant amounts, dues, attendance and vote counts are illustrative (see demo/README.md).
"""

from decimal import Decimal
from pathlib import Path

from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import models, transaction

from cooperatives.models import Cooperative, Membership, Programme
from demo.board import load_board, load_dues, load_meetings_details, load_staff_and_contributions
from demo.edition_2020 import load_printable_staff_names, load_report_edition_2020
from demo.identity import load_association_identity
from demo.records import D
from demo.records import created_count as _created
from demo.records import get_record as _get
from entrepreneurs.models import Entrepreneur
from events.models import Event, Session, SignedSheet, Trainer
from events.services import store_signed_sheet
from funding.models import GrantAgreement, Instalment, ReportDeadline
from governance.models import (
    Organisation,
    Partnership,
)

DEMO_DIR: Path = settings.BASE_DIR / "demo" / "data"


PROGRAMME = {
    "name": "Migracoop",
    "start_year": 2019,
    "end_year": 2021,
    "description": "Coopératives éphémères pour des entrepreneur·es migrant·es, avec Reveil.",
}
PROGRAMME_PARTNERS = ("Reveil",)

# Keyed by the cooperatives' references in demo/data/cooperatives.csv.
COOPERATIVE_DETAILS = {
    "COOP-001": {
        "postponement_reason": "la crise sanitaire et le premier confinement",
        "workspace_description": "Espace de confection équipé dans l'immeuble des bureaux",
        "workspace_area_m2": Decimal("25"),
    },
}
PROGRAMME_COOPERATIVES = ("COOP-001",)

# Keyed by the events' references in demo/data/events.csv: the two external talks, the CAE day.
# Trainers are (person's name, organisation's name), either may be empty.
ANNA = ("Anna Mourlaque", "")
EVENT_DETAILS = {
    "EVT-0006": {
        "partners": ("Coopérer pour entreprendre", "Reveil"),
        "trainers": (ANNA, ("", "Reveil")),
    },
    "EVT-0025": {
        "partners": ("GRDR", "ADIVE", "Reveil"),
        "trainers": (ANNA, ("", "Reveil")),
    },
    "EVT-0015": {"partners": ("CAE Clara",), "trainers": (("", "CAE Clara"),)},
}
PROGRAMME_TALKS = ("EVT-0006", "EVT-0025")

# (organisation, role, start, end, notes); natural key: organisation + role.
PARTNERSHIPS = (
    ("Reveil", "partner", D(2018, 9, 1), None, "Partenaire de premier plan du programme."),
    ("Manufacture Coopérative", "partner", D(2019, 1, 1), None, "Appui stratégique."),
    ("CAE Clara", "host", D(2020, 1, 1), D(2021, 2, 28), "Héberge la coopérative textile."),
    ("Coopérer pour entreprendre", "partner", D(2020, 1, 1), None, ""),
    ("GRDR", "partner", D(2020, 11, 1), None, "Webconférence du 19 novembre 2020."),
    ("ADIVE", "partner", D(2020, 11, 1), None, "Webconférence du 19 novembre 2020."),
    ("Fondation du Crédit Coopératif", "funder", D(2019, 1, 1), None, ""),
    ("Fondation de France", "funder", D(2019, 1, 1), None, ""),
    ("Mairie de Paris", "funder", D(2018, 1, 1), None, "Partenaire structurant."),
    ("Espace 19", "in_kind_donor", D(2020, 10, 1), None, "Salles prêtées gracieusement."),
    ("Pôle emploi Paris 19e", "prescriber", D(2019, 1, 1), None, ""),
    ("Maison de l'emploi Plaine Commune", "prescriber", D(2020, 1, 1), None, ""),
    ("Centre social Belleville Ensemble", "prescriber", D(2019, 1, 1), None, ""),
    ("Association Femmes Solidaires du 18e", "prescriber", D(2019, 1, 1), None, ""),
    ("Reveil", "prescriber", D(2018, 9, 1), None, ""),
)

# (funder, year, amount in euros, purpose, status); natural key: funder + year + purpose.
# Grant agreements (amounts illustrative, see demo/README.md). The 2020 funders' ones keep
# the calendar year, so the 2020 report shows what it always showed, except the Fondation
# de France's textile grant: 1 July 2020 to 30 June 2021, limited to the textile cooperative,
# the demo of a funder's report over a period that is not a year.
# (reference, funder, title, start, end, amount, status, cooperatives)
GRANTS = (
    ("SUB-0001", "Mairie de Paris", "Programme Migracoop, année 1",
     D(2019, 1, 1), D(2019, 12, 31), "25000", "awarded", ()),
    ("SUB-0002", "Fondation du Crédit Coopératif", "Programme Migracoop, année 1",
     D(2019, 1, 1), D(2019, 12, 31), "8000", "closed", ()),
    ("SUB-0003", "Mairie de Paris", "Programme Migracoop, année 2",
     D(2020, 1, 1), D(2020, 12, 31), "30000", "awarded", ()),
    ("SUB-0004", "Fondation du Crédit Coopératif", "Coopérative éphémère textile",
     D(2020, 1, 1), D(2020, 12, 31), "10000", "awarded", ()),
    ("SUB-0005", "Fondation de France", "Coopérative éphémère textile",
     D(2020, 7, 1), D(2021, 6, 30), "15000", "awarded", ("COOP-001",)),
    ("SUB-0006", "Fondation de France", "Programme Migracoop, année 3",
     D(2021, 1, 1), D(2021, 12, 31), "15000", "requested", ()),
)  # fmt: skip
# (agreement, due on, amount, received on)
INSTALMENTS = (
    ("SUB-0001", D(2019, 3, 1), "25000", D(2019, 3, 20)),
    ("SUB-0002", D(2019, 4, 1), "8000", D(2019, 4, 12)),
    ("SUB-0003", D(2020, 3, 1), "20000", D(2020, 3, 18)),
    ("SUB-0003", D(2020, 11, 1), "10000", D(2020, 11, 24)),
    ("SUB-0004", D(2020, 5, 1), "10000", D(2020, 5, 15)),
    ("SUB-0005", D(2020, 9, 1), "10000", None),
    ("SUB-0005", D(2021, 9, 1), "5000", None),
)
# (agreement, kind, due on, sent on)
REPORT_DEADLINES = (
    ("SUB-0003", "final", D(2021, 3, 31), None),
    ("SUB-0004", "final", D(2021, 3, 31), None),
    ("SUB-0005", "interim", D(2021, 1, 31), None),
    ("SUB-0005", "final", D(2021, 9, 30), None),
)
# What the Fondation de France asks to see in its reports (keys of reports.figures).
TEXTILE_GRANT_FIGURES = ["entrepreneurs_met", "women_percent", "cooperators_engaged",
                         "cooperative_brands_created", "commercial_events"]  # fmt: skip

# The session whose signed sheet the demo holds (a generated stand-in for a scan), and
# the funders named on the sheets of the cooperative's trainings.
SCANNED_SESSION = ("EVT-0015", D(2020, 9, 22))
TRAINING_FUNDERS = ("Mairie de Paris", "Fondation de France")


def load_programme_details() -> int:
    programme, created = Programme.objects.update_or_create(
        name=PROGRAMME["name"], defaults=PROGRAMME
    )
    programme.partners.set([_get(Organisation, name=name) for name in PROGRAMME_PARTNERS])
    for reference, details in COOPERATIVE_DETAILS.items():
        _get(Cooperative, reference=reference)
        Cooperative.objects.filter(reference=reference).update(**details)
    Cooperative.objects.filter(reference__in=PROGRAMME_COOPERATIVES).update(programme=programme)
    for reference, details in EVENT_DETAILS.items():
        event = _get(Event, reference=reference)
        event.partners.set([_get(Organisation, name=name) for name in details["partners"]])
        event.trainers.set([_trainer(name, org) for name, org in details["trainers"]])
    Event.objects.filter(
        models.Q(cooperative__reference__in=PROGRAMME_COOPERATIVES)
        | models.Q(reference__in=PROGRAMME_TALKS)
    ).update(programme=programme)
    return int(created)


def _trainer(name: str, organisation: str) -> Trainer:
    org = _get(Organisation, name=organisation) if organisation else None
    return Trainer.objects.get_or_create(name=name, organisation=org)[0]


def load_partnerships_and_grants() -> int:
    results = [
        Partnership.objects.update_or_create(
            organisation=_get(Organisation, name=name),
            role=role,
            defaults={"start_date": start, "end_date": end, "notes": notes},
        )
        for name, role, start, end, notes in PARTNERSHIPS
    ]
    for reference, funder, title, start, end, amount, status, cooperatives in GRANTS:
        scoped = bool(cooperatives)
        agreement, created = GrantAgreement.objects.update_or_create(
            reference=reference,
            defaults={
                "funder": _get(Organisation, name=funder),
                "title": title,
                "start_date": start,
                "end_date": end,
                "amount_requested": Decimal(amount),
                "amount_awarded": None if status == "requested" else Decimal(amount),
                "status": status,
                "whole_association": not scoped,
                "requested_figures": TEXTILE_GRANT_FIGURES if scoped else [],
            },
        )
        agreement.cooperatives.set(Cooperative.objects.filter(reference__in=cooperatives))
        # The textile grant's stories: the cooperative's commercial events.
        agreement.events.set(
            Event.objects.filter(
                cooperative__reference__in=cooperatives, kind=Event.Kind.COMMERCIAL
            )
        )
        results.append((agreement, created))
    agreements = {a.reference: a for a in GrantAgreement.objects.all()}
    results += [
        Instalment.objects.update_or_create(
            agreement=agreements[reference],
            due_on=due,
            defaults={"amount": Decimal(amount), "received_on": received},
        )
        for reference, due, amount, received in INSTALMENTS
    ]
    results += [
        ReportDeadline.objects.update_or_create(
            agreement=agreements[reference], kind=kind, due_on=due, defaults={"sent_on": sent}
        )
        for reference, kind, due, sent in REPORT_DEADLINES
    ]
    return _created(results)


def demo_scan_pdf() -> bytes:
    """A one-page PDF standing in for a scanned signed sheet (no names: a placeholder)."""
    text = b"BT /F1 18 Tf 60 760 Td (Feuille d'emargement signee - scan de demonstration) Tj ET"
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n" % len(text) + text + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    pdf, offsets = b"%PDF-1.4\n", []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(pdf))
        pdf += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(pdf)
    pdf += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    pdf += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    pdf += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return pdf


def load_attendance_evidence() -> int:
    """Funders on the cooperative's trainings, and one signed sheet (created once)."""
    funders = [_get(Organisation, name=name) for name in TRAINING_FUNDERS]
    for event in Event.objects.filter(
        cooperative__reference__in=PROGRAMME_COOPERATIVES, kind=Event.Kind.TRAINING
    ):
        event.funders.set(funders)
    reference, day = SCANNED_SESSION
    session = _get(Session, event__reference=reference, date=day)
    if SignedSheet.objects.filter(session=session).exists():
        return 0
    upload = SimpleUploadedFile("scan.pdf", demo_scan_pdf(), content_type="application/pdf")
    store_signed_sheet(session, upload)
    return 1


CONSENT_SCOPE = "Suivi de l'accompagnement, statistiques anonymes"


def load_consents() -> int:
    """The cooperators signed the consent form the day they joined the cooperative (the
    import contract has no consent column). No figure counts consent. Returns 0: rows are
    updated, never created."""
    for membership in Membership.objects.select_related("entrepreneur").order_by("pk"):
        Entrepreneur.objects.filter(
            pk=membership.entrepreneur_id, consent_date__isnull=True
        ).update(consent_date=membership.joined_on, consent_scope=CONSENT_SCOPE)
    return 0


def load_demo_extras() -> int:
    """Write what the CSV files cannot carry; return how many records were created.

    Needs the demo CSV files loaded first (organisations, cooperatives, events, meetings).
    """
    with transaction.atomic():
        return (
            load_programme_details()
            + load_partnerships_and_grants()
            + load_board()
            + load_dues()
            + load_meetings_details()
            + load_staff_and_contributions()
            + load_attendance_evidence()
            + load_consents()
            + load_printable_staff_names()
            + load_report_edition_2020()
            + load_association_identity()
        )
