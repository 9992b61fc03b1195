"""The demo's 2020 report edition: who agreed to be named, and the narrative, saying what
the association's 2020 report says, in words of our own."""

from demo.records import created_count as _created
from demo.records import get_record as _get
from governance.models import StaffPosition
from reports.models import ReportEdition, ReportSection

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
