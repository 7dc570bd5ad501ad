#!/usr/bin/env bash
# test_tail_ack.sh — `floe tail --ack` killed with SIGKILL again and again while a writer
# commits: every committed change appears at least once across the runs; no run prints a
# transaction the slot had already confirmed when it started (acknowledged changes are
# never redelivered, and never lost); after de-duplication by (commit_lsn, lsn) every row
# appears exactly once. SIGTERM stops a run cleanly (exit 0). Also: the slot advances.
set -euo pipefail
. "$FLOE_SRC/tests/harness/pg.sh"
. "$FLOE_SRC/tests/integration/tail_common.sh"
tail_init tailack

psql_q "CREATE TABLE k (id int PRIMARY KEY, note text)" >/dev/null
N=3000
"$PY" - "$N" >"$WORK/writer.sql" <<'PY'
import sys
n = int(sys.argv[1]); i = 1
while i <= n:
    if i % 10 == 0 and i + 2 <= n:
        print("BEGIN;")
        for j in range(3):
            print("INSERT INTO k VALUES (%d, 'multi');" % (i + j))
        print("COMMIT;"); i += 3
    else:
        print("INSERT INTO k VALUES (%d, 'single');" % i); i += 1
    print("SELECT pg_sleep(0.003);")
PY
floe_pg_psql -f "$WORK/writer.sql" >/dev/null &
writer=$!

slot_pos() { psql_q "SELECT confirmed_flush_lsn FROM pg_replication_slots WHERE slot_name = 'floe'"; }
run=0
: >"$WORK/starts"
while kill -0 "$writer" 2>/dev/null; do
	run=$((run + 1))
	echo "$run $(slot_pos)" >>"$WORK/starts"
	"$FLOE_BIN" tail -c "$CFG" --ack >"$WORK/run.$run.jsonl" 2>"$WORK/run.$run.err" &
	pid=$!
	sleep "$(( RANDOM % 2 )).$(( (RANDOM % 8) + 2 ))"
	kill -9 "$pid" 2>/dev/null || true
	wait "$pid" 2>/dev/null || true
done
wait "$writer"
# a run stopped by SIGTERM exits 0
run=$((run + 1))
echo "$run $(slot_pos)" >>"$WORK/starts"
"$FLOE_BIN" tail -c "$CFG" --ack >"$WORK/run.$run.jsonl" 2>"$WORK/run.$run.err" &
pid=$!
sleep 1
kill -TERM "$pid"
wait "$pid" || { cat "$WORK/run.$run.err"; fail "tail did not exit 0 on SIGTERM"; }
# and a final run drains the rest
run=$((run + 1))
echo "$run $(slot_pos)" >>"$WORK/starts"
tail_run --ack --until-caught-up >"$WORK/run.$run.jsonl" 2>"$WORK/run.$run.err" || {
	cat "$WORK/run.$run.err"; fail "final run failed"; }
echo "$((run + 1)) $(slot_pos)" >>"$WORK/starts"

"$PY" - "$WORK" "$run" "$N" <<'PY'
import json, sys
work, runs, n = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
def lsn(s):
    hi, lo = s.split("/"); return (int(hi, 16) << 32) | int(lo, 16)
starts = {}
for line in open(work + "/starts"):
    r, pos = line.split(); starts[int(r)] = lsn(pos)
seen = {}
total = 0
bad = 0
for r in range(1, runs + 1):
    for line in open("%s/run.%d.jsonl" % (work, r)):
        try:
            c = json.loads(line)
        except ValueError:
            continue  # the last line of a killed run may be cut short
        total += 1
        if lsn(c["commit_lsn"]) < starts[r]:
            print("run %d printed commit %s below the slot's confirmed position at its start" % (r, c["commit_lsn"]))
            bad += 1
        seen.setdefault((c["commit_lsn"], c["lsn"]), set()).add(c["key"]["id"])
ids = [i for s in seen.values() for i in s]
if sorted(ids) != list(range(1, n + 1)):
    missing = set(range(1, n + 1)) - set(ids)
    print("after dedup: %d ids, %d distinct, missing %s" % (len(ids), len(set(ids)), sorted(missing)[:20]))
    bad += 1
if any(len(s) != 1 for s in seen.values()):
    print("one (commit_lsn, lsn) with several rows"); bad += 1
adv = sorted(set(starts.values()))
print("%d runs, %d lines printed, %d distinct changes, slot advanced %d times" % (runs, total, len(seen), len(adv) - 1))
if len(adv) < 3:
    print("the slot did not advance across runs"); bad += 1
sys.exit(1 if bad else 0)
PY
echo "test_tail_ack: ok"
