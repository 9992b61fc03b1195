"""Whole files read exactly: no row lost to a lying XLSX header or an unclosed quote."""

import pytest

from spreadsheets.formats import FileFormatError, open_table
from tests.imports.workbooks import xlsx


@pytest.mark.parametrize("declared", ["A1:E3", "A1:B2", "A1"])
def test_an_xlsx_that_under_declares_its_size_is_read_whole(declared):
    rows = [["reference", "first_name", "a", "b", "c"]] + [
        [f"ENT-{n}", f"P{n}", 1, 2, 3] for n in range(1, 6)
    ]

    table = open_table(xlsx(rows, declared), "personnes.xlsx")

    assert table.headers == rows[0]
    assert [values for _line, values in table.rows] == rows[1:]


def test_a_csv_with_an_unclosed_quote_names_the_line_where_the_cell_began():
    text = 'reference;first_name\nENT-1;Awa\nENT-2;"Bea\nENT-3;Cat\nENT-4;Dia\n'
    table = open_table(text.encode(), "personnes.csv")

    with pytest.raises(FileFormatError) as error:
        list(table.rows)

    message = str(error.value)
    assert message.startswith("personnes.csv:3:")
    assert "guillemet" in message and "ligne 3" in message


def test_a_csv_with_balanced_quotes_keeps_its_multiline_cells():
    text = 'reference;notes\nENT-1;"deux\nlignes"\nENT-2;"a;b"\n'
    table = open_table(text.encode(), "personnes.csv")

    assert [values for _line, values in table.rows] == [["ENT-1", "deux\nlignes"], ["ENT-2", "a;b"]]
