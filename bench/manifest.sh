#!/usr/bin/env bash
# manifest.sh — speed of floe's Iceberg manifest writer and reader
# (tests/tools/mfbench): N entries (default 100000) with C metric columns each
# (default 10), null and deflate codecs, entries/s of CPU time next to the
# memory-copy floor of the same bytes; then Apache's python3-avro and avsc
# reading the same null-codec manifest, for scale.
# Usage: bench/manifest.sh [N] [C]   (needs a build: BUILD=build by default)
set -euo pipefail
src=$(cd "$(dirname "$0")/.." && pwd)
build=${BUILD:-$src/build}
[ -x "$build/mfbench" ] || { echo "build first: cmake --build $build (needs tests/tools/mfbench)" >&2; exit 1; }
work=$(mktemp -d /tmp/floe-bench-manifest.XXXXXX)
trap 'rm -rf "$work"' EXIT
n=${1:-100000}
echo "# floe manifest codec: $n entries x ${2:-10} columns, $(nproc) cores"
"$build/mfbench" "$work" "$n" "${2:-10}"
/usr/bin/python3 - "$work/bench-null.avro" "$n" <<'PY'
import sys, time, warnings
warnings.simplefilter("ignore")
from avro.datafile import DataFileReader
from avro.io import DatumReader
t = time.process_time()
with open(sys.argv[1], "rb") as fh:
    k = sum(1 for _ in DataFileReader(fh, DatumReader()))
dt = time.process_time() - t
print(f"python3-avro read: {k} entries, {k / dt:.0f} entries/s")
PY
cd "$src/tests/interop"
[ -d node_modules/avsc ] || npm install --no-audit --no-fund >/dev/null
node --input-type=module - "$work/bench-null.avro" <<'JS'
import avro from 'avsc';
const file = process.argv[2];
const big = avro.types.LongType.__with({
  fromBuffer: (b) => b.readBigInt64LE(), toBuffer: (n) => { const b = Buffer.alloc(8); b.writeBigInt64LE(BigInt(n)); return b; },
  fromJSON: BigInt, toJSON: Number, isValid: (n) => typeof n === 'bigint', compare: (a, b) => (a < b ? -1 : a > b ? 1 : 0),
});
const t = process.cpuUsage();
let k = 0;
avro.createFileDecoder(file, { parseHook: (s) => avro.Type.forSchema(s, { registry: { long: big } }) })
  .on('data', () => k++)
  .on('end', () => {
    const u = process.cpuUsage(t);
    console.log(`avsc read: ${k} entries, ${Math.round(k / ((u.user + u.system) / 1e6))} entries/s`);
  });
JS
