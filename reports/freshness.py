"""The data version: figures are cached by what they depend on, never by a clock.

One integer in the shared cache (Redis when REDIS_URL is set, else the database cache, so
every worker and every host reads the same value) changes after every committed write to a
record the figures read. Cached figures are keyed by it (`reports.cache`): the first
request after a write recomputes, every other one reads, and nothing is ever served stale.

What bumps it:
- `post_save`, `post_delete` and `m2m_changed` of every model of `FIGURE_APPS` (adding an
  app whose records the figures read is one line there), minus `IGNORED_MODELS`;
- `migrate` and `flush` (`post_migrate`);
- the paths Django sends no model signal for: the bulk imports (`import_export`'s
  `post_import` for the admin import, `load_csv` calling `bump_after_commit`), the
  anonymisation (`privacy.services.entrepreneur_anonymised`, which `apply_retention`
  calls too), and any caller of `bump_after_commit` (publishing an edition).

The bump runs in `transaction.on_commit`: a reader never sees the new version before the
new rows. Within a transaction that has already written, a read bypasses the cache
(`writes_pending`), so a request, a command or a test reads its own writes.
"""

import secrets

from django.apps import apps
from django.core.cache import cache
from django.db import DEFAULT_DB_ALIAS, DatabaseError, connections, transaction
from django.db.models.signals import m2m_changed, post_delete, post_migrate, post_save
from import_export.signals import post_import

from privacy.services import entrepreneur_anonymised

VERSION_KEY = "reports:data-version"

# The apps whose records the cached figures (and the year's timeline, cooperatives and
# grants) read. Report editions are not among them: the dashboard lists them live.
FIGURE_APPS = ("governance", "entrepreneurs", "cooperatives", "events", "funding")

# Written often and read by no figure: a login saves User.last_login.
IGNORED_MODELS = ("governance.User",)


def data_version() -> int:
    """The current data version (set to a fresh value if the cache lost it)."""
    version = cache.get(VERSION_KEY)
    if version is None:
        version = _fresh_version()
        # add: if another process set one meanwhile, theirs wins and is read back.
        if not cache.add(VERSION_KEY, version, timeout=None):
            version = cache.get(VERSION_KEY, version)
    return version


def bump_data_version() -> int:
    """Give the data a new version now: every figure cached so far is out of date."""
    version = _fresh_version()
    cache.set(VERSION_KEY, version, timeout=None)
    return version


def _fresh_version() -> int:
    # A new random value on every bump, never read-then-incremented: the database cache's
    # incr is a read then a write, and two hosts bumping at once would both write the same
    # value, one of the two writes then invisible to a reader that cached figures in
    # between. Random rather than a clock or a counter: never an old value again after the
    # cache lost the key (a counter would restart at 1), whatever the hosts' clocks say.
    return secrets.randbits(62)


def bump_after_commit(using: str = DEFAULT_DB_ALIAS) -> None:
    """Bump the data version when the current transaction commits (at once outside one);
    once per transaction however many records it writes."""
    if not writes_pending(using):
        transaction.on_commit(bump_data_version, using=using)


def writes_pending(using: str = DEFAULT_DB_ALIAS) -> bool:
    """Whether the current transaction wrote records the figures read (its bump is
    waiting for the commit): its reads must not use, nor fill, the figures' cache."""
    connection = connections[using]
    if not connection.in_atomic_block:
        return False
    return any(callback is bump_data_version for _sids, callback, *_ in connection.run_on_commit)


def watched_models() -> list:
    """The models whose writes bump the data version."""
    installed = {config.label for config in apps.get_app_configs()}
    return [
        model
        for label in FIGURE_APPS
        if label in installed
        for model in apps.get_app_config(label).get_models()
        if model._meta.label not in IGNORED_MODELS
    ]


def _record_written(sender, using=DEFAULT_DB_ALIAS, **kwargs) -> None:
    if kwargs.get("raw"):  # loaddata: fixtures, not records being edited
        return
    bump_after_commit(using)


def _relation_changed(sender, action: str, using=DEFAULT_DB_ALIAS, **kwargs) -> None:
    if action.startswith("post_"):
        bump_after_commit(using)


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
        post_save.connect(_record_written, sender=model, dispatch_uid=f"{uid}.save.{model}")
        post_delete.connect(_record_written, sender=model, dispatch_uid=f"{uid}.delete.{model}")
        for field in model._meta.local_many_to_many:
            through = field.remote_field.through
            m2m_changed.connect(_relation_changed, sender=through, dispatch_uid=f"{uid}.{through}")
    post_import.connect(_bulk_written, dispatch_uid=f"{uid}.import")
    entrepreneur_anonymised.connect(_bulk_written, dispatch_uid=f"{uid}.anonymised")
