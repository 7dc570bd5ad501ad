#!/usr/bin/env bash
# commit.sh — the cost of one Iceberg commit as a table grows to COMMITS snapshots
# (default 1000), each adding a data file of ROWS rows (default 1000, so 1M rows at
# the end). Prints, every 100 commits: mean ms per commit (wall and CPU; the commit
# alone, not the data file), sizes of metadata.json / manifest list / newest manifest,
# and the I/O floor = writing + fsyncing + renaming three files of those sizes, with
# the ratio. Runs twice: keeping every snapshot, then expiring all but the newest 100
# every 10 commits (untimed). EXPIRE=0 skips the second run; EVERY=N prints every N commits.
# Commit cost must not depend on ROWS: compare `bench/commit.sh 300 1` with `bench/commit.sh 300 100000`.
# Usage: bench/commit.sh [COMMITS] [ROWS]   (needs a build: BUILD=build by default)
set -euo pipefail
src=$(cd "$(dirname "$0")/.." && pwd)
build=${BUILD:-$src/build}
[ -x "$build/icebench" ] || { echo "build first: cmake --build $build (needs tests/tools/icebench)" >&2; exit 1; }
work=$(mktemp -d /tmp/floe-bench-commit.XXXXXX)
trap 'rm -rf "$work"' EXIT
echo "# floe commit cost: $(nproc) cores, $(df -h --output=fstype "$work" | tail -1 | tr -d ' ') at $work"
echo "# every snapshot kept"
mkdir "$work/all"
"$build/icebench" "$work/all" "${1:-1000}" "${2:-1000}" "${EVERY:-100}"
echo "# table on disk: $(du -sh "$work/all/wh" | cut -f1), $(ls "$work/all/wh/bench/t/metadata" | wc -l) metadata files"
[ "${EXPIRE:-1}" = 0 ] && exit 0
echo "# snapshots expired down to the newest 100 every 10 commits"
mkdir "$work/expire"
"$build/icebench" "$work/expire" "${1:-1000}" "${2:-1000}" "${EVERY:-100}" 100
echo "# table on disk: $(du -sh "$work/expire/wh" | cut -f1), $(ls "$work/expire/wh/bench/t/metadata" | wc -l) metadata files"
