"""Load a folder of spreadsheets, all or nothing (the `load_csv` command).

Files are read as streams and imported in chunks, each chunk's results reduced to counts
and error lines before the next is read, so 100,000 rows need no more memory than a chunk.
Everything runs in one transaction: files loaded first are visible to the references of
the files after them, and any error anywhere rolls the whole folder back.
"""

import difflib
import unicodedata
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
from core.audit import record_data_transfer
from entrepreneurs.resources import EncounterResource, EntrepreneurResource
from events.resources import AttendanceResource, EventResource, SessionResource
from funding.resources import GrantAgreementResource
from governance.resources import (
    DueResource,
    MeetingAttendanceResource,
    MeetingResource,
    MemberResource,
    OrganisationResource,
)
from reports.freshness import bump_after_commit
from spreadsheets.formats import FileFormatError, Table, open_table
from spreadsheets.resources import SpreadsheetResource

#: Known files, in dependency order (a file only refers to files above it).
FILES: list[tuple[str, type[SpreadsheetResource]]] = [
    ("organisations", OrganisationResource),
    ("entrepreneurs", EntrepreneurResource),
    ("encounters", EncounterResource),
    ("cooperatives", CooperativeResource),
    ("memberships", MembershipResource),
    ("outcomes", OutcomeResource),
    ("events", EventResource),
    ("sessions", SessionResource),
    ("attendances", AttendanceResource),
    ("meetings", MeetingResource),
    ("members", MemberResource),
    ("dues", DueResource),
    ("meeting_attendance", MeetingAttendanceResource),
    ("grants", GrantAgreementResource),
]
SUFFIXES = (".csv", ".xlsx")
CHUNK_ROWS = 2000
#: French names staff may give a file, to suggest the expected one (accents removed).
FRENCH_NAMES = {
    "structures": "organisations",
    "organismes": "organisations",
    "partenaires": "organisations",
    "entrepreneures": "entrepreneurs",
    "entrepreneuses": "entrepreneurs",
    "rencontres": "encounters",
    "adhesions": "memberships",
    "membres": "memberships",
    "participations": "memberships",
    "evenements": "events",
    "presences": "attendances",
    "reunions": "meetings",
    "subventions": "grants",
    "conventions": "grants",
    "financements": "grants",
}
#: What spreadsheet programs and operating systems leave in a folder (lower case).
LEFTOVER_NAMES = {"thumbs.db", "desktop.ini", "__macosx"}

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
    ignored: list[str] = field(default_factory=list)  # names of the leftovers skipped
    dry_run: bool = False

    @property
    def all_errors(self) -> list[str]:
        return self.errors + [error for report in self.files for error in report.errors]

    @property
    def saved(self) -> bool:
        return not self.dry_run and not self.all_errors


class _Rollback(Exception):
    """Raised inside the transaction to undo it (dry run, or any error)."""


@dataclass
class Folder:
    """What a folder holds: known files in loading order, problems, leftovers skipped."""

    found: list[tuple[Path, type[SpreadsheetResource]]] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    ignored: list[str] = field(default_factory=list)


def find_files(directory: Path) -> Folder:
    """Sort every entry of `directory`: a known file, an entry to skip, or an error.

    A file of no known kind is an error, so that a misspelt name is never skipped in
    silence. What a spreadsheet program or the system leaves behind (lock files, hidden
    files, Thumbs.db, __MACOSX/) and sub-folders (never read) are skipped and listed.
    Names compare case-insensitively, as on the Windows and macOS disks files come from.
    """
    folder, by_stem = Folder(), {stem: [] for stem, _resource in FILES}
    for path in sorted(directory.iterdir()):
        if _is_leftover(path) or path.is_dir():
            folder.ignored.append(path.name + ("/" if path.is_dir() else ""))
        elif path.stem.lower() in by_stem and path.suffix.lower() in SUFFIXES:
            by_stem[path.stem.lower()].append(path)
        else:
            folder.errors.append(_unknown_file_message(path))
    for stem, resource in FILES:
        paths = by_stem[stem]
        if len(paths) > 1:
            folder.errors.append(
                _("%(stem)s : un seul fichier par type (CSV ou XLSX, pas les deux).")
                % {"stem": ", ".join(path.name for path in paths)}
            )
        elif paths:
            folder.found.append((paths[0], resource))
    if not folder.found and not folder.errors:
        folder.errors.append(
            _("%(dir)s : aucun fichier reconnu (attendus : %(names)s, en .csv ou .xlsx).")
            % {"dir": directory, "names": _expected_names()}
        )
    return folder


def _is_leftover(path: Path) -> bool:
    """A lock file (~$x.xlsx, .~lock.x#), a hidden or system file, an editor backup."""
    name = path.name
    return name.startswith((".", "~$")) or name.endswith("~") or name.lower() in LEFTOVER_NAMES


def _unknown_file_message(path: Path) -> str:
    stem, suffix = path.stem.lower(), path.suffix.lower()
    if stem in dict(FILES):
        return _(
            "%(file)s : format non reconnu ; enregistrez-le en %(stem)s.csv (CSV UTF-8) "
            "ou %(stem)s.xlsx."
        ) % {"file": path.name, "stem": stem}
    folded = unicodedata.normalize("NFKD", stem).encode("ascii", "ignore").decode()
    candidates = [name for name, _resource in FILES] + list(FRENCH_NAMES)
    matches = difflib.get_close_matches(folded, candidates, n=1, cutoff=0.75)
    if matches:
        suggestion = FRENCH_NAMES.get(matches[0], matches[0])
        suggestion += suffix if suffix in SUFFIXES else ".csv"
        return _("%(file)s : fichier inconnu ; vouliez-vous dire %(suggestion)s ?") % {
            "file": path.name,
            "suggestion": suggestion,
        }
    return _("%(file)s : fichier inconnu ; fichiers attendus : %(names)s, en .csv ou .xlsx.") % {
        "file": path.name,
        "names": _expected_names(),
    }


def _expected_names() -> str:
    return ", ".join(stem for stem, _resource in FILES)


def load_folder(directory: Path, *, dry_run: bool = False, progress: Progress | None = None):
    """Validate and load every known file of `directory` in one transaction."""
    folder = find_files(directory)
    report = LoadReport(errors=folder.errors, ignored=folder.ignored, dry_run=dry_run)
    if report.errors:
        # Nothing is read: the files after a misnamed one would only add false errors
        # (their references to its rows).
        return report
    try:
        with transaction.atomic():
            for path, resource_class in folder.found:
                report.files.append(load_file(path, resource_class, progress=progress))
            if not report.saved:
                raise _Rollback
            _record_in_audit_trail(folder.found, report.files)
            # Rows are saved in bulk (no model signal): the figures change at commit.
            bump_after_commit()
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
            report.errors += _header_error_lines(path, resource_class, table.headers)
            return report
        # Codes or French titles in the file; codes from here on.
        table.headers = resource_class.canonical_headers(table.headers)
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


def _header_error_lines(path: Path, resource_class, headers: list[str]) -> list[str]:
    """The header's errors, or only the file it was meant to be if it fits another kind."""
    kinds = resource_class.kinds_of_header(headers, [resource for _stem, resource in FILES])
    if kinds:
        names = _(" ou ").join(stem + path.suffix for stem, kind in FILES if kind in kinds)
        message = _(
            "ces colonnes sont celles d'un fichier %(others)s : renommez-le ou corrigez "
            "son en-tête."
        )
        return [f"{path.name}:1: " + message % {"others": names}]
    errors = resource_class.header_errors(headers)
    return [f"{path.name}:1: {column}: {message}" for column, message in errors]


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
