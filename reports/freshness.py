"""Data versions by family and year: figures are cached by what they depend on, never by a
clock.

Each family of figures (`reports.families`) has versions in the shared cache (Redis when
REDIS_URL is set, else the database cache, so every worker and every host reads the same
values): one per year, which gets a new random value after every committed write dated in
that year or before to a record the family reads, and one for the writes that have no
date (a person's profile, a cooperative, an organisation's name), which every year of
the family depends on. The figures of a period are keyed by the versions of their
families at the year the period ends in (`reports.cache`): a write dated this year gives
this year's figures a new key and leaves the closed years' figures cached; a funder's
year from July to June is refreshed by a write dated in either of its years. The first
request after a write recomputes, every other one reads, and nothing is ever served
stale.

What bumps which versions:
- `post_save`, `post_delete` (through `pre_delete`, before a cascade removes what dates
  the record) and `m2m_changed` of every model of `FIGURE_APPS` minus `IGNORED_MODELS`:
  the families that read the fields written (`families.READS`; a save with
  `update_fields`, or a full save compared with the values the instance was loaded with),
  from the earliest year of the record's old and new dates (`families.DATES`). Unknown
  old values (an instance not loaded from the database, a deferred date) and undated
  records move every year of those families; a save that changed no field a family
  reads moves nothing, nor does a new person or organisation
  (`families.READ_THROUGH_RELATIONS`: counted only once a record refers to it, and
  that write moves its own families). (The values compared are those the instance was loaded with:
  `refresh_from_db()` does not renew them, so a date someone else changed between the
  load and the refresh is not among the old dates; the app saves no refreshed record.)
- `migrate` and `flush` (`post_migrate`): everything.
- the paths Django sends no model signal for, everything too: the bulk imports
  (`import_export`'s `post_import` for the admin import, `load_csv` calling
  `bump_after_commit`), the anonymisation (`privacy.services.entrepreneur_anonymised`,
  which `apply_retention` calls too), and any caller of `bump_after_commit()`.

The bumps run in `transaction.on_commit`, once per transaction however many records it
writes: a reader never sees the new versions before the new rows. Within a transaction
that has already written, a read bypasses the cache (`writes_pending`), so a request, a
command or a test reads its own writes.

The years kept apart go from FLOOR_YEAR to next year; the years after share one version
(`later`), and a write dated before FLOOR_YEAR moves every year. A write bumps the years
up to the year after next, so two hosts whose clocks disagree about the new year still
agree on what a write moved.
"""

import datetime
import secrets
from collections.abc import Iterable, Mapping

from django.apps import apps
from django.core.cache import cache
from django.db import DEFAULT_DB_ALIAS, DatabaseError, connections, transaction
from django.db.models.signals import (
    m2m_changed,
    post_init,
    post_migrate,
    post_save,
    pre_delete,
    pre_save,
)
from django.utils import timezone
from import_export.signals import post_import

from privacy.services import entrepreneur_anonymised
from reports.families import ALSO_WRITES, DATES, FAMILIES, READ_THROUGH_RELATIONS, READS

VERSION_PREFIX = "reports:version"
UNDATED = "undated"
LATER = "later"
FLOOR_YEAR = 2000

# The apps whose records the cached figures (and the year's timeline, cooperatives and
# grants) read. Report editions are not among them: the dashboard lists them live.
FIGURE_APPS = ("governance", "entrepreneurs", "cooperatives", "events", "funding")

# Records no cached figure reads (tests/reports/test_families.py checks it): their writes
# move no version. A login saves User.last_login; the others are the association's
# registers and documents, which the figures never count, and the relations between
# records no figure follows.
IGNORED_MODELS = (
    "governance.User",
    "governance.Association",  # its name and logo, on sign-in sheets and report covers
    "governance.Partnership",
    "governance.Member",
    "governance.Due",
    "governance.StatuteRule",
    "governance.AgendaItem",
    "governance.MeetingAttendance",
    "governance.MeetingGuest",
    "entrepreneurs.ReferralLink",
    "entrepreneurs.Referral",
    "cooperatives.Programme",
    "cooperatives.Programme_partners",
    "events.Trainer",
    "events.Event_partners",
    "events.Event_trainers",
    "events.Event_funders",
    "events.SignedSheet",
    "funding.GrantAgreement_programmes",
    "funding.GrantAgreement_cooperatives",
    "funding.GrantAgreement_events",
    "funding.ReportDeadline",
    "funding.AgreementDocument",
)

# Family -> the earliest year whose figures a write moved; None: every year.
Moved = Mapping[str, int | None]
EVERYTHING: Moved = dict.fromkeys(FAMILIES)

_SNAPSHOT = "_figures_loaded_values"
_LOADED = "_figures_loaded"
_UNKNOWN = object()


# Versions ---------------------------------------------------------------------------------


def _key(family: str, slot: str) -> str:
    return f"{VERSION_PREFIX}:{family}:{slot}"


def version_keys(family: str, year: int, today: datetime.date | None = None) -> list[str]:
    """The keys of the versions that `family`'s figures of a period ending in `year` are
    keyed by: its undated version and the version of that year."""
    today = today or timezone.localdate()
    keys = [_key(family, UNDATED)]
    if year >= FLOOR_YEAR:
        keys.append(_key(family, LATER if year > today.year + 1 else str(year)))
    return keys


def read_versions(keys: Iterable[str]) -> dict[str, int]:
    """The versions under these keys, in one round trip (a key the cache lost or never
    held gets a fresh value: never an old one again, so nothing stale is read)."""
    keys = list(dict.fromkeys(keys))
    found = cache.get_many(keys)
    missing = {key: _fresh_version() for key in keys if key not in found}
    if missing:
        cache.set_many(missing, timeout=None)
        found.update(missing)
    return found


def moved_keys(moved: Moved, today: datetime.date | None = None) -> list[str]:
    """The version keys a write moves: for each family, every year from its earliest year
    on (to the year after next, and the later years' shared one), or its undated version
    when every year moved."""
    today = today or timezone.localdate()
    keys = []
    for family, year in moved.items():
        if year is None or year < FLOOR_YEAR:
            keys.append(_key(family, UNDATED))
        else:
            keys += [_key(family, str(y)) for y in range(year, today.year + 3)]
            keys.append(_key(family, LATER))
    return keys


def bump(moved: Moved) -> None:
    """Give these families' figures of those years new versions now."""
    cache.set_many({key: _fresh_version() for key in moved_keys(moved)}, timeout=None)


def bump_data_version() -> None:
    """Every figure cached so far is out of date (after a write made outside the app)."""
    bump(EVERYTHING)


def data_version(year: int | None = None) -> tuple[int, ...]:
    """Every family's versions at `year` (this year by default): what a write dated in that
    year or before, or undated, changes."""
    year = year or timezone.localdate().year
    keys = [key for family in FAMILIES for key in version_keys(family, year)]
    versions = read_versions(keys)
    return tuple(versions[key] for key in keys)


def _fresh_version() -> int:
    # A new random value on every bump, never read-then-incremented: the database cache's
    # incr is a read then a write, and two hosts bumping at once would both write the same
    # value, one of the two writes then invisible to a reader that cached figures in
    # between. Random rather than a clock or a counter: never an old value again after the
    # cache lost the key (a counter would restart at 1), whatever the hosts' clocks say.
    return secrets.randbits(62)


# Bumps after the commit ------------------------------------------------------------------


class PendingBumps:
    """What a transaction's writes moved, bumped when it commits (its on_commit callback).

    It lives in the connection's on-commit list, so a savepoint rolled back with the
    callback takes its bumps with it. `dates` remembers the related records' dates read
    in the transaction (a roll call reads its event's date once)."""

    def __init__(self) -> None:
        self.moved: dict[str, int | None] = {}
        self.dates: dict[tuple, object] = {}

    def add(self, moved: Moved) -> None:
        for family, year in moved.items():
            if family not in self.moved:
                self.moved[family] = year
            elif self.moved[family] is not None:
                self.moved[family] = None if year is None else min(year, self.moved[family])

    def covers(self, families: Iterable[str]) -> bool:
        """Whether every year of these families is already to be bumped."""
        return all(family in self.moved and self.moved[family] is None for family in families)

    def __call__(self) -> None:
        bump(self.moved)


def _pending(using: str) -> PendingBumps | None:
    for _sids, callback, *_ in connections[using].run_on_commit:
        if isinstance(callback, PendingBumps):
            return callback
    return None


def _pending_for_write(using: str) -> PendingBumps | None:
    """The current transaction's pending bumps (made if needed); None outside one."""
    if not connections[using].in_atomic_block:
        return None
    pending = _pending(using)
    if pending is None:
        pending = PendingBumps()
        transaction.on_commit(pending, using=using)
    return pending


def bump_after_commit(moved: Moved | None = None, using: str = DEFAULT_DB_ALIAS) -> None:
    """Bump these versions (every family, every year by default) when the current
    transaction commits, at once outside one; once per transaction however many records
    it writes."""
    moved = EVERYTHING if moved is None else moved
    if not moved:
        return
    pending = _pending_for_write(using)
    if pending is None:
        bump(moved)
    else:
        pending.add(moved)


def writes_pending(using: str = DEFAULT_DB_ALIAS) -> bool:
    """Whether the current transaction wrote records the figures read (its bumps are
    waiting for the commit): its reads must not use, nor fill, the figures' cache."""
    connection = connections[using]
    return connection.in_atomic_block and _pending(using) is not None


# Which families a write moves, from which year ---------------------------------------------


def watched_models() -> list:
    """The models whose writes may bump versions (m2m relations: their through models)."""
    installed = {config.label for config in apps.get_app_configs()}
    return [
        model
        for label in FIGURE_APPS
        if label in installed
        for model in apps.get_app_config(label).get_models()
        if model._meta.label not in IGNORED_MODELS
    ]


def families_reading(label: str, changed: frozenset[str] | None, others: bool = False) -> set:
    """The families that read what a write of `label` changed: `changed` fields (None:
    any field), and, with `others`, possibly fields not compared (a full save). A model
    no family declares and not ignored moves every family (a model added since)."""
    families = set()
    declared = False
    for family, reads in READS.items():
        if label not in reads:
            continue
        declared = True
        fields = reads[label]
        if fields is None:
            moved = changed is None or others or bool(changed)
        else:
            moved = changed is None or bool(changed & fields)
        if moved:
            families.add(family)
    if not declared and label not in IGNORED_MODELS:
        return set(FAMILIES)
    return families


def snapshot_fields(model) -> tuple[str, ...]:
    """The fields whose loaded values a save is compared with: those of a model some
    family reads only part of, and the record's own dates (and the relations to them)."""
    label = model._meta.label
    names = set()
    for reads in READS.values():
        if reads.get(label):
            names |= reads[label]
    names |= {path.split("__")[0] for path in DATES.get(label, ())}
    return tuple(sorted(names))


_SNAPSHOTS: dict[type, dict[str, str]] = {}  # model -> {attname: field name} compared


def _loaded(sender, instance, **kwargs) -> None:
    values = instance.__dict__
    values[_SNAPSHOT] = {name: values[name] for name in _SNAPSHOTS[sender] if name in values}


def _saving(sender, instance, raw=False, **kwargs) -> None:
    # Only an instance read from the database (or saved since) has trustworthy old values.
    instance.__dict__[_LOADED] = not instance._state.adding


def _loaded_values(sender, instance) -> Mapping | None:
    """The compared attributes as the instance was loaded, if it was (else None)."""
    if sender not in _SNAPSHOTS or not instance.__dict__.get(_LOADED):
        return None
    return instance.__dict__.get(_SNAPSHOT)


def _changes(sender, instance, update_fields, old) -> tuple[frozenset | None, bool]:
    """The fields a save of a loaded record changed (None: not known) and whether fields
    not compared may have changed too (a full save)."""
    if update_fields is not None:
        names = {sender._meta.get_field(name).name for name in update_fields}
        return frozenset(names - {getattr(sender, "lock_field", None)}), False
    if old is None:
        return None, False
    changed = set()
    for attname, name in _SNAPSHOTS[sender].items():
        now = instance.__dict__.get(attname, _UNKNOWN)
        if now is _UNKNOWN:
            continue  # still deferred: not saved
        if old.get(attname, _UNKNOWN) is _UNKNOWN or old[attname] != now:
            changed.add(name)
    return frozenset(changed), True


def _day(instance, path: str, values: Mapping, using: str, pending: PendingBumps | None):
    """The day at `path` (`field` or `relation__field`) with the instance's attributes
    `values`; None when empty, _UNKNOWN when not known without guessing."""
    name, _sep, remote = path.partition("__")
    field = instance._meta.get_field(name)
    value = values.get(field.attname, _UNKNOWN)
    if not remote or value is None or value is _UNKNOWN:
        return value
    if field.is_cached(instance):
        related = field.get_cached_value(instance)
        if related is not None and related.pk == value:
            return getattr(related, remote)
    target = field.related_model
    memo = pending.dates if pending is not None else {}
    key = (target._meta.label, value, remote)
    if key not in memo:
        rows = target._base_manager.using(using).filter(pk=value).values_list(remote, flat=True)
        found = list(rows[:1])
        memo[key] = found[0] if found else _UNKNOWN
    return memo[key]


def earliest_year(instance, states: Iterable[Mapping], using: str, pending=None) -> int | None:
    """The earliest year among the record's days in each of `states` (its attributes now,
    as it was loaded); None when it has none or one is not known: every year."""
    paths = DATES.get(instance._meta.label)
    if not paths:
        return None
    days = []
    for values in states:
        for path in paths:
            day = _day(instance, path, values, using, pending)
            if day is _UNKNOWN:
                return None
            if day is not None:
                days.append(day)
    return min(days).year if days else None


def _moved(sender, instance, changed, others, states, using) -> None:
    """Bump, after the commit, what this write moved: the families reading the fields it
    changed (and those `ALSO_WRITES` changed), from the earliest year of `states` (None:
    every year)."""
    label = sender._meta.label
    families = families_reading(label, changed, others)
    if label in ALSO_WRITES:
        trigger, other, written = ALSO_WRITES[label]
        if changed is None or changed & trigger:
            families |= families_reading(other, written)
    if not families:
        return
    pending = _pending_for_write(using)
    if pending is not None and pending.covers(families):
        return  # a write of the transaction already moves every year of them
    year = None if states is None else earliest_year(instance, states, using, pending)
    bump_after_commit(dict.fromkeys(families, year), using)


def _record_saved(sender, instance, created, raw=False, using=DEFAULT_DB_ALIAS, **kwargs):
    if raw:  # loaddata: fixtures, not records being edited
        return
    if created and sender._meta.label in READ_THROUGH_RELATIONS:
        changed, others, states = frozenset(), False, None  # nothing refers to it yet
    elif created:
        changed, others, states = None, False, (instance.__dict__,)
    else:
        old = _loaded_values(sender, instance)
        changed, others = _changes(sender, instance, kwargs.get("update_fields"), old)
        # Days not known as they were (an instance not read from the database): every year.
        states = None if old is None else (instance.__dict__, old)
    _moved(sender, instance, changed, others, states, using)
    if sender in _SNAPSHOTS:
        _loaded(sender, instance)  # what the next save of this instance is compared with


def _record_deleted(sender, instance, using=DEFAULT_DB_ALIAS, **kwargs) -> None:
    # Before the delete: a cascade may remove the record that dates this one.
    states = None if instance._state.adding else (instance.__dict__,)
    _moved(sender, instance, None, False, states, using)


def _relation_changed(sender, action: str, using=DEFAULT_DB_ALIAS, **kwargs) -> None:
    if action.startswith("post_"):
        families = families_reading(sender._meta.label, None)
        bump_after_commit(dict.fromkeys(families), using)


def _bulk_written(sender=None, **kwargs) -> None:
    bump_after_commit()


def _migrated(sender, **kwargs) -> None:
    # After migrate (data migrations) or flush (which sends post_migrate too, e.g. between
    # transactional tests): rows changed with no model signal.
    try:
        with transaction.atomic():
            bump_data_version()
    except DatabaseError:  # the database cache's table is not there (yet)
        pass


def connect(config=None) -> None:
    """Wire the bumps (from `ReportsConfig.ready`, which passes itself)."""
    if config is not None:
        post_migrate.connect(_migrated, sender=config, dispatch_uid="reports.freshness.migrate")
    uid = "reports.freshness"
    for model in watched_models():
        fields = snapshot_fields(model)
        if fields:
            _SNAPSHOTS[model] = {model._meta.get_field(name).attname: name for name in fields}
            post_init.connect(_loaded, sender=model, dispatch_uid=f"{uid}.init.{model}")
            pre_save.connect(_saving, sender=model, dispatch_uid=f"{uid}.saving.{model}")
        post_save.connect(_record_saved, sender=model, dispatch_uid=f"{uid}.save.{model}")
        pre_delete.connect(_record_deleted, sender=model, dispatch_uid=f"{uid}.delete.{model}")
        for field in model._meta.local_many_to_many:
            through = field.remote_field.through
            if through._meta.label in IGNORED_MODELS:
                continue
            m2m_changed.connect(_relation_changed, sender=through, dispatch_uid=f"{uid}.{through}")
    post_import.connect(_bulk_written, dispatch_uid=f"{uid}.import")
    entrepreneur_anonymised.connect(_bulk_written, dispatch_uid=f"{uid}.anonymised")
