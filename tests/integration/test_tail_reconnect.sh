#!/usr/bin/env bash
# test_tail_reconnect.sh — a running `floe tail` survives its walsender being terminated
# and a restart of the server: it reconnects with backoff and resumes after the last
# transaction it printed, so every row appears exactly once (no --ack needed). SIGTERM
# then stops it with exit 0 and no changes lost in between. A table with a text-only type
# joining the publication switches the running stream from binary to text values.
set -euo pipefail
. "$FLOE_SRC/tests/harness/pg.sh"
. "$FLOE_SRC/tests/integration/tail_common.sh"
tail_init tailrecon

psql_q "CREATE TABLE r (id int PRIMARY KEY)" >/dev/null
"$FLOE_BIN" tail -c "$CFG" >"$WORK/out.jsonl" 2>"$WORK/err" &
pid=$!
wait_rows() { # n
	for _ in $(seq 1 150); do
		[ "$(grep -c '"table":"r"' "$WORK/out.jsonl" || true)" -ge "$1" ] && return 0
		sleep 0.2
	done
	cat "$WORK/err"; fail "tail did not print $1 rows"
}
psql_q "INSERT INTO r SELECT generate_series(1, 100)" >/dev/null
wait_rows 100
psql_q "SELECT pg_terminate_backend(active_pid) FROM pg_replication_slots WHERE slot_name = 'floe'" >/dev/null
psql_q "INSERT INTO r SELECT generate_series(101, 200)" >/dev/null
wait_rows 200
floe_pg_restart
psql_q "INSERT INTO r SELECT generate_series(201, 300)" >/dev/null
wait_rows 300
# a table with a type that has no binary decoder joins (FOR ALL TABLES): floe switches
# the running stream to text values without losing or repeating anything
psql_q "CREATE TABLE x (id int PRIMARY KEY, span int4range)" >/dev/null
psql_q "BEGIN; INSERT INTO r VALUES (301); INSERT INTO x VALUES (1, '[1,5)'); INSERT INTO r VALUES (302); COMMIT" >/dev/null
wait_rows 302
for _ in $(seq 1 50); do grep -q '"table":"x"' "$WORK/out.jsonl" && break; sleep 0.2; done
grep -q '"table":"x".*"span":"\[1,5)"' "$WORK/out.jsonl" || { cat "$WORK/err" "$WORK/out.jsonl" | tail; fail "row of x"; }
grep -q 'switching to text values' "$WORK/err" || { cat "$WORK/err"; fail "no switch to text values logged"; }
kill -TERM "$pid"
wait "$pid" || { cat "$WORK/err"; fail "tail did not exit 0 after SIGTERM"; }
grep -q 'reconnecting' "$WORK/err" || { cat "$WORK/err"; fail "no reconnect was logged"; }
ids=$(grep '"table":"r"' "$WORK/out.jsonl" | "$PY" -c 'import json,sys; print(" ".join(str(json.loads(l)["key"]["id"]) for l in sys.stdin))')
[ "$ids" = "$(seq -s ' ' 1 302)" ] || fail "rows not exactly once in order: $(echo "$ids" | wc -w) rows"
cat "$WORK/err"
echo "test_tail_reconnect: ok ($(grep -c reconnecting "$WORK/err") reconnects logged)"
