#!/usr/bin/env bash
# bench/stream.sh — how fast floe drains a replication slot compared with the physical
# limit, pg_recvlogical writing the same pgoutput stream to /dev/null.
# Workload: UPDATES updates (default 1,000,000) in transactions of 1,000 rows on
# pgbench_accounts; four slots created before it. Then drained one after the other in the
# order pg_recvlogical, floe, floe, pg_recvlogical (so cache warm-up favours neither):
#   pg_recvlogical --start --endpos <insert lsn> -f /dev/null   (same pgoutput options)
#   floe tail --until-caught-up --count                          (release build; decodes every value)
# Prints changes/s for both (mean of two runs each), the ratio, floe's CPU seconds and peak RSS.
# Env: FLOE (binary, default build/floe), UPDATES, SCALE (pgbench scale, default 10).
set -euo pipefail
cd "$(dirname "$0")/.."
FLOE=${FLOE:-$PWD/build/floe}
UPDATES=${UPDATES:-1000000}
SCALE=${SCALE:-10}
TXN=1000
[ -x "$FLOE" ] || { echo "bench/stream.sh: $FLOE not built (make build)" >&2; exit 1; }
. tests/harness/pg.sh
floe_pg_start bench
work=$(mktemp -d /tmp/floe-bench.XXXXXX)
trap 'floe_pg_stop; rm -rf "$work"' EXIT
PGBIN=$FLOE_PG_BIN

"$PGBIN/pgbench" -i -q -s "$SCALE" >/dev/null 2>&1
rows=$((SCALE * 100000))
floe_pg_psql >/dev/null <<'SQL'
CREATE PUBLICATION floe FOR TABLE pgbench_accounts;
SELECT pg_create_logical_replication_slot(s, 'pgoutput') FROM unnest(ARRAY['recv1', 'floe1', 'floe2', 'recv2']) s;
SQL
for i in 1 2; do
	cat >"$work/floe$i.yaml" <<YAML
source:
  dsn: "$FLOE_PG_DSN"
  publication: floe
  slot: floe$i
warehouse:
  location: $work/warehouse
YAML
done

echo "== workload: $UPDATES updates in transactions of $TXN rows (pgbench_accounts, $rows rows)"
"$(command -v python3)" - "$UPDATES" "$TXN" "$rows" >"$work/load.sql" <<'PY'
import sys
n, t, rows = map(int, sys.argv[1:])
for k in range(n // t):
    lo = (k * t) % rows + 1
    print("UPDATE pgbench_accounts SET abalance = abalance + 1 WHERE aid BETWEEN %d AND %d;" % (lo, lo + t - 1))
PY
t0=$(date +%s.%N)
floe_pg_psql -f "$work/load.sql" >/dev/null
t1=$(date +%s.%N)
endpos=$(floe_pg_psql -c "SELECT pg_current_wal_insert_lsn()")
echo "   loaded in $(awk -v a="$t0" -v b="$t1" 'BEGIN {printf "%.1f", b - a}') s; WAL insert position $endpos"

opts=(-o proto_version=3 -o "publication_names=floe" -o binary=true -o messages=true -o streaming=on)
recv() { # run
	echo "== pg_recvlogical → /dev/null (slot recv$1)"
	/usr/bin/time -f "%e %U %S %M" -o "$work/recv$1.time" \
		"$PGBIN/pg_recvlogical" -d "$FLOE_PG_DSN" --slot "recv$1" --start --endpos "$endpos" "${opts[@]}" -f /dev/null
}
floe() { # run
	echo "== floe tail --until-caught-up --count (slot floe$1)"
	/usr/bin/time -f "%e %U %S %M" -o "$work/floe$1.time" \
		"$FLOE" tail -c "$work/floe$1.yaml" --until-caught-up --count >"$work/floe$1.out"
	cat "$work/floe$1.out"
	total=$(sed -n 's/.*"total":\([0-9]*\).*/\1/p' "$work/floe$1.out")
	[ "$total" = "$UPDATES" ] || { echo "floe counted $total changes, expected $UPDATES" >&2; exit 1; }
}
recv 1
floe 1
floe 2
recv 2
read -r r_el r_us r_sy r_rss < <(awk '{e+=$1; u+=$2; s+=$3} END {print e/2, u/2, s/2, 0}' "$work/recv1.time" "$work/recv2.time")
read -r f_el f_us f_sy f_rss < <(awk '{e+=$1; u+=$2; s+=$3; if ($4 > m) m = $4} END {print e/2, u/2, s/2, m}' "$work/floe1.time" "$work/floe2.time")
echo "runs (elapsed s): pg_recvlogical $(cut -d' ' -f1 "$work/recv1.time") $(cut -d' ' -f1 "$work/recv2.time"), floe $(cut -d' ' -f1 "$work/floe1.time") $(cut -d' ' -f1 "$work/floe2.time")"

awk -v n="$UPDATES" -v re="$r_el" -v fe="$f_el" -v fu="$f_us" -v fs="$f_sy" -v frss="$f_rss" \
	-v ru="$r_us" -v rs="$r_sy" 'BEGIN {
	rr = n / re; fr = n / fe
	printf "\n%-16s %10s %14s %12s\n", "(mean of 2)", "seconds", "changes/s", "client CPU s"
	printf "%-16s %10.2f %14.0f %12.2f\n", "pg_recvlogical", re, rr, ru + rs
	printf "%-16s %10.2f %14.0f %12.2f\n", "floe tail", fe, fr, fu + fs
	printf "\nratio floe / pg_recvlogical: %.2fx (target >= 0.9x)\n", fr / rr
	printf "floe: %.2f CPU s (%.0f changes per CPU-second), peak RSS %.1f MiB\n", fu + fs, n / (fu + fs), frss / 1024
}'
echo "(2-core machine shared with other jobs: expect noise of ±10%)"
