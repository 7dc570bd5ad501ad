#!/usr/bin/env bash
# test_manifest_avsc.sh — interop: floe writes Iceberg v2 manifests and
# manifest lists (tests/tools/mfgen, fixed inputs, null and deflate codecs),
# then two independent Avro readers decode them and check the writer schema's
# field ids, the header metadata and every value: avsc against Iceberg's
# schemas written from the spec (manifest_avsc.mjs) and Apache's python3-avro
# (manifest_pyavro.py); icebird's own Avro reader decodes them too. Needs
# node + the npm lock in this directory and /usr/bin/python3 with
# python3-avro (scripts/bootstrap installs both).
set -euo pipefail

src=${FLOE_SRC:-$(cd "$(dirname "$0")/../.." && pwd)}
build=${FLOE_BUILD:-$src/build}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

"$build/mfgen" "$tmp"

cd "$src/tests/interop"
if [ ! -d node_modules/avsc ]; then
	npm install --no-audit --no-fund >/dev/null
fi
node manifest_avsc.mjs "$tmp"
/usr/bin/python3 manifest_pyavro.py "$tmp"
echo "test_manifest_avsc: ok"
