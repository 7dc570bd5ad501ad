#!/usr/bin/env bash
# test_parquet_read_duckdb.sh — floe's Parquet reader (`floe parquet-dump --values`)
# must return exactly what DuckDB reads from the same files; see the .mjs.
set -euo pipefail
: "${FLOE_BIN:?set FLOE_BIN to the floe binary}"
: "${FLOE_SRC:?set FLOE_SRC to the source tree}"
cd "$FLOE_SRC/tests/interop"
if [ ! -d node_modules/@duckdb/node-api ]; then
	npm install --no-audit --no-fund >/dev/null
fi
node test_parquet_read_duckdb.mjs "$FLOE_BIN"
