"""Figures cached by the data version (`reports.freshness`), never by a clock.

`FigureCache()` reads the data version once; `get(parts, compute)` returns the value
stored under that version, or computes and stores it (`prefetch` reads several entries in
one round trip). A write to any record the figures read gives the data a new version, so
the next request recomputes and no figure is ever stale; with no write, a closed year's
figures are read from the cache for as long as it keeps them.

Entries of older versions are never read again; they expire after `STALE_AFTER_SECONDS`
(the database cache also culls its table past MAX_ENTRIES).
"""

from collections.abc import Callable, Iterable
from typing import Any, TypeVar

from django.core.cache import cache

from core.period import Period
from reports.freshness import data_version, writes_pending

T = TypeVar("T")
STALE_AFTER_SECONDS = 7 * 24 * 3600
_MISSING = object()

Parts = tuple[object, ...]


def period_key(period: Period) -> str:
    return f"{period.start.isoformat()}..{period.end.isoformat()}"


class FigureCache:
    """The figures' cache at the data version read when it is made (one cache read).

    Inside a transaction that wrote records the figures read, every value is computed
    live and nothing is stored: the version those rows will have is not known before the
    commit (and a command, a request or a test reads its own writes).
    """

    def __init__(self) -> None:
        self.live = writes_pending()
        self.version = None if self.live else data_version()
        self._read: dict[str, Any] = {}

    def key(self, parts: Parts) -> str:
        return ":".join(["reports:figures", f"v{self.version}", *(str(p) for p in parts)])

    def prefetch(self, *parts: Parts) -> None:
        """Read these entries in one round trip (`get` then finds them)."""
        if not self.live:
            keys = [self.key(p) for p in parts]
            found = cache.get_many(keys)
            self._read.update({key: found.get(key, _MISSING) for key in keys})

    def get(self, parts: Parts, compute: Callable[[], T]) -> T:
        """`compute()`'s value at this data version, computed once per version."""
        if self.live:
            return compute()
        key = self.key(parts)
        value = self._read[key] if key in self._read else cache.get(key, _MISSING)
        if value is _MISSING:
            value = compute()
            cache.set(key, value, STALE_AFTER_SECONDS)
        self._read[key] = value
        return value


def cached(parts: Iterable[object], compute: Callable[[], T]) -> T:
    """One value of the figures' cache (see `FigureCache`)."""
    return FigureCache().get(tuple(parts), compute)
