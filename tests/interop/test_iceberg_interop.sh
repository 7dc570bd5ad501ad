#!/usr/bin/env bash
# test_iceberg_interop.sh — tables floe writes, read by icebird, avsc and DuckDB at
# every snapshot (see test_iceberg_interop.mjs for what each reader checks), then every
# manifest through Apache's reference Avro decoder (iceberg_avro_check.py).
set -euo pipefail
: "${FLOE_BIN:?}" "${FLOE_SRC:?}" "${FLOE_BUILD:?}"
work=$(mktemp -d /tmp/floe-iceberg-interop.XXXXXX)
trap 'rm -rf "$work"' EXIT
cd "$FLOE_SRC/tests/interop"
[ -d node_modules/icebird ] || npm install --no-audit --no-fund >/dev/null
node test_iceberg_interop.mjs "$work" "$FLOE_BUILD/icegen" "$FLOE_BIN"
# the same manifests through Apache's reference Avro decoder, when installed (scripts/bootstrap does)
if /usr/bin/python3 -c 'import avro.datafile' 2>/dev/null; then
	/usr/bin/python3 -W ignore iceberg_avro_check.py "$work/wh"
else
	echo "skip: python3-avro not installed"
fi
