#!/usr/bin/env bash
# Backup and restore round trip on PostgreSQL, as docs/deployment.md tells operators to do it:
# build a database with the demo data, back it up with `pg_dump -Fc`, restore it into a fresh
# database with `pg_restore`, and compare every table of the two (row count and an md5 of the
# sorted rows) and every sequence. Exits non-zero on any difference.
#
#   DATABASE_URL=postgres://thidua:thidua@127.0.0.1:5432/thidua scripts/backup_roundtrip.sh
#
# The role needs CREATEDB. It works on two scratch databases named after the one in the URL
# (<name>_backup_src, <name>_backup_restore), dropped at the end (KEEP=1 keeps them); the
# database in the URL itself is not touched.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${PYTHON:-.venv/bin/python}

: "${DATABASE_URL:?set DATABASE_URL=postgres://user:password@host:port/name (a role with CREATEDB)}"
case "$DATABASE_URL" in
  postgres://* | postgresql://*) ;;
  *) echo "backup_roundtrip: DATABASE_URL must point at PostgreSQL" >&2; exit 2 ;;
esac
url="${DATABASE_URL%%\?*}"          # no query parameters
server="${url%/*}"                  # postgres://user:password@host:port
name="${url##*/}"
src="${name}_backup_src"
dst="${name}_backup_restore"
work="$(mktemp -d)"
export PGOPTIONS="-c client_min_messages=warning"

admin() { psql "$server/postgres" -X -q -v ON_ERROR_STOP=1 -c "$1" >/dev/null; }
cleanup() {
  if [ "${KEEP:-0}" != 1 ]; then
    admin "DROP DATABASE IF EXISTS $src WITH (FORCE)" || true
    admin "DROP DATABASE IF EXISTS $dst WITH (FORCE)" || true
  fi
  rm -rf "$work"
}
trap cleanup EXIT

# One line per table: name, row count, md5 of its rows in a fixed order; then every sequence.
read -r -d '' FINGERPRINT <<'SQL' || true
SELECT format('table %s rows=%s md5=%s', c.relname,
  (xpath('/row/n/text()', query_to_xml(format(
     'SELECT count(*) AS n FROM %I.%I', n.nspname, c.relname), false, true, '')))[1]::text,
  (xpath('/row/h/text()', query_to_xml(format(
     'SELECT md5(coalesce(string_agg(t::text, E''\n'' ORDER BY t::text), '''')) AS h FROM %I.%I AS t',
     n.nspname, c.relname), false, true, '')))[1]::text)
FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p')
UNION ALL
SELECT format('sequence %s last_value=%s', sequencename, coalesce(last_value::text, 'unused'))
FROM pg_sequences WHERE schemaname = 'public'
ORDER BY 1;
SQL
fingerprint() { psql "$server/$1" -X -A -t -q -v ON_ERROR_STOP=1 -c "$FINGERPRINT"; }

echo "== Source database $src: migrate and load the demo data"
admin "DROP DATABASE IF EXISTS $src WITH (FORCE)"
admin "DROP DATABASE IF EXISTS $dst WITH (FORCE)"
admin "CREATE DATABASE $src"
DATABASE_URL="$server/$src" "$PY" manage.py migrate --noinput -v0
DATABASE_URL="$server/$src" "$PY" manage.py load_demo >/dev/null

echo "== pg_dump -Fc"
pg_dump --format=custom --file="$work/thidua.dump" "$server/$src"
echo "   $(du -h "$work/thidua.dump" | cut -f1) written"

echo "== pg_restore into a fresh database $dst"
admin "CREATE DATABASE $dst"
pg_restore --exit-on-error --no-owner --dbname="$server/$dst" "$work/thidua.dump"

echo "== Compare"
fingerprint "$src" >"$work/src.txt"
fingerprint "$dst" >"$work/dst.txt"
if ! diff -u "$work/src.txt" "$work/dst.txt"; then
  echo "backup_roundtrip: FAILED, the restored database differs (diff above)" >&2
  exit 1
fi
tables=$(grep -c '^table ' "$work/src.txt")
rows=$(awk '/^table / { sub("rows=", "", $3); n += $3 } END { print n + 0 }' "$work/src.txt")
if [ "$tables" -lt 10 ] || [ "$rows" -lt 100 ]; then
  echo "backup_roundtrip: FAILED, suspiciously little data ($tables tables, $rows rows)" >&2
  exit 1
fi
# The restored database is one the application accepts as it is.
DATABASE_URL="$server/$dst" "$PY" manage.py migrate --check --noinput -v0
echo "backup_roundtrip: $tables tables and $rows rows identical (counts and contents), sequences identical"

echo "== Self-test: the comparison finds one lost row of the restored copy"
psql "$server/$dst" -X -q -v ON_ERROR_STOP=1 \
  -c "DELETE FROM blocs_membership WHERE id = (SELECT max(id) FROM blocs_membership)" >/dev/null
fingerprint "$dst" >"$work/lost.txt"
if diff -u "$work/src.txt" "$work/lost.txt"; then
  echo "backup_roundtrip: FAILED, the comparison did not find a lost row" >&2
  exit 1
fi
echo "backup_roundtrip: OK"
