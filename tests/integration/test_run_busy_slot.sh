#!/usr/bin/env bash
# test_run_busy_slot.sh — another consumer (pg_recvlogical) holds floe's slot: the one-shot
# commands `floe run --once` and `floe tail --until-caught-up` must fail within seconds, exit
# non-zero and name the holder's PID; once the holder is gone, `run --once` catches up exactly.
# (Before the fix both retried for 90 s, matching the server's message text.)
set -euo pipefail
: "${FLOE_BIN:?}" "${FLOE_SRC:?}"
. "$FLOE_SRC/tests/harness/pg.sh"
. "$FLOE_SRC/tests/integration/run_common.sh"
run_init runbusy

floe_pg_psql >/dev/null <<'SQL'
CREATE TABLE t (id int PRIMARY KEY, v text);
INSERT INTO t SELECT g, 'v' || g FROM generate_series(1, 100) g;
CREATE PUBLICATION floe FOR TABLE t;
SQL
"$FLOE_BIN" setup -c "$CFG" >/dev/null || fail "floe setup failed"
floe_run --once || fail "first run failed"
check_table public.t id
"$FLOE_PG_BIN/pg_recvlogical" -h 127.0.0.1 -p "$PGPORT" -U postgres -d "$PGDATABASE" -S floe \
	-o proto_version=1 -o publication_names=floe --start --no-loop -f /dev/null &
holder=$!
trap 'kill $holder 2>/dev/null || true; floe_pg_stop; rm -rf "$WORK"' EXIT
for _ in $(seq 1 50); do
	pid=$(psql_q "SELECT active_pid FROM pg_replication_slots WHERE slot_name = 'floe' AND active")
	[ -n "$pid" ] && break
	sleep 0.2
done
[ -n "$pid" ] || fail "pg_recvlogical did not take the slot"

for cmd in "run --once" "tail --until-caught-up"; do
	start=$(date +%s)
	set +e
	timeout 60 "$FLOE_BIN" $cmd -c "$CFG" >"$WORK/busy.out" 2>"$WORK/busy.err"
	rc=$?
	set -e
	took=$(( $(date +%s) - start ))
	[ "$rc" -ne 0 ] || fail "floe $cmd exited 0 while the slot was busy"
	[ "$rc" -ne 124 ] || fail "floe $cmd did not exit within 60 s on a busy slot"
	[ "$took" -le 20 ] || fail "floe $cmd took ${took}s to give up on a busy slot (want fast)"
	grep -q "PID $pid" "$WORK/busy.err" || { cat "$WORK/busy.err" >&2; fail "floe $cmd does not name the holder PID $pid"; }
	grep -q "is in use by another consumer" "$WORK/busy.err" || { cat "$WORK/busy.err" >&2; fail "floe $cmd: unclear busy-slot message"; }
	echo "floe $cmd: exit $rc after ${took}s: $(grep -m1 'in use' "$WORK/busy.err")"
done

kill "$holder"; wait "$holder" 2>/dev/null || true
# (changes made while pg_recvlogical held the slot are its to confirm, so only insert now)
psql_q "INSERT INTO t VALUES (101, 'after the holder left')" >/dev/null
floe_run --once || fail "run after the holder left failed"
check_table public.t id
echo "PASS: test_run_busy_slot"
