#!/usr/bin/env bash
# test_run_readonly.sh — issue 17 item 10: a warehouse the user cannot write says so: the
# catalog's directory and the table's data directory are read-only for this user, named
# once (no doubled prefix), with the fix; floe exits 1 and a later run as the owner is exact.
set -euo pipefail
: "${FLOE_BIN:?}" "${FLOE_SRC:?}"
. "$FLOE_SRC/tests/harness/pg.sh"
. "$FLOE_SRC/tests/integration/run_common.sh"
command -v runuser >/dev/null && [ "$(id -u)" = 0 ] || { echo "SKIP: needs root and runuser to act as another user"; exit 0; }
run_init readonly
floe_pg_psql >/dev/null <<'SQL'
CREATE TABLE t (id int PRIMARY KEY, v text);
INSERT INTO t VALUES (1, 'a');
CREATE PUBLICATION floe FOR TABLE t;
SQL
mkdir -p "$WORK/wh"
chmod 755 "$WORK" "$WORK/wh"; chmod 777 "$WORK/spill"; chmod 644 "$CFG"
set +e
runuser -u nobody -- "$FLOE_BIN" run -c "$CFG" --once >"$WORK/o" 2>&1; rc=$?
set -e
[ $rc = 1 ] || { cat "$WORK/o" >&2; fail "run on a read-only warehouse exits $rc"; }
grep -q "floe run: sqlite catalog '$WORK/wh/catalog.db': cannot open: its directory is read-only for this user" "$WORK/o" ||
	{ cat "$WORK/o" >&2; fail "the read-only catalog directory is not said so once"; }
grep -q "catalog '.*': sqlite catalog" "$WORK/o" && fail "doubled catalog prefix"
echo "ok: $(grep 'floe run' "$WORK/o")"

floe_run --once || fail "run as the owner failed"
chmod -R go-w "$WORK/wh"
psql_q "INSERT INTO t VALUES (2, 'b')" >/dev/null
set +e
runuser -u nobody -- "$FLOE_BIN" run -c "$CFG" --once >"$WORK/o" 2>&1; rc=$?
set -e
[ $rc = 1 ] || { cat "$WORK/o" >&2; fail "a streaming run into a read-only table exits $rc"; }
grep -q "floe run: .*the warehouse is read-only for this user" "$WORK/o" || { cat "$WORK/o" >&2; fail "the read-only data directory is not said so"; }
echo "ok: $(grep 'floe run' "$WORK/o")"
floe_run --once || fail "run as the owner after the refusal failed"
check_table public.t id
echo "PASS: test_run_readonly"
