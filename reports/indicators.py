"""A period's indicators, composed from the apps' `stats` modules as `reports.figures` lists.

`compute_indicators(period)` is the one object the annual report (JSON, HTML, PDF), the
dashboard and any API render. It runs a fixed number of SQL queries whatever the data
size and the period (see tests/reports/test_indicators.py) and holds only plain numbers
and strings. Its fields are the declarations of `reports.figures`, in their order.
"""

from dataclasses import fields, make_dataclass
from typing import Any

from django.utils import translation

from core.period import Period
from reports.cache import cached, period_key
from reports.figures import COMPUTED_BREAKDOWNS, FIGURES, SUPPORT, figure_values

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


def compute_indicators(period: Period) -> Indicators:
    """The period's indicators, labels in French whatever the request's language."""
    if not isinstance(period, Period):
        raise TypeError(f"compute_indicators takes a Period, got {period!r}")
    with translation.override(REPORT_LANGUAGE):
        values = figure_values(period, FIGURES)
        values.setdefault(SUPPORT, {})
        breakdowns = Breakdowns(**{b.key: b.source(period) for b in COMPUTED_BREAKDOWNS})
        return Indicators(period=period, **values, breakdowns=breakdowns)


def cached_indicators(period: Period) -> Indicators:
    """`compute_indicators(period)` computed once per data version (`reports.cache`):
    what the pages read. A published edition keeps its own frozen copy."""
    return cached(("indicators", period_key(period)), lambda: compute_indicators(period))
