#!/usr/bin/env bash
# test_badinput.sh — every bad input to check/setup/teardown gives one clear
# line (stderr for setup/teardown and config problems, a fail line for check)
# and a non-zero exit, never a crash, never the password: wrong password (SCRAM
# role), unreachable port, missing publication and slot, wal_level=replica,
# malformed YAML, unknown key, missing required key, unset ${ENV}, bad usage.
set -euo pipefail
. "$FLOE_SRC/tests/harness/pg.sh"
pass=0
fail=0
bad() { echo "FAIL: $*"; fail=$((fail + 1)); }
dir=$(mktemp -d /tmp/floe-bad-test.XXXXXX)
cleanup() { floe_pg_stop; rm -rf "$dir"; }
trap cleanup EXIT
secret=Wr0ng-Secret-77

# one_line RC-WANTED EXACT-STDERR CMD... : stdout empty, stderr exactly that one line
one_line() {
	local want=$1 msg=$2 rc=0 o e
	shift 2
	o=$("$@" 2>"$dir/stderr") || rc=$?
	e=$(cat "$dir/stderr")
	[ "$rc" -eq "$want" ] || bad "$*: exit $rc, wanted $want (stderr: $e)"
	[ -z "$o" ] || bad "$*: unexpected stdout: $o"
	[ "$(wc -l <"$dir/stderr")" -eq 1 ] || bad "$*: stderr is not one line:"$'\n'"$e"
	[ "$e" = "$msg" ] || bad "$*: stderr"$'\n'"  got:    $e"$'\n'"  wanted: $msg"
	! grep -q "$secret" <<<"$o$e" || bad "$*: password printed"
	pass=$((pass + 1))
}
# check_line RC-WANTED LINE CMD... : check's stdout has exactly this line, stderr empty
check_line() {
	local want=$1 line=$2 rc=0 o
	shift 2
	o=$("$@" 2>"$dir/stderr") || rc=$?
	[ "$rc" -eq "$want" ] || bad "$*: exit $rc, wanted $want"
	[ ! -s "$dir/stderr" ] || bad "$*: stderr: $(cat "$dir/stderr")"
	grep -qxF -- "$line" <<<"$o" || bad "$*: no line '$line' in:"$'\n'"$o"
	! grep -q "$secret" <<<"$o" || bad "$*: password printed"
	pass=$((pass + 1))
}
yaml() { # yaml NAME CONTENT
	printf '%s' "$2" >"$dir/$1.yaml"
}

floe_pg_start bad
trap cleanup EXIT # after floe_pg_start, which sets its own trap
F=$FLOE_BIN

# --- configuration problems (no database needed for these) ---
yaml malformed $'source:\n  dsn: x\n  slot: [a, b\n'
for cmd in check setup teardown; do
	one_line 1 "floe $cmd: $dir/malformed.yaml:4: invalid YAML: did not find expected ',' or ']' while parsing a flow sequence" \
		"$F" "$cmd" -c "$dir/malformed.yaml"
done
yaml unknown $'source:\n  dsn: x\n  slott: s\n'
one_line 1 "floe check: $dir/unknown.yaml:3: unknown key 'source.slott' (did you mean 'source.slot'?)" \
	"$F" check -c "$dir/unknown.yaml"
yaml missing $'source:\n  publication: p\n'
one_line 1 "floe setup: $dir/missing.yaml: missing required key 'source.dsn' (the libpq connection string of the source database, e.g. 'host=db user=floe dbname=app')" \
	"$F" setup -c "$dir/missing.yaml"
yaml envunset $'source:\n  dsn: host=db password=${FLOE_T_UNSET_PW}\n'
one_line 1 "floe setup: $dir/envunset.yaml:2: key 'source.dsn': environment variable 'FLOE_T_UNSET_PW' is not set (export it, or give a default with \${FLOE_T_UNSET_PW:-value})" \
	env -u FLOE_T_UNSET_PW "$F" setup -c "$dir/envunset.yaml"
yaml badtype $'source:\n  dsn: x\nsink:\n  flush_interval: soon\n'
one_line 1 "floe teardown: $dir/badtype.yaml:4: key 'sink.flush_interval': expected a positive duration like '10s', '500ms', '1m' or '1h', got 'soon'" \
	"$F" teardown -c "$dir/badtype.yaml"
one_line 1 "floe check: cannot open config file '$dir/nonexistent.yaml': No such file or directory (pass it with -c FILE)" \
	"$F" check -c "$dir/nonexistent.yaml"
one_line 2 "floe check: no configuration file given (usage: floe check -c FILE)" "$F" check
one_line 2 "floe teardown: unknown argument '--publicaton' (usage: floe teardown -c FILE [--publication])" \
	"$F" teardown -c "$dir/badtype.yaml" --publicaton
one_line 2 "floe setup: -c needs a file name (usage: floe setup -c FILE [--resnapshot])" "$F" setup -c

# --- wrong password (the harness makes floe_pw use SCRAM) ---
floe_pg_psql -c "CREATE ROLE floe_pw LOGIN REPLICATION PASSWORD 'Right-Pass-1'"
yaml wrongpw "source:
  dsn: host=127.0.0.1 port=$PGPORT user=floe_pw dbname=postgres password=\${FLOE_T_PW}
"
msg="cannot connect to PostgreSQL at 127.0.0.1:$PGPORT: password authentication failed for user 'floe_pw' (check PGPASSWORD or the passfile)"
for cmd in setup teardown; do
	one_line 1 "floe $cmd: $msg" env FLOE_T_PW=$secret "$F" $cmd -c "$dir/wrongpw.yaml"
done
check_line 1 "fail $msg — fix: give the right password: PGPASSWORD, a ~/.pgpass entry, or password=\${VAR} in source.dsn" \
	env FLOE_T_PW=$secret "$F" check -c "$dir/wrongpw.yaml"
# the same through PGPASSWORD, and with no password at all
yaml nopw "source:
  dsn: postgresql://floe_pw@127.0.0.1:$PGPORT/postgres
"
one_line 1 "floe setup: $msg" env PGPASSWORD=$secret "$F" setup -c "$dir/nopw.yaml"
one_line 1 "floe setup: cannot connect to PostgreSQL at 127.0.0.1:$PGPORT: the server asks for a password and none was given (set PGPASSWORD, a ~/.pgpass entry, or password= in source.dsn)" \
	env -u PGPASSWORD PGPASSFILE=/nonexistent "$F" setup -c "$dir/nopw.yaml"
# the right password through ${ENV}, PGPASSWORD and a passfile connects
printf '127.0.0.1:%s:*:floe_pw:Right-Pass-1\n' "$PGPORT" >"$dir/pgpass"
chmod 600 "$dir/pgpass"
for how in "PGPASSWORD=Right-Pass-1" "PGPASSFILE=$dir/pgpass" "FLOE_T_PW=Right-Pass-1"; do
	rc=0
	cfg=nopw
	[ "${how%%=*}" != FLOE_T_PW ] || cfg=wrongpw
	o=$(env -u PGPASSWORD $how "$F" check -c "$dir/$cfg.yaml" 2>&1) || rc=$?
	grep -qxF "ok   connected to 127.0.0.1:$PGPORT (database 'postgres', user 'floe_pw')" <<<"$o" &&
		pass=$((pass + 1)) || bad "$how did not connect: $o"
done

# --- unreachable server (a closed port) ---
closed=$(_floe_pg_free_port)
yaml closed "source:
  dsn: host=127.0.0.1 port=$closed user=floe password=$secret
"
msg="cannot connect to PostgreSQL at 127.0.0.1:$closed: connection refused (is the server running and is source.dsn right?)"
one_line 1 "floe setup: $msg" "$F" setup -c "$dir/closed.yaml"
one_line 1 "floe teardown: $msg" "$F" teardown -c "$dir/closed.yaml"
check_line 1 "fail $msg — fix: start the server, or correct host and port in source.dsn" "$F" check -c "$dir/closed.yaml"

# --- missing publication and slot ---
floe_pg_psql -c "CREATE TABLE t (id int PRIMARY KEY)"
yaml nothing "source:
  dsn: $FLOE_PG_DSN
  publication: nopub
  slot: noslot
"
check_line 1 "fail publication 'nopub' does not exist — fix: run 'floe setup -c $dir/nothing.yaml', or CREATE PUBLICATION \"nopub\" FOR TABLE ...;" \
	"$F" check -c "$dir/nothing.yaml"
check_line 1 "warn replication slot 'noslot' does not exist yet — fix: run 'floe setup -c $dir/nothing.yaml' to create it" \
	"$F" check -c "$dir/nothing.yaml"

# --- a table without key or identity ---
floe_pg_psql -c "CREATE TABLE keyless (a int)" -c "CREATE PUBLICATION p FOR TABLE t, keyless"
yaml keyless "source:
  dsn: $FLOE_PG_DSN
  publication: p
"
check_line 1 "fail table 'public.keyless' has no primary key and REPLICA IDENTITY DEFAULT, so its updates and deletes cannot be mirrored — fix: ALTER TABLE public.keyless ADD PRIMARY KEY (<columns>); or ALTER TABLE public.keyless REPLICA IDENTITY USING INDEX <a unique index>;" \
	"$F" check -c "$dir/keyless.yaml"

# --- wal_level = replica ---
floe_pg_stop
FLOE_PG_CONF="wal_level=replica" floe_pg_start badwal
trap cleanup EXIT # after floe_pg_start, which sets its own trap
yaml replica "source:
  dsn: $FLOE_PG_DSN
"
check_line 1 "fail wal_level is 'replica', logical decoding needs 'logical' — fix: ALTER SYSTEM SET wal_level = logical; then restart PostgreSQL" \
	"$F" check -c "$dir/replica.yaml"
one_line 1 "floe setup: wal_level is 'replica', logical decoding needs 'logical' (ALTER SYSTEM SET wal_level = logical; then restart PostgreSQL; 'floe check -c $dir/replica.yaml' lists everything else)" \
	"$F" setup -c "$dir/replica.yaml"
[ "$(floe_pg_psql -c "SELECT count(*) FROM pg_publication")" = 0 ] && pass=$((pass + 1)) ||
	bad "setup created a publication although it could not create the slot"
# a role without REPLICATION is refused before anything is created
floe_pg_psql -c "CREATE ROLE plain LOGIN"
floe_pg_psql -c "ALTER SYSTEM SET wal_level = logical"
floe_pg_restart
yaml plain "source:
  dsn: host=127.0.0.1 port=$PGPORT user=plain dbname=postgres
"
one_line 1 "floe setup: role 'plain' may not create replication slots (ALTER ROLE plain REPLICATION; on Amazon RDS: GRANT rds_replication TO plain;)" \
	"$F" setup -c "$dir/plain.yaml"

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
