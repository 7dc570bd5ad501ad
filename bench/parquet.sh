#!/usr/bin/env bash
# bench/parquet.sh — floe's Parquet writer vs DuckDB's on the same 10M-row mixed table.
#
# The table (ints, decimal(12,2) with NULLs, timestamptz, repeated strings, unique strings,
# uuids, a double with NULLs) is generated from integer formulas: in C by
# `pqgen --bench` (streamed into the writer) and in SQL by bench/parquet_duckdb.mjs
# (materialised in memory first, not timed, then `COPY ... (FORMAT parquet, COMPRESSION zstd)`
# with threads=1 and the default thread count). A hash over all values checks that both
# files hold the same data. Prints rows/s, CPU seconds and output size side by side.
# floe's numbers INCLUDE generating the rows (its generation cost alone is printed too).
# Usage: bench/parquet.sh [ROWS]   (env BUILD=build dir, default ./build)
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
rows="${1:-10000000}"
build="${BUILD:-$root/build}"
cmake --build "$build" --target pqgen -j2 >/dev/null
if [ ! -d "$root/tests/interop/node_modules/@duckdb/node-api" ]; then
	(cd "$root/tests/interop" && npm install --no-audit --no-fund >/dev/null)
fi
out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT

gen=$("$build/pqgen" --bench "$rows" /dev/null --gen-only 1)
z1=$("$build/pqgen" --bench "$rows" "$out/floe_z1.parquet" --codec zstd --level 1)
z3=$("$build/pqgen" --bench "$rows" "$out/floe_z3.parquet" --codec zstd --level 3)
sn=$("$build/pqgen" --bench "$rows" "$out/floe_snappy.parquet" --codec snappy)
duck=$(node "$root/bench/parquet_duckdb.mjs" "$rows" "$out/floe_z1.parquet" "$out")

python3 - "$rows" "$gen" "$z1" "$z3" "$sn" "$duck" <<'PY'
import json, sys
rows = int(sys.argv[1])
gen, z1, z3, sn, duck = (json.loads(a) for a in sys.argv[2:])
lines = [
    ("floe zstd(1), 1 thread", z1["cpu_s"], z1["wall_s"], z1["bytes"]),
    ("floe zstd(3), 1 thread", z3["cpu_s"], z3["wall_s"], z3["bytes"]),
    ("floe snappy, 1 thread", sn["cpu_s"], sn["wall_s"], sn["bytes"]),
    ("duckdb zstd, threads=1", duck["duck_t1"]["cpu_s"], duck["duck_t1"]["wall_s"], duck["duck_t1"]["bytes"]),
    ("duckdb zstd, threads=%d" % duck["duck_tn"]["threads"], duck["duck_tn"]["cpu_s"], duck["duck_tn"]["wall_s"], duck["duck_tn"]["bytes"]),
]
ref_cpu, ref_bytes = duck["duck_t1"]["cpu_s"], duck["duck_t1"]["bytes"]
print(f"rows: {rows:,}  (floe rows generated in C inside the timing: {gen['gen_cpu_s']:.2f} CPU s of it)")
print(f"same values in floe and duckdb files: {duck['same_values']}")
print(f"| writer | CPU s | wall s | rows per CPU-s | rows/s (wall) | bytes | CPU vs duckdb t=1 | size vs duckdb t=1 |")
print(f"|---|---:|---:|---:|---:|---:|---:|---:|")
for name, cpu, wall, size in lines:
    print(f"| {name} | {cpu:.2f} | {wall:.2f} | {rows / cpu:,.0f} | {rows / wall:,.0f} | {size:,} | {cpu / ref_cpu:.2f}x | {size / ref_bytes:.3f}x |")
if not duck["same_values"]:
    print("ERROR: the files differ:", duck["hash"])
    sys.exit(1)
PY
