"""Reading and writing the spreadsheets staff exchange with the application.

This module knows files, not models: it turns a CSV or XLSX file into a header and a
stream of (line number, values), refusing what a French spreadsheet user may send by
mistake (another encoding, another separator, a formula, an XLSX that is not one or that
expands into a bomb), and writes exports whose cells can never run as formulas.
It is shared by the `load_csv` command and the admin import/export buttons.
"""

import csv
import io
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

import tablib
from django.utils.translation import gettext as _
from import_export.formats import base_formats

from core.formatting import french_number

# An XLSX is a zip of XML files. These limits are checked on the zip's central directory,
# before openpyxl decompresses anything: a 385 KiB bomb expanding to 96 MB otherwise
# costs 35 s and 247 MiB before the first row is read.
XLSX_MAX_UNCOMPRESSED_BYTES = 60 * 1024 * 1024
XLSX_MAX_RATIO = 100
XLSX_MAX_MEMBERS = 500
# Below this size a member's ratio is meaningless (a few bytes of repeated XML).
XLSX_RATIO_MIN_SIZE = 1024 * 1024
CSV_SNIFF_BYTES = 64 * 1024

# The admin's formats are not told the uploaded file's name: their messages carry this one,
# which the admin replaces with the real name (spreadsheets.admin).
UPLOAD_NAME = "import"

# Characters that make Excel or LibreOffice read a cell as a formula.
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


class FileFormatError(ValueError):
    """The file as a whole cannot be read; the message names the file and says why."""


@dataclass
class Table:
    """A readable file: its header and a lazy stream of (spreadsheet line, values)."""

    name: str
    headers: list[str]
    rows: Iterator[tuple[int, list[Any]]]
    close: Callable[[], None] = lambda: None


def open_table(source: Path | bytes, name: str | None = None) -> Table:
    """Open a CSV or XLSX file (by path, or the bytes of an upload named `name`)."""
    name = name or Path(source).name
    suffix = Path(name).suffix.lower()
    if suffix == ".xlsx":
        return _open_xlsx(source, name)
    if suffix == ".csv":
        return _open_csv(source, name)
    raise FileFormatError(
        _("%(file)s : format non reconnu (CSV ou XLSX attendu).") % {"file": name}
    )


# --- CSV -------------------------------------------------------------------------------------


def _open_csv(source: Path | bytes, name: str) -> Table:
    binary: IO[bytes] = open(source, "rb") if isinstance(source, Path) else io.BytesIO(source)  # noqa: SIM115 (closed by the row generator)
    try:
        sample = binary.read(CSV_SNIFF_BYTES)
        binary.seek(0)
        if not sample.strip():
            raise FileFormatError(_("%(file)s : le fichier est vide.") % {"file": name})
        _check_utf8(sample, name)
        first_line = sample.decode("utf-8-sig", errors="ignore").splitlines()[0]
        delimiter = _detect_delimiter(first_line, name)
    except FileFormatError:
        binary.close()
        raise
    text = io.TextIOWrapper(binary, encoding="utf-8-sig", newline="")
    # Strict: an unclosed quote is an error, not a cell swallowing every following line.
    reader = csv.reader(text, delimiter=delimiter, strict=True)
    try:
        headers = [cell.strip() for cell in next(reader)]
    except csv.Error as exc:
        text.close()
        raise FileFormatError(f"{name}:1: {csv_error_message(exc, 1)}") from exc
    except (StopIteration, UnicodeDecodeError) as exc:
        text.close()
        raise FileFormatError(
            _("%(file)s : en-tête illisible (%(error)s).") % {"file": name, "error": exc}
        ) from exc
    return Table(name, headers, _csv_rows(reader, text, name, headers), text.close)


def _check_utf8(sample: bytes, name: str) -> None:
    if sample.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise FileFormatError(_encoding_message(name))
    try:
        sample.decode("utf-8")
    except UnicodeDecodeError as exc:
        # The sample may end in the middle of a multi-byte character: that is not an error.
        if exc.start < len(sample) - 3:
            raise FileFormatError(_encoding_message(name)) from exc


def _encoding_message(name: str) -> str:
    return _(
        "%(file)s : le fichier n'est pas encodé en UTF-8. Enregistrez-le au format "
        "« CSV UTF-8 » (Excel) ou choisissez le jeu de caractères « Unicode (UTF-8) » "
        "(LibreOffice)."
    ) % {"file": name}


def _detect_delimiter(first_line: str, name: str) -> str:
    semicolons, commas = first_line.count(";"), first_line.count(",")
    if semicolons or commas:
        return ";" if semicolons >= commas else ","
    if any(sep in first_line for sep in ("\t", "|")):
        raise FileFormatError(
            _("%(file)s : séparateur non reconnu ; utilisez « ; » ou « , » entre les colonnes.")
            % {"file": name}
        )
    return ","


def _csv_rows(
    reader, text: io.TextIOWrapper, name: str, headers: list[str]
) -> Iterator[tuple[int, list[Any]]]:
    line = 1
    # The text line the next row starts on (a quoted cell may span several lines).
    starts_at = reader.line_num + 1
    try:
        for line, values in enumerate(reader, start=2):
            for column, value in enumerate(values):
                if "\x00" in value:
                    # PostgreSQL cannot store it: refused here with the cell named.
                    raise FileFormatError(
                        _("%(file)s:%(line)s: %(column)s: caractère nul (\\x00) refusé.")
                        % {"file": name, "line": line, "column": _column(headers, column)}
                    )
            starts_at = reader.line_num + 1
            yield line, [unescape_formula(value) for value in values]
    except UnicodeDecodeError as exc:
        raise FileFormatError(
            _encoding_message(name) + " " + _("(vers la ligne %(line)s)") % {"line": line + 1}
        ) from exc
    except csv.Error as exc:
        raise FileFormatError(f"{name}:{starts_at}: {csv_error_message(exc, starts_at)}") from exc
    finally:
        text.close()


def csv_error_message(error: csv.Error, line: int) -> str:
    """The csv module's English error, said in French for the row starting at `line`."""
    text = str(error)
    if "unexpected end of data" in text:
        return _(
            "guillemet ouvert à la ligne %(line)s et jamais refermé : les lignes suivantes "
            "seraient lues comme une seule cellule. Fermez le guillemet ou retirez-le."
        ) % {"line": line}
    if "field larger than field limit" in text:
        return _(
            "cellule de plus de %(limit)s caractères, refusée (un guillemet non refermé ?)."
        ) % {"limit": french_number(csv.field_size_limit())}
    if "expected after" in text:
        return _(
            "guillemet fermant suivi d'autres caractères dans la cellule : entourez toute "
            "la cellule de guillemets, ou retirez-les."
        )
    return _("ligne illisible (%(error)s).") % {"error": text}


def _column(headers: list[str], index: int) -> str:
    return headers[index] if index < len(headers) else _("colonne %(n)s") % {"n": index + 1}


def unescape_formula(value: str) -> str:
    """Undo the apostrophe our CSV exports put before a formula trigger (round trip)."""
    if len(value) > 1 and value[0] == "'" and value[1] in FORMULA_TRIGGERS:
        return value[1:]
    return value


# --- XLSX ------------------------------------------------------------------------------------


def _open_xlsx(source: Path | bytes, name: str) -> Table:
    zip_source = source if isinstance(source, Path) else io.BytesIO(source)
    check_xlsx_zip(zip_source, name)
    import openpyxl  # heavy; only loaded when an XLSX file comes in

    try:
        book = openpyxl.load_workbook(
            source if isinstance(source, Path) else io.BytesIO(source),
            read_only=True,
            data_only=False,
        )
        sheet = book.active
        # Read-only mode trusts the sheet's <dimension> tag, which a file may under-declare
        # (A1:E3 on a 300-row sheet): forget it and read every row there is.
        sheet.reset_dimensions()
        rows = sheet.iter_rows()
        header_cells = next(rows, ())
    except Exception as exc:  # openpyxl raises many types for a corrupt workbook
        raise FileFormatError(
            _("%(file)s : classeur XLSX illisible (%(error)s).")
            % {"file": name, "error": type(exc).__name__}
        ) from exc
    headers = ["" if cell.value is None else str(cell.value).strip() for cell in header_cells]
    while headers and not headers[-1]:
        headers.pop()
    if not headers:
        book.close()
        raise FileFormatError(_("%(file)s : le fichier est vide.") % {"file": name})
    return Table(name, headers, _xlsx_rows(book, rows, headers, name), book.close)


def check_xlsx_zip(source: Path | IO[bytes], name: str) -> None:
    """Refuse a file that is not a zip, or whose declared content is too large or too dense."""
    try:
        with zipfile.ZipFile(source) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, OSError) as exc:
        raise FileFormatError(
            _("%(file)s : ce n'est pas un classeur XLSX valide (fichier zip attendu).")
            % {"file": name}
        ) from exc
    if len(members) > XLSX_MAX_MEMBERS:
        raise FileFormatError(
            _(
                "%(file)s : classeur refusé, il contient %(count)s fichiers internes (au plus "
                "%(max)s). Enregistrez-le en CSV ou découpez-le."
            )
            % {"file": name, "count": len(members), "max": XLSX_MAX_MEMBERS}
        )
    total = sum(member.file_size for member in members)
    too_dense = any(
        member.file_size > XLSX_RATIO_MIN_SIZE
        and member.file_size > XLSX_MAX_RATIO * max(member.compress_size, 1)
        for member in members
    )
    if total > XLSX_MAX_UNCOMPRESSED_BYTES or too_dense:
        raise FileFormatError(
            _(
                "%(file)s : classeur refusé, son contenu décompressé serait trop volumineux "
                "(%(size)s Mo). Enregistrez-le en CSV ou découpez-le."
            )
            % {"file": name, "size": french_number(max(1, round(total / (1024 * 1024))))}
        )


def _xlsx_rows(book, rows, headers: list[str], name: str) -> Iterator[tuple[int, list[Any]]]:
    width = len(headers)
    try:
        for line, cells in enumerate(rows, start=2):
            values = []
            for column, cell in enumerate(cells[:width]):
                if cell.data_type == "f":
                    raise FileFormatError(
                        _("%(file)s:%(line)s: %(column)s: formule refusée, saisissez la valeur.")
                        % {"file": name, "line": line, "column": headers[column]}
                    )
                values.append(cell.value)
            extra = [cell.value for cell in cells[width:] if cell.value not in (None, "")]
            yield line, values + extra
    finally:
        book.close()


# --- Formats for the admin's import/export buttons ------------------------------------------


def escape_formula(value: Any) -> Any:
    """Prefix a text cell that a spreadsheet would run as a formula with an apostrophe."""
    if isinstance(value, str) and value.startswith(FORMULA_TRIGGERS):
        return "'" + value
    return value


def data_rows(table: Table) -> Iterator[tuple[int, list[Any]]]:
    """The rows an import reads, in order: empty lines dropped, short rows padded.

    The import preview reads a page of rows again from the stored upload with this, so
    its n-th row is always the import's n-th row.
    """
    width = len(table.headers)
    for line, values in table.rows:
        if all(value in (None, "") for value in values):
            continue
        if len(values) > width:
            raise FileFormatError(
                _("%(file)s:%(line)s: plus de cellules que de colonnes dans l'en-tête.")
                % {"file": table.name, "line": line}
            )
        yield line, list(values) + [""] * (width - len(values))


def table_to_dataset(table: Table) -> tablib.Dataset:
    """Read a whole (small) upload into a Dataset; empty lines are dropped.

    The dataset's `line_numbers` are the spreadsheet lines of its rows (the header is 1).
    """
    dataset = tablib.Dataset(headers=table.headers)
    lines = []
    for line, values in data_rows(table):
        dataset.append(values)
        lines.append(line)
    dataset.line_numbers = lines
    return dataset


class CSVFormat(base_formats.CSV):
    """CSV read with our rules (UTF-8, `;` or `,`), written for French Excel, formulas escaped."""

    def is_binary(self) -> bool:
        # Bytes all the way: we detect the encoding ourselves to name a wrong one.
        return True

    def get_read_mode(self) -> str:
        return "rb"

    def create_dataset(self, in_stream, **kwargs) -> tablib.Dataset:
        if isinstance(in_stream, str):
            in_stream = in_stream.encode("utf-8")
        return table_to_dataset(open_table(in_stream, UPLOAD_NAME + ".csv"))

    def export_data(self, dataset, **kwargs) -> str:
        out = io.StringIO()
        writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
        writer.writerow(dataset.headers)
        for row in dataset:
            writer.writerow([escape_formula("" if v is None else v) for v in row])
        # The BOM makes Excel read UTF-8 correctly.
        return "\ufeff" + out.getvalue()


class XLSXFormat(base_formats.XLSX):
    """XLSX read with our guards (zip bomb, formulas), written with text cells only."""

    def create_dataset(self, in_stream, **kwargs) -> tablib.Dataset:
        return table_to_dataset(open_table(bytes(in_stream), UPLOAD_NAME + ".xlsx"))

    def export_data(self, dataset, **kwargs) -> bytes:
        import openpyxl

        book = openpyxl.Workbook(write_only=True)
        sheet = book.create_sheet()
        sheet.append(dataset.headers)
        for row in dataset:
            sheet.append([_text_cell(sheet, value) for value in row])
        out = io.BytesIO()
        book.save(out)
        return out.getvalue()


def _text_cell(sheet, value: Any):
    """A cell that is always text: openpyxl would otherwise write `=...` as a live formula."""
    from openpyxl.cell import WriteOnlyCell

    if value is None or value == "":
        return None
    cell = WriteOnlyCell(sheet, value=str(value))
    cell.data_type = "s"
    if str(value).startswith(FORMULA_TRIGGERS):
        cell.quotePrefix = True
    return cell
