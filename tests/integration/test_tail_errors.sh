#!/usr/bin/env bash
# test_tail_errors.sh — bad input gives one clear line on stderr and the documented exit
# code: missing slot, missing publication, a slot of another plugin, an unreachable server
# an invalidated slot (exit 1); no -c, unknown options, a bad --limit (exit 2).
set -euo pipefail
export FLOE_PG_CONF="max_slot_wal_keep_size=1MB;min_wal_size=32MB;wal_keep_size=0"
. "$FLOE_SRC/tests/harness/pg.sh"
. "$FLOE_SRC/tests/integration/tail_common.sh"
tail_init tailerr

expect() { # code pattern args...
	local want=$1 pattern=$2 rc=0
	shift 2
	"$FLOE_BIN" tail "$@" >"$WORK/out" 2>"$WORK/err" || rc=$?
	[ "$rc" = "$want" ] || { cat "$WORK/err"; fail "floe tail $*: exit $rc, want $want"; }
	[ "$(wc -l <"$WORK/err")" = 1 ] || { cat "$WORK/err"; fail "floe tail $*: want exactly one line on stderr"; }
	grep -q -- "$pattern" "$WORK/err" || { cat "$WORK/err"; fail "floe tail $*: stderr lacks '$pattern'"; }
	[ ! -s "$WORK/out" ] || fail "floe tail $*: printed to stdout"
	echo "ok: $(cat "$WORK/err")"
}
cfg_with() { sed -e "$1" "$CFG" >"$WORK/c.yaml"; }

cfg_with 's/slot: floe/slot: nosuch/'
expect 1 "replication slot 'nosuch' does not exist: before the first run, create it with floe setup" -c "$WORK/c.yaml" --until-caught-up
cfg_with 's/publication: floe/publication: nopub/'
expect 1 "publication 'nopub' does not exist — run floe setup" -c "$WORK/c.yaml" --until-caught-up
psql_q "SELECT pg_create_logical_replication_slot('other', 'test_decoding')" >/dev/null
cfg_with 's/slot: floe/slot: other/'
expect 1 "replication slot 'other' is not a pgoutput logical slot" -c "$WORK/c.yaml"
port=$(_floe_pg_free_port)
cfg_with "s/port=$PGPORT/port=$port/"
expect 1 "cannot connect to PostgreSQL" -c "$WORK/c.yaml"
expect 1 "no such file\|cannot open\|cannot read" -c "$WORK/none.yaml"
expect 2 "missing -c FILE"
expect 2 "unknown argument '--bogus'" -c "$CFG" --bogus # one parser for every command: run's wording
expect 2 "--limit needs a positive number, not 'x'" -c "$CFG" --limit x
expect 2 "unexpected argument 'extra'" -c "$CFG" extra
# the real slot still works after all that
psql_q "CREATE TABLE e (id int PRIMARY KEY)" >/dev/null
psql_q "INSERT INTO e VALUES (1)" >/dev/null
[ "$(tail_run --until-caught-up | grep -c '"table":"e"')" = 1 ] || fail "tail after errors"
# an invalidated slot: its WAL was removed past max_slot_wal_keep_size
psql_q "SELECT pg_create_logical_replication_slot('inv', 'pgoutput')" >/dev/null
floe_pg_psql >/dev/null <<'SQL'
CREATE TABLE w AS SELECT g, repeat('x', 100) AS v FROM generate_series(1, 100000) g;
SELECT pg_switch_wal();
CHECKPOINT;
INSERT INTO w SELECT g, repeat('y', 100) FROM generate_series(1, 100000) g;
SELECT pg_switch_wal();
CHECKPOINT;
SQL
[ "$(psql_q "SELECT wal_status FROM pg_replication_slots WHERE slot_name = 'inv'")" = lost ] || fail "slot not invalidated"
cfg_with 's/slot: floe/slot: inv/'
expect 1 "replication slot 'inv' is invalidated" -c "$WORK/c.yaml" --until-caught-up
echo "test_tail_errors: ok"
