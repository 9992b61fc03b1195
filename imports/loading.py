"""Load a folder of spreadsheets, all or nothing (the `load_csv` command).

Files are read as streams and imported in chunks, each chunk's results reduced to counts
and error lines before the next is read, so 100,000 rows need no more memory than a chunk.
Everything runs in one transaction: files loaded first are visible to the references of
the files after them, and any error anywhere rolls the whole folder back.
"""

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from itertools import islice
from pathlib import Path

import tablib
from django.core.exceptions import NON_FIELD_ERRORS
from django.db import transaction
from django.utils.translation import gettext as _
from import_export.results import RowResult

from cooperatives.resources import CooperativeResource, MembershipResource, OutcomeResource
from entrepreneurs.resources import EncounterResource, EntrepreneurResource
from entrepreneurs.services import record_data_transfer
from events.resources import AttendanceResource, EventResource
from governance.resources import MeetingResource, OrganisationResource
from imports.formats import FileFormatError, Table, open_table
from imports.resources import SpreadsheetResource

#: Known files, in dependency order (a file only refers to files above it).
FILES: list[tuple[str, type[SpreadsheetResource]]] = [
    ("organisations", OrganisationResource),
    ("entrepreneurs", EntrepreneurResource),
    ("encounters", EncounterResource),
    ("cooperatives", CooperativeResource),
    ("memberships", MembershipResource),
    ("outcomes", OutcomeResource),
    ("events", EventResource),
    ("attendances", AttendanceResource),
    ("meetings", MeetingResource),
]
CHUNK_ROWS = 2000

Progress = Callable[[str], None]


@dataclass
class FileReport:
    name: str
    rows: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    errors: list[str] = field(default_factory=list)


@dataclass
class LoadReport:
    files: list[FileReport] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)  # folder-level problems
    dry_run: bool = False

    @property
    def all_errors(self) -> list[str]:
        return self.errors + [error for report in self.files for error in report.errors]

    @property
    def saved(self) -> bool:
        return not self.dry_run and not self.all_errors


class _Rollback(Exception):
    """Raised inside the transaction to undo it (dry run, or any error)."""


def find_files(directory: Path) -> tuple[list[tuple[Path, type[SpreadsheetResource]]], list[str]]:
    """The known files present in `directory`, in loading order, and folder-level errors."""
    found, errors = [], []
    for stem, resource in FILES:
        paths = [p for p in (directory / f"{stem}.csv", directory / f"{stem}.xlsx") if p.is_file()]
        if len(paths) > 1:
            errors.append(
                _("%(stem)s : un seul fichier par type (CSV ou XLSX, pas les deux).")
                % {"stem": stem}
            )
        elif paths:
            found.append((paths[0], resource))
    if not found and not errors:
        errors.append(
            _("%(dir)s : aucun fichier reconnu (attendus : %(names)s, en .csv ou .xlsx).")
            % {"dir": directory, "names": ", ".join(stem for stem, _r in FILES)}
        )
    return found, errors


def load_folder(directory: Path, *, dry_run: bool = False, progress: Progress | None = None):
    """Validate and load every known file of `directory` in one transaction."""
    report = LoadReport(dry_run=dry_run)
    found, report.errors = find_files(directory)
    if report.errors:
        return report
    try:
        with transaction.atomic():
            for path, resource_class in found:
                report.files.append(load_file(path, resource_class, progress=progress))
            if not report.saved:
                raise _Rollback
            _record_in_audit_trail(found, report.files)
    except _Rollback:
        pass
    return report


def _record_in_audit_trail(found, files: list[FileReport]) -> None:
    """One audit entry per file loaded: the kind of rows and how many were written."""
    for (_path, resource_class), file_report in zip(found, files, strict=True):
        count = file_report.created + file_report.updated
        record_data_transfer(None, "import", resource_class._meta.model, count, "command")


def load_file(
    path: Path, resource_class: type[SpreadsheetResource], *, progress: Progress | None = None
) -> FileReport:
    """Import one file inside the caller's transaction; errors are collected, not raised."""
    report = FileReport(path.name)
    try:
        table = open_table(path)
    except FileFormatError as exc:
        report.errors.append(str(exc))
        return report
    try:
        header_errors = resource_class.header_errors(table.headers)
        if header_errors:
            report.errors += [f"{path.name}:1: {col}: {msg}" for col, msg in header_errors]
            return report
        resource = resource_class.for_loading()()
        for lines, dataset in _chunks(table, report):
            _import_chunk(resource, dataset, lines, report)
            if progress and report.rows >= CHUNK_ROWS:
                message = _("%(file)s : %(rows)s lignes lues")
                progress(message % {"file": path.name, "rows": report.rows})
    except FileFormatError as exc:
        report.errors.append(str(exc))
        return report
    finally:
        table.close()
    report.errors.sort(key=_line_of_error)
    if report.rows == 0 and not report.errors:
        report.errors.append(
            _("%(file)s: aucune ligne de données sous l'en-tête.") % {"file": path.name}
        )
    return report


def _line_of_error(error: str) -> int:
    parts = error.split(":", 2)
    return int(parts[1]) if len(parts) > 2 and parts[1].isdigit() else 0


def _chunks(table: Table, report: FileReport) -> Iterator[tuple[list[int], tablib.Dataset]]:
    width = len(table.headers)
    rows = iter(table.rows)
    while chunk := list(islice(rows, CHUNK_ROWS)):
        dataset, lines = tablib.Dataset(headers=table.headers), []
        for line, values in chunk:
            if all(value in (None, "") for value in values):
                continue
            if len(values) > width:
                report.errors.append(
                    f"{table.name}:{line}: " + _("plus de cellules que de colonnes dans l'en-tête.")
                )
                continue
            dataset.append(list(values) + [""] * (width - len(values)))
            lines.append(line)
        report.rows += len(lines)
        if lines:
            yield lines, dataset


def _import_chunk(resource, dataset, lines: list[int], report: FileReport) -> None:
    """Import one chunk in a savepoint, so a database error cannot poison the transaction."""
    resource.line_numbers = lines
    try:
        with transaction.atomic():
            result = resource.import_data(dataset, dry_run=False, use_transactions=False)
            if result.has_errors():
                raise _Rollback
    except _Rollback:
        pass
    totals = result.totals
    report.created += totals[RowResult.IMPORT_TYPE_NEW]
    report.updated += totals[RowResult.IMPORT_TYPE_UPDATE]
    report.unchanged += totals[RowResult.IMPORT_TYPE_SKIP]
    report.errors += _error_lines(report.name, resource, result, lines)


def _error_lines(name: str, resource, result, lines: list[int]) -> list[str]:
    errors = [f"{name}: {error.error}" for error in result.base_errors]
    for number, row_errors in result.row_errors():
        errors += [f"{name}:{lines[number - 1]}: {error.error}" for error in row_errors]
    for invalid in result.invalid_rows:
        line = lines[invalid.number - 1]
        for column, messages in invalid.error_dict.items():
            label = "-" if column == NON_FIELD_ERRORS else column
            errors += [f"{name}:{line}: {label}: {message}" for message in messages]
    return errors
