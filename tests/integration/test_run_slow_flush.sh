#!/usr/bin/env bash
# test_run_slow_flush.sh — a flush that takes longer than the server's wal_sender_timeout
# (each Iceberg commit held 4 s by FLOE_TEST_DELAY_AT=commit:4000, wal_sender_timeout 2 s)
# must not lose the replication session: floe's keepalive thread sends status updates
# while it writes and commits, so the walsender never times out and floe never reconnects.
# Without the keepalive the server ends the session ("terminating walsender process due to
# replication timeout") and floe logs a reconnect. The rows still arrive exactly once.
set -euo pipefail
: "${FLOE_BIN:?}" "${FLOE_SRC:?}"
. "$FLOE_SRC/tests/harness/pg.sh"
. "$FLOE_SRC/tests/integration/run_common.sh"
RUN_YAML_EXTRA="  flush_interval: 200ms" run_init runslow

psql_q "ALTER SYSTEM SET wal_sender_timeout = '2s'" >/dev/null
psql_q "SELECT pg_reload_conf()" >/dev/null
floe_pg_psql >/dev/null <<'SQL'
CREATE TABLE t (id int PRIMARY KEY, v text);
INSERT INTO t SELECT g, 'v' || g FROM generate_series(1, 100) g;
CREATE PUBLICATION floe FOR TABLE t;
SQL
"$FLOE_BIN" setup -c "$CFG" >/dev/null || fail "floe setup failed"
floe_run --once || fail "the first run failed"

FLOE_LOG=debug FLOE_TEST_DELAY_AT=commit:4000 "$FLOE_BIN" run -c "$CFG" >"$WORK/slow.log" 2>&1 &
pid=$!
trap 'kill $pid 2>/dev/null || true; floe_pg_stop; rm -rf "$WORK"' EXIT
sleep 1
for i in 1 2 3; do
	psql_q "INSERT INTO t SELECT g, 'w' || g FROM generate_series($((i * 1000)), $((i * 1000 + 99))) g" >/dev/null
	psql_q "UPDATE t SET v = v || '-u$i' WHERE id % 7 = $i" >/dev/null
	sleep 5
done
# wait for the last change to be committed (each commit takes 4 s here)
for _ in $(seq 1 60); do
	grep -q "committed .* up to" "$WORK/slow.log" && [ "$(grep -c "committed .* up to" "$WORK/slow.log")" -ge 3 ] && break
	sleep 0.5
done
sleep 5
kill -TERM $pid
wait $pid || fail "floe run exited $? after SIGTERM: $(tail -5 "$WORK/slow.log")"
if grep -qi "reconnecting" "$WORK/slow.log"; then
	fail "floe lost its replication session during a slow flush: $(grep -i reconnect "$WORK/slow.log" | head -3)"
fi
if grep -q "replication timeout" "$FLOE_PG_DIR/log"; then
	fail "the server timed the walsender out: $(grep "replication timeout" "$FLOE_PG_DIR/log" | head -2)"
fi
grep -q "sent [0-9]* keepalive" "$WORK/slow.log" ||
	fail "no keepalive was sent during the 4 s flushes: $(grep -i "commit\|keepalive" "$WORK/slow.log" | tail -5)"
check_table public.t id
echo "test_run_slow_flush: ok ($(grep -o "sent [0-9]* keepalives\?" "$WORK/slow.log" | awk '{s += $2} END {print s}') keepalives during $(grep -c "committed .* up to" "$WORK/slow.log") slow commits)"
