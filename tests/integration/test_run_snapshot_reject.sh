#!/usr/bin/env bash
# test_run_snapshot_reject.sh — issue 17 item 3: a value the type policy rejects during the
# initial snapshot (numeric NaN, 1e30, 1e-20, '{NaN}'::numeric[], date/timestamp
# ±infinity with the default 'fail') makes `floe run --once` exit non-zero within a few
# seconds with the stream's message (table, column, value, policy key), no temporary
# slot left behind and no partial data file; SIGTERM during a large snapshot copy ends
# floe within 2 s, and the rerun copies the table exactly.
set -euo pipefail
. "$FLOE_SRC/tests/harness/pg.sh"
. "$FLOE_SRC/tests/integration/run_common.sh"
run_init snapreject

floe_pg_psql >/dev/null <<'SQL'
CREATE TABLE ok (id int PRIMARY KEY, v text);
INSERT INTO ok SELECT g, 'v' || g FROM generate_series(1, 10) g;
CREATE TABLE n_nan (id int PRIMARY KEY, x numeric);
CREATE TABLE n_big (id int PRIMARY KEY, x numeric);
CREATE TABLE n_small (id int PRIMARY KEY, x numeric);
CREATE TABLE n_arr (id int PRIMARY KEY, x numeric[]);
CREATE TABLE d_inf (id int PRIMARY KEY, x date);
CREATE TABLE ts_inf (id int PRIMARY KEY, x timestamp);
CREATE TABLE big (id int PRIMARY KEY, v text);
SQL

# each bad table alone in the publication: the run must fail fast with the policy key
try_bad() { # table value policy-key
	local t=$1 val=$2 key=$3
	floe_pg_psql >/dev/null <<SQL
DROP PUBLICATION IF EXISTS floe;
TRUNCATE $t;
INSERT INTO $t SELECT g, NULL FROM generate_series(1, 5000) g;
INSERT INTO $t VALUES (5001, $val);
CREATE PUBLICATION floe FOR TABLE ok, $t;
SQL
	rm -rf "$WORK/wh"
	set +e
	timeout -s KILL 20 "$FLOE_BIN" run -c "$CFG" --once >"$WORK/out" 2>&1
	local rc=$?
	set -e
	[ $rc != 137 ] || { cat "$WORK/out" >&2; fail "$t: floe run hung on a rejected snapshot value (killed after 20 s)"; }
	[ $rc = 1 ] || { cat "$WORK/out" >&2; fail "$t: exit $rc, want 1"; }
	grep -qF "$t" "$WORK/out" || { cat "$WORK/out" >&2; fail "$t: message does not name the table"; }
	grep -qF "'x'" "$WORK/out" || { cat "$WORK/out" >&2; fail "$t: message does not name the column"; }
	grep -qF "$key" "$WORK/out" || { cat "$WORK/out" >&2; fail "$t: message does not name $key"; }
	local left
	left=$(psql_q "SELECT count(*) FROM pg_replication_slots WHERE temporary")
	[ "$left" = 0 ] || fail "$t: $left replication slot(s) left behind"
	left=$(find "$WORK/wh" -path "*$t*" -name '*.parquet' 2>/dev/null | wc -l)
	[ "$left" = 0 ] || { find "$WORK/wh" -path "*$t*" -name '*.parquet' >&2; fail "$t: $left data file(s) left behind"; }
	echo "ok: $t: $(grep -m1 'floe run' "$WORK/out" | head -c 300)"
}
try_bad n_nan "'NaN'" types.numeric_overflow
try_bad n_big "1e30" types.numeric_overflow
try_bad n_small "1e-20" types.numeric_overflow
try_bad n_arr "'{NaN}'" types.numeric_overflow
try_bad d_inf "'infinity'" types.infinity
try_bad ts_inf "'-infinity'" types.infinity

# SIGTERM at several points of a 1M-row copy: exit within 2 s, then the rerun is exact
# a fresh slot: the old one's decoding position predates the recreated publication
floe_pg_psql >/dev/null <<'SQL'
DROP PUBLICATION IF EXISTS floe;
SELECT pg_drop_replication_slot(slot_name) FROM pg_replication_slots;
INSERT INTO big SELECT g, repeat('x', 40) || g FROM generate_series(1, 1000000) g;
CREATE PUBLICATION floe FOR TABLE big;
SQL
for delay in 0.5 1.5 3; do
	rm -rf "$WORK/wh"
	"$FLOE_BIN" run -c "$CFG" --once >"$WORK/out" 2>&1 &
	pid=$!
	sleep "$delay"
	kill -TERM $pid 2>/dev/null || true
	t0=$(date +%s%N)
	while kill -0 $pid 2>/dev/null; do
		if [ $(( ($(date +%s%N) - t0) / 1000000 )) -gt 2000 ]; then
			kill -KILL $pid
			cat "$WORK/out" >&2
			fail "SIGTERM after ${delay}s: floe still running 2 s later"
		fi
		sleep 0.05
	done
	set +e
	wait $pid
	rc=$?
	set -e
	grep -q 'snapshot public.big' "$WORK/out" || { cat "$WORK/out" >&2; fail "SIGTERM after ${delay}s: the snapshot had not started"; }
	grep -qi 'error\|floe run:' "$WORK/out" && { cat "$WORK/out" >&2; fail "SIGTERM after ${delay}s: an error instead of a clean stop"; }
	echo "ok: SIGTERM after ${delay}s: exit $rc within $(( ($(date +%s%N) - t0) / 1000000 )) ms"
	left=$(psql_q "SELECT count(*) FROM pg_replication_slots WHERE temporary")
	[ "$left" = 0 ] || fail "SIGTERM after ${delay}s: temporary slot left behind"
done
floe_run --once || fail "rerun after SIGTERM failed"
check_table_csv public.big 2
