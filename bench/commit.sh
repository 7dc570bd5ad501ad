#!/usr/bin/env bash
# commit.sh — the cost of one Iceberg commit as a table grows to COMMITS snapshots
# (default 1000), each adding a data file of ROWS rows (default 1000, so 1M rows at
# the end). Prints, every 100 commits: mean ms per commit (the commit alone, not
# the data file), sizes of metadata.json / manifest list / manifest, and the I/O
# floor = writing + fsyncing + renaming three files of those sizes, with the ratio.
# Usage: bench/commit.sh [COMMITS] [ROWS]   (needs a build: BUILD=build by default)
set -euo pipefail
src=$(cd "$(dirname "$0")/.." && pwd)
build=${BUILD:-$src/build}
[ -x "$build/icebench" ] || { echo "build first: cmake --build $build (needs tests/tools/icebench)" >&2; exit 1; }
work=$(mktemp -d /tmp/floe-bench-commit.XXXXXX)
trap 'rm -rf "$work"' EXIT
echo "# floe commit cost: $(nproc) cores, $(df -h --output=fstype "$work" | tail -1 | tr -d ' ') at $work"
"$build/icebench" "$work" "${1:-1000}" "${2:-1000}" 100
echo "# table on disk: $(du -sh "$work/wh" | cut -f1), $(ls "$work/wh/bench/t/metadata" | wc -l) metadata files"
