#!/usr/bin/env bash
# test_conn.sh — pg/conn against a real server: the session settings floe needs
# are in effect on normal and replication (walsender) connections, whatever
# options the DSN or PGOPTIONS carry, for key=value DSNs and URIs; user options
# are kept; connection errors are one line without the password.
set -euo pipefail
. "$FLOE_SRC/tests/harness/pg.sh"
probe="$FLOE_BUILD/floe_conn_probe"
pass=0
fail=0
ok() { pass=$((pass + 1)); }
bad() { echo "FAIL: $*"; fail=$((fail + 1)); }
has() { # has OUTPUT LINE
	grep -qxF -- "$2" <<<"$1" || bad "missing '$2' in: $1"
	ok
}
settings() { # the settings every connection must carry
	local out=$1
	has "$out" "DateStyle=ISO, MDY"
	has "$out" "TimeZone=UTC"
	has "$out" "IntervalStyle=postgres"
	has "$out" "extra_float_digits=3"
	has "$out" "bytea_output=hex"
	has "$out" "client_encoding=UTF8"
}

floe_pg_start conn
# the server's own defaults differ from what floe needs
floe_pg_psql -c "ALTER SYSTEM SET bytea_output = 'escape'" -c "ALTER SYSTEM SET DateStyle = 'SQL, DMY'" \
	-c "ALTER SYSTEM SET extra_float_digits = 0" -c "ALTER SYSTEM SET IntervalStyle = 'sql_standard'" \
	-c "ALTER SYSTEM SET TimeZone = 'Europe/Berlin'" -c "SELECT pg_reload_conf()" >/dev/null
# a role that may replicate, to use the walsender without being superuser
floe_pg_psql -c "CREATE ROLE floe_pw LOGIN REPLICATION PASSWORD 'Right-Pass-1'"

for kind in normal repl; do
	out=$("$probe" "$FLOE_PG_DSN" $kind)
	settings "$out"
	has "$out" "application_name=floe"
	has "$out" "where=127.0.0.1:$PGPORT"
	# user options are kept and floe's settings still win over theirs
	out=$("$probe" "$FLOE_PG_DSN options='-c search_path=abc -c DateStyle=German'" $kind)
	settings "$out"
	has "$out" "search_path=abc"
	out=$("$probe" "postgresql://postgres@127.0.0.1:$PGPORT/postgres?application_name=mine&options=-c%20work_mem%3D7MB" $kind)
	settings "$out"
	has "$out" "application_name=mine"
	has "$out" "work_mem=7MB"
	out=$(PGOPTIONS='-c work_mem=9MB' "$probe" "$FLOE_PG_DSN" $kind)
	settings "$out"
	has "$out" "work_mem=9MB"
	# password authentication (SCRAM) with the right password works
	out=$("$probe" "host=127.0.0.1 port=$PGPORT user=floe_pw password=Right-Pass-1 dbname=postgres" $kind)
	settings "$out"
done
has "$("$probe" "$FLOE_PG_DSN" repl)" "identify_system_fields=4"
has "$("$probe" "$FLOE_PG_DSN")" "copy_rows=3 copy_status=PGRES_COMMAND_OK"

# errors: one line, no password
err_of() { "$probe" "$@" 2>&1 >/dev/null && echo "UNEXPECTED SUCCESS" || true; }
expect_err() { # expect_err FRAGMENT DSN [repl]
	local frag=$1 e
	shift
	e=$(err_of "$@")
	[ "$(wc -l <<<"$e")" -eq 1 ] || bad "more than one line: $e"
	grep -qF -- "$frag" <<<"$e" || bad "wanted '$frag', got: $e"
	! grep -q 'Wrong-Pass-9' <<<"$e" || bad "password printed: $e"
	ok
}
expect_err "cannot connect to PostgreSQL at 127.0.0.1:$PGPORT: password authentication failed for user 'floe_pw' (check PGPASSWORD or the passfile)" \
	"host=127.0.0.1 port=$PGPORT user=floe_pw password=Wrong-Pass-9 dbname=postgres"
expect_err "cannot connect to PostgreSQL at 127.0.0.1:$PGPORT: password authentication failed for user 'floe_pw'" \
	"postgresql://floe_pw:Wrong-Pass-9@127.0.0.1:$PGPORT/postgres" repl
expect_err "the server asks for a password and none was given" \
	"host=127.0.0.1 port=$PGPORT user=floe_pw dbname=postgres"
closed=$(_floe_pg_free_port)
expect_err "cannot connect to PostgreSQL at 127.0.0.1:$closed: connection refused (is the server running and is source.dsn right?)" \
	"host=127.0.0.1 port=$closed password=Wrong-Pass-9"
expect_err "cannot connect to PostgreSQL at /nonexistent-dir:5999: no server socket there (is the server running locally, or should source.dsn set host=?)" \
	"host=/nonexistent-dir port=5999"
expect_err "cannot connect to PostgreSQL at 127.0.0.1:$PGPORT: database 'nosuchdb' does not exist" \
	"host=127.0.0.1 port=$PGPORT dbname=nosuchdb"
expect_err "source.dsn is not a valid connection string: missing '=' after 'garbage' in connection info string" \
	"garbage"
expect_err "source.dsn sets 'replication'; remove it" "$FLOE_PG_DSN replication=database"
# libpq's own parameters are honoured (the harness server has no SSL)
expect_err "cannot connect to PostgreSQL at 127.0.0.1:$PGPORT: server does not support SSL, but SSL was required" \
	"$FLOE_PG_DSN sslmode=require"
expect_err "cannot connect to PostgreSQL at 127.0.0.1:$PGPORT: server does not support SSL, but SSL was required" \
	"postgresql://postgres:Wrong-Pass-9@127.0.0.1:$PGPORT/postgres?sslmode=require" repl
out=$("$probe" "$FLOE_PG_DSN sslmode=prefer")
settings "$out"
floe_pg_psql -c "CREATE ROLE plain LOGIN"
expect_err "must be superuser or replication role to start walsender (grant it: ALTER ROLE \"plain\" REPLICATION; on Amazon RDS: GRANT rds_replication TO \"plain\";)" \
	"host=127.0.0.1 port=$PGPORT user=plain dbname=postgres" repl

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
