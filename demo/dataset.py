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
from entrepreneurs.models import Entrepreneur
from events.models import Event, Session, SignedSheet, Trainer
from events.services import store_signed_sheet
from governance.models import (
    AgendaItem,
    Contribution,
    Decision,
    Dossier,
    Due,
    Grant,
    Mandate,
    Meeting,
    MeetingAttendance,
    MeetingGuest,
    Member,
    Organisation,
    Partnership,
    StaffPosition,
)

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
        "postponement_reason": "Crise sanitaire : démarrage reporté de mars à septembre 2020.",
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
GRANTS = (
    ("Mairie de Paris", 2019, "25000", "Programme Migracoop, année 1", "paid"),
    ("Fondation du Crédit Coopératif", 2019, "8000", "Programme Migracoop, année 1", "paid"),
    ("Mairie de Paris", 2020, "30000", "Programme Migracoop, année 2", "paid"),
    ("Fondation du Crédit Coopératif", 2020, "10000", "Coopérative éphémère textile", "paid"),
    ("Fondation de France", 2020, "15000", "Coopérative éphémère textile", "granted"),
    ("Fondation de France", 2021, "15000", "Programme Migracoop, année 3", "requested"),
)

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
    results += [
        Grant.objects.update_or_create(
            funder=_get(Organisation, name=name),
            year=year,
            purpose=purpose,
            defaults={"amount": Decimal(amount), "status": status},
        )
        for name, year, amount, purpose, status in GRANTS
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
        )
