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
from governance.models import (
    Contribution,
    Decision,
    Dossier,
    Grant,
    Mandate,
    Meeting,
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
            + load_meetings_details()
            + load_staff_and_contributions()
            + load_printable_staff_names()
            + load_report_edition_2020()
        )
