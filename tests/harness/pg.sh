# pg.sh — throwaway PostgreSQL 15 for tests, benches and the demo (source this file).
#
#   floe_pg_start [name]   initdb + start on a free loopback port with wal_level=logical;
#                          exports PGHOST PGPORT PGUSER PGDATABASE FLOE_PG_DIR FLOE_PG_DSN
#   floe_pg_stop           stop it and remove its directory (also runs from the EXIT trap)
#   floe_pg_restart        restart the same cluster (same port and data)
#   floe_pg_psql ARGS...   psql -X -v ON_ERROR_STOP=1 -qAt against it
#
# Runs the server as the 'postgres' OS user when invoked as root (initdb refuses root).
# Extra server settings: FLOE_PG_CONF="key=value;key=value". Trust auth on loopback,
# except role 'floe_pw' which needs a SCRAM password (for the wrong-password tests).
# Does not touch Debian's own cluster on 5432.

FLOE_PG_BIN=${FLOE_PG_BIN:-/usr/lib/postgresql/15/bin}

_floe_pg_as() {
	if [ "$(id -u)" -eq 0 ]; then
		runuser -u postgres -- "$@"
	else
		"$@"
	fi
}

_floe_pg_free_port() {
	local p
	for _ in $(seq 1 200); do
		p=$(( 20000 + (RANDOM % 20000) ))
		if ! (exec 3<>/dev/tcp/127.0.0.1/$p) 2>/dev/null; then
			echo "$p"
			return 0
		fi
	done
	return 1
}

floe_pg_start() {
	local name=${1:-floe} conf
	if [ ! -x "$FLOE_PG_BIN/initdb" ]; then
		echo "pg.sh: $FLOE_PG_BIN/initdb not found; run scripts/bootstrap" >&2
		return 1
	fi
	FLOE_PG_DIR=$(mktemp -d "/tmp/floe-pg-$name.XXXXXX")
	chmod 755 "$FLOE_PG_DIR"
	mkdir -p "$FLOE_PG_DIR/data" "$FLOE_PG_DIR/sock"
	touch "$FLOE_PG_DIR/log"
	if [ "$(id -u)" -eq 0 ]; then
		chown -R postgres:postgres "$FLOE_PG_DIR"
	fi
	_floe_pg_as "$FLOE_PG_BIN/initdb" -D "$FLOE_PG_DIR/data" -U postgres -A trust -E UTF8 \
		--locale=C.UTF-8 >"$FLOE_PG_DIR/initdb.log" 2>&1 || {
		cat "$FLOE_PG_DIR/initdb.log" >&2
		return 1
	}
	PGPORT=$(_floe_pg_free_port)
	conf="$FLOE_PG_DIR/data/postgresql.conf"
	{
		echo "listen_addresses = '127.0.0.1'"
		echo "port = $PGPORT"
		echo "unix_socket_directories = '$FLOE_PG_DIR/sock'"
		echo "wal_level = logical"
		echo "max_replication_slots = 20"
		echo "max_wal_senders = 20"
		echo "fsync = off"
		echo "synchronous_commit = off"
		echo "full_page_writes = off"
		echo "shared_buffers = 256MB"
		echo "max_wal_size = 4GB"
		echo "wal_sender_timeout = 60s"
		echo "log_min_messages = warning"
		echo "timezone = 'UTC'"
	} >>"$conf"
	if [ -n "${FLOE_PG_CONF:-}" ]; then
		echo "$FLOE_PG_CONF" | tr ';' '\n' >>"$conf"
	fi
	cat >"$FLOE_PG_DIR/data/pg_hba.conf" <<HBA
local all all trust
host all floe_pw 127.0.0.1/32 scram-sha-256
host replication floe_pw 127.0.0.1/32 scram-sha-256
host all all 127.0.0.1/32 trust
host replication all 127.0.0.1/32 trust
HBA
	[ "$(id -u)" -eq 0 ] && chown postgres:postgres "$FLOE_PG_DIR/data/pg_hba.conf"
	# the port was free when chosen, but a test running in parallel may take it first:
	# then choose another (the last "port =" line of the file wins)
	local try
	for try in 1 2 3 4 5 6; do
		if _floe_pg_as "$FLOE_PG_BIN/pg_ctl" -D "$FLOE_PG_DIR/data" -l "$FLOE_PG_DIR/log" -w -t 60 start \
			>/dev/null; then
			break
		fi
		if [ $try = 6 ] || ! grep -q "could not bind\|could not create any TCP/IP sockets" "$FLOE_PG_DIR/log"; then
			cat "$FLOE_PG_DIR/log" >&2
			return 1
		fi
		PGPORT=$(_floe_pg_free_port)
		echo "port = $PGPORT" >>"$conf"
		: >"$FLOE_PG_DIR/log"
	done
	export PGHOST=127.0.0.1 PGPORT PGUSER=postgres PGDATABASE=postgres FLOE_PG_DIR
	export FLOE_PG_DSN="host=127.0.0.1 port=$PGPORT user=postgres dbname=postgres"
	trap floe_pg_stop EXIT
	return 0
}

floe_pg_restart() {
	_floe_pg_as "$FLOE_PG_BIN/pg_ctl" -D "$FLOE_PG_DIR/data" -l "$FLOE_PG_DIR/log" -w -t 60 -m fast restart >/dev/null
}

floe_pg_stop() {
	if [ -n "${FLOE_PG_DIR:-}" ] && [ -d "$FLOE_PG_DIR/data" ]; then
		_floe_pg_as "$FLOE_PG_BIN/pg_ctl" -D "$FLOE_PG_DIR/data" -m immediate -w stop >/dev/null 2>&1 || true
		if [ -z "${FLOE_KEEP_PG:-}" ]; then
			rm -rf "$FLOE_PG_DIR"
		fi
	fi
	FLOE_PG_DIR=
}

floe_pg_psql() {
	"$FLOE_PG_BIN/psql" -X -v ON_ERROR_STOP=1 -qAt "$@"
}
