"""The database cache's table, so that `migrate` alone gives a working site.

Django makes it only with `createcachetable`; a deployment or a test harness that runs
`migrate` alone got « no such table: meltingcoop_cache » on the first cached page. This
runs the same code for every database cache in settings.CACHES (none when REDIS_URL sets
a Redis cache) and, like the command, leaves alone a table that already exists.
"""

from django.conf import settings
from django.core.cache import caches
from django.core.cache.backends.db import BaseDatabaseCache
from django.core.management.commands.createcachetable import Command as CreateCacheTable
from django.db import migrations


def _database_cache_tables() -> list[str]:
    return [
        caches[alias]._table
        for alias in settings.CACHES
        if isinstance(caches[alias], BaseDatabaseCache)
    ]


def create_cache_tables(apps, schema_editor) -> None:
    command = CreateCacheTable()
    command.verbosity = 0
    for table in _database_cache_tables():
        command.create_table(schema_editor.connection.alias, table, dry_run=False)


def drop_cache_tables(apps, schema_editor) -> None:
    existing = schema_editor.connection.introspection.table_names()
    for table in _database_cache_tables():
        if table in existing:
            schema_editor.execute(f"DROP TABLE {schema_editor.quote_name(table)}")


class Migration(migrations.Migration):
    initial = True

    dependencies = []

    operations = [migrations.RunPython(create_cache_tables, drop_cache_tables)]
