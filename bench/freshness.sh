#!/usr/bin/env bash
# bench/freshness.sh — how stale the lake is while floe runs: SECONDS seconds (default 60)
# of a steady insert rate (RATE rows/s, default 5,000: pgbench -R with 10-row
# transactions) while `floe run` streams with sink.flush_interval 1s. Freshness of a row =
# timestamp-ms of the Iceberg snapshot that made it visible minus its source commit time
# (_floe_commit_ts). The snapshot of a row is the first one whose floe.lsn is at or after
# the row's _floe_lsn (its transaction's commit LSN). Prints p50, p99 and max, floe's CPU
# and peak RSS, and checks that every row arrived exactly once.
# Env: FLOE (binary, default build/floe), SECONDS_RUN, RATE.
set -euo pipefail
cd "$(dirname "$0")/.."
FLOE=${FLOE:-$PWD/build/floe}
SECONDS_RUN=${SECONDS_RUN:-60}
RATE=${RATE:-5000}
[ -x "$FLOE" ] || { echo "bench/freshness.sh: $FLOE not built (make build)" >&2; exit 1; }
. tests/harness/pg.sh
floe_pg_start bench
work=$(mktemp -d /tmp/floe-bench.XXXXXX)
pid=
trap '[ -n "$pid" ] && kill -9 $(pgrep -P $pid) $pid 2>/dev/null; floe_pg_stop; rm -rf "$work"' EXIT
PGBIN=$FLOE_PG_BIN

floe_pg_psql >/dev/null <<'SQL'
CREATE TABLE events (id bigserial PRIMARY KEY, device int, reading float8, note text,
  created timestamptz DEFAULT now());
CREATE PUBLICATION floe FOR TABLE events;
SQL
cat >"$work/floe.yaml" <<YAML
source:
  dsn: "$FLOE_PG_DSN"
  publication: floe
  slot: floe
warehouse:
  location: $work/warehouse
sink:
  flush_interval: 1s
YAML
cat >"$work/insert.sql" <<'SQL'
INSERT INTO events (device, reading, note) SELECT (random() * 1000)::int, random(), 'reading ' || g
  FROM generate_series(1, 10) g;
SQL

/usr/bin/time -f "%e %U %S %M" -o "$work/floe.time" "$FLOE" run -c "$work/floe.yaml" 2>"$work/floe.log" &
pid=$!
for _ in $(seq 1 100); do grep -q "streaming from" "$work/floe.log" && break; sleep 0.1; done
echo "== $SECONDS_RUN s of $RATE rows/s ($((RATE / 10)) transactions/s of 10 rows), flush_interval 1s"
"$PGBIN/pgbench" -n -d "$FLOE_PG_DSN" -f "$work/insert.sql" -R $((RATE / 10)) -T "$SECONDS_RUN" -c 2 -j 1 \
	>"$work/pgbench.out" 2>&1 || { cat "$work/pgbench.out"; exit 1; }
grep -E "^tps|latency average" "$work/pgbench.out" | sed 's/^/   pgbench: /'
target=$(floe_pg_psql -c "SELECT pg_current_wal_insert_lsn()")
for _ in $(seq 1 120); do
	ok=$(floe_pg_psql -c "SELECT confirmed_flush_lsn >= '$target' FROM pg_replication_slots WHERE slot_name = 'floe'")
	[ "$ok" = t ] && break
	sleep 0.5
done
# SIGTERM to floe itself (the child of /usr/bin/time), which commits and exits 0
kill -TERM "$(pgrep -P $pid)"
wait $pid
pid=
read -r f_el f_us f_sy f_rss <"$work/floe.time"

"$FLOE" history -c "$work/floe.yaml" public.events --format jsonl >"$work/history.jsonl"
"$FLOE" scan -c "$work/floe.yaml" public.events >"$work/rows.jsonl"
want=$(floe_pg_psql -c "SELECT count(*) FROM events")
"$(command -v python3)" - "$work/history.jsonl" "$work/rows.jsonl" "$want" "$f_us" "$f_sy" "$f_rss" "$f_el" <<'PY'
import bisect, datetime, json, sys
hist, rows, want = sys.argv[1], sys.argv[2], int(sys.argv[3])
cpu = float(sys.argv[4]) + float(sys.argv[5]); rss = int(sys.argv[6]) / 1024; el = float(sys.argv[7])
def lsn(t):
    hi, lo = t.split("/")
    return (int(hi, 16) << 32) | int(lo, 16)
snaps = []
for l in open(hist):
    h = json.loads(l)
    ts = h.get("timestamp_ms") or h.get("made_current_at_ms")
    if ts is None:
        ts = datetime.datetime.fromisoformat(h["made_current_at"].replace("Z", "+00:00")).timestamp() * 1000
    snaps.append((lsn(h["summary"]["floe.lsn"]), float(ts)))
snaps.sort()
keys = [s[0] for s in snaps]
fresh, ids = [], set()
for l in open(rows):
    r = json.loads(l)
    ids.add(r["id"])
    if r["_floe_commit_ts"] is None:
        continue
    i = bisect.bisect_left(keys, int(r["_floe_lsn"]))
    commit = datetime.datetime.fromisoformat(r["_floe_commit_ts"]).timestamp() * 1000
    fresh.append(snaps[i][1] - commit)
fresh.sort()
if len(ids) != want:
    print("Iceberg has %d distinct rows, PostgreSQL %d" % (len(ids), want)); sys.exit(1)
q = lambda p: fresh[min(len(fresh) - 1, int(p * len(fresh)))] / 1000
print("\nrows %d, Iceberg snapshots %d" % (len(fresh), len(snaps)))
print("freshness (snapshot time - source commit time): p50 %.2f s, p99 %.2f s, max %.2f s (target p99 <= 2 s)"
      % (q(0.5), q(0.99), fresh[-1] / 1000))
print("floe: %.1f CPU s over %.0f s (%.1f%% of a core), peak RSS %.1f MiB" % (cpu, el, 100 * cpu / el, rss))
PY
echo "(2-core machine shared with other jobs: expect noise)"
