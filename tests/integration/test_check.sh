#!/usr/bin/env bash
# test_check.sh — `floe check` against a real PostgreSQL: a good setup passes
# (exit 0, only ok/warn lines), and each problem gives its fail/warn line with
# the fix: table without key or identity, table missing from the publication
# or the database, role without REPLICATION or SELECT, a role that is a member of
# rds_replication (accepted, as on Amazon RDS), missing publication,
# missing slot, slot with another plugin, publication without deletes, and a
# slot that lost its WAL.
set -euo pipefail
. "$FLOE_SRC/tests/harness/pg.sh"
pass=0
fail=0
bad() { echo "FAIL: $*"; fail=$((fail + 1)); }
dir=$(mktemp -d /tmp/floe-check-test.XXXXXX)
cleanup() { floe_pg_stop; rm -rf "$dir"; }
trap cleanup EXIT

conf() { # conf NAME DSN EXTRA-SOURCE-YAML... → writes $dir/NAME.yaml
	local name=$1 dsn=$2
	shift 2
	{
		echo "source:"
		echo "  dsn: $dsn"
		for l in "$@"; do echo "  $l"; done
	} >"$dir/$name.yaml"
}
check() { # check NAME → $out, $rc
	rc=0
	out=$("$FLOE_BIN" check -c "$dir/$1.yaml" 2>"$dir/stderr") || rc=$?
	[ "$rc" -lt 128 ] || bad "check crashed (exit $rc)"
	[ ! -s "$dir/stderr" ] || bad "check wrote to stderr: $(cat "$dir/stderr")"
}
want_rc() { [ "$rc" -eq "$1" ] && pass=$((pass + 1)) || bad "exit $rc, wanted $1; output:"$'\n'"$out"; }
want_line() { # an exact line
	grep -qxF -- "$1" <<<"$out" && pass=$((pass + 1)) || bad "no line '$1' in:"$'\n'"$out"
}
want_prefix() { # a line that starts with this
	awk -v p="$1" 'index($0, p) == 1 { f = 1 } END { exit !f }' <<<"$out" && pass=$((pass + 1)) ||
		bad "no line starting '$1' in:"$'\n'"$out"
}
only_ok_warn() {
	if grep -qvE '^(ok   |warn )' <<<"$out"; then bad "not only ok/warn lines:"$'\n'"$out"; else pass=$((pass + 1)); fi
}

floe_pg_start check
trap cleanup EXIT # after floe_pg_start, which sets its own trap
dsn=$FLOE_PG_DSN
floe_pg_psql <<'SQL'
CREATE TABLE orders (id bigint PRIMARY KEY, note text);
CREATE TABLE items (id int PRIMARY KEY, qty int);
CREATE TABLE nokey (a int, b int);
CREATE TABLE fullid (a int PRIMARY KEY);
ALTER TABLE fullid REPLICA IDENTITY FULL;
CREATE SCHEMA "Sales";
CREATE TABLE "Sales"."Big Table" (id int PRIMARY KEY, doc jsonb);
CREATE ROLE plain LOGIN;
SQL

# --- a good setup passes ---
conf good "$dsn" "tables: [public.orders, items, public.fullid, Sales.Big Table]"
"$FLOE_BIN" setup -c "$dir/good.yaml" >/dev/null
check good
want_rc 0
only_ok_warn
want_line "ok   connected to 127.0.0.1:$PGPORT (database 'postgres', user 'postgres')"
want_line "ok   server version 15.$(floe_pg_psql -c "SELECT current_setting('server_version_num')::int % 10000")"
want_line "ok   wal_level = logical"
want_line "ok   max_replication_slots = 20 (1 in use, one of them floe's)"
want_line "ok   max_wal_senders = 20 (0 in use)"
want_line "ok   role 'postgres' is a superuser"
want_line "ok   publication 'floe' covers 4 tables: Sales.Big Table, public.fullid, public.items, public.orders"
want_line "warn table 'public.orders' has TOAST-able columns (note) and REPLICA IDENTITY DEFAULT: updates that leave a large value unchanged do not send it, so floe takes the slower path to fill it in — fix: nothing required; ALTER TABLE public.orders REPLICA IDENTITY FULL; avoids it at the cost of more WAL"
want_prefix "warn table 'Sales.Big Table' has TOAST-able columns (doc) and REPLICA IDENTITY DEFAULT"
want_prefix "warn table 'Sales.Big Table' has TOAST-able columns (doc) and REPLICA IDENTITY DEFAULT"
grep -qF 'ALTER TABLE "Sales"."Big Table" REPLICA IDENTITY FULL' <<<"$out" && pass=$((pass + 1)) || bad "identifier not quoted in fix"
want_line "ok   4 of 4 tables readable, with a primary key or REPLICA IDENTITY FULL"
want_prefix "ok   replication slot 'floe' (pgoutput) retains "
grep -qE "^ok   replication slot 'floe' \(pgoutput\) retains [0-9]+ bytes of WAL \(wal_status = reserved\)$" <<<"$out" &&
	pass=$((pass + 1)) || bad "slot line: $out"

# WAL retained is measured and pretty-printed
floe_pg_psql -c "CREATE TABLE filler AS SELECT g, repeat('x', 200) AS pad FROM generate_series(1, 30000) g"
check good
grep -qE "^ok   replication slot 'floe' \(pgoutput\) retains [0-9]+\.[0-9] MiB of WAL" <<<"$out" &&
	pass=$((pass + 1)) || bad "retained WAL not in MiB: $out"

# --- a table without key or identity, and one not in the publication ---
conf nokey "$dsn" "tables: [public.orders, public.nokey]"
check nokey
want_rc 1
want_line "fail table 'public.nokey' from source.tables is not in publication 'floe' — fix: ALTER PUBLICATION \"floe\" ADD TABLE public.nokey; (or run 'floe setup -c $dir/nokey.yaml')"
want_line "fail table 'public.nokey' has no primary key and REPLICA IDENTITY DEFAULT, so its updates and deletes cannot be mirrored — fix: ALTER TABLE public.nokey ADD PRIMARY KEY (<columns>); or ALTER TABLE public.nokey REPLICA IDENTITY USING INDEX <a unique index>;"
# REPLICA IDENTITY FULL alone is not enough (floe run refuses it: rows need not be unique)
floe_pg_psql -c "ALTER PUBLICATION floe ADD TABLE nokey" -c "ALTER TABLE nokey REPLICA IDENTITY FULL"
check nokey
want_rc 1
want_prefix "fail table 'public.nokey' has REPLICA IDENTITY FULL but no primary key"
# after the fix it is clean again
floe_pg_psql -c "ALTER TABLE nokey ADD PRIMARY KEY (a)"
check nokey
want_rc 0
only_ok_warn
floe_pg_psql -c "ALTER TABLE nokey REPLICA IDENTITY NOTHING"
check nokey
want_rc 1
want_line "fail table 'public.nokey' has REPLICA IDENTITY NOTHING, so its updates and deletes cannot be mirrored — fix: ALTER TABLE public.nokey REPLICA IDENTITY DEFAULT;"

# --- a table that does not exist ---
floe_pg_psql -c "CREATE VIEW orders_v AS SELECT * FROM orders"
conf ghost "$dsn" "tables: [public.ghost, public.Orders, orders_v]"
check ghost
want_rc 1
want_line "fail 'public.orders_v' from source.tables is not a table (relkind 'v') — fix: list only tables in source.tables (views and other relations cannot be published)"
want_line "fail table 'public.ghost' from source.tables does not exist — fix: create it, or fix source.tables (names are case-sensitive, as in the catalog)"
want_prefix "fail table 'public.Orders' from source.tables does not exist"

# --- a role without REPLICATION and without SELECT ---
conf plain "host=127.0.0.1 port=$PGPORT user=plain dbname=postgres" "tables: [public.items]"
check plain
want_rc 1
want_line "fail role 'plain' may not use replication (neither REPLICATION nor superuser) — fix: ALTER ROLE plain REPLICATION; (on Amazon RDS: GRANT rds_replication TO plain;)"
want_line "fail role cannot SELECT from table 'public.items' — fix: GRANT SELECT ON public.items TO plain;"
floe_pg_psql -c "ALTER ROLE plain REPLICATION" -c "GRANT SELECT ON items TO plain"
check plain
want_rc 0
want_line "ok   role 'plain' has REPLICATION"

# --- Amazon RDS: membership in rds_replication (direct or through another role) counts as
# the replication privilege; a role without it, or after REVOKE, still fails ---
floe_pg_psql <<'SQL'
CREATE ROLE rds_replication;
CREATE ROLE rdsuser LOGIN;
CREATE ROLE rdsgroup;
CREATE ROLE rdsnested LOGIN;
GRANT rds_replication TO rdsuser;
GRANT rds_replication TO rdsgroup;
GRANT rdsgroup TO rdsnested;
GRANT SELECT ON items TO rdsuser, rdsnested;
SQL
[ "$(floe_pg_psql -c "SELECT rolreplication OR rolsuper FROM pg_roles WHERE rolname = 'rdsuser'")" = f ] ||
	bad "rdsuser must be a plain role"
conf rds "host=127.0.0.1 port=$PGPORT user=rdsuser dbname=postgres" "tables: [public.items]"
check rds
want_rc 0
only_ok_warn
want_line "ok   role 'rdsuser' is a member of rds_replication"
conf rdsnested "host=127.0.0.1 port=$PGPORT user=rdsnested dbname=postgres" "tables: [public.items]"
check rdsnested
want_rc 0
want_line "ok   role 'rdsnested' is a member of rds_replication"
floe_pg_psql -c "REVOKE rds_replication FROM rdsuser"
check rds
want_rc 1
want_line "fail role 'rdsuser' may not use replication (neither REPLICATION nor superuser) — fix: ALTER ROLE rdsuser REPLICATION; (on Amazon RDS: GRANT rds_replication TO rdsuser;)"

# --- missing publication, missing slot ---
conf nopub "$dsn" "publication: nopub" "slot: noslot"
check nopub
want_rc 1
want_line "fail publication 'nopub' does not exist — fix: run 'floe setup -c $dir/nopub.yaml', or CREATE PUBLICATION \"nopub\" FOR TABLE ...;"
want_line "warn replication slot 'noslot' does not exist yet — fix: run 'floe setup -c $dir/nopub.yaml' to create it"
conf noslot "$dsn" "slot: noslot" "tables: [public.items]"
check noslot
want_rc 0
want_line "warn replication slot 'noslot' does not exist yet — fix: run 'floe setup -c $dir/noslot.yaml' to create it"

# --- a publication that drops deletes, a slot with another plugin ---
floe_pg_psql -c "CREATE PUBLICATION inserts_only FOR TABLE items WITH (publish = 'insert')" \
	-c "SELECT 1 FROM pg_create_logical_replication_slot('tdslot', 'test_decoding')" >/dev/null
conf other "$dsn" "publication: inserts_only" "slot: tdslot"
check other
want_rc 1
want_line "fail publication 'inserts_only' publishes only 'insert', so floe would silently miss the updates, deletes, truncates made at the source — fix: ALTER PUBLICATION \"inserts_only\" SET (publish = 'insert, update, delete, truncate'); (each table then needs a replica identity), or, if the tables are append-only, set source.publish: insert"
want_line "fail replication slot 'tdslot' uses plugin 'test_decoding', floe needs 'pgoutput' — fix: SELECT pg_drop_replication_slot('tdslot'); then 'floe setup -c $dir/other.yaml' (or set source.slot to another name)"

# --- a slot that lost its WAL (max_slot_wal_keep_size); last, it invalidates every slot ---
floe_pg_psql -c "ALTER SYSTEM SET max_slot_wal_keep_size = '1MB'" -c "SELECT pg_reload_conf()" >/dev/null
for _ in 1 2 3 4; do
	floe_pg_psql -c "INSERT INTO filler SELECT g, 'y' FROM generate_series(1, 20000) g" \
		-c "SELECT pg_switch_wal()" -c "CHECKPOINT" >/dev/null
	[ "$(floe_pg_psql -c "SELECT wal_status FROM pg_replication_slots WHERE slot_name = 'floe'")" = lost ] && break
done
check good
want_rc 1
want_line "fail replication slot 'floe' has lost WAL it needs (wal_status = lost) and can no longer be used — fix: 'floe setup -c $dir/good.yaml --resnapshot' (drops the slot; the next floe run copies the tables again from a new one and replaces their contents)"

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
