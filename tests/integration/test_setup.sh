#!/usr/bin/env bash
# test_setup.sh — `floe setup` / `floe teardown` against a real PostgreSQL:
# setup creates the publication and a pgoutput slot that really streams, is
# idempotent and adds tables later listed in source.tables; FOR ALL TABLES
# needs a superuser and says so; teardown drops the slot (refusing while it is
# active), then the publication with --publication, and is idempotent too.
set -euo pipefail
. "$FLOE_SRC/tests/harness/pg.sh"
pass=0
fail=0
bad() { echo "FAIL: $*"; fail=$((fail + 1)); }
dir=$(mktemp -d /tmp/floe-setup-test.XXXXXX)
recv_pid=
cleanup() {
	[ -z "$recv_pid" ] || kill "$recv_pid" 2>/dev/null || true
	floe_pg_stop
	rm -rf "$dir"
}
trap cleanup EXIT

conf() { # conf NAME DSN SOURCE-LINES...
	local name=$1 dsn=$2
	shift 2
	{
		echo "source:"
		echo "  dsn: $dsn"
		for l in "$@"; do echo "  $l"; done
	} >"$dir/$name.yaml"
}
run() { # run CMD NAME [ARGS] → $out (stdout), $errout (stderr), $rc
	local cmd=$1 name=$2
	shift 2
	rc=0
	out=$("$FLOE_BIN" "$cmd" -c "$dir/$name.yaml" "$@" 2>"$dir/stderr") || rc=$?
	errout=$(cat "$dir/stderr")
	[ "$rc" -lt 128 ] || bad "$cmd crashed (exit $rc)"
}
want() { # want RC STDOUT [STDERR]
	[ "$rc" -eq "$1" ] || bad "exit $rc, wanted $1 (stdout: $out; stderr: $errout)"
	[ "$out" = "$2" ] || bad "stdout:"$'\n'"$out"$'\n'"wanted:"$'\n'"$2"
	[ "$errout" = "${3:-}" ] || bad "stderr:"$'\n'"$errout"$'\n'"wanted:"$'\n'"${3:-}"
	pass=$((pass + 1))
}
sql() { floe_pg_psql -c "$1"; }
eq() { [ "$1" = "$2" ] && pass=$((pass + 1)) || bad "got '$1', wanted '$2'"; }

floe_pg_start setup
trap cleanup EXIT # after floe_pg_start, which sets its own trap
dsn=$FLOE_PG_DSN
floe_pg_psql <<'SQL'
CREATE TABLE a (id int PRIMARY KEY, v text);
CREATE TABLE b (id int PRIMARY KEY);
CREATE TABLE c (id int PRIMARY KEY);
CREATE SCHEMA "Sales";
CREATE TABLE "Sales"."Big Table" (id int PRIMARY KEY);
SQL

# --- first run creates, second run finds ---
conf two "$dsn" "tables: [a, public.b]"
run setup two
lsn=$(sql "SELECT confirmed_flush_lsn FROM pg_replication_slots WHERE slot_name = 'floe'")
want 0 "created publication 'floe' for 2 tables
created replication slot 'floe' (pgoutput) at $lsn"
eq "$(sql "SELECT string_agg(tablename, ',' ORDER BY tablename) FROM pg_publication_tables WHERE pubname = 'floe'")" "a,b"
eq "$(sql "SELECT plugin || ' ' || slot_type || ' ' || datname FROM pg_replication_slots s JOIN pg_database d ON d.oid = s.datoid WHERE slot_name = 'floe'")" "pgoutput logical postgres"
run setup two
want 0 "publication 'floe' already exists
replication slot 'floe' already exists"
eq "$(sql "SELECT count(*) FROM pg_replication_slots")" 1
eq "$(sql "SELECT count(*) FROM pg_publication")" 1

# the slot and publication really stream a/b changes through pgoutput (and not c's)
sql "INSERT INTO a VALUES (1, 'x'); INSERT INTO c VALUES (1)"
# (synchronous_commit is off in the harness: wait for the WAL writer to flush the commit)
for _ in $(seq 1 50); do
	n=$(sql "SELECT count(*) FILTER (WHERE substr(data, 1, 1) = 'I') FROM pg_logical_slot_peek_binary_changes('floe', NULL, NULL, 'proto_version', '1', 'publication_names', 'floe')")
	[ "$n" = 0 ] || break
	sleep 0.1
done
eq "$n" 1

# a table added to source.tables is added to the publication
conf three "$dsn" "tables: [a, public.b, c, '\"Sales\".\"Big Table\"']"
run setup three
want 0 "publication 'floe' already exists
added table 'public.c' to publication 'floe'
added table 'Sales.Big Table' to publication 'floe'
replication slot 'floe' already exists"
eq "$(sql "SELECT string_agg(schemaname || '.' || tablename, ',' ORDER BY tablename) FROM pg_publication_tables WHERE pubname = 'floe'")" "Sales.Big Table,public.a,public.b,public.c"
run setup three
want 0 "publication 'floe' already exists
replication slot 'floe' already exists"

# --- teardown refuses while the slot is streaming ---
"$FLOE_PG_BIN/pg_recvlogical" -d "$dsn" --slot floe --start -o proto_version=1 -o publication_names=floe \
	-f /dev/null 2>/dev/null &
recv_pid=$!
for _ in $(seq 1 100); do
	[ "$(sql "SELECT active FROM pg_replication_slots WHERE slot_name = 'floe'")" = t ] && break
	sleep 0.1
done
pid=$(sql "SELECT active_pid FROM pg_replication_slots WHERE slot_name = 'floe'")
run teardown two
want 1 "" "floe teardown: replication slot 'floe' is in use by process $pid; stop the floe process streaming from it (or SELECT pg_terminate_backend($pid)) and run teardown again"
eq "$(sql "SELECT count(*) FROM pg_replication_slots WHERE slot_name = 'floe'")" 1
kill "$recv_pid"
wait "$recv_pid" 2>/dev/null || true
recv_pid=
for _ in $(seq 1 100); do
	[ "$(sql "SELECT active FROM pg_replication_slots WHERE slot_name = 'floe'")" = f ] && break
	sleep 0.1
done

# --- teardown: slot first, publication only when asked ---
run teardown two
want 0 "dropped replication slot 'floe'"
eq "$(sql "SELECT count(*) FROM pg_replication_slots")" 0
eq "$(sql "SELECT count(*) FROM pg_publication WHERE pubname = 'floe'")" 1
run teardown two
want 0 "replication slot 'floe' does not exist (nothing to drop)"
run teardown two --publication
want 0 "replication slot 'floe' does not exist (nothing to drop)
dropped publication 'floe'"
eq "$(sql "SELECT count(*) FROM pg_publication")" 0
run teardown two --publication
want 0 "replication slot 'floe' does not exist (nothing to drop)
publication 'floe' does not exist (nothing to drop)"

# --- FOR ALL TABLES, names that need quoting ---
conf all "$dsn" "publication: All Tables" "slot: all_slot"
run setup all
lsn=$(sql "SELECT confirmed_flush_lsn FROM pg_replication_slots WHERE slot_name = 'all_slot'")
want 0 "created publication 'All Tables' for all tables
created replication slot 'all_slot' (pgoutput) at $lsn"
eq "$(sql "SELECT puballtables FROM pg_publication WHERE pubname = 'All Tables'")" t
run teardown all --publication
want 0 "dropped replication slot 'all_slot'
dropped publication 'All Tables'"

# FOR ALL TABLES as a non-superuser fails and says why
sql "CREATE ROLE owner LOGIN REPLICATION; GRANT CREATE ON DATABASE postgres TO owner"
conf owner "host=127.0.0.1 port=$PGPORT user=owner dbname=postgres"
run setup owner
want 1 "" "floe setup: cannot create publication 'floe' FOR ALL TABLES (that needs a superuser; list the tables in source.tables instead, or run floe setup as a superuser): must be superuser to create FOR ALL TABLES publication"

# a table that does not exist
conf ghost "$dsn" "tables: [a, ghost]"
run setup ghost
want 1 "" "floe setup: cannot create publication 'floe': relation 'public.ghost' does not exist"
eq "$(sql "SELECT count(*) FROM pg_publication")" 0

# a slot of the same name with another plugin is not taken over
sql "SELECT 1 FROM pg_create_logical_replication_slot('floe', 'test_decoding')" >/dev/null
run setup two
want 1 "created publication 'floe' for 2 tables" "floe setup: replication slot 'floe' already exists but is a logical slot with plugin 'test_decoding'; floe needs a logical pgoutput slot (drop it with 'floe teardown -c $dir/two.yaml', or set source.slot to another name)"
eq "$(sql "SELECT plugin FROM pg_replication_slots WHERE slot_name = 'floe'")" test_decoding

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
