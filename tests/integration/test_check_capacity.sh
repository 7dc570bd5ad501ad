#!/usr/bin/env bash
# test_check_capacity.sh — `floe check` on a server with max_replication_slots=1 and
# max_wal_senders=1: another database client's slot takes the only slot (fail, with the
# ALTER SYSTEM fix), pg_recvlogical streaming from it takes the only WAL sender (fail,
# with the fix); once that slot is gone and floe's own slot holds the only place, both are
# ok again, also while floe tail streams from that slot through the only WAL sender (it is
# floe's sender, not a shortage). A separate cluster because these settings need a restart.
set -euo pipefail
export FLOE_PG_CONF="max_replication_slots=1;max_wal_senders=1"
. "$FLOE_SRC/tests/harness/pg.sh"
pass=0
fail=0
bad() { echo "FAIL: $*"; fail=$((fail + 1)); }
dir=$(mktemp -d /tmp/floe-checkcap-test.XXXXXX)
recv=
cleanup() {
	[ -z "$recv" ] || kill "$recv" 2>/dev/null || true
	floe_pg_stop
	rm -rf "$dir"
}
trap cleanup EXIT

check() { # → $out, $rc
	rc=0
	out=$("$FLOE_BIN" check -c "$dir/floe.yaml" 2>"$dir/stderr") || rc=$?
	[ "$rc" -lt 128 ] || bad "check crashed (exit $rc)"
	[ ! -s "$dir/stderr" ] || bad "check wrote to stderr: $(cat "$dir/stderr")"
}
want_rc() { [ "$rc" -eq "$1" ] && pass=$((pass + 1)) || bad "exit $rc, wanted $1; output:"$'\n'"$out"; }
want_line() { grep -qxF -- "$1" <<<"$out" && pass=$((pass + 1)) || bad "no line '$1' in:"$'\n'"$out"; }
senders() { floe_pg_psql -c "SELECT count(*) FROM pg_stat_activity WHERE backend_type = 'walsender'"; }

floe_pg_start checkcap
trap cleanup EXIT # after floe_pg_start, which sets its own trap
[ "$(floe_pg_psql -c "SELECT current_setting('max_replication_slots') || ' ' || current_setting('max_wal_senders')")" = "1 1" ] ||
	{ echo "FAIL: FLOE_PG_CONF not applied"; exit 1; }
floe_pg_psql <<'SQL'
CREATE TABLE t (id int PRIMARY KEY, v int);
CREATE PUBLICATION floe FOR TABLE t;
SELECT 1 FROM pg_create_logical_replication_slot('other', 'test_decoding');
SQL
printf 'source:\n  dsn: %s\n  tables: [public.t]\n' "$FLOE_PG_DSN" >"$dir/floe.yaml"

# --- the only slot is taken by someone else ---
check
want_rc 1
want_line "fail max_replication_slots = 1 and all 1 are in use — fix: ALTER SYSTEM SET max_replication_slots = 3; then restart PostgreSQL (or drop an unused slot)"
want_line "ok   max_wal_senders = 1 (0 in use)"
want_line "warn replication slot 'floe' does not exist yet — fix: run 'floe setup -c $dir/floe.yaml' to create it"

# --- and the only WAL sender too: pg_recvlogical streams from that slot ---
"$FLOE_PG_BIN/pg_recvlogical" -d "$FLOE_PG_DSN" --slot other --start -f /dev/null 2>"$dir/recv.err" &
recv=$!
for _ in $(seq 1 100); do
	[ "$(senders)" = 1 ] && break
	sleep 0.1
done
[ "$(senders)" = 1 ] || { cat "$dir/recv.err"; bad "pg_recvlogical did not start streaming"; }
check
want_rc 1
want_line "fail max_replication_slots = 1 and all 1 are in use — fix: ALTER SYSTEM SET max_replication_slots = 3; then restart PostgreSQL (or drop an unused slot)"
want_line "fail max_wal_senders = 1 and all 1 are in use — fix: ALTER SYSTEM SET max_wal_senders = 3; then restart PostgreSQL"
kill "$recv"
wait "$recv" 2>/dev/null || true
recv=
for _ in $(seq 1 100); do
	[ "$(senders)" = 0 ] && break
	sleep 0.1
done

# --- floe's own slot in the only place: ok ---
floe_pg_psql -c "SELECT pg_drop_replication_slot('other')" >/dev/null
"$FLOE_BIN" setup -c "$dir/floe.yaml" >/dev/null
check
want_rc 0
want_line "ok   max_replication_slots = 1 (1 in use, one of them floe's)"
want_line "ok   max_wal_senders = 1 (0 in use)"

# --- floe itself streaming holds the only WAL sender: that is floe's, not a shortage ---
"$FLOE_BIN" tail -c "$dir/floe.yaml" >/dev/null 2>"$dir/tail.err" &
recv=$!
for _ in $(seq 1 100); do
	[ "$(floe_pg_psql -c "SELECT active FROM pg_replication_slots WHERE slot_name = 'floe'")" = t ] && break
	sleep 0.1
done
check
want_rc 0
want_line "ok   max_wal_senders = 1 (1 in use, one of them on floe's slot)"
kill -TERM "$recv"
wait "$recv" || bad "floe tail did not exit 0 after SIGTERM: $(cat "$dir/tail.err")"
recv=

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
