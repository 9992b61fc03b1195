"""A period's indicators, composed from the apps' `stats` modules as `reports.figures` lists.

`compute_indicators(period)` is the one object the annual report (JSON, HTML, PDF), the
dashboard and any API render. It runs a fixed number of SQL queries whatever the data
size and the period (see tests/reports/test_indicators.py) and holds only plain numbers
and strings. Its fields are the declarations of `reports.figures`, in their order.

It is composed of one part per family (`reports.families`): `cached_indicators` reads
each family's part from the figures' cache under that family's versions, so a write
recomputes only the parts of the families that read what it wrote.
"""

from dataclasses import fields, make_dataclass
from typing import Any

from django.utils import translation

from core.period import Period
from reports.cache import Entry, FigureCache, period_key
from reports.figures import (
    COMPUTED_BREAKDOWNS,
    FIGURES,
    INDICATOR_FAMILIES,
    SUPPORT,
    family_breakdowns,
    family_figures,
    figure_values,
)

REPORT_LANGUAGE = "fr"


def _breakdowns_to_dict(self) -> dict[str, list[dict[str, Any]]]:
    return {f.name: [item.to_dict() for item in getattr(self, f.name)] for f in fields(self)}


# Chart data: ordered items (count descending, then label); empty values are labelled
# « Non renseigné ».
Breakdowns = make_dataclass(
    "Breakdowns",
    [(b.key, tuple) for b in COMPUTED_BREAKDOWNS],
    frozen=True,
    # A module-level name, so the figures' cache can pickle them.
    namespace={"to_dict": _breakdowns_to_dict, "__module__": __name__},
)


def _period_keys(period: Period) -> dict[str, Any]:
    """The JSON's first keys: the year, and the days when the period is not a whole year."""
    keys: dict[str, Any] = {"year": period.reference_year}
    if not period.is_calendar_year:
        keys["period"] = {"start": period.start.isoformat(), "end": period.end.isoformat()}
    return keys


def _indicators_to_dict(self) -> dict[str, Any]:
    values = {f.key: getattr(self, f.key) for f in FIGURES}
    return {
        **_period_keys(self.period),
        **values,
        "breakdowns": self.breakdowns.to_dict(),
        # The counts behind shares and means: the board's renderers apply the small-count
        # rule to them (reports.figures.protect_for_board), frozen editions included.
        SUPPORT: self.support,
    }


# Every figure of the period; the definitions are in the docstrings of the apps' `stats`
# functions. None means "not defined" (nobody to take a share or mean of).
Indicators = make_dataclass(
    "Indicators",
    [
        ("period", Period),
        *((f.key, int | None) for f in FIGURES),
        ("breakdowns", Breakdowns),
        (SUPPORT, dict),
    ],
    frozen=True,
    namespace={
        "__module__": __name__,
        "to_dict": _indicators_to_dict,
        "year": property(lambda self: self.period.reference_year),
    },
)


# One family's part of a period's indicators: its figures' values (with SUPPORT when it
# has protected figures) and its computed breakdowns.
Part = tuple[dict[str, Any], dict[str, tuple]]


def family_part(family: str, period: Period) -> Part:
    """The figures and breakdowns of `family` over `period` (each stats group queried
    once), labels in French whatever the request's language."""
    with translation.override(REPORT_LANGUAGE):
        results: dict = {}  # each stats group's value, shared by figures and breakdowns
        values = figure_values(period, family_figures(family), results)
        breakdowns = {b.key: b.compute(period, results) for b in family_breakdowns(family)}
        return values, breakdowns


def indicators_from(period: Period, parts: list[Part]) -> Indicators:
    """The indicators made of every family's part."""
    values: dict[str, Any] = {}
    support: dict[str, Any] = {}
    breakdowns: dict[str, tuple] = {}
    for part_values, part_breakdowns in parts:
        values.update(part_values)
        support.update(part_values.get(SUPPORT, {}))
        breakdowns.update(part_breakdowns)
    return Indicators(
        period=period,
        **{f.key: values[f.key] for f in FIGURES},
        breakdowns=Breakdowns(**{b.key: breakdowns[b.key] for b in COMPUTED_BREAKDOWNS}),
        support={f.key: support[f.key] for f in FIGURES if f.key in support},
    )


def compute_indicators(period: Period) -> Indicators:
    """The period's indicators, labels in French whatever the request's language."""
    if not isinstance(period, Period):
        raise TypeError(f"compute_indicators takes a Period, got {period!r}")
    return indicators_from(period, [family_part(f, period) for f in INDICATOR_FAMILIES])


def indicator_entries(period: Period) -> dict[str, Entry]:
    """The figures' cache entry of each family's part of the period's indicators."""
    key = period_key(period)
    return {f: Entry(("indicators", f, key), (f,), period.end.year) for f in INDICATOR_FAMILIES}


def cached_indicators(period: Period, figures: FigureCache | None = None) -> Indicators:
    """`compute_indicators(period)`, each family's part computed once per version of that
    family (`reports.cache`): what the pages read. A published edition keeps its own
    frozen copy."""
    figures = figures or FigureCache()
    entries = indicator_entries(period)
    figures.prefetch(*entries.values())
    parts = [
        figures.get(entry, lambda family=family: family_part(family, period))
        for family, entry in entries.items()
    ]
    return indicators_from(period, parts)
