#!/usr/bin/env bash
# bench/snapshot.sh — the initial snapshot of `floe run --once` against the physical
# limit, `COPY ... TO STDOUT (FORMAT binary)` of the same table to /dev/null, in the same
# run on the same server. Two tables, one after the other:
#   pgbench_accounts   SCALE * 100,000 rows (default scale 100 = 10M rows; 4 narrow columns)
#   wide               WIDE_ROWS rows (default 2M) of int8, numeric, timestamptz, text, jsonb, uuid,
#                      int4, bool, date, float8
# floe copies ctid ranges in parallel (--snapshot-workers, default 2), decodes every value
# and writes zstd Parquet + Iceberg metadata to a local warehouse. The fair limit is the
# same work without floe: the same ctid-range COPY (SELECT ...) TO STDOUT (FORMAT binary)
# queries floe sends (ranges computed as src/sink/snapshot.c does), WORKERS at a time, to
# /dev/null. Prints rows/s of the single COPY, of the parallel COPYs and of floe, floe's
# ratio to the parallel COPYs (target >= 0.9x), CPU seconds per million rows and peak RSS.
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
	# the fair limit: floe's range queries (MIN_RANGE_PAGES 1024; at most 4 per worker), WORKERS in parallel
	local pages cols nr
	pages=$(floe_pg_psql -c "SELECT pg_relation_size('$table') / current_setting('block_size')::bigint")
	cols=$(floe_pg_psql -c "SELECT string_agg(quote_ident(attname), ', ' ORDER BY attnum) FROM pg_attribute
		WHERE attrelid = '$table'::regclass AND attnum > 0 AND NOT attisdropped")
	nr=1
	if [ "$pages" -ge 2048 ]; then
		nr=$((pages / 1024))
		[ $nr -gt $((WORKERS * 4)) ] && nr=$((WORKERS * 4))
		[ $nr -lt 2 ] && nr=2
	fi
	: >"$work/ranges.sql"
	for ((i = 0; i < nr; i++)); do
		local lo=$((pages * i / nr)) hi=$((pages * (i + 1) / nr)) where=""
		if [ $nr -gt 1 ]; then
			where=" WHERE ctid >= '($lo,0)'::tid"
			[ $((i + 1)) -lt $nr ] && where="$where AND ctid < '($hi,0)'::tid"
		fi
		echo "COPY (SELECT $cols FROM ONLY public.$table$where) TO STDOUT (FORMAT binary)" >>"$work/ranges.sql"
	done
	echo "== $table: $nr ctid-range COPYs, $WORKERS at a time > /dev/null (the fair limit)"
	export PGBIN FLOE_PG_DSN
	/usr/bin/time -f "%e" -o "$work/par.time" xargs -d '\n' -P "$WORKERS" -I{} \
		sh -c '"$PGBIN/psql" -X -q -d "$FLOE_PG_DSN" -c "$1" >/dev/null' _ {} <"$work/ranges.sql"
	local p_el
	p_el=$(cat "$work/par.time")
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
	results+=("$(awk -v t="$table" -v n="$rows" -v ce="$c_el" -v pe="$p_el" -v fe="$f_el" -v fu="$f_us" -v fs="$f_sy" -v rss="$f_rss" \
		'BEGIN { printf "%-18s %10d %12.0f %13.0f %12.0f %7.2fx %7.2fx %10.2f %9.1f", t, n, n / ce, n / pe, n / fe, (n / fe) / (n / ce), (n / fe) / (n / pe), (fu + fs) / (n / 1e6), rss / 1024 }')")
}
bench_table pgbench_accounts $((SCALE * 100000))
bench_table wide "$WIDE_ROWS"

printf '\n%-18s %10s %12s %13s %12s %8s %8s %10s %9s\n' "table" "rows" "COPY rows/s" "N COPY rows/s" "floe rows/s" "vs COPY" "vs N" "CPU s/Mrow" "RSS MiB"
for r in "${results[@]}"; do echo "$r"; done
echo "(targets: floe >= 0.9x of the $WORKERS parallel COPYs, peak RSS <= 256 MiB; a 2-core machine: expect noise)"
