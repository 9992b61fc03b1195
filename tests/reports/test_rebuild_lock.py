"""One rebuild at a time: requests missing the same entry compute it once (`reports.cache`).

The request that takes the entry's lock computes it; the others wait for its value (never
for an older version's), and compute it themselves only when its holder is gone or has
taken longer than WAIT_SECONDS.
"""

import threading
import time

import pytest
from django.core.cache import cache
from django.db import connection, connections

from reports import cache as figure_cache
from reports.cache import Entry, FigureCache

pytestmark = pytest.mark.django_db(transaction=True)

ENTRY = Entry(("indicators", "interviews", "2020-01-01..2020-12-31"), ("interviews",), 2020)


@pytest.fixture(autouse=True)
def _fresh_cache():
    cache.clear()


class Compute:
    """A computation that counts its runs (and may take its time)."""

    def __init__(self, value=42, seconds=0.0):
        self.value, self.seconds, self.runs = value, seconds, 0
        self._lock = threading.Lock()

    def __call__(self):
        with self._lock:
            self.runs += 1
        if self.seconds:
            time.sleep(self.seconds)
        return self.value


def test_a_miss_computes_once_and_the_next_request_reads():
    compute = Compute()
    assert FigureCache().get(ENTRY, compute) == 42
    assert FigureCache().get(ENTRY, compute) == 42
    assert compute.runs == 1
    assert cache.get(f"{FigureCache().key(ENTRY)}:lock") is None  # released


def test_a_request_finding_the_lock_taken_waits_and_reads_the_value(monkeypatch):
    key = FigureCache().key(ENTRY)
    assert cache.add(f"{key}:lock", 1, 60)  # another request is computing it
    polls = []

    def other_request_done(seconds):
        polls.append(seconds)
        if len(polls) == 3:  # it stores its value, then releases its lock
            cache.set(key, 7)
            cache.delete(f"{key}:lock")

    monkeypatch.setattr(figure_cache, "sleep", other_request_done)
    compute = Compute()
    assert FigureCache().get(ENTRY, compute) == 7
    assert compute.runs == 0
    assert len(polls) == 3


def test_a_request_whose_lock_holder_failed_computes_it(monkeypatch):
    key = FigureCache().key(ENTRY)
    assert cache.add(f"{key}:lock", 1, 60)
    polls = []

    def holder_failed(seconds):
        polls.append(seconds)
        cache.delete(f"{key}:lock")  # released with no value (its computation raised)

    monkeypatch.setattr(figure_cache, "sleep", holder_failed)
    compute = Compute()
    assert FigureCache().get(ENTRY, compute) == 42
    assert compute.runs == 1
    assert len(polls) == 1
    assert cache.get(key) == 42


def test_a_request_waits_at_most_wait_seconds_then_computes(monkeypatch):
    key = FigureCache().key(ENTRY)
    assert cache.add(f"{key}:lock", 1, 60)  # held by a request that never ends
    monkeypatch.setattr(figure_cache, "WAIT_SECONDS", 0.2)
    monkeypatch.setattr(figure_cache, "POLL_SECONDS", 0.05)
    compute = Compute()
    started = time.monotonic()
    assert FigureCache().get(ENTRY, compute) == 42
    assert 0.2 <= time.monotonic() - started < 5
    assert compute.runs == 1


def test_a_computation_that_fails_releases_the_lock():
    def fails():
        raise RuntimeError("database gone")

    with pytest.raises(RuntimeError):
        FigureCache().get(ENTRY, fails)
    assert cache.get(f"{FigureCache().key(ENTRY)}:lock") is None
    assert FigureCache().get(ENTRY, Compute()) == 42


@pytest.mark.skipif(connection.vendor != "postgresql", reason="concurrent connections")
def test_two_concurrent_misses_compute_once():
    FigureCache().key(ENTRY)  # the versions exist before the race
    compute = Compute(seconds=0.5)
    start = threading.Barrier(2)
    results, errors = [], []

    def request():
        try:
            start.wait()
            results.append(FigureCache().get(ENTRY, compute))
        except Exception as error:  # reported by the assertion below
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=request) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert errors == []
    assert results == [42, 42]
    assert compute.runs == 1
