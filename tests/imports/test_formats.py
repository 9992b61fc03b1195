"""Cell and file rules shared by load_csv and the admin (docs/import-format.md)."""

from pathlib import Path

import pytest
from django.conf import settings

from entrepreneurs.models import Gender
from governance.models import Format
from imports.loading import FILES
from spreadsheets.formats import escape_formula, unescape_formula
from spreadsheets.widgets import (
    BooleanWidget,
    ChoiceWidget,
    CountryWidget,
    DateWidget,
    DecimalWidget,
    IntegerWidget,
)


@pytest.mark.parametrize(("stem", "resource"), FILES)
def test_each_template_has_the_french_titles_of_the_columns_of_its_resource(stem, resource):
    template = Path(settings.BASE_DIR, "docs", "templates", f"{stem}.csv")

    # With a BOM, as exports: Excel reads the accents of a UTF-8 file only then.
    text = template.read_bytes().decode("utf-8")
    assert text.startswith("\ufeff")
    headers = text.lstrip("\ufeff").strip().split(";")
    assert headers == [resource.column_label(name) for name in resource.columns()]
    assert resource.canonical_headers(headers) == resource.columns()


@pytest.mark.parametrize("cell", ["female", "FEMALE", "Femme", "femme", " FEMME "])
def test_a_choice_accepts_its_code_or_french_label_in_any_case(cell):
    assert ChoiceWidget(Gender).clean(cell) == "female"


def test_an_empty_choice_takes_the_default_and_a_wrong_one_lists_the_labels():
    widget = ChoiceWidget(Format, empty=Format.IN_PERSON)

    assert widget.clean("") == "in_person"
    with pytest.raises(ValueError, match="Présentiel, Visio, Hybride"):
        widget.clean("Téléphone")


@pytest.mark.parametrize(
    ("cell", "expected"),
    [("oui", True), ("NON", False), ("true", True), ("0", False), ("", None), (None, None)],
)
def test_booleans_accept_french_and_english_and_empty_means_unknown(cell, expected):
    assert BooleanWidget().clean(cell) is expected


@pytest.mark.parametrize("cell", ["2020-06-15", "15/06/2020"])
def test_dates_accept_iso_and_french_forms(cell):
    assert DateWidget().clean(cell).isoformat() == "2020-06-15"


@pytest.mark.parametrize("cell", ["SN", "sn", "Sénégal", "sénégal", "Senegal"])
def test_countries_accept_iso_code_or_name(cell):
    assert CountryWidget().clean(cell) == "SN"


@pytest.mark.parametrize(
    ("cell", "code"),
    [
        ("Nigéria", "NG"),
        ("NIGERIA", "NG"),
        ("Algerie", "DZ"),
        ("Cote d’Ivoire", "CI"),
        ("côte-d'ivoire", "CI"),
        ("RDC", "CD"),
        ("Etats-Unis", "US"),
        ("république  démocratique du congo", "CD"),
    ],
)
def test_countries_accept_common_french_spellings_with_or_without_accents(cell, code):
    assert CountryWidget().clean(cell) == code


def test_an_unknown_country_is_refused():
    with pytest.raises(ValueError, match="pays inconnu"):
        CountryWidget().clean("Atlantide")


@pytest.mark.parametrize("text", ["=1+1", "+33", "-x", "@SUM(A1)", "\tx", "\rx"])
def test_formula_escape_round_trips(text):
    assert escape_formula(text) == "'" + text
    assert unescape_formula(escape_formula(text)) == text


def test_plain_text_is_neither_escaped_nor_unescaped():
    assert escape_formula("Awa") == "Awa"
    assert unescape_formula("'quoted'") == "'quoted'"


@pytest.mark.parametrize(
    ("widget", "cell", "quote"),
    [
        (IntegerWidget(), "mille neuf cent", "« mille neuf cent »"),
        (DecimalWidget(), "deux heures et demie", "« deux heures et demie »"),
        (BooleanWidget(), "Peut-être", "« Peut-être »"),
        (DateWidget(), "15 juin 2020", "« 15 juin 2020 »"),
        (ChoiceWidget(Gender), "Non binaire", "« Non binaire »"),
        (CountryWidget(), "Côte d Ivoire", "« Côte d Ivoire »"),
        (IntegerWidget(), "19\x0080", "« 19\\x0080 »"),
        (IntegerWidget(), "19\x1b[2J80", "« 19\\x1b[2J80 »"),
        (ChoiceWidget(Gender), "Fe\u202emme", "« Fe\\u202emme »"),
        (DateWidget(), "2020-06\n-15", "« 2020-06\\n-15 »"),
    ],
)
def test_an_error_quotes_the_refused_cell_as_typed_with_control_characters_escaped(
    widget, cell, quote
):
    with pytest.raises(ValueError) as error:
        widget.clean(cell)

    assert str(error.value).startswith(quote)


@pytest.mark.parametrize("cell", ["1 980", "1\u00a0980", "1\u202f980", " 1980 "])
def test_a_number_may_have_french_digit_group_separators(cell):
    assert IntegerWidget().clean(cell) == 1980


@pytest.mark.parametrize("cell", ["NaN", "Infinity", "-inf"])
def test_a_decimal_that_is_not_a_finite_number_is_refused(cell):
    with pytest.raises(ValueError, match="n'est pas un nombre"):
        DecimalWidget().clean(cell)
