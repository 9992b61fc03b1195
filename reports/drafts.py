"""A paragraph drafted from the data for each chapter of the annual report.

Deterministic French written from gettext templates (no external service): numbers in
French typography, agreement and plurals through `ngettext` (« 1 coopérative éphémère »,
« 2 coopératives éphémères »), and « aucun·e » rather than « 0 ». Staff see these drafts
in the edition form and keep, edit or replace them (a chapter's own sections replace its
draft); the report prints them as any other text, marking nothing as drafted.
"""

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from core.formatting import NBSP, french_number, french_percent
from reports.figure_types import Chapter
from reports.year_story import YearStory


def _n(count: int, singular: str, plural: str, none: str) -> str:
    """The phrase for `count` (« %(n)s » is the number), or `none` for zero."""
    if not count:
        return none
    return ngettext(singular, plural, count) % {"n": french_number(count)}


def _and(parts: list[str]) -> str:
    parts = [p for p in parts if p]
    if len(parts) < 2:
        return "".join(parts)
    return _("%(first)s et %(last)s") % {"first": ", ".join(parts[:-1]), "last": parts[-1]}


def _pair(
    first: str,
    second: str,
    *,
    positive: str,
    without: tuple[str, str],
    negative: str,
    values: dict | None = None,
) -> str:
    """Two counted phrases (each "" for zero) in one clause: « a mené A et B », « a mené
    A, sans B », or the negative clause when both are zero (never « a mené aucun »)."""
    values = values or {}
    if not (first or second):
        return negative % values
    if first and second:
        what = _("%(first)s et %(second)s") % {"first": first, "second": second}
    elif first:
        what = _("%(counted)s, sans %(missing)s") % {"counted": first, "missing": without[1]}
    else:
        what = _("%(counted)s, sans %(missing)s") % {"counted": second, "missing": without[0]}
    return positive % {**values, "what": what}


def _sentence(text: str) -> str:
    return text[:1].upper() + text[1:] + "." if text else ""


def draft_year_in_brief(year: int, figures: dict) -> str:
    met = figures.get("entrepreneurs_met") or 0
    if not met:
        first = _("En %(year)s, l'association n'a rencontré aucun·e entrepreneur·e") % {
            "year": year
        }
    else:
        first = ngettext(
            "En %(year)s, l'association a rencontré %(n)s entrepreneur·e",
            "En %(year)s, l'association a rencontré %(n)s entrepreneur·es",
            met,
        ) % {"year": year, "n": french_number(met)}
        women = figures.get("women_percent")
        if women is not None:
            first += _(", dont %(percent)s de femmes") % {"percent": french_percent(women)}
        new = figures.get("new_entrepreneurs") or 0
        first += " ; " + _n(
            new,
            "%(n)s la découvrait",
            "%(n)s la découvraient",
            _("toutes et tous la connaissaient déjà"),
        )
    cooperatives = figures.get("cooperatives_active") or 0
    cooperators = figures.get("cooperators_engaged") or 0
    if cooperatives:
        second = ngettext(
            "%(coops)s coopérative éphémère a réuni %(people)s",
            "%(coops)s coopératives éphémères ont réuni %(people)s",
            cooperatives,
        ) % {
            "coops": french_number(cooperatives),
            "people": _n(
                cooperators,
                "%(n)s coopérateur·rice",
                "%(n)s coopérateur·rices",
                _("aucun·e coopérateur·rice"),
            ),
        }
    else:
        second = _("aucune coopérative éphémère n'a été active")
    workshops = figures.get("workshops_in_person") or 0
    commercial = figures.get("commercial_events") or 0
    third = _pair(
        _n(
            workshops,
            "%(n)s atelier ou journée de formation en présentiel",
            "%(n)s ateliers et journées de formation en présentiel",
            "",
        ),
        _n(commercial, "%(n)s événement commercial", "%(n)s événements commerciaux", ""),
        positive=_("l'année a compté %(what)s"),
        without=(_("atelier en présentiel"), _("événement commercial")),
        negative=_("l'année n'a compté aucun atelier en présentiel ni événement commercial"),
    )
    return " ".join(_sentence(s) for s in (first, second, third))


def draft_highlights(year: int, story: YearStory) -> str:
    entries = story.timeline
    if not entries:
        return _sentence(
            _("aucune date marquante n'est enregistrée pour %(year)s") % {"year": year}
        )
    text = ngettext(
        "%(n)s date a marqué l'année %(year)s, le %(first)s",
        "%(n)s dates ont marqué l'année %(year)s, du %(first)s au %(last)s",
        len(entries),
    ) % {
        "n": french_number(len(entries)),
        "year": year,
        "first": entries[0].date_display,
        "last": entries[-1].date_display,
    }
    return _sentence(text)


def draft_support(year: int, figures: dict) -> str:
    values = {"year": year}
    text = _pair(
        _n(
            figures.get("individual_interviews") or 0,
            "%(n)s entretien individuel",
            "%(n)s entretiens individuels",
            "",
        ),
        _n(
            figures.get("collective_meetings") or 0,
            "%(n)s réunion collective",
            "%(n)s réunions collectives",
            "",
        ),
        positive=_("en %(year)s, l'équipe a mené %(what)s"),
        without=(_("entretien individuel"), _("réunion collective")),
        negative=_(
            "en %(year)s, l'équipe n'a mené aucun entretien individuel ni réunion collective"
        ),
        values=values,
    )
    return _sentence(text)


def _quoted(name: str) -> str:
    return f"«{NBSP}{name}{NBSP}»"


def draft_cooperatives(year: int, story: YearStory) -> str:
    """Names them rather than counting them: the chapter's card gives the count."""
    ephemeral = [_quoted(s.name) for s in story.cooperatives if s.kind == "ephemeral"]
    collectives = [_quoted(s.name) for s in story.cooperatives if s.kind != "ephemeral"]
    if not (ephemeral or collectives):
        return _sentence(_("aucune coopérative n'a été active en %(year)s") % {"year": year})
    groups = []
    if story.summarises_cooperatives:
        # A network's year: the chapter lists them one line each, the sentence counts them.
        if ephemeral:
            groups.append(
                ngettext(
                    "%(n)s coopérative éphémère", "%(n)s coopératives éphémères", len(ephemeral)
                )
                % {"n": french_number(len(ephemeral))}
            )
        if collectives:
            groups.append(
                ngettext("%(n)s collectif", "%(n)s collectifs", len(collectives))
                % {"n": french_number(len(collectives))}
            )
    elif ephemeral:
        groups.append(
            ngettext(
                "la coopérative éphémère %(names)s",
                "les coopératives éphémères %(names)s",
                len(ephemeral),
            )
            % {"names": _and(ephemeral)}
        )
    if collectives and not story.summarises_cooperatives:
        groups.append(
            ngettext("le collectif %(names)s", "les collectifs %(names)s", len(collectives))
            % {"names": _and(collectives)}
        )
    text = _("en %(year)s, l'association a accompagné %(groups)s") % {
        "year": year,
        "groups": _and(groups),
    }
    sentences = [_sentence(text)]
    postponed = sum(1 for s in story.cooperatives if s.postponed)
    if postponed:
        sentences.append(
            _sentence(
                ngettext(
                    "%(n)s démarrage a dû être reporté",
                    "%(n)s démarrages ont dû être reportés",
                    postponed,
                )
                % {"n": french_number(postponed)}
            )
        )
    return " ".join(sentences)


def draft_associative_life(year: int, figures: dict, story: YearStory) -> str:
    """The assemblies' dates and the dossiers: the counts are printed below it."""
    life = story.life
    days = [assembly.date_display for assembly, _decisions in life.assemblies]
    if not days:
        first = _("en %(year)s, aucune assemblée générale ne s'est tenue") % {"year": year}
    else:
        first = ngettext(
            "en %(year)s, l'assemblée générale s'est tenue le %(days)s",
            "en %(year)s, %(n)s assemblées générales se sont tenues, le %(days)s",
            len(days),
        ) % {"year": year, "n": french_number(len(days)), "days": _and(days)}
    sentences = [_sentence(first)]
    if life.dossiers:
        sentences.append(
            _sentence(
                ngettext(
                    "%(n)s dossier est porté par un·e administrateur·rice",
                    "%(n)s dossiers sont portés par les administrateur·rices",
                    len(life.dossiers),
                )
                % {"n": french_number(len(life.dossiers))}
            )
        )
    return " ".join(sentences)


def draft_partnerships(year: int, funders: int, partners: int) -> str:
    """Who, not how much: the amounts are in the chapter's table."""
    if funders:
        funding = ngettext(
            "en %(year)s, %(n)s financeur a soutenu l'association",
            "en %(year)s, %(n)s financeurs ont soutenu l'association",
            funders,
        ) % {"year": year, "n": french_number(funders)}
    else:
        funding = _("en %(year)s, aucune subvention accordée n'est enregistrée") % {"year": year}
    with_partners = _n(
        partners,
        "elle a travaillé avec %(n)s organisation partenaire",
        "elle a travaillé avec %(n)s organisations partenaires",
        "",
    )
    return " ".join(_sentence(s) for s in (funding, with_partners) if s)


def draft_outlook(year: int, story: YearStory) -> str:
    continuing = [s.name for s in story.cooperatives if s.continues]
    if not continuing:
        return ""
    text = ngettext(
        "en %(next)s, l'association poursuit l'accompagnement de %(names)s",
        "en %(next)s, l'association poursuit l'accompagnement de %(names)s",
        len(continuing),
    ) % {"next": year + 1, "names": _and([_quoted(name) for name in continuing])}
    return _sentence(text)


def drafts_for(
    year: int,
    figures: dict,
    story: YearStory,
    *,
    funders: int,
    partners: int,
) -> dict[str, str]:
    """The drafted paragraph of each chapter, by chapter code ("" when there is nothing
    to say)."""
    return {
        Chapter.YEAR_IN_BRIEF: draft_year_in_brief(year, figures),
        Chapter.HIGHLIGHTS: draft_highlights(year, story),
        Chapter.SUPPORT: draft_support(year, figures),
        Chapter.COOPERATIVES: draft_cooperatives(year, story),
        Chapter.ASSOCIATIVE_LIFE: draft_associative_life(year, figures, story),
        Chapter.PARTNERSHIPS: draft_partnerships(year, funders, partners),
        Chapter.OUTLOOK: draft_outlook(year, story),
    }
