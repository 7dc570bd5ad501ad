#!/usr/bin/env bash
# test_setup_prereq.sh — every prerequisite is checked before anything is changed:
# with max_replication_slots = 0, floe setup refuses without creating the publication
# (before the fix it made the publication, then failed on the slot); with
# wal_level = replica, floe run --once fails without creating any Iceberg table.
set -euo pipefail
: "${FLOE_BIN:?}" "${FLOE_SRC:?}"
. "$FLOE_SRC/tests/harness/pg.sh"
export FLOE_PG_CONF="max_replication_slots = 0"
. "$FLOE_SRC/tests/integration/run_common.sh"
run_init setupprereq
floe_pg_psql >/dev/null <<'SQL'
CREATE TABLE t (id int PRIMARY KEY, v text);
INSERT INTO t VALUES (1, 'a');
SQL
if "$FLOE_BIN" setup -c "$CFG" >"$WORK/o" 2>"$WORK/e"; then fail "setup succeeded with max_replication_slots = 0"; fi
cat "$WORK/e"
grep -q "no free replication slot: max_replication_slots = 0" "$WORK/e" || fail "setup does not name max_replication_slots"
[ "$(psql_q "SELECT count(*) FROM pg_publication")" = 0 ] || fail "setup created the publication before failing"

floe_pg_stop
export FLOE_PG_CONF="wal_level = replica"
floe_pg_start setupprereq2
sed -i "s|dsn: .*|dsn: \"$FLOE_PG_DSN\"|" "$CFG"
floe_pg_psql >/dev/null <<'SQL'
CREATE TABLE t (id int PRIMARY KEY, v text);
INSERT INTO t VALUES (1, 'a');
CREATE PUBLICATION floe FOR TABLE t;
SQL
if "$FLOE_BIN" run -c "$CFG" --once >"$WORK/o" 2>"$WORK/e"; then fail "run succeeded with wal_level = replica"; fi
cat "$WORK/e"
grep -q "wal_level" "$WORK/e" || fail "run does not name wal_level"
if [ -e "$WORK/wh/catalog.db" ]; then
	n=$("$FLOE_BIN" tables -c "$CFG" --format jsonl 2>/dev/null | wc -l)
	[ "$n" = 0 ] || fail "run created $n Iceberg table(s) before failing on wal_level"
fi
echo "PASS: test_setup_prereq"
