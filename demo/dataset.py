"""The "Meltingcoop 2020" demo data set, built from the association's 2020 activity report.

Most of it ships as CSV files in `demo/data/`, in the import contract, and is loaded by
`load_csv` so the demo also exercises the import. What the contract does not cover
(partnerships, grants, board, staff, contributions, programme and workspace details,
meeting decisions) is plain data here, written by `load_demo_extras()` with
`update_or_create` on natural keys so that loading twice creates nothing new.
Grant amounts and vote counts are illustrative (see demo/README.md).
"""

import datetime
import unicodedata
from decimal import Decimal
from pathlib import Path

from django.conf import settings
from django.db import models, transaction
from django.utils.translation import gettext_lazy as _

from cooperatives.models import Cooperative, Programme
from events.models import Event
from funding.models import GrantAgreement, Instalment, ReportDeadline
from governance.models import (
    Contribution,
    Decision,
    Dossier,
    Mandate,
    Meeting,
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
EVENT_DETAILS = {
    "EVT-0006": {
        "partners": ("Coopérer pour entreprendre", "Reveil"),
        "speakers": "Anna Mourlaque (Meltingcoop) et l'équipe de Reveil",
    },
    "EVT-0025": {
        "partners": ("GRDR", "ADIVE", "Reveil"),
        "speakers": "Anna Mourlaque (Meltingcoop) et l'équipe de Reveil",
    },
    "EVT-0015": {"partners": ("CAE Clara",), "speakers": "Équipe d'accompagnement de la CAE Clara"},
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

# Keyed by (kind, date) as in demo/data/meetings.csv: agenda and who attended.
BOARD = tuple((first, last) for first, last, *_ in MANDATES)
ALL_MEMBERS = tuple((first, last) for first, last, _ in MEMBERS)
MEETING_DETAILS = {
    ("general_assembly", D(2020, 7, 7)): {
        "agenda": "Rapport moral et d'activité 2019, comptes 2019, temps convivial.",
        "attendees": ALL_MEMBERS[:9],
    },
    ("seminar", D(2020, 10, 10)): {
        "agenda": "Implication des administrateur·rices, dossiers portés, stratégie 2021.",
        "attendees": BOARD,
    },
    ("board", D(2020, 3, 26)): {
        "agenda": "Confinement : report de la coopérative éphémère textile.",
        "attendees": BOARD[:6],
    },
    ("board", D(2020, 9, 17)): {
        "agenda": "Démarrage de la coopérative, recrutement en alternance.",
        "attendees": BOARD,
    },
}

# (meeting kind, date, text, for, against, abstentions); natural key: meeting + text.
DECISIONS = (
    ("board", D(2020, 3, 26), "Reporter le démarrage de la coopérative à septembre 2020.", 6, 0, 0),
    ("general_assembly", D(2020, 7, 7), "Approbation du rapport d'activité 2019.", 9, 0, 0),
    ("general_assembly", D(2020, 7, 7), "Approbation des comptes 2019.", 8, 0, 1),
    ("board", D(2020, 9, 17), "Recruter une assistante de coordination en alternance.", 7, 0, 1),
    ("seminar", D(2020, 10, 10), "Confier un dossier à chaque administrateur·rice.", 8, 0, 0),
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
        Event.objects.filter(pk=event.pk).update(speakers=details["speakers"])
    Event.objects.filter(
        models.Q(cooperative__reference__in=PROGRAMME_COOPERATIVES)
        | models.Q(reference__in=PROGRAMME_TALKS)
    ).update(programme=programme)
    return int(created)


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


def load_meetings_details() -> int:
    for (kind, date), details in MEETING_DETAILS.items():
        meeting = _get(Meeting, kind=kind, date=date)
        Meeting.objects.filter(pk=meeting.pk).update(agenda=details["agenda"])
        meeting.attendees.set(
            [_get(Member, first_name=first, last_name=last) for first, last in details["attendees"]]
        )
    results = [
        Decision.objects.update_or_create(
            meeting=_get(Meeting, kind=kind, date=date),
            text=text,
            defaults={"votes_for": yes, "votes_against": no, "abstentions": abstentions},
        )
        for kind, date, text, yes, no, abstentions in DECISIONS
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


def load_demo_extras() -> int:
    """Write what the CSV files cannot carry; return how many records were created.

    Needs the demo CSV files loaded first (organisations, cooperatives, events, meetings).
    """
    with transaction.atomic():
        return (
            load_programme_details()
            + load_partnerships_and_grants()
            + load_board()
            + load_meetings_details()
            + load_staff_and_contributions()
        )
