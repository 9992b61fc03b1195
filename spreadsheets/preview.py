"""The admin's import preview: what confirming will do to each row, a page at a time.

The dry run of the whole file (django-import-export's) gives each row's outcome. This
module keeps of it only what the pages need (`summarise`: per row its kind, its errors by
column and the old value of each changed cell), stored with the upload. A page is then
shown by reading that page's rows of the upload again (`PreviewPage`): the file is never
imported twice, and no more than a page of rows is ever rendered.
"""

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlencode

from django.core.exceptions import NON_FIELD_ERRORS, FieldDoesNotExist, ValidationError
from django.core.paginator import Page, Paginator
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from core.formatting import french_number
from spreadsheets.widgets import cell_text

PAGE_ROWS = 100
NEW, UPDATE, SKIP, ERROR = "new", "update", "skip", "error"
KINDS = (NEW, UPDATE, SKIP, ERROR)
#: The key of the errors that no column of the file holds (shown in their own column).
ROW = ""
_KIND_OF = {"new": NEW, "update": UPDATE, "skip": SKIP, "invalid": ERROR, "error": ERROR}


def summarise(result, resource_class, headers: Sequence[str]) -> dict[str, Any]:
    """What the preview keeps of a dry run: JSON, a few bytes per row.

    `rows` holds one entry per row of the file, in order: [kind], or [kind, errors] or
    [kind, errors, changes], errors mapping a column code (or ROW) to its messages and
    changes a column code to its old value as text.
    """
    columns = resource_class.canonical_headers(headers)
    rows = []
    counts = dict.fromkeys(KINDS, 0)
    for row_result in result.rows:
        kind = _KIND_OF.get(row_result.import_type, ERROR)
        counts[kind] += 1
        errors = _row_errors(row_result, resource_class, columns) if kind == ERROR else {}
        changes = (getattr(row_result, "changes", None) or {}) if kind == UPDATE else {}
        rows.append([kind, errors, changes] if changes else [kind, errors] if errors else [kind])
    return {"headers": list(headers), "columns": columns, "rows": rows, "counts": counts}


def _row_errors(row_result, resource_class, columns: list[str]) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}
    if row_result.validation_error is not None:
        for key, messages in _message_dict(row_result.validation_error).items():
            column = _column_of_error(key, resource_class, columns)
            prefix = "" if column != ROW else _prefix(key, resource_class)
            errors.setdefault(column, []).extend(prefix + str(m) for m in messages)
    for error in row_result.errors:
        errors.setdefault(ROW, []).append(str(error.error))
    return errors


def _message_dict(error: ValidationError) -> dict[str, list[str]]:
    if hasattr(error, "error_dict"):
        return error.message_dict
    return {NON_FIELD_ERRORS: error.messages}


def _column_of_error(key: str, resource_class, columns: list[str]) -> str:
    """The file's column an error belongs beside: errors are keyed by the field's
    attribute (« session » for session_date) or, for a check, by several fields."""
    if key in columns:
        return key
    for name, resource_field in resource_class.fields.items():
        if resource_field.attribute == key and name in columns:
            return name
    return ROW


def _prefix(key: str, resource_class) -> str:
    """« Démarrage prévu, Démarrage effectif : » before an error not beside its cell."""
    if key == NON_FIELD_ERRORS:
        return ""
    names = []
    for name in key.split(", "):
        if name in resource_class.fields:
            names.append(resource_class.column_label(name))
            continue
        try:
            names.append(capfirst(resource_class._meta.model._meta.get_field(name).verbose_name))
        except FieldDoesNotExist:
            names.append(name)
    return ", ".join(names) + "\u00a0: "


# --- A page of the preview -----------------------------------------------------------------


@dataclass
class Cell:
    text: str
    errors: list[str] = field(default_factory=list)
    changed: bool = False
    old: str = ""


@dataclass
class PreviewRow:
    line: int
    kind: str
    cells: list[Cell]
    errors: list[str]  # not tied to a column of the file


@dataclass
class Filter:
    kind: str  # "" for every row
    label: str
    count: int
    selected: bool
    url: str = ""


class PreviewPage:
    """One page of a summarised preview, its rows read from `source`.

    `source` yields the file's rows as the import read them, (line, values) in order
    (spreadsheets.formats.data_rows); it is read up to the page's last row only.
    """

    def __init__(
        self,
        summary: dict[str, Any],
        source: Iterable[tuple[int, Sequence[Any]]],
        *,
        show: str = "",
        number: Any = 1,
        labels: Sequence[str] | None = None,
        file_name: str = "",
    ) -> None:
        self.summary = summary
        self.file_name = file_name
        #: Where the other pages are (link_to); none when the upload is not kept.
        self.url = ""
        self.counts = summary["counts"]
        self.total = len(summary["rows"])
        self.show = show if show in KINDS else ""
        self.headers = list(labels or summary["headers"])
        selected = [
            index
            for index, row in enumerate(summary["rows"])
            if not self.show or row[0] == self.show
        ]
        self.page: Page = Paginator(selected, PAGE_ROWS).get_page(number)
        self.rows = list(self._rows(source, list(self.page.object_list)))
        self.has_row_errors = any(row.errors for row in self.rows)

    @property
    def has_errors(self) -> bool:
        return self.counts[ERROR] > 0

    @property
    def paginated(self) -> bool:
        return self.total > PAGE_ROWS

    def _rows(self, source, indices: list[int]) -> Iterator[PreviewRow]:
        wanted = set(indices)
        last = max(indices, default=-1)
        columns = self.summary["columns"]
        for index, (line, values) in enumerate(source):
            if index > last:
                break
            if index not in wanted:
                continue
            kind, errors, changes = (self.summary["rows"][index] + [{}, {}])[:3]
            cells = [
                Cell(
                    text=cell_text(value),
                    errors=errors.get(column, []),
                    changed=column in changes,
                    old=changes.get(column, ""),
                )
                for column, value in zip(columns, values, strict=False)
            ]
            shown = set(columns)
            other = [m for key, messages in errors.items() if key not in shown for m in messages]
            yield PreviewRow(line, kind, cells, other)

    def link_to(self, import_url: str, name: str) -> None:
        """Link the filters and the pages to the stored upload `name`."""
        self.url = f"{import_url}?{urlencode({'preview': name})}"

    def _link(self, show: str, number: int | None = None) -> str:
        if not self.url:
            return ""
        query = {"show": show} if show else {}
        if number and number > 1:
            query["page"] = number
        return f"{self.url}&{urlencode(query)}" if query else self.url

    def page_links(self) -> dict[str, str]:
        """First, previous, next and last page, for the pagination."""
        page, show = self.page, self.show
        links = {}
        if page.has_previous():
            links["first"] = self._link(show)
            links["previous"] = self._link(show, page.previous_page_number())
        if page.has_next():
            links["next"] = self._link(show, page.next_page_number())
            links["last"] = self._link(show, page.paginator.num_pages)
        return links

    def filters(self) -> list[Filter]:
        labels = {
            "": _("Toutes"),
            NEW: _("Nouvelles"),
            UPDATE: _("Modifiées"),
            SKIP: _("Inchangées"),
            ERROR: _("En erreur"),
        }
        counts = {"": self.total, **self.counts}
        return [
            Filter(kind, labels[kind], counts[kind], kind == self.show, self._link(kind))
            for kind in ("", *KINDS)
            if kind == "" or counts[kind]
        ]

    def counts_sentence(self) -> str:
        """« 120 lignes : 3 nouvelles, 2 modifiées, 110 inchangées, 5 en erreur. »"""
        counts = self.counts
        texts = {
            NEW: ngettext("%(n)s nouvelle", "%(n)s nouvelles", counts[NEW]),
            UPDATE: ngettext("%(n)s modifiée", "%(n)s modifiées", counts[UPDATE]),
            SKIP: ngettext("%(n)s inchangée", "%(n)s inchangées", counts[SKIP]),
            ERROR: ngettext("%(n)s en erreur", "%(n)s en erreur", counts[ERROR]),
        }
        details = ", ".join(
            texts[kind] % {"n": french_number(counts[kind])} for kind in KINDS if counts[kind]
        )
        lines = ngettext("%(n)s ligne", "%(n)s lignes", self.total)
        return f"{lines % {'n': french_number(self.total)}}\u00a0: {details}."
