"""`migrate` alone makes the database cache's table: the dashboard needs nothing else."""

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.db.migrations.recorder import MigrationRecorder
from django.urls import reverse

MIGRATION = ("core", "0001_cache_table")
TABLE = "meltingcoop_cache"


def migrate(target) -> None:
    # A fresh executor: its graph must reflect what the previous call applied.
    MigrationExecutor(connection).migrate([target])


def restore() -> None:
    """Leave the schema as the other tests expect it, whatever failed."""
    call_command("createcachetable", verbosity=0)
    recorder = MigrationRecorder(connection)
    if MIGRATION not in recorder.applied_migrations():
        recorder.record_applied(*MIGRATION)


def cache_table_exists() -> bool:
    return TABLE in connection.introspection.table_names()


@pytest.mark.django_db(transaction=True)
def test_the_core_migration_creates_the_cache_table_the_dashboard_uses(board_client):
    try:
        migrate(("core", None))
        assert not cache_table_exists()

        migrate(MIGRATION)

        assert cache_table_exists()
        cache.set("core-migration-check", "kept")
        assert cache.get("core-migration-check") == "kept"
        assert board_client.get(reverse("reports:dashboard")).status_code == 200
        assert board_client.get(reverse("reports:dashboard")).status_code == 200  # from cache
    finally:
        restore()


@pytest.mark.django_db(transaction=True)
def test_the_core_migration_keeps_a_table_createcachetable_already_made():
    # As on a site deployed before the migration existed: the table is there (made by the
    # test database's own createcachetable), the migration is not recorded yet.
    cache.set("made-before", "kept", 600)
    MigrationRecorder(connection).record_unapplied(*MIGRATION)
    try:
        migrate(MIGRATION)
    finally:
        restore()

    assert cache.get("made-before") == "kept"
