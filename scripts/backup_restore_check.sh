#!/usr/bin/env bash
# Back up a PostgreSQL database with pg_dump -Fc, restore it into a fresh database with
# pg_restore --single-transaction --exit-on-error, and compare every table's row count.
# Usage: scripts/backup_restore_check.sh SOURCE_DB [PG_URL_BASE]
#   PG_URL_BASE defaults to postgres://postgres@127.0.0.1:5432
set -euo pipefail

source_db=${1:?usage: $0 SOURCE_DB [PG_URL_BASE]}
base=${2:-postgres://postgres@127.0.0.1:5432}
restored_db="${source_db}_restore_check"
dump_file=$(mktemp --suffix=.dump)
trap 'rm -f "$dump_file"; psql -q "$base/postgres" -c "DROP DATABASE IF EXISTS \"$restored_db\"" >/dev/null' EXIT

row_counts() {
  # One line per table: "table count", from an exact count(*) of every user table.
  psql -At "$base/$1" <<'SQL'
SELECT format('SELECT %L || '' '' || count(*) FROM %I.%I', tablename, schemaname, tablename)
FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename
\gexec
SQL
}

echo "backing up $source_db"
pg_dump -Fc --no-owner -f "$dump_file" "$base/$source_db"
echo "dump: $(du -h "$dump_file" | cut -f1)"

psql -q "$base/postgres" -c "DROP DATABASE IF EXISTS \"$restored_db\"" >/dev/null
psql -q "$base/postgres" -c "CREATE DATABASE \"$restored_db\"" >/dev/null
pg_restore --single-transaction --exit-on-error --no-owner -d "$base/$restored_db" "$dump_file"

if diff <(row_counts "$source_db") <(row_counts "$restored_db"); then
  echo "restore check passed: $(row_counts "$source_db" | wc -l) tables, same row counts"
else
  echo "restore check FAILED: row counts differ (left: source, right: restored)" >&2
  exit 1
fi
