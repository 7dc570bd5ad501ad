#!/usr/bin/env bash
# test_iceberg_interop.sh — tables floe writes, read by icebird, avsc and DuckDB at
# every snapshot (see test_iceberg_interop.mjs for what each reader checks).
set -euo pipefail
: "${FLOE_BIN:?}" "${FLOE_SRC:?}" "${FLOE_BUILD:?}"
work=$(mktemp -d /tmp/floe-iceberg-interop.XXXXXX)
trap 'rm -rf "$work"' EXIT
cd "$FLOE_SRC/tests/interop"
[ -d node_modules/icebird ] || npm install --no-audit --no-fund >/dev/null
node test_iceberg_interop.mjs "$work" "$FLOE_BUILD/icegen" "$FLOE_BIN"
