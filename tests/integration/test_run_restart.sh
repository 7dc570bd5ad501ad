#!/usr/bin/env bash
# test_run_restart.sh — the continuous mode: `floe run` (no --once) streams while
# transactions arrive, flushes on its 2 s timer, survives a PostgreSQL restart in the
# middle of the stream (reconnects and continues where it left off), and on SIGTERM
# commits what it holds (the last transactions, received but not yet due on the timer)
# and exits 0. Afterwards — without another run — every Iceberg
# table equals the source and the slot has advanced to the end of the workload.
set -euo pipefail
. "$FLOE_SRC/tests/harness/pg.sh"
. "$FLOE_SRC/tests/integration/run_common.sh"
RUN_YAML_EXTRA="  flush_interval: 2s" run_init runrestart

floe_pg_psql >/dev/null <<'SQL'
CREATE TABLE ev (id bigserial PRIMARY KEY, kind text, n int);
INSERT INTO ev (kind, n) SELECT 'seed', g FROM generate_series(1, 1000) g;
CREATE TABLE cnt (k text PRIMARY KEY, v bigint);
INSERT INTO cnt VALUES ('a', 0), ('b', 0);
CREATE PUBLICATION floe FOR TABLE ev, cnt;
SQL

load() { # transactions of inserts and updates, one per psql statement
	local i
	for ((i = 0; i < $1; i++)); do
		echo "INSERT INTO ev (kind, n) SELECT '$2', g FROM generate_series(1, 20) g;"
		echo "UPDATE cnt SET v = v + 1 WHERE k = 'a'; UPDATE ev SET n = -n WHERE id = $((i * 7 + 1));"
		if [ $((i % 10)) = 0 ]; then
			echo "DELETE FROM ev WHERE id IN (SELECT id FROM ev WHERE kind = '$2' LIMIT 5);"
		fi
	done
}

"$FLOE_BIN" run -c "$CFG" >>"$WORK/run.log" 2>&1 &
pid=$!
trap 'kill -9 $pid 2>/dev/null || true; floe_pg_stop; [ -n "${KEEP_WORK:-}" ] || rm -rf "$WORK"' EXIT
load 100 before | floe_pg_psql >/dev/null
sleep 3
grep -q "committed" "$WORK/run.log" || fail "no commit on the flush timer while streaming"

floe_pg_restart
echo "PostgreSQL restarted"
load 100 after | floe_pg_psql >/dev/null

# wait until floe confirmed everything (the slot catches up with the server)
target=$(psql_q "SELECT pg_current_wal_insert_lsn()")
for _ in $(seq 1 120); do
	ok=$(psql_q "SELECT confirmed_flush_lsn >= '$target' FROM pg_replication_slots WHERE slot_name = 'floe'")
	[ "$ok" = t ] && break
	sleep 0.5
done
[ "$ok" = t ] || fail "the slot did not catch up after the restart"
kill -0 $pid 2>/dev/null || fail "floe run died"
grep -q "reconnecting" "$WORK/run.log" || fail "no reconnect logged"

load 20 last | floe_pg_psql >/dev/null
# once the server has sent everything, stop floe before its timer flushes the batch
target=$(psql_q "SELECT pg_current_wal_insert_lsn()")
for _ in $(seq 1 100); do
	ok=$(psql_q "SELECT coalesce(bool_and(sent_lsn >= '$target'), false) FROM pg_stat_replication")
	[ "$ok" = t ] && break
	sleep 0.05
done
sleep 0.3
kill -TERM $pid
set +e
wait $pid
rc=$?
set -e
[ $rc = 0 ] || fail "floe run exited $rc on SIGTERM"
grep -q "info  stopped:" "$WORK/run.log" || fail "no clean stop logged"
check_table public.ev id
check_table public.cnt k
echo "test_run_restart: ok"
