"""Cell converters for the file contract (docs/import-format.md).

Each widget turns what a French spreadsheet holds (text, or numbers and dates from an
XLSX) into a model value, raising ValueError with a French message on bad input, and
renders the value back so that an export re-imports unchanged.
"""

import datetime
import re
import unicodedata
from decimal import Decimal, InvalidOperation
from typing import Any

from django.db import models
from django.utils import translation
from django.utils.translation import gettext as _
from django_countries import countries
from import_export.fields import Field
from import_export.widgets import Widget

from core.period import MAX_YEAR, MIN_YEAR
from core.validators import is_plausible_date

# ASCII digits only: int() and Decimal() also take « 1_990 » and other scripts' digits.
INTEGER = re.compile(r"-?[0-9]+")
DECIMAL = re.compile(r"-?[0-9]+(\.[0-9]+)?")
ISO_DATE = re.compile(r"([0-9]{4})-([0-9]{2})-([0-9]{2})")
FRENCH_DATE = re.compile(r"([0-9]{1,2})/([0-9]{1,2})/([0-9]{4})")

TRUE_WORDS = {"true", "vrai", "oui", "yes", "1", "o", "y"}
FALSE_WORDS = {"false", "faux", "non", "no", "0", "n"}
# Digit group separators a French spreadsheet may put in a number (« 1 980 »).
GROUP_SEPARATORS = str.maketrans("", "", " \u00a0\u202f")
# Characters an error message shows escaped: controls, invisible format characters (a
# bidirectional override would reorder the message on screen) and line separators.
INVISIBLE_CATEGORIES = {"Cc", "Cf", "Zl", "Zp"}


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def cell_text(value: Any) -> str:
    """A cell, or a stored value, as a French spreadsheet shows it (the import preview).

    Text as typed; an XLSX date as 15/06/2020, a time as 09:30, a number with a decimal
    comma and no digit grouping (a year stays 1979), a yes/no as oui/non.
    """
    if value is None:
        return ""
    if isinstance(value, bool):
        return "oui" if value else "non"
    if isinstance(value, datetime.datetime):
        if value.time() == datetime.time(0, 0):
            return value.strftime("%d/%m/%Y")
        return value.strftime("%d/%m/%Y %H:%M")
    if isinstance(value, datetime.date):
        return value.strftime("%d/%m/%Y")
    if isinstance(value, datetime.time):
        return value.strftime("%H:%M")
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, float | Decimal):
        return str(value).replace(".", ",")
    return str(value)


def as_typed(value: Any) -> str:
    """A refused cell for an error message: as typed, its invisible characters escaped.

    Error messages quote what the person typed (« mille neuf cent », not the digits-only
    text a widget tries to read), and show a control character as `\\x00` rather than
    letting it act on the terminal or the page.
    """
    return "".join(
        char.encode("unicode_escape").decode("ascii")
        if unicodedata.category(char) in INVISIBLE_CATEGORIES
        else char
        for char in _text(value)
    )


class TextWidget(Widget):
    def clean(self, value, row=None, **kwargs) -> str:
        return _text(value)

    def render(self, value, obj=None, **kwargs) -> str:
        return "" if value is None else str(value)


class IntegerWidget(Widget):
    def clean(self, value, row=None, **kwargs) -> int | None:
        text = _text(value).translate(GROUP_SEPARATORS)
        if not text:
            return None
        if not INTEGER.fullmatch(text):
            raise ValueError(
                _("« %(value)s » n'est pas un nombre entier.") % {"value": as_typed(value)}
            )
        return int(text)

    def render(self, value, obj=None, **kwargs) -> str:
        return "" if value is None else str(value)


class DecimalWidget(Widget):
    def clean(self, value, row=None, **kwargs) -> Decimal | None:
        text = _text(value).translate(GROUP_SEPARATORS).replace(",", ".")
        if not text:
            return None
        if not DECIMAL.fullmatch(text):
            raise ValueError(_("« %(value)s » n'est pas un nombre.") % {"value": as_typed(value)})
        try:
            number = Decimal(text)
        except InvalidOperation:
            number = None
        if number is None or not number.is_finite():
            raise ValueError(_("« %(value)s » n'est pas un nombre.") % {"value": as_typed(value)})
        return number

    def render(self, value, obj=None, **kwargs) -> str:
        return "" if value is None else str(value)


class DateWidget(Widget):
    """YYYY-MM-DD or DD/MM/YYYY, or a date cell of an XLSX; from 1900 to 2100."""

    def clean(self, value, row=None, **kwargs) -> datetime.date | None:
        if isinstance(value, datetime.datetime):
            return _plausible(value.date(), value.date().isoformat())
        if isinstance(value, datetime.date):
            return _plausible(value, value.isoformat())
        text = _text(value)
        if not text:
            return None
        return _plausible(_parse_date(text, value), as_typed(value))

    def render(self, value, obj=None, **kwargs) -> str:
        return value.isoformat() if value else ""


def _parse_date(text: str, value: Any) -> datetime.date:
    iso, french = ISO_DATE.fullmatch(text), FRENCH_DATE.fullmatch(text)
    try:
        if iso:
            return datetime.date(*(int(part) for part in iso.groups()))
        if french:
            day, month, year = (int(part) for part in french.groups())
            return datetime.date(year, month, day)
    except ValueError:
        pass
    raise ValueError(
        _("« %(value)s » n'est pas une date valide (AAAA-MM-JJ ou JJ/MM/AAAA).")
        % {"value": as_typed(value)}
    )


def _plausible(day: datetime.date, text: str) -> datetime.date:
    if not is_plausible_date(day):
        raise ValueError(
            _("« %(value)s » : date hors de la période possible (de %(min)s à %(max)s).")
            % {"value": text, "min": MIN_YEAR, "max": MAX_YEAR}
        )
    return day


class BooleanWidget(Widget):
    """true/false, oui/non, 1/0; an empty cell means unknown."""

    def clean(self, value, row=None, **kwargs) -> bool | None:
        if isinstance(value, bool):
            return value
        text = _text(value).lower()
        if not text:
            return None
        if text in TRUE_WORDS:
            return True
        if text in FALSE_WORDS:
            return False
        raise ValueError(_("« %(value)s » : attendu oui ou non.") % {"value": as_typed(value)})

    def render(self, value, obj=None, **kwargs) -> str:
        return {True: "oui", False: "non"}.get(value, "")


class ChoiceWidget(Widget):
    """A code or its French label (the model's TextChoices), case-insensitively."""

    def __init__(self, choices: type[models.TextChoices], empty: str = "") -> None:
        super().__init__()
        self.choices = choices
        self.empty = empty
        with translation.override("fr"):
            self.lookup = {str(label).casefold(): code for code, label in choices.choices}
        self.lookup.update({code.casefold(): code for code in choices.values})

    def clean(self, value, row=None, **kwargs) -> str:
        text = _text(value)
        if not text:
            return self.empty
        try:
            return self.lookup[text.casefold()]
        except KeyError:
            with translation.override("fr"):
                accepted = ", ".join(str(label) for label in self.choices.labels)
            raise ValueError(
                _("« %(value)s » n'est pas un choix possible (%(accepted)s).")
                % {"value": as_typed(value), "accepted": accepted}
            ) from None

    def render(self, value, obj=None, **kwargs) -> str:
        if not value:
            return ""
        with translation.override("fr"):
            return str(self.choices(value).label)


def _country_key(text: str) -> str:
    """« Nigéria », « NIGERIA », « nigeria » are one key: accents, case, hyphens and
    apostrophe styles ignored."""
    text = unicodedata.normalize("NFKD", text.replace("\u2019", "'").replace("-", " "))
    text = "".join(char for char in text if not unicodedata.combining(char))
    return " ".join(text.casefold().split())


# Spellings staff write that are not django-countries' own French or English names.
COUNTRY_ALIASES = {
    "nigeria": "NG",
    "rdc": "CD",
    "congo kinshasa": "CD",
    "congo brazzaville": "CG",
    "cote d'ivoire": "CI",
    "etats unis": "US",
    "usa": "US",
    "royaume uni": "GB",
    "angleterre": "GB",
    "guinee conakry": "GN",
    "cap vert": "CV",
    "birmanie": "MM",
    "syrie": "SY",
    "palestine": "PS",
    "russie": "RU",
    "turquie": "TR",
}


class CountryWidget(Widget):
    """An ISO 3166 code (SN) or the country's name (Sénégal, Senegal, senegal; Nigéria)."""

    def __init__(self) -> None:
        super().__init__()
        self.lookup: dict[str, str] | None = None

    def _lookup(self) -> dict[str, str]:
        if self.lookup is None:
            lookup = {}
            for language in ("en", "fr"):
                with translation.override(language):
                    lookup.update({_country_key(str(name)): code for code, name in countries})
            lookup.update(COUNTRY_ALIASES)
            lookup.update({code.casefold(): code for code, _name in countries})
            self.lookup = lookup
        return self.lookup

    def clean(self, value, row=None, **kwargs) -> str:
        text = _text(value)
        if not text:
            return ""
        try:
            return self._lookup()[_country_key(text)]
        except KeyError:
            raise ValueError(
                _("« %(value)s » : pays inconnu (code ISO comme SN, ou nom français).")
                % {"value": as_typed(value)}
            ) from None

    def render(self, value, obj=None, **kwargs) -> str:
        return str(getattr(value, "code", value) or "")


class ReferenceWidget(Widget):
    """Another row named by its key (an entrepreneur's reference, an organisation's name).

    The key -> id map is read in one query on first use, so a file of 30,000 encounters
    costs one query for its entrepreneurs. Rows of files loaded earlier in the same
    transaction are found too. With `instances=True` (small tables) the map holds the
    rows themselves, for model checks that read the related row (membership dates).
    """

    def __init__(
        self,
        model: type[models.Model],
        key: str,
        *,
        required: bool = True,
        casefold: bool = False,
        instances: bool = False,
    ) -> None:
        super().__init__()
        self.model, self.key = model, key
        self.required, self.casefold, self.instances = required, casefold, instances
        self.lookup: dict[str, Any] | None = None
        self.keys: dict[Any, str] = {}

    def _normalise(self, text: str) -> str:
        return text.casefold() if self.casefold else text

    def _lookup(self) -> dict[str, Any]:
        if self.lookup is None:
            queryset = self.model._default_manager.all()
            if self.instances:
                rows = ((getattr(obj, self.key), obj) for obj in queryset)
            else:
                rows = queryset.values_list(self.key, "pk").iterator(chunk_size=10000)
            self.lookup, self.keys = {}, {}
            for key, value in rows:
                self.lookup[self._normalise(key)] = value
                self.keys[getattr(value, "pk", value)] = key
        return self.lookup

    def clean(self, value, row=None, **kwargs) -> Any:
        text = _text(value)
        if not text:
            if self.required:
                raise ValueError(_("Valeur obligatoire."))
            return None
        try:
            return self._lookup()[self._normalise(text)]
        except KeyError:
            raise ValueError(
                _("« %(value)s » introuvable (ni dans la base ni dans les fichiers chargés).")
                % {"value": as_typed(value)}
            ) from None

    def render(self, value, obj=None, **kwargs) -> str:
        return "" if value is None else str(getattr(value, self.key))

    def key_of(self, pk: Any) -> str:
        """The key of the row with this id, from the map already read (no query)."""
        self._lookup()
        return "" if pk is None else str(self.keys.get(pk, ""))


class ReferenceField(Field):
    """A foreign key column: sets `<field>_id` from the widget's map, renders the key."""

    def export(self, instance, **kwargs) -> str:
        relation = instance._meta.get_field(self.attribute)
        if relation.is_cached(instance) or self.widget.lookup is None:
            return super().export(instance, **kwargs)
        # The import preview renders every row: one query per row without this.
        return self.widget.key_of(getattr(instance, relation.attname))

    def save(self, instance, row, is_m2m=False, **kwargs) -> None:
        cleaned = self.clean(row, **kwargs)
        if isinstance(cleaned, models.Model):
            setattr(instance, self.attribute, cleaned)
        else:
            setattr(instance, f"{self.attribute}_id", cleaned)


def column(name: str, widget: Widget, *, label: Any = None) -> Field:
    """A column named like the model field it fills.

    Its French title (the export's header, also accepted on import) is the model field's
    verbose_name, or `label` where there is no such field or it reads badly as a title.
    """
    field = Field(attribute=name, column_name=name, widget=widget)
    field.label = label
    return field


def ref_column(name: str, widget: ReferenceWidget, *, label: Any = None) -> ReferenceField:
    field = ReferenceField(attribute=name, column_name=name, widget=widget)
    field.label = label
    return field
