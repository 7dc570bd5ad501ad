#!/usr/bin/env bash
# test_setup_resnapshot.sh — issue 17 item 2: after the slot is dropped or invalidated
# (wal_status = lost), `floe check` fails and names the exact recovery, a plain `floe setup`
# refuses, and `floe setup --resnapshot` marks the replicated Iceberg tables for a new copy
# and drops the slot; the next `floe run` creates a new slot, copies the tables again from
# its exported snapshot and replaces their contents in one commit each (older snapshots stay
# for time travel). Iceberg then equals the source exactly (floe scan and icebird), including
# the changes made while there was no slot, and streaming goes on from the new slot.
# A slot still in use is never dropped.
set -euo pipefail
: "${FLOE_BIN:?}" "${FLOE_SRC:?}"
. "$FLOE_SRC/tests/harness/pg.sh"
. "$FLOE_SRC/tests/integration/run_common.sh"
run_init resnap

floe_pg_psql >/dev/null <<'SQL'
CREATE TABLE t (id int PRIMARY KEY, v text);
INSERT INTO t SELECT g, 'v' || g FROM generate_series(1, 200) g;
CREATE TABLE u (id bigint PRIMARY KEY, n numeric(12,2));
INSERT INTO u SELECT g, g * 1.25 FROM generate_series(1, 50) g;
CREATE PUBLICATION floe FOR TABLE t, u;
SQL
"$FLOE_BIN" setup -c "$CFG" >/dev/null || fail "floe setup failed"
floe_run --once || fail "first run failed"
psql_q "UPDATE t SET v = 'streamed' WHERE id <= 10; DELETE FROM u WHERE id > 45" >/dev/null
floe_run --once || fail "streaming run failed"
check_table public.t id
check_table public.u id
snaps_before=$("$FLOE_BIN" history -c "$CFG" public.t | tail -n +2 | wc -l)

# --- the slot is dropped; changes are made while there is none
psql_q "SELECT pg_drop_replication_slot('floe')" >/dev/null
psql_q "INSERT INTO t VALUES (1001, 'made while there was no slot'); UPDATE t SET v = 'gap' WHERE id = 20;
        DELETE FROM t WHERE id = 30; UPDATE u SET n = 0.01 WHERE id = 1" >/dev/null

set +e
"$FLOE_BIN" check -c "$CFG" >"$WORK/check" 2>&1
rc=$?
set -e
[ $rc = 1 ] || { cat "$WORK/check" >&2; fail "check exits $rc with the slot gone and the tables replicated through it, want 1"; }
grep -q "^fail replication slot 'floe' does not exist, but Iceberg table 'public\.[tu]' (and others) was replicated through it" "$WORK/check" ||
	{ cat "$WORK/check" >&2; fail "check does not report the dropped slot as a fail"; }
grep -q -- "--resnapshot" "$WORK/check" || { cat "$WORK/check" >&2; fail "check does not name floe setup --resnapshot"; }
echo "ok: check: $(grep "^fail replication slot" "$WORK/check")"

if "$FLOE_BIN" setup -c "$CFG" >"$WORK/o" 2>"$WORK/e"; then fail "plain setup created a slot that would skip the gap"; fi
grep -q -- "--resnapshot" "$WORK/e" || { cat "$WORK/e" >&2; fail "setup's refusal does not name --resnapshot"; }

"$FLOE_BIN" setup -c "$CFG" --resnapshot >"$WORK/o" 2>"$WORK/e" || { cat "$WORK/e" >&2; fail "setup --resnapshot failed"; }
cat "$WORK/o"
[ "$(grep -c "^marked Iceberg table" "$WORK/o")" = 2 ] || fail "setup --resnapshot did not mark both tables"
[ "$(psql_q "SELECT count(*) FROM pg_replication_slots WHERE slot_name = 'floe'")" = 0 ] ||
	fail "setup --resnapshot created the slot itself (the run must, with its exported snapshot)"
# idempotent: a second time marks nothing new and says so
"$FLOE_BIN" setup -c "$CFG" --resnapshot >"$WORK/o2" 2>&1 || { cat "$WORK/o2" >&2; fail "second setup --resnapshot failed"; }
grep -q "^marked" "$WORK/o2" && fail "second setup --resnapshot marked the tables again"
set +e
"$FLOE_BIN" check -c "$CFG" >"$WORK/check" 2>&1
set -e
grep -q "^fail replication slot" "$WORK/check" && { cat "$WORK/check" >&2; fail "check still fails after setup --resnapshot"; }
grep -q "^warn replication slot 'floe' does not exist yet; 2 Iceberg tables are marked for a new copy" "$WORK/check" ||
	{ cat "$WORK/check" >&2; fail "check does not say the tables are marked for a new copy"; }

floe_run --once || { tail -20 "$WORK/run.log" >&2; fail "run after setup --resnapshot failed"; }
grep -q "is marked for a new copy" "$WORK/run.log" || fail "the run does not say it copies the marked tables again"
check_table public.t id
check_table public.u id
check_icebird public.t id
check_icebird public.u id
snaps_after=$("$FLOE_BIN" history -c "$CFG" public.t | tail -n +2 | wc -l)
[ "$snaps_after" = $((snaps_before + 1)) ] || fail "history: $snaps_before snapshots before, $snaps_after after (want one more: the re-copy)"
"$FLOE_BIN" history -c "$CFG" public.t | tail -1 | grep -q overwrite || { "$FLOE_BIN" history -c "$CFG" public.t >&2; fail "the re-copy is not one overwrite commit"; }
meta=$("$FLOE_BIN" tables -c "$CFG" --format jsonl | "$PY" -c "
import json, sys
for l in sys.stdin:
    t = json.loads(l)
    if t['table'] == 'public.t': print(t['metadata_location'])")
"$PY" -c "
import json, sys
md = json.load(open(sys.argv[1].replace('file://', '')))
assert 'floe.resnapshot' not in md.get('properties', {}), md['properties']" "$meta" ||
	fail "the re-copy's commit left the floe.resnapshot property"
echo "ok: re-copied in place: $snaps_before → $snaps_after snapshots, exact"

psql_q "INSERT INTO t VALUES (1002, 'after the re-copy'); UPDATE u SET n = 99.99 WHERE id = 2" >/dev/null
floe_run --once || fail "streaming after the re-copy failed"
check_table public.t id
check_table public.u id

# --- the slot is in use by a running floe: --resnapshot refuses and changes nothing
"$FLOE_BIN" run -c "$CFG" >>"$WORK/run.log" 2>&1 &
runpid=$!
for _ in $(seq 1 100); do
	[ "$(psql_q "SELECT count(*) FROM pg_replication_slots WHERE slot_name = 'floe' AND active")" = 1 ] && break
	sleep 0.1
done
if "$FLOE_BIN" setup -c "$CFG" --resnapshot >"$WORK/o" 2>"$WORK/e"; then
	kill $runpid; fail "setup --resnapshot dropped a slot in use"
fi
grep -q "in use by PID" "$WORK/e" || { cat "$WORK/e" >&2; kill $runpid; fail "the refusal does not name the holder"; }
grep -q "^marked" "$WORK/o" && { kill $runpid; fail "setup --resnapshot marked tables though it refused"; }
kill -TERM $runpid; wait $runpid || true
echo "ok: a slot in use is refused: $(cat "$WORK/e")"

# --- the slot is invalidated (wal_status = lost)
floe_pg_psql >/dev/null <<'SQL'
ALTER SYSTEM SET max_slot_wal_keep_size = '1MB';
SELECT pg_reload_conf();
SQL
psql_q "INSERT INTO t VALUES (1003, 'before the loss')" >/dev/null
for _ in 1 2 3 4; do
	psql_q "INSERT INTO t SELECT g, repeat('w', 200) FROM generate_series(100000, 120000) g;
	        DELETE FROM t WHERE id >= 100000; SELECT pg_switch_wal()" >/dev/null
done
psql_q "CHECKPOINT" >/dev/null
for _ in $(seq 1 50); do
	[ "$(psql_q "SELECT wal_status FROM pg_replication_slots WHERE slot_name = 'floe'")" = lost ] && break
	psql_q "SELECT pg_switch_wal(); CHECKPOINT" >/dev/null
	sleep 0.1
done
[ "$(psql_q "SELECT wal_status FROM pg_replication_slots WHERE slot_name = 'floe'")" = lost ] ||
	fail "could not invalidate the slot for the test: $(psql_q "SELECT wal_status FROM pg_replication_slots")"
psql_q "ALTER SYSTEM RESET max_slot_wal_keep_size" >/dev/null
psql_q "SELECT pg_reload_conf()" >/dev/null
psql_q "UPDATE t SET v = 'after the loss' WHERE id = 40" >/dev/null

if "$FLOE_BIN" setup -c "$CFG" >"$WORK/o" 2>"$WORK/e"; then
	fail "plain setup accepted a lost slot: $(cat "$WORK/o")"
fi
grep -q "wal_status = lost" "$WORK/e" && grep -q -- "--resnapshot" "$WORK/e" ||
	{ cat "$WORK/e" >&2; fail "setup on a lost slot does not say so and name --resnapshot"; }
set +e
"$FLOE_BIN" check -c "$CFG" >"$WORK/check" 2>&1
rc=$?
set -e
[ $rc = 1 ] && grep -q "^fail replication slot 'floe' has lost WAL.*--resnapshot" "$WORK/check" ||
	{ cat "$WORK/check" >&2; fail "check does not fail on the lost slot with the --resnapshot fix"; }
"$FLOE_BIN" setup -c "$CFG" --resnapshot >"$WORK/o" 2>"$WORK/e" || { cat "$WORK/e" >&2; fail "setup --resnapshot on a lost slot failed"; }
grep -q "dropped replication slot 'floe' (wal_status = lost)" "$WORK/o" || { cat "$WORK/o" >&2; fail "setup --resnapshot did not drop the lost slot"; }
floe_run --once || { tail -20 "$WORK/run.log" >&2; fail "run after the lost slot's re-snapshot failed"; }
check_table public.t id
check_table public.u id
check_icebird public.t id
echo "PASS: test_setup_resnapshot"
