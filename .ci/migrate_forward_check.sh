#!/usr/bin/env bash
# Migration forward check, on PostgreSQL: the previous main's code migrates a new database and
# seeds the demo into it (tasks eager, as `make run`); the row count of every accounts,
# programmes, diagnostics, resources and community table is recorded; then this tree's
# migrations run on the same database and every count must be the same. Fails loudly otherwise.
#
#   bash .ci/migrate_forward_check.sh            (from CI's .ci/run, after the tests)
#   PYTHON=/path/to/python bash .ci/migrate_forward_check.sh
set -euo pipefail

# The main this tree follows: whose migrations and demo must carry forward unchanged.
PREVIOUS_MAIN="${PREVIOUS_MAIN:-99c3d4d}"
# A database of the check's own (dropped and made anew on every run).
FORWARD_DB="${FORWARD_DB:-cp_forward}"
PG_SERVER="${FORWARD_PG_SERVER:-postgres://postgres@127.0.0.1:5432}"
APPS_PATTERN='^(accounts|programmes|diagnostics|resources|community)_'
# Tables this tree retires on purpose, each with the table its rows move to, which must end
# up with exactly as many rows: "old:new" (community notices moved to core's one outbox).
MOVED_TABLES="community_notice:core_email"

cd "$(dirname "$0")/.."
here="$(pwd)"
if [ -z "${PYTHON:-}" ]; then
  if [ -x .venv/bin/python ]; then PYTHON="$here/.venv/bin/python"; else PYTHON=python3; fi
fi

fail() { printf '\nMIGRATION FORWARD CHECK FAILED: %s\n' "$*" >&2; exit 1; }
say() { printf '\n== forward check: %s\n' "$*"; }

git cat-file -e "${PREVIOUS_MAIN}^{commit}" 2>/dev/null ||
  fail "commit $PREVIOUS_MAIN is not in this clone (a shallow clone? fetch the history)"

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/previous" "$work/media"
git archive "$PREVIOUS_MAIN" | tar -x -C "$work/previous"

psql_admin() { psql "$PG_SERVER/postgres" -v ON_ERROR_STOP=1 -qAt "$@"; }
psql_check() { psql "$PG_SERVER/$FORWARD_DB" -v ON_ERROR_STOP=1 -qAt "$@"; }

say "fresh database $FORWARD_DB"
psql_admin -c "drop database if exists $FORWARD_DB" || fail "cannot drop $FORWARD_DB"
psql_admin -c "create database $FORWARD_DB" || fail "cannot create $FORWARD_DB"

# As `make run`: local settings, no broker (tasks run eagerly), the local-memory cache.
manage() {
  env -u CELERY_BROKER_URL -u REDIS_URL -u REQUIRE_SERVICES \
    DATABASE_URL="$PG_SERVER/$FORWARD_DB" \
    DJANGO_SETTINGS_MODULE=culture_portal.settings.local \
    MEDIA_ROOT="$work/media" \
    "$PYTHON" manage.py "$@"
}

counts() {
  psql_check -F ' ' -c "
    select table_name,
           (xpath('/row/n/text()',
                  query_to_xml(format('select count(*) as n from %I', table_name),
                               false, true, '')))[1]::text
    from information_schema.tables
    where table_schema = 'public' and table_type = 'BASE TABLE'
      and table_name ~ '$APPS_PATTERN'
    order by table_name"
}

say "previous main $(git rev-parse --short "$PREVIOUS_MAIN"): migrate and seed_demo"
(cd "$work/previous" && manage migrate --noinput) || fail "the previous main's migrate failed"
(cd "$work/previous" && manage seed_demo) || fail "the previous main's seed_demo failed"
counts | LC_ALL=C sort > "$work/before.txt"

# The demo must have filled something in each app, or the comparison proves nothing.
for app in accounts programmes diagnostics resources community; do
  awk -v app="$app" 'index($1, app "_") == 1 && $2 > 0 { found = 1 } END { exit !found }' \
    "$work/before.txt" || fail "the demo left every $app table empty"
done

say "this tree ($(git rev-parse --short HEAD)): migrate"
manage migrate --noinput || fail "this tree's migrate failed on the previous main's database"
counts | LC_ALL=C sort > "$work/after.txt"

say "row counts (table, before, after)"
LC_ALL=C join -a 1 -a 2 -e MISSING -o 0,1.2,2.2 "$work/before.txt" "$work/after.txt" |
  awk '{ mark = ($2 == $3) ? "" : ($2 == "MISSING" ? "  (new table)" : "  <-- CHANGED");
         printf "%-55s %8s %8s%s\n", $1, $2, $3, mark }' | tee "$work/compared.txt"

for pair in $MOVED_TABLES; do
  old="${pair%%:*}" new="${pair##*:}"
  had="$(awk -v t="$old" '$1 == t { print $2 }' "$work/before.txt")"
  [ -n "$had" ] || continue  # the previous main never had it: nothing to carry
  got="$(psql_check -c "select count(*) from $new")"
  [ "$had" = "$got" ] || fail "$old had $had rows; $new has $got after this tree's migrate"
  say "$old ($had rows) moved to $new ($got rows)"
  sed -i "/^$old /d" "$work/compared.txt"
done

changed="$(grep -c 'CHANGED' "$work/compared.txt" || true)"
if [ "$changed" != "0" ]; then
  fail "$changed table(s) lost or gained rows, or disappeared, in this tree's migrations"
fi
tables="$(wc -l < "$work/before.txt")"
rows="$(awk '{ n += $2 } END { print n }' "$work/before.txt")"
psql_admin -c "drop database if exists $FORWARD_DB" || true
say "passed: $tables tables, $rows rows, the same before and after this tree's migrate"
