# tail_common.sh — shared setup for the test_tail_*.sh tests (source it after pg.sh).
#
#   tail_init NAME       start the throwaway PostgreSQL, make $WORK, a publication 'floe'
#                        FOR ALL TABLES, a pgoutput slot 'floe', and $CFG (floe.yaml)
#   tail_run ARGS...     run "$FLOE_BIN tail -c $CFG ARGS..." (stdout = the JSON lines)
#   psql_q SQL           run SQL, print unaligned tuples
#   fail MSG             print and exit 1
# Tests create their tables before or after tail_init (the publication covers all tables).

PY=/usr/bin/python3
[ -x "$PY" ] || PY=python3

fail() {
	echo "FAIL: $*" >&2
	exit 1
}

psql_q() {
	floe_pg_psql -c "$1"
}

tail_init() {
	floe_pg_start "$1"
	WORK=$(mktemp -d "/tmp/floe-tail-$1.XXXXXX")
	mkdir -p "$WORK/spill"
	trap 'floe_pg_stop; [ -n "${KEEP_WORK:-}" ] || rm -rf "$WORK"' EXIT
	psql_q "CREATE PUBLICATION floe FOR ALL TABLES" >/dev/null
	psql_q "SELECT pg_create_logical_replication_slot('floe', 'pgoutput')" >/dev/null
	CFG=$WORK/floe.yaml
	cat >"$CFG" <<YAML
source:
  dsn: "$FLOE_PG_DSN"
  publication: floe
  slot: floe
warehouse:
  location: $WORK/warehouse
sink:
  memory_limit: ${TAIL_MEMORY_LIMIT:-8MiB}
  spill_dir: $WORK/spill
YAML
}

tail_run() {
	"$FLOE_BIN" tail -c "$CFG" "$@"
}
