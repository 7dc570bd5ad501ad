#!/usr/bin/env bash
# bench/cdc.sh — how fast `floe run --once` drains CHANGES changes (default 1,000,000) into
# Iceberg, against the physical limit: pg_recvlogical writing the same pgoutput stream to
# /dev/null. The workload mixes transaction sizes on pgbench_accounts: single-row updates,
# 100-row updates, 10,000-row updates (streamed by the server), inserts of 1,000 rows and
# deletes of 100 rows. Both slots exist before the workload; floe's initial snapshot is
# taken before it and not timed. Prints changes/s of both, the ratio, floe's CPU seconds
# per million changes, the CPU ratio, its peak RSS, and checks the Iceberg row count.
# Env: FLOE (binary, default build/floe), CHANGES, SCALE (pgbench scale, default 10).
set -euo pipefail
cd "$(dirname "$0")/.."
FLOE=${FLOE:-$PWD/build/floe}
CHANGES=${CHANGES:-1000000}
SCALE=${SCALE:-10}
[ -x "$FLOE" ] || { echo "bench/cdc.sh: $FLOE not built (make build)" >&2; exit 1; }
. tests/harness/pg.sh
floe_pg_start bench
work=$(mktemp -d /tmp/floe-bench.XXXXXX)
trap 'floe_pg_stop; rm -rf "$work"' EXIT
PGBIN=$FLOE_PG_BIN

"$PGBIN/pgbench" -i -q -s "$SCALE" >/dev/null 2>&1
rows=$((SCALE * 100000))
floe_pg_psql >/dev/null <<'SQL'
CREATE PUBLICATION floe FOR TABLE pgbench_accounts;
SELECT pg_create_logical_replication_slot('recv', 'pgoutput');
SQL
cat >"$work/floe.yaml" <<YAML
source:
  dsn: "$FLOE_PG_DSN"
  publication: floe
  slot: floe
warehouse:
  location: $work/warehouse
YAML
echo "== initial snapshot of pgbench_accounts ($rows rows; not timed)"
"$FLOE" run -c "$work/floe.yaml" --once 2>"$work/snap.log" || { cat "$work/snap.log"; exit 1; }

echo "== workload: $CHANGES changes in mixed transactions"
"$(command -v python3)" - "$CHANGES" "$rows" >"$work/load.sql" <<'PY'
import sys
n, rows = map(int, sys.argv[1:])
out, done, k, nxt = [], 0, 0, rows + 1
while done < n:
    kind = k % 10
    lo = (k * 7919) % (rows - 20000) + 1
    if kind < 4:      # ten single-row transactions
        for j in range(10):
            out.append("UPDATE pgbench_accounts SET abalance = abalance + 1 WHERE aid = %d;" % (lo + j * 13))
        done += 10
    elif kind < 7:    # 100-row update
        out.append("UPDATE pgbench_accounts SET abalance = abalance - 1 WHERE aid BETWEEN %d AND %d;" % (lo, lo + 99))
        done += 100
    elif kind == 7:   # 10,000-row update (streamed)
        out.append("UPDATE pgbench_accounts SET abalance = abalance + 2 WHERE aid BETWEEN %d AND %d;" % (lo, lo + 9999))
        done += 10000
    elif kind == 8:   # 1,000-row insert
        out.append("INSERT INTO pgbench_accounts SELECT g, 1, 0, '' FROM generate_series(%d, %d) g;" % (nxt, nxt + 999))
        nxt += 1000
        done += 1000
    else:             # 100-row delete of fresh rows
        out.append("DELETE FROM pgbench_accounts WHERE aid BETWEEN %d AND %d;" % (nxt - 100, nxt - 1))
        done += 100
    k += 1
print("\n".join(out))
print("-- %d changes" % done, file=sys.stderr)
PY
t0=$(date +%s.%N)
floe_pg_psql -f "$work/load.sql" >/dev/null
t1=$(date +%s.%N)
endpos=$(floe_pg_psql -c "SELECT pg_current_wal_insert_lsn()")
changes=$("$(command -v python3)" -c "
import re
n = 0
for l in open('$work/load.sql'):
    m = re.search(r'BETWEEN (\d+) AND (\d+)', l) or re.search(r'generate_series\((\d+), (\d+)\)', l)
    n += int(m.group(2)) - int(m.group(1)) + 1 if m else 1
print(n)")
echo "   $changes changes loaded in $(echo "$t1 - $t0" | bc) s; WAL insert position $endpos"

echo "== pg_recvlogical → /dev/null"
opts=(-o proto_version=3 -o "publication_names=floe" -o binary=true -o messages=true -o streaming=on)
/usr/bin/time -f "%e %U %S %M" -o "$work/recv.time" \
	"$PGBIN/pg_recvlogical" -d "$FLOE_PG_DSN" --slot recv --start --endpos "$endpos" "${opts[@]}" -f /dev/null
read -r r_el r_us r_sy r_rss <"$work/recv.time"

echo "== floe run --once"
/usr/bin/time -f "%e %U %S %M" -o "$work/floe.time" "$FLOE" run -c "$work/floe.yaml" --once 2>"$work/floe.log"
read -r f_el f_us f_sy f_rss <"$work/floe.time"
grep "done:" "$work/floe.log" | sed 's/^/   /'
echo "   $(grep -c "info  committed [0-9]" "$work/floe.log") Iceberg commits"
want=$(floe_pg_psql -c "SELECT count(*) FROM pgbench_accounts")
live=$("$FLOE" scan -c "$work/floe.yaml" public.pgbench_accounts --format csv | tail -n +2 | wc -l)
[ "$live" = "$want" ] || { echo "Iceberg has $live live rows, PostgreSQL $want" >&2; exit 1; }
echo "   Iceberg live rows = PostgreSQL rows = $want"

awk -v n="$changes" -v re="$r_el" -v fe="$f_el" -v fu="$f_us" -v fs="$f_sy" -v frss="$f_rss" \
	-v ru="$r_us" -v rs="$r_sy" 'BEGIN {
	rr = n / re; fr = n / fe
	printf "\n%-16s %10s %14s %12s\n", "", "seconds", "changes/s", "client CPU s"
	printf "%-16s %10.2f %14.0f %12.2f\n", "pg_recvlogical", re, rr, ru + rs
	printf "%-16s %10.2f %14.0f %12.2f\n", "floe run --once", fe, fr, fu + fs
	printf "\nratio floe / pg_recvlogical: %.2fx changes/s (target >= 0.95x)\n", fr / rr
	printf "CPU floe / pg_recvlogical: %.2fx client CPU (target <= 1.1x)\n", (fu + fs) / (ru + rs)
	printf "floe: %.2f CPU s per million changes, peak RSS %.1f MiB (target <= 256)\n", (fu + fs) / (n / 1e6), frss / 1024
}'
echo "(2-core machine shared with other jobs: expect noise)"
