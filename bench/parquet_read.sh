#!/usr/bin/env bash
# bench/parquet_read.sh — floe's Parquet reader vs DuckDB's on the same files.
#
# DuckDB writes a mixed table (bigint, int and decimal with NULLs, double,
# repeated and unique strings, timestamptz, date, a nullable int list) as zstd
# and snappy files. floe decodes every value of every column
# (`floe parquet-dump --check`: cursors, 1 thread) and DuckDB materialises every
# column with threads=1 (CREATE TEMP TABLE AS SELECT *). Both report rows and
# NULLs, which must agree. Prints rows per CPU-second side by side.
# Usage: bench/parquet_read.sh [ROWS]   (env BUILD=build dir, default ./build)
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
rows="${1:-5000000}"
build="${BUILD:-$root/build}"
cmake --build "$build" --target floe -j2 >/dev/null
if [ ! -d "$root/tests/interop/node_modules/@duckdb/node-api" ]; then
	(cd "$root/tests/interop" && npm install --no-audit --no-fund >/dev/null)
fi
out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT
# node resolves @duckdb/node-api from the script's directory: run a copy from tests/interop
cp "$root/bench/parquet_read_duckdb.mjs" "$root/tests/interop/.bench_read_duckdb.mjs"
trap 'rm -rf "$out" "$root/tests/interop/.bench_read_duckdb.mjs"' EXIT
node "$root/tests/interop/.bench_read_duckdb.mjs" gen "$rows" "$out"

python3 - "$build/floe" "$root/tests/interop/.bench_read_duckdb.mjs" "$out" "$rows" <<'PY'
import json, os, re, resource, subprocess, sys, time
floe, duck, out, rows = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])

def floe_read(path):
    r0 = resource.getrusage(resource.RUSAGE_CHILDREN)
    w0 = time.monotonic()
    p = subprocess.run([floe, "parquet-dump", "--check", path], capture_output=True, text=True, check=True)
    w1 = time.monotonic()
    r1 = resource.getrusage(resource.RUSAGE_CHILDREN)
    m = re.search(r"ok: (\d+) rows.*\((\d+) values, (\d+) null\)", p.stdout)
    return {"cpu_s": (r1.ru_utime - r0.ru_utime) + (r1.ru_stime - r0.ru_stime), "wall_s": w1 - w0,
            "rows": int(m.group(1)), "nulls": int(m.group(3))}

def duck_read(path):
    p = subprocess.run(["node", duck, "read", path], capture_output=True, text=True, check=True)
    return json.loads(p.stdout)

print(f"rows: {rows:,} x 9 columns; 1 thread each")
print("| file | reader | CPU s | wall s | rows per CPU-s | CPU vs duckdb |")
print("|---|---|---:|---:|---:|---:|")
ok = True
for codec in ("zstd", "snappy"):
    path = os.path.join(out, f"read_{codec}.parquet")
    f, d = floe_read(path), duck_read(path)
    for name, r in (("floe", f), ("duckdb", d)):
        print(f"| {codec} ({os.path.getsize(path):,} B) | {name} | {r['cpu_s']:.2f} | {r['wall_s']:.2f} | "
              f"{rows / r['cpu_s']:,.0f} | {r['cpu_s'] / d['cpu_s']:.2f}x |")
    if (f["rows"], f["nulls"]) != (d["rows"], d["nulls"]):
        print(f"ERROR: floe read {f['rows']} rows / {f['nulls']} nulls, duckdb {d['rows']} / {d['nulls']}")
        ok = False
sys.exit(0 if ok else 1)
PY
