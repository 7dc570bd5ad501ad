#!/usr/bin/env bash
# bench/snapshot.sh — the initial snapshot of `floe run --once` against the physical
# limit, `COPY ... TO STDOUT (FORMAT binary)` of the same table to /dev/null, in the same
# run on the same server. Two tables, one after the other:
#   pgbench_accounts   SCALE * 100,000 rows (default scale 100 = 10M rows; 4 narrow columns)
#   wide               WIDE_ROWS rows (default 2M) of int8, numeric, timestamptz, text, jsonb, uuid,
#                      int4, bool, date, float8
# floe copies ctid ranges in parallel (--snapshot-workers, default 2), decodes every value
# and writes zstd Parquet + Iceberg metadata to a local warehouse. Prints rows/s of both,
# the ratio, floe's CPU seconds per million rows and its peak RSS.
# Env: FLOE (binary, default build/floe), SCALE, WIDE_ROWS, WORKERS.
set -euo pipefail
cd "$(dirname "$0")/.."
FLOE=${FLOE:-$PWD/build/floe}
SCALE=${SCALE:-100}
WIDE_ROWS=${WIDE_ROWS:-2000000}
WORKERS=${WORKERS:-2}
[ -x "$FLOE" ] || { echo "bench/snapshot.sh: $FLOE not built (make build)" >&2; exit 1; }
. tests/harness/pg.sh
floe_pg_start bench
work=$(mktemp -d /tmp/floe-bench.XXXXXX)
trap 'floe_pg_stop; rm -rf "$work"' EXIT
PGBIN=$FLOE_PG_BIN

echo "== loading: pgbench scale $SCALE ($((SCALE * 100000)) rows) and $WIDE_ROWS wide rows"
"$PGBIN/pgbench" -i -q -s "$SCALE" >/dev/null 2>&1
floe_pg_psql >/dev/null <<SQL
CREATE TABLE wide (id int8 PRIMARY KEY, amount numeric(14,4), at timestamptz, name text, doc jsonb,
  ref uuid, qty int4, flag bool, day date, score float8);
INSERT INTO wide SELECT g, g * 1.2345, '2024-01-01'::timestamptz + g * interval '1 s', 'customer ' || g,
  jsonb_build_object('id', g, 'tags', jsonb_build_array('a', 'b'), 'n', g % 100),
  md5(g::text)::uuid, g % 1000, g % 2 = 0, '2000-01-01'::date + g % 9000, g / 7.0
  FROM generate_series(1, $WIDE_ROWS) g;
VACUUM ANALYZE pgbench_accounts;
VACUUM ANALYZE wide;
CHECKPOINT;
SQL

results=()
bench_table() { # table rows
	local table=$1 rows=$2
	echo "== $table: COPY ($table) TO STDOUT (FORMAT binary) > /dev/null"
	/usr/bin/time -f "%e" -o "$work/copy.time" \
		"$PGBIN/psql" -X -q -d "$FLOE_PG_DSN" -c "COPY $table TO STDOUT (FORMAT binary)" >/dev/null
	local c_el
	c_el=$(cat "$work/copy.time")
	echo "== $table: floe run --once --snapshot-workers $WORKERS (fresh slot and warehouse)"
	floe_pg_psql -c "DROP PUBLICATION IF EXISTS floe" -c "CREATE PUBLICATION floe FOR TABLE $table" >/dev/null
	floe_pg_psql -c "SELECT pg_drop_replication_slot('floe') FROM pg_replication_slots WHERE slot_name = 'floe'" >/dev/null
	rm -rf "$work/warehouse"
	cat >"$work/floe.yaml" <<YAML
source:
  dsn: "$FLOE_PG_DSN"
  publication: floe
  slot: floe
warehouse:
  location: $work/warehouse
YAML
	/usr/bin/time -f "%e %U %S %M" -o "$work/floe.time" \
		"$FLOE" run -c "$work/floe.yaml" --once --snapshot-workers "$WORKERS" 2>"$work/floe.log"
	sed "s/^/   /" "$work/floe.log"
	local f_el f_us f_sy f_rss
	read -r f_el f_us f_sy f_rss <"$work/floe.time"
	local got
	got=$("$FLOE" tables -c "$work/floe.yaml" --format jsonl | sed -n 's/.*"total_records":\([0-9]*\).*/\1/p')
	[ "$got" = "$rows" ] || { echo "floe wrote $got rows, expected $rows" >&2; exit 1; }
	echo "   warehouse: $(du -sh "$work/warehouse" | cut -f1)"
	results+=("$(awk -v t="$table" -v n="$rows" -v ce="$c_el" -v fe="$f_el" -v fu="$f_us" -v fs="$f_sy" -v rss="$f_rss" \
		'BEGIN { printf "%-18s %10d %12.0f %12.0f %7.2fx %10.2f %9.1f", t, n, n / ce, n / fe, (n / fe) / (n / ce), (fu + fs) / (n / 1e6), rss / 1024 }')")
}
bench_table pgbench_accounts $((SCALE * 100000))
bench_table wide "$WIDE_ROWS"

printf '\n%-18s %10s %12s %12s %8s %10s %9s\n' "table" "rows" "COPY rows/s" "floe rows/s" "ratio" "CPU s/Mrow" "RSS MiB"
for r in "${results[@]}"; do echo "$r"; done
echo "(targets: ratio >= 0.7x, peak RSS <= 256 MiB; a 2-core machine shared with other jobs: expect noise)"
