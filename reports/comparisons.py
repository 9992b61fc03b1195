"""A figure against another year: the dashboard's cards and trend, read from the table of
figures (`reports.figures`).

The previous years' figures come from `reports.figures.figure_values_by_year` (one query
per stats group for all the years); the year so far is compared with the same dates last
year over the figures declared `to_date` (counts of dated records, which can be cut at a day).
"""

import datetime
from collections.abc import Iterable
from dataclasses import dataclass
from typing import NamedTuple

from django.utils.translation import gettext_lazy as _

from core.formatting import french_amount, french_number
from core.period import Period
from reports.figures import Audience, Figure, cards, figure_values, to_date_figures

Figures = dict[str, int | None]


@dataclass(frozen=True)
class Comparison:
    """A figure against a reference (previous year, or same date last year)."""

    reference_label: str
    reference: int | None
    value: int | None
    unit: str = ""
    reference_display: str = ""  # the reference in French typography (Figure.display)

    @property
    def difference(self) -> int | None:
        if self.value is None or self.reference is None:
            return None
        return self.value - self.reference

    @property
    def direction(self) -> str:
        """up, down, equal, or unknown (a figure is not defined)."""
        diff = self.difference
        if diff is None:
            return "unknown"
        return "up" if diff > 0 else "down" if diff < 0 else "equal"

    @property
    def arrow(self) -> str:
        return {"up": "▲", "down": "▼", "equal": "=", "unknown": "–"}[self.direction]

    @property
    def signed(self) -> str:
        """The difference as text, « +5 », « −2 », « 0 » (points for a percentage)."""
        diff = self.difference
        if diff is None:
            return "—"
        sign = "+" if diff > 0 else "−" if diff < 0 else ""
        if self.unit == "€":
            return f"{sign}{french_amount(abs(diff))}"
        unit = _("pts") if self.unit == "%" else self.unit
        return f"{sign}{french_number(abs(diff))}" + (f"\u00a0{unit}" if unit else "")

    @property
    def direction_text(self) -> str:
        return {
            "up": _("en hausse"),
            "down": _("en baisse"),
            "equal": _("stable"),
            "unknown": _("non comparable"),
        }[self.direction]


@dataclass(frozen=True)
class Card:
    key: str
    label: str
    value: int | None
    unit: str
    vs_previous: Comparison | None
    vs_same_date: Comparison | None
    # Withheld from a board member: it would describe fewer than k people.
    withheld: bool = False
    display: str = ""  # the value in French typography: « 1 234,50 € », « 65,5 h »


class ToDate(NamedTuple):
    """The to-date figures of the year so far and of the same dates last year."""

    now: Figures
    before: Figures
    day: datetime.date  # the last day counted last year


def figures_to_date(today: datetime.date, figures: Iterable[Figure] | None = None) -> ToDate:
    """The `to_date` figures (of `figures`, all by default) from 1 January to `today`,
    and over the same dates last year (29 February counts to 28 February): one query per
    stats group each."""
    now = Period.year(today.year, until=today)
    before = now.years_before()
    figures = to_date_figures() if figures is None else tuple(figures)
    figures = tuple(f for f in figures if f.to_date)
    return ToDate(figure_values(now, figures), figure_values(before, figures), before.end)


def build_cards(
    values: Figures,
    year: int,
    previous: Figures | None,
    to_date: ToDate | None,
    audience,
    withheld: set | frozenset = frozenset(),
) -> tuple[Card, ...]:
    result = []
    for figure in cards(audience):
        key, unit, value = figure.key, figure.unit.value, values[figure.key]
        vs_previous = None
        if previous is not None:
            reference = previous[key]
            vs_previous = Comparison(
                str(year - 1), reference, value, unit, figure.display(reference)
            )
        vs_same_date = None
        if to_date is not None and key in to_date.now:
            when = to_date.day.strftime("%d/%m/%Y")
            before = to_date.before[key]
            vs_same_date = Comparison(when, before, to_date.now[key], unit, figure.display(before))
        card = Card(
            key,
            str(figure.label),
            value,
            unit,
            vs_previous,
            vs_same_date,
            key in withheld,
            figure.display(value),
        )
        result.append(card)
    return tuple(result)


def trend_rows(trend: dict[int, Figures], audience: Audience) -> tuple[tuple[str, ...], ...]:
    """The trend's table: a row per dashboard card, a column per year."""
    years = sorted(trend)

    return (
        ("", *(str(y) for y in years)),
        *((str(f.label), *(f.display(trend[y][f.key]) for y in years)) for f in cards(audience)),
    )
