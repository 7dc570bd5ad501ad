#!/usr/bin/env bash
# test_parquet_random.sh — floe's Parquet writer against DuckDB and hyparquet.
# Writes files for 24 seeded random schemas (every Iceberg primitive type, lists, NULLs,
# extremes, multi-byte UTF-8, NaN/±0.0, each codec (zstd, snappy, none, gzip), small row groups and pages, dictionary
# fallback; edge files: only ±0.0, only NaN, only NULLs, one row, no rows) with tests/tools/pqgen and checks values, field ids, statistics and Iceberg
# metrics, the schema (physical/logical types, UTC flags) and the page layout through the
# independent readers (see parquet_random.mjs).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
build="${FLOE_BUILD:?FLOE_BUILD must point at the build directory}"
pqgen="$build/pqgen"
[ -x "$pqgen" ] || { echo "missing $pqgen (build the tests/tools targets)"; exit 1; }
if [ ! -d "$here/node_modules/@duckdb/node-api" ] || [ ! -d "$here/node_modules/hyparquet-compressors" ]; then
	(cd "$here" && npm install --no-audit --no-fund >/dev/null)
fi
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
node "$here/parquet_random.mjs" "$pqgen" "$work" $(seq 1 24) 901 902 903 904 905
