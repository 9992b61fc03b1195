"""The "Meltingcoop 2020" demo data set, built from the association's 2020 activity report.

Most of it ships as CSV files in `demo/data/`, in the import contract, and is loaded by
`load_csv` so the demo also exercises the import. What the contract does not cover
(partnerships, grants, board, staff, contributions, programme and workspace details,
meeting decisions) is plain data here, written by `load_demo_extras()` with
`update_or_create` on natural keys so that loading twice creates nothing new.
Grant amounts, dues, attendance and vote counts are illustrative (see demo/README.md).
"""

import datetime
import unicodedata
from decimal import Decimal
from pathlib import Path

from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import models, transaction
from django.utils.translation import gettext_lazy as _

from cooperatives.models import Cooperative, Membership, Programme
from demo.identity import load_association_identity
from entrepreneurs.models import Entrepreneur
from events.models import Event, Session, SignedSheet, Trainer
from events.services import store_signed_sheet
from funding.models import GrantAgreement, Instalment, ReportDeadline
from governance.models import (
    AgendaItem,
    Contribution,
    Decision,
    Dossier,
    Due,
    Mandate,
    Meeting,
    MeetingAttendance,
    MeetingGuest,
    Member,
    Organisation,
    Partnership,
    StaffPosition,
)
from reports.models import ReportEdition, ReportSection

DEMO_DIR: Path = settings.BASE_DIR / "demo" / "data"

D = datetime.date

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

COMMUNICATION = "Communication digitale"
FUNDRAISING = "Recherche de financement"
VOLUNTEERING = "Bénévolat"
DIGITAL_TOOLS = "Développement d'outils numériques en direction des entrepreneurs et linguistique"
TEXTILE = "Atelier textile"
GOVERNANCE = "Gouvernance"
DOSSIERS = (COMMUNICATION, FUNDRAISING, VOLUNTEERING, DIGITAL_TOOLS, TEXTILE, GOVERNANCE)

# (first name, last name, joined on); natural key: first + last name.
MEMBERS = (
    ("Hélène", "Garnier", D(2017, 3, 1)),
    ("Mamadou", "Cissé", D(2017, 3, 1)),
    ("Claire", "Dubois", D(2017, 9, 1)),
    ("Sophie", "Laurent", D(2018, 6, 1)),
    ("Thomas", "Moreau", D(2018, 6, 1)),
    ("Fatou", "Diagne", D(2019, 1, 15)),
    ("Julien", "Marchand", D(2019, 1, 15)),
    ("Nathalie", "Roux", D(2019, 5, 1)),
    ("Lucie", "Bernard", D(2019, 9, 1)),
    ("Yves", "Lefèvre", D(2020, 2, 1)),
)
BOARD_ELECTED_ON = D(2019, 6, 15)
# (first name, last name, role, dossiers); natural key: member + role + start date.
MANDATES = (
    ("Hélène", "Garnier", "president", (GOVERNANCE,)),
    ("Mamadou", "Cissé", "treasurer", ()),
    ("Claire", "Dubois", "secretary", ()),
    ("Sophie", "Laurent", "board_member", (COMMUNICATION,)),
    ("Thomas", "Moreau", "board_member", (FUNDRAISING,)),
    ("Fatou", "Diagne", "board_member", (VOLUNTEERING,)),
    ("Julien", "Marchand", "board_member", (DIGITAL_TOOLS,)),
    ("Nathalie", "Roux", "board_member", (TEXTILE,)),
)

# Yearly dues (illustrative amount): everybody paid 2020, the 2019 members paid 2019.
DUES_AMOUNT = Decimal("20")
DUES = tuple(
    (first, last, year, max(joined, D(year, 3, 15)))
    for first, last, joined in MEMBERS
    for year in (2019, 2020)
    if joined.year <= year
)

# Keyed by (kind, date) as in demo/meetings.csv: place or link, agenda, and attendance as
# (present, represented {member: proxy holder}, excused); members named (first, last).
BOARD = tuple((first, last) for first, last, *_ in MANDATES)
ALL_MEMBERS = tuple((first, last) for first, last, _ in MEMBERS)
OFFICE = "Locaux de l'association, Paris 19e"
VISIO = "Visio-conférence (lien envoyé avec la convocation)"


def _attendance(present, represented=None, excused=()):
    return {"present": present, "represented": represented or {}, "excused": excused}


MEETING_DETAILS = {
    ("general_assembly", D(2020, 7, 7)): {
        "location": OFFICE,
        "notice_date": D(2020, 6, 19),
        "agenda": (
            "Rapport moral et d'activité 2019",
            "Comptes 2019",
            "Temps convivial après le confinement",
        ),
        "guests": (("Anna Mourlaque", "staff", None),),
        "attendance": _attendance(
            ALL_MEMBERS[:7],
            {ALL_MEMBERS[7]: ALL_MEMBERS[0], ALL_MEMBERS[8]: ALL_MEMBERS[1]},
            ALL_MEMBERS[9:],
        ),
    },
    ("seminar", D(2020, 10, 10)): {
        "location": "Espace 19 (salles prêtées gracieusement)",
        "guests": (
            ("Anna Mourlaque", "staff", None),
            ("Delphine Vincenot", "other", None),
        ),
        "agenda": (
            "Implication des administrateur·rices",
            "Dossiers portés",
            "Stratégie 2021",
        ),
        "attendance": _attendance(BOARD),
    },
    ("board", D(2020, 1, 23)): {
        "location": OFFICE,
        "agenda": ("Actualités de l'association", "Préparation de la coopérative textile"),
        "attendance": _attendance(BOARD[:7], excused=BOARD[7:]),
    },
    ("board", D(2020, 3, 26)): {
        "location": VISIO,
        "agenda": ("Confinement : report de la coopérative éphémère textile",),
        "attendance": _attendance(BOARD[:6], excused=BOARD[6:]),
    },
    ("board", D(2020, 5, 28)): {
        "location": VISIO,
        "agenda": ("Actualités et suivi des entrepreneuses", "Préparation de l'AG"),
        "attendance": _attendance(BOARD[:6], {BOARD[6]: BOARD[0]}, BOARD[7:]),
    },
    ("board", D(2020, 9, 17)): {
        "location": VISIO,
        "agenda": ("Démarrage de la coopérative", "Recrutement en alternance"),
        "attendance": _attendance(BOARD),
    },
    ("board", D(2020, 11, 12)): {
        "location": VISIO,
        "agenda": ("Dossiers portés par chaque administrateur·rice", "Recherche de financement"),
        "attendance": _attendance(BOARD[:7], {BOARD[7]: BOARD[2]}),
    },
    ("board", D(2020, 12, 10)): {
        "location": VISIO,
        "agenda": ("Bilan 2020", "Perspectives 2021"),
        "attendance": _attendance(BOARD[:6], excused=BOARD[6:]),
    },
}

# (meeting kind, date, agenda item's position, text, for, against, abstentions);
# natural key: meeting + text.
DECISIONS = (
    (
        "board",
        D(2020, 3, 26),
        1,
        "Reporter le démarrage de la coopérative à septembre 2020.",
        6,
        0,
        0,
    ),
    ("general_assembly", D(2020, 7, 7), 1, "Approbation du rapport d'activité 2019.", 9, 0, 0),
    ("general_assembly", D(2020, 7, 7), 2, "Approbation des comptes 2019.", 8, 0, 1),
    ("board", D(2020, 9, 17), 2, "Recruter une assistante de coordination en alternance.", 7, 0, 1),
    ("seminar", D(2020, 10, 10), 2, "Confier un dossier à chaque administrateur·rice.", 8, 0, 0),
)

# (first, last, role, contract, start, end, funding scheme); key: first + last + start.
STAFF_POSITIONS = (
    ("Anna", "Mourlaque", "Direction", "fixed_term", D(2018, 9, 1), D(2019, 12, 31), ""),
    ("Anna", "Mourlaque", "Direction", "permanent", D(2020, 1, 1), None, ""),
    (
        "Amel",
        "Haouari",
        "Assistante de coordination de projet",
        "apprenticeship",
        D(2020, 10, 5),
        D(2021, 9, 30),
        "Aide exceptionnelle à l'alternance",
    ),
)

# (kind, contributor, organisation, date, hours, value, description, meeting kind);
# natural key: kind + contributor + date.
CONTRIBUTIONS = (
    (
        "volunteering",
        "Delphine Vincenot",
        None,
        D(2020, 10, 10),
        Decimal("7"),
        None,
        "Animation bénévole du séminaire (consultante en organisation).",
        "seminar",
    ),
    (
        "in_kind",
        "Espace 19",
        "Espace 19",
        D(2020, 10, 10),
        None,
        Decimal("400"),
        "Salles de travail adaptées aux règles sanitaires.",
        "seminar",
    ),
)


# The session whose signed sheet the demo holds (a generated stand-in for a scan), and
# the funders named on the sheets of the cooperative's trainings.
SCANNED_SESSION = ("EVT-0015", D(2020, 9, 22))
TRAINING_FUNDERS = ("Mairie de Paris", "Fondation de France")


class DemoDataMissingError(Exception):
    """A record the extras refer to is absent: the CSV files were not loaded first."""


def _get(model: type[models.Model], **key) -> models.Model:
    try:
        return model._default_manager.get(**key)
    except model.DoesNotExist:
        raise DemoDataMissingError(
            _("%(model)s introuvable (%(key)s) : chargez d'abord les fichiers CSV de demo/data/.")
            % {"model": model._meta.verbose_name, "key": key}
        ) from None


def _created(results) -> int:
    return sum(1 for _obj, created in results if created)


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


def load_board() -> int:
    results = [Dossier.objects.get_or_create(name=name) for name in DOSSIERS]
    results += [
        Member.objects.update_or_create(
            first_name=first,
            last_name=last,
            defaults={"joined_on": joined, "email": _demo_email(first, last)},
        )
        for first, last, joined in MEMBERS
    ]
    for first, last, role, dossiers in MANDATES:
        member = _get(Member, first_name=first, last_name=last)
        mandate, created = Mandate.objects.update_or_create(
            member=member, role=role, start_date=BOARD_ELECTED_ON, defaults={"end_date": None}
        )
        mandate.dossiers.set(Dossier.objects.filter(name__in=dossiers))
        results.append((mandate, created))
    return _created(results)


def _demo_email(first: str, last: str) -> str:
    name = f"{first}.{last}".lower().replace(" ", "-")
    return unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode() + "@example.org"


def _member(name: tuple[str, str]) -> Member:
    return _get(Member, first_name=name[0], last_name=name[1])


def load_dues() -> int:
    results = [
        Due.objects.update_or_create(
            member=_member((first, last)),
            year=year,
            defaults={"amount": DUES_AMOUNT, "paid_on": paid_on},
        )
        for first, last, year, paid_on in DUES
    ]
    return _created(results)


def _load_attendance(meeting: Meeting, attendance: dict) -> list:
    rows = [(name, "present", None) for name in attendance["present"]]
    rows += [(name, "represented", holder) for name, holder in attendance["represented"].items()]
    rows += [(name, "excused", None) for name in attendance["excused"]]
    return [
        MeetingAttendance.objects.update_or_create(
            meeting=meeting,
            member=_member(name),
            defaults={"status": status, "proxy_holder": _member(holder) if holder else None},
        )
        for name, status, holder in rows
    ]


def load_meetings_details() -> int:
    results = []
    for (kind, date), details in MEETING_DETAILS.items():
        meeting = _get(Meeting, kind=kind, date=date)
        Meeting.objects.filter(pk=meeting.pk).update(
            location=details["location"], notice_date=details.get("notice_date")
        )
        results += [
            AgendaItem.objects.update_or_create(
                meeting=meeting, position=position, defaults={"title": title}
            )
            for position, title in enumerate(details["agenda"], start=1)
        ]
        results += _load_attendance(meeting, details["attendance"])
        results += [
            MeetingGuest.objects.update_or_create(
                meeting=meeting,
                name=name,
                defaults={
                    "capacity": capacity,
                    "organisation": _get(Organisation, name=org) if org else None,
                },
            )
            for name, capacity, org in details.get("guests", ())
        ]
    results += [
        Decision.objects.update_or_create(
            meeting=_get(Meeting, kind=kind, date=date),
            text=text,
            defaults={
                "votes_for": yes,
                "votes_against": no,
                "abstentions": abstentions,
                "agenda_item": AgendaItem.objects.filter(
                    meeting__kind=kind, meeting__date=date, position=position
                ).first(),
            },
        )
        for kind, date, position, text, yes, no, abstentions in DECISIONS
    ]
    return _created(results)


def load_staff_and_contributions() -> int:
    results = [
        StaffPosition.objects.update_or_create(
            first_name=first,
            last_name=last,
            start_date=start,
            defaults={
                "role": role,
                "contract_type": contract,
                "end_date": end,
                "funding_scheme": funding,
            },
        )
        for first, last, role, contract, start, end, funding in STAFF_POSITIONS
    ]
    for kind, contributor, org, date, hours, value, description, meeting in CONTRIBUTIONS:
        defaults = {
            "organisation": _get(Organisation, name=org) if org else None,
            "hours": hours,
            "value": value,
            "description": description,
            "meeting": _get(Meeting, kind=meeting, date=date),
        }
        results.append(
            Contribution.objects.update_or_create(
                kind=kind, contributor=contributor, date=date, defaults=defaults
            )
        )
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


# The 2020 annual report (issue 13): who agreed to be named, and the edition's narrative,
# saying what the association's 2020 report says, in words of our own.
PRINTABLE_STAFF = (("Anna", "Mourlaque"), ("Amel", "Haouari"))
REPORT_2020 = {
    "year": 2020,
    "title": "Rapport d'activité",
    "introduction": (
        "Une année bousculée par la crise sanitaire, et pourtant une année de lancement : "
        "la deuxième année du programme Migracoop a ouvert l'accompagnement à un nouveau "
        "métier, l'artisanat textile."
    ),
    "premises": (
        "Les bureaux de l'association sont à Paris 19e. Un atelier de confection a été "
        "aménagé en 2020 dans le même immeuble pour la coopérative textile."
    ),
}
# (chapter, heading, body); natural key: edition + chapter + order (their position).
REPORT_2020_SECTIONS = (
    (
        "year_in_brief",
        "Une année de lancement malgré tout",
        "Malgré le confinement, Meltingcoop a poursuivi le programme Migracoop avec Reveil "
        "et l'a ouvert à l'artisanat textile. L'association a rencontré 36 entrepreneur·es, "
        "des femmes pour la très grande majorité, et lancé avec la CAE Clara une coopérative "
        "éphémère qui a réuni 9 entrepreneuses et créé une marque commune.",
    ),
    (
        "highlights",
        "L'année en quelques dates",
        "Un printemps suspendu par le report de la coopérative textile, un été pour garder "
        "le lien, puis une rentrée très dense : journée d'intégration, ateliers, séminaire "
        "du conseil et ventes de fin d'année.",
    ),
    (
        "support",
        "Accueillir, conseiller, orienter",
        "L'équipe a continué de recevoir les personnes adressées par un réseau de "
        "prescripteurs élargi : services publics de l'emploi, centres sociaux, associations "
        "du nord-est parisien. Avant le lancement de la coopérative, deux réunions "
        "d'information et près d'une trentaine d'entretiens individuels ont permis de "
        "constituer un groupe solide.",
    ),
    (
        "support",
        "Préparer un projet dans un nouveau secteur",
        "S'ouvrir au textile a demandé un vrai travail d'ingénierie : aménager un atelier "
        "de confection, rencontrer des entrepreneur·es confirmé·es et des associations du "
        "secteur pour coller aux réalités du métier, construire avec la CAE Clara des "
        "objectifs, une façon de travailler et un calendrier communs, préparer les "
        "formations, trouver des intervenant·es et des financements dédiés.",
    ),
    (
        "cooperatives",
        "Une coopérative textile, un collectif cuisine",
        "Annoncée pour le printemps, la coopérative éphémère d'artisanat textile a dû "
        "attendre la fin du premier confinement : elle a ouvert à la mi-septembre et s'est "
        "terminée fin février 2021. Pour garder le lien pendant l'attente, les futures "
        "coopératrices se sont retrouvées autour d'un pique-nique en juillet, puis d'un "
        "repas partagé quelques jours avant le lancement.\n\n"
        "Les participantes vivent en France depuis plusieurs années après un parcours "
        "migratoire ; beaucoup traversent des situations sociales difficiles. Leurs projets "
        "vont de la retouche et de la confection à la création d'une marque artisanale, "
        "avec des savoir-faire qui vont de la découverte au niveau professionnel. Côté "
        "cuisine, l'association a continué de suivre le collectif Sunucoop.",
    ),
    (
        "associative_life",
        "Un conseil plus impliqué",
        "L'assemblée générale a pu se tenir en présentiel début juillet, en comité "
        "restreint : une fois les documents de l'exercice approuvés, elle a surtout été un "
        "moment convivial pour se retrouver après le confinement. Le conseil "
        "d'administration s'est réuni le plus souvent à distance à partir du printemps. À "
        "la rentrée, un séminaire interne a permis d'approfondir la stratégie et de confier "
        "un dossier à chaque administrateur·rice ; une consultante en organisation l'a "
        "animé bénévolement et Espace 19 a prêté gratuitement des salles adaptées aux "
        "règles sanitaires.",
    ),
    (
        "associative_life",
        "Les ressources humaines",
        "La direction, assurée par la fondatrice, est devenue un poste permanent en 2020. "
        "L'aide exceptionnelle de l'État à l'alternance a permis de recruter en octobre une "
        "assistante de coordination de projet, étudiante en master d'entrepreneuriat social, "
        "qui a pris part à l'organisation de la coopérative, à la recherche de financements "
        "et au suivi individuel des entrepreneuses.",
    ),
    (
        "partnerships",
        "Reveil, partenaire de premier plan",
        "Le partenariat avec l'association Reveil, au cœur de Migracoop, s'est consolidé "
        "avec l'appui de la Manufacture Coopérative : tous les deux mois, un comité réunit "
        "les présidences et les responsables de programme des deux structures autour de la "
        "stratégie et de la gouvernance. Ensemble, les deux associations ont présenté le "
        "programme aux Belles Journées de Coopérer pour entreprendre en janvier, puis lors "
        "d'une webconférence du GRDR et de l'ADIVE en novembre.",
    ),
    (
        "partnerships",
        "Un ancrage local renforcé",
        "L'atelier de couture a donné au projet un lieu identifié par les associations des "
        "18e et 19e arrondissements, par les acteurs de l'est parisien et par les services "
        "publics de l'emploi, souvent sans solution pour valoriser les savoir-faire "
        "textiles. La coopérative a aussi tissé des liens avec Plaine Commune, territoire "
        "attaché aux talents de ses habitant·es. La Fondation du Crédit Coopératif, la "
        "Fondation de France et la Ville de Paris ont renouvelé leur soutien.",
    ),
    (
        "outlook",
        "Et maintenant",
        "L'association veut rester au plus près des entrepreneuses et des entrepreneurs, "
        "continuer d'innover à partir de ce qu'elle observe, consolider sa structure et "
        "multiplier les moments conviviaux : des rencontres entre personnes d'horizons "
        "divers, pour que circulent les idées, les contacts et les opportunités.",
    ),
)


def load_printable_staff_names() -> int:
    """The director and the apprentice agreed to be named in the report."""
    for first, last in PRINTABLE_STAFF:
        _get(StaffPosition, first_name=first, last_name=last, start_date__year__gte=2020)
        StaffPosition.objects.filter(first_name=first, last_name=last).update(name_printable=True)
    return 0


def load_report_edition_2020() -> int:
    """A draft 2020 edition with a narrative for every chapter (created once)."""
    edition = ReportEdition.objects.filter(year=2020, title=REPORT_2020["title"]).first()
    created = edition is None
    if created:
        edition = ReportEdition.objects.create(**REPORT_2020)
    results = [
        ReportSection.objects.update_or_create(
            edition=edition,
            chapter=chapter,
            order=order,
            defaults={"heading": heading, "body": body},
        )
        for order, (chapter, heading, body) in enumerate(REPORT_2020_SECTIONS)
    ]
    return int(created) + _created(results)


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
