#!/usr/bin/env bash
# test_harness.sh — the throwaway PostgreSQL starts with logical decoding, answers,
# restarts, and is removed afterwards.
set -euo pipefail
. "$FLOE_SRC/tests/harness/pg.sh"
floe_pg_start harness
dir=$FLOE_PG_DIR
[ "$(floe_pg_psql -c 'show wal_level')" = logical ] || { echo "wal_level not logical"; exit 1; }
[ "$(floe_pg_psql -c 'select 1+1')" = 2 ] || exit 1
floe_pg_restart
[ "$(floe_pg_psql -c 'select 40+2')" = 42 ] || exit 1
floe_pg_stop
[ ! -d "$dir" ] || { echo "data directory left behind"; exit 1; }
"$FLOE_BIN" version | grep -q '^floe ' || exit 1
echo "1 passed, 0 failed"
