"""French typography for figures, amounts and dates, shared by every page and PDF."""

import datetime
from decimal import Decimal

from django.utils import formats, translation

NNBSP = "\u202f"  # narrow no-break space: before %, between thousands
NBSP = "\u00a0"  # no-break space: before €, between a number and its unit
FRENCH = "fr"


def french_number(value: int | float | Decimal) -> str:
    """12 345 (narrow no-break space), 2,5 (decimal comma; at most two decimals, no
    trailing zeros)."""
    if value == int(value):
        return f"{int(value):,}".replace(",", NNBSP)
    return f"{value:,.2f}".rstrip("0").replace(",", NNBSP).replace(".", ",")


def french_percent(value: int) -> str:
    return f"{french_number(value)}{NNBSP}%"


def french_amount(value: Decimal | str | int | float) -> str:
    """« 15 000 € », « 1 234,50 € »: cents only when there are some."""
    amount = Decimal(str(value)).quantize(Decimal("0.01"))
    text = f"{amount:,.0f}" if amount == amount.to_integral() else f"{amount:,.2f}"
    return text.replace(",", NNBSP).replace(".", ",") + f"{NBSP}€"


def french_date(day: datetime.date) -> str:
    """« 7 juillet 2020 », « 1er juillet 2020 »."""
    with translation.override(FRENCH):
        text = formats.date_format(day, "j F Y")
    return text.replace("1 ", "1er ", 1) if day.day == 1 else text
