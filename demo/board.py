"""The demo's associative life: dossiers, members and mandates, dues, meetings with their
attendance, agenda and decisions, staff and contributions (from the 2020 report)."""

import unicodedata
from decimal import Decimal

from demo.records import D
from demo.records import created_count as _created
from demo.records import get_record as _get
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
    StaffPosition,
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
