#!/usr/bin/env bash
# test_tail_keepalive.sh — with wal_sender_timeout=2s the walsender asks for a reply every
# second and drops a client that stays silent for 2 s. `floe tail` sits idle for ~8 s and
# must keep its one connection: the walsender's pid does not change, the server logs no
# replication timeout, floe's stats line says 0 reconnects, and the change committed after
# the idle time is printed. WAL written to a table outside the publication while idle:
# with --ack the slot's confirmed_flush_lsn moves past it (idle positions are confirmed);
# without --ack it stays where it was.
set -euo pipefail
export FLOE_PG_CONF="wal_sender_timeout=2s"
. "$FLOE_SRC/tests/harness/pg.sh"
. "$FLOE_SRC/tests/integration/tail_common.sh"
tail_init tailka
TAIL_PID=
trap '[ -z "$TAIL_PID" ] || kill -9 "$TAIL_PID" 2>/dev/null || true; floe_pg_stop; [ -n "${KEEP_WORK:-}" ] || rm -rf "$WORK"' EXIT

[ "$(psql_q "SHOW wal_sender_timeout")" = 2s ] || fail "FLOE_PG_CONF not applied"
floe_pg_psql >/dev/null <<'SQL'
CREATE TABLE t (id int PRIMARY KEY);
CREATE TABLE other (id int, pad text);
CREATE PUBLICATION ka FOR TABLE t;
SELECT pg_create_logical_replication_slot('ka', 'pgoutput');
SQL
sed -e 's/publication: floe/publication: ka/' -e 's/slot: floe/slot: ka/' "$CFG" >"$WORK/ka.yaml"

slot_q() { psql_q "SELECT $1 FROM pg_replication_slots WHERE slot_name = 'ka'"; }
lsn_ge() { [ "$(psql_q "SELECT '$1'::pg_lsn >= '$2'::pg_lsn")" = t ]; }
wait_active() {
	for _ in $(seq 1 100); do
		[ "$(slot_q active)" = t ] && return 0
		sleep 0.1
	done
	cat "$WORK/err"; fail "floe tail did not start streaming"
}
wait_line() { # id
	for _ in $(seq 1 100); do
		grep -q "\"key\":{\"id\":$1}" "$WORK/out" && return 0
		sleep 0.1
	done
	cat "$WORK/err"; fail "the change with id $1 was not printed"
}
other_wal() { # writes WAL the publication does not cover; prints the position after it
	psql_q "INSERT INTO other SELECT g, repeat('x', 100) FROM generate_series(1, 2000) g" >/dev/null
	psql_q "SELECT pg_current_wal_lsn()"
}
# one idle session: start, write other WAL, idle (calling $1 once a second), insert id $2
session() { # check-fn id args...
	local fn=$1 id=$2 pid walsender
	shift 2
	FLOE_LOG=debug "$FLOE_BIN" tail -c "$WORK/ka.yaml" "$@" >"$WORK/out" 2>"$WORK/err" &
	pid=$!
	TAIL_PID=$pid
	wait_active
	walsender=$(slot_q active_pid)
	START=$(slot_q confirmed_flush_lsn)
	OTHER=$(other_wal)
	for _ in $(seq 1 8); do
		sleep 1
		"$fn"
	done
	kill -0 "$pid" 2>/dev/null || { cat "$WORK/err"; fail "floe tail exited while idle"; }
	psql_q "INSERT INTO t VALUES ($id)" >/dev/null
	wait_line "$id"
	[ "$(slot_q active_pid)" = "$walsender" ] ||
		{ cat "$WORK/err"; fail "the walsender changed ($walsender → $(slot_q active_pid)): floe reconnected"; }
	kill -TERM "$pid"
	wait "$pid" || { cat "$WORK/err"; fail "floe tail $* did not exit 0 after SIGTERM"; }
	TAIL_PID=
	! grep -q 'reconnecting' "$WORK/err" || { cat "$WORK/err"; fail "floe tail $* reconnected"; }
	n=$(sed -nE 's/.*debug tail: .*, ([0-9]+) reconnects, .*/\1/p' "$WORK/err")
	[ "$n" = 0 ] || { cat "$WORK/err"; fail "floe tail $*: stats line says '${n:-no stats line}' reconnects, want 0"; }
	! grep -q 'replication timeout' "$FLOE_PG_DIR/log" ||
		{ grep 'replication timeout' "$FLOE_PG_DIR/log"; fail "the server timed floe's walsender out"; }
	echo "idle session $*: walsender $walsender kept, 0 reconnects, slot $START → $(slot_q confirmed_flush_lsn) (other WAL up to $OTHER)"
}

# without --ack the slot never moves, however long it is idle
no_move() { [ "$(slot_q confirmed_flush_lsn)" = "$START" ] || fail "without --ack the slot moved from $START to $(slot_q confirmed_flush_lsn)"; }
session no_move 1
no_move
[ "$(grep -c '"table":"t"' "$WORK/out")" = 1 ] || fail "want exactly the one change of t"

# with --ack the slot is confirmed past the unpublished WAL while idle
MOVED=
moved() { [ -n "$MOVED" ] || ! lsn_ge "$(slot_q confirmed_flush_lsn)" "$OTHER" || MOVED=$(slot_q confirmed_flush_lsn); }
session moved 2 --ack
[ -n "$MOVED" ] || fail "with --ack the slot stayed at $(slot_q confirmed_flush_lsn) while idle, not past $OTHER"
# the unacknowledged id 1 comes again, then id 2; afterwards the slot is past id 2's commit
grep -q '"key":{"id":1}' "$WORK/out" || fail "id 1 was not redelivered (the no-ack run must not have confirmed it)"
[ "$(grep -c '"table":"t"' "$WORK/out")" = 2 ] || fail "want ids 1 and 2"
lsn_ge "$(slot_q confirmed_flush_lsn)" "$MOVED" || fail "slot went back"
sed -i -e 's/publication: floe/publication: ka/' -e 's/slot: floe/slot: ka/' "$CFG"
tail_run --until-caught-up >"$WORK/rest" 2>"$WORK/rest.err" || { cat "$WORK/rest.err"; fail "tail after --ack failed"; }
[ ! -s "$WORK/rest" ] || { cat "$WORK/rest"; fail "changes confirmed by --ack were printed again"; }
echo "test_tail_keepalive: ok (confirmed $MOVED, past $OTHER, while idle)"
