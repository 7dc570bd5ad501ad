#!/usr/bin/env bash
# test_setup_identity.sh — floe setup must not publish a table without a usable replica
# identity (no primary key under REPLICA IDENTITY DEFAULT, or NOTHING): once published,
# PostgreSQL rejects the application's UPDATE and DELETE on it. setup refuses, names each
# table with the fix, changes nothing (no publication, no slot); after the fix it succeeds
# and the application's updates still work. Before the fix setup published them.
set -euo pipefail
: "${FLOE_BIN:?}" "${FLOE_SRC:?}"
. "$FLOE_SRC/tests/harness/pg.sh"
. "$FLOE_SRC/tests/integration/run_common.sh"
run_init setupident

floe_pg_psql >/dev/null <<'SQL'
CREATE TABLE good (id int PRIMARY KEY, v text);
CREATE TABLE nopk (a int, b text);
CREATE TABLE pknothing (id int PRIMARY KEY, v text);
ALTER TABLE pknothing REPLICA IDENTITY NOTHING;
CREATE TABLE full_ok (a int, b text);
ALTER TABLE full_ok REPLICA IDENTITY FULL;
INSERT INTO nopk VALUES (1, 'x'); INSERT INTO pknothing VALUES (1, 'x');
SQL
nothing_done() {
	[ "$(psql_q "SELECT count(*) FROM pg_publication")" = 0 ] || fail "$1: setup created a publication"
	[ "$(psql_q "SELECT count(*) FROM pg_replication_slots")" = 0 ] || fail "$1: setup created a slot"
}
refused() { # label
	if "$FLOE_BIN" setup -c "$CFG" >"$WORK/o" 2>"$WORK/e"; then fail "$1: setup accepted tables without a replica identity"; fi
	[ "$(wc -l <"$WORK/e")" = 1 ] || { cat "$WORK/e" >&2; fail "$1: want one line on stderr"; }
	grep -q "public.nopk (no primary key)" "$WORK/e" || { cat "$WORK/e" >&2; fail "$1: nopk not named"; }
	grep -q "public.pknothing (REPLICA IDENTITY NOTHING: ALTER TABLE ... REPLICA IDENTITY DEFAULT)" "$WORK/e" ||
		{ cat "$WORK/e" >&2; fail "$1: pknothing not named with its fix"; }
	grep -q "public.full_ok (REPLICA IDENTITY FULL without a primary key" "$WORK/e" ||
		{ cat "$WORK/e" >&2; fail "$1: full_ok (floe run refuses it) not named"; }
	grep -q "good" "$WORK/e" && fail "$1: usable table named"
	nothing_done "$1"
	echo "$1 refused: $(cat "$WORK/e")"
}

# floe check: pknothing's fix is REPLICA IDENTITY DEFAULT, not a primary key it already has
sed -i 's/  slot: floe/  slot: floe\n  tables: [good, nopk, pknothing, full_ok]/' "$CFG"
"$FLOE_BIN" check -c "$CFG" >"$WORK/check.out" 2>&1 || true
grep -q "ALTER TABLE public.pknothing REPLICA IDENTITY DEFAULT;" "$WORK/check.out" ||
	{ cat "$WORK/check.out" >&2; fail "check's fix for PK + REPLICA IDENTITY NOTHING is not REPLICA IDENTITY DEFAULT"; }
grep -q "ALTER TABLE public.pknothing ADD PRIMARY KEY" "$WORK/check.out" && fail "check tells pknothing to add a primary key"
sed -i '/  tables: /d' "$CFG"

# source.tables naming them
sed -i 's/  slot: floe/  slot: floe\n  tables: [good, nopk, pknothing, full_ok]/' "$CFG"
refused "source.tables"
# FOR ALL TABLES
sed -i '/  tables: /d' "$CFG"
refused "FOR ALL TABLES"

psql_q "ALTER TABLE nopk ADD PRIMARY KEY (a); ALTER TABLE pknothing REPLICA IDENTITY DEFAULT; ALTER TABLE full_ok ADD PRIMARY KEY (a)" >/dev/null
"$FLOE_BIN" setup -c "$CFG" >"$WORK/o" 2>"$WORK/e" || { cat "$WORK/e" >&2; fail "setup after the fix failed"; }
psql_q "UPDATE nopk SET b = 'y'; DELETE FROM pknothing" >/dev/null || fail "application updates rejected after setup"
floe_run --once || fail "run failed"
check_table public.nopk a
echo "PASS: test_setup_identity"
