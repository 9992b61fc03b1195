"""Figures cached by their families' data versions (`reports.freshness`), never by a clock.

An `Entry` names a value (`parts`), the families it is computed from and the year its
period ends in; its key carries the versions of those families at that year. A write
moves only the versions of the families that read what it wrote, from the year it is
dated in: the entries of other families, and of the years before, keep their keys and
are read from the cache; the entries it moved get new keys, so the next request
recomputes them and no figure is ever stale.

`FigureCache()` reads nothing until asked; `prefetch(*entries)` reads the versions of
all of them in one round trip, then the entries in one more; `get(entry, compute)`
returns the value stored under the entry's key, or computes and stores it.

One rebuild at a time: when an entry is missing, the request that takes its lock
(`cache.add` of `<key>:lock`, which expires after LOCK_SECONDS if its holder dies)
computes it; the others wait for the value, reading the cache every POLL_SECONDS, up to
WAIT_SECONDS, then compute it themselves (so a lost lock only costs time). Nobody is
given the figures of an older version meanwhile: a waiting request shows the same
figures as the request computing them, and the one after a write always shows it.

Entries of older versions are never read again; they expire after `STALE_AFTER_SECONDS`
(the database cache also culls its table past MAX_ENTRIES).
"""

import hashlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from time import monotonic, sleep
from typing import Any, TypeVar

from django.core.cache import cache

from core.period import Period
from reports.freshness import read_versions, version_keys, writes_pending

T = TypeVar("T")
# In every key: changed when a cached value changes shape, so that no process reads a
# value an older release stored under the same versions.
SHAPE = 2
STALE_AFTER_SECONDS = 7 * 24 * 3600
LOCK_SECONDS = 120
WAIT_SECONDS = 60
POLL_SECONDS = 0.02
_MISSING = object()

# Entries computed by this process, by name (an entry's first part): what tests and the
# bench read to tell a value read from the cache from one computed again.
COMPUTED: dict[str, int] = {}


def digest(text: str) -> str:
    """A short fixed-length stand-in for `text` in a cache key (versions, windows, a
    page's live parts)."""
    return hashlib.blake2b(text.encode(), digest_size=12).hexdigest()


def period_key(period: Period) -> str:
    return f"{period.start.isoformat()}..{period.end.isoformat()}"


@dataclass(frozen=True)
class Entry:
    """A cached value: its name and arguments, the families it reads, and the year its
    period ends in (the versions it is keyed by)."""

    parts: tuple[object, ...]
    families: tuple[str, ...]
    year: int


class FigureCache:
    """The figures' cache at the data versions read when first asked (one cache read for
    the versions of all the entries of a page, one for the entries).

    Inside a transaction that wrote records the figures read, every value is computed
    live and nothing is stored: the versions those rows will have are not known before
    the commit (and a command, a request or a test reads its own writes).
    """

    def __init__(self) -> None:
        self.live = writes_pending()
        self._versions: dict[str, int] = {}
        self._read: dict[str, Any] = {}

    def _version_keys(self, entry: Entry) -> list[str]:
        return [key for family in entry.families for key in version_keys(family, entry.year)]

    def _load_versions(self, entries: Iterable[Entry]) -> None:
        wanted = {k for e in entries for k in self._version_keys(e)} - self._versions.keys()
        if wanted:
            self._versions.update(read_versions(sorted(wanted)))

    def key(self, entry: Entry) -> str:
        self._load_versions([entry])
        versions = ",".join(str(self._versions[k]) for k in self._version_keys(entry))
        return ":".join(
            [f"reports:figures:s{SHAPE}", digest(versions), *(str(p) for p in entry.parts)]
        )

    def prefetch(self, *entries: Entry) -> None:
        """Read these entries (and first their versions) in two round trips; those read
        already are not read again."""
        if self.live:
            return
        self._load_versions(entries)
        keys = [key for key in (self.key(e) for e in entries) if key not in self._read]
        if keys:
            found = cache.get_many(keys)
            self._read.update({key: found.get(key, _MISSING) for key in keys})

    def get(self, entry: Entry, compute: Callable[[], T]) -> T:
        """`compute()`'s value at the entry's versions, computed once per version."""
        if self.live:
            return compute()
        key = self.key(entry)
        value = self._read[key] if key in self._read else cache.get(key, _MISSING)
        if value is _MISSING:
            value = _rebuild(key, entry, compute)
        self._read[key] = value
        return value


def _rebuild(key: str, entry: Entry, compute: Callable[[], T]) -> T:
    """Compute and store the value under `key`, or wait for the request computing it."""
    lock = f"{key}:lock"
    deadline = monotonic() + WAIT_SECONDS
    while True:
        if cache.add(lock, 1, LOCK_SECONDS):
            try:
                return _compute_and_store(key, entry, compute)
            finally:
                cache.delete(lock)
        # Another request is computing it: wait for its value (or for its lock to go,
        # if it failed, and then take it).
        while monotonic() < deadline:
            sleep(POLL_SECONDS)
            found = cache.get_many([key, lock])
            if key in found:
                return found[key]
            if lock not in found:
                break
        else:
            return _compute_and_store(key, entry, compute)  # waited long enough


def _compute_and_store(key: str, entry: Entry, compute: Callable[[], T]) -> T:
    value = compute()
    name = str(entry.parts[0])
    COMPUTED[name] = COMPUTED.get(name, 0) + 1
    cache.set(key, value, STALE_AFTER_SECONDS)
    return value


def cached(entry: Entry, compute: Callable[[], T]) -> T:
    """One value of the figures' cache (see `FigureCache`)."""
    return FigureCache().get(entry, compute)
