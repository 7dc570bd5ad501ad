#!/usr/bin/env bash
# test_tail_stream.sh — large transactions that PostgreSQL streams while they are still
# open (logical_decoding_work_mem=64kB): a 1,000,000-row transaction is emitted whole and
# only after its commit, with floe's peak RSS (release build, --count) under 256 MiB while
# its buffer spills to disk; a rolled-back streamed transaction emits nothing; a
# subtransaction rolled back with ROLLBACK TO emits only the surviving rows; a small
# transaction that commits while a streamed one is open comes out first.
set -euo pipefail
export FLOE_PG_CONF="logical_decoding_work_mem=64kB"
export TAIL_MEMORY_LIMIT=8MiB
. "$FLOE_SRC/tests/harness/pg.sh"
. "$FLOE_SRC/tests/integration/tail_common.sh"
tail_init tailstream

RBIN=${FLOE_RELEASE_BIN:-}
if [ -z "$RBIN" ] && [ -x "$FLOE_SRC/build/floe" ]; then RBIN=$FLOE_SRC/build/floe; fi

floe_pg_psql >/dev/null <<SQL
CREATE EXTENSION dblink;
CREATE TABLE big (id int PRIMARY KEY, v text, n int);
CREATE TABLE sp (id int PRIMARY KEY, v text);
CREATE TABLE il (id int PRIMARY KEY, v text);
CREATE PUBLICATION p2 FOR TABLE sp, il;
SELECT pg_create_logical_replication_slot('s2', 'pgoutput');
INSERT INTO big SELECT g, 'row ' || g, g FROM generate_series(1, 1000000) g;
BEGIN;
INSERT INTO big SELECT g, 'rolled back', 0 FROM generate_series(2000001, 2100000) g;
ROLLBACK;
BEGIN;
INSERT INTO sp SELECT g, 'kept' FROM generate_series(1, 50000) g;
SAVEPOINT s1;
INSERT INTO sp SELECT g, 'gone' FROM generate_series(100001, 150000) g;
SAVEPOINT s2;
INSERT INTO sp SELECT g, 'gone too' FROM generate_series(150001, 160000) g;
ROLLBACK TO s1;
INSERT INTO sp SELECT g, 'kept later' FROM generate_series(200001, 200010) g;
COMMIT;
BEGIN;
INSERT INTO il SELECT g, 'A' FROM generate_series(1, 100000) g;
SELECT dblink_exec('$FLOE_PG_DSN', 'INSERT INTO il VALUES (0, ''B'')');
INSERT INTO il VALUES (100001, 'A');
COMMIT;
SQL

# 1) counts through the release build, peak RSS measured
if [ -n "$RBIN" ]; then
	FLOE_LOG=debug /usr/bin/time -v "$RBIN" tail -c "$CFG" --until-caught-up --count \
		>"$WORK/count.jsonl" 2>"$WORK/count.err" || { cat "$WORK/count.err"; fail "tail --count failed"; }
	rss_kb=$(awk -F': ' '/Maximum resident set size/ {print $2}' "$WORK/count.err")
	echo "peak RSS ${rss_kb} KiB for the 1M-row streamed transaction (limit 262144 KiB)"
	[ "$rss_kb" -lt 262144 ] || fail "peak RSS ${rss_kb} KiB is not under 256 MiB"
	grep -o 'transactions ([0-9]* streamed, [0-9]* spilled)' "$WORK/count.err" | tee "$WORK/stats"
	streamed=$(sed -E 's/.*\(([0-9]+) streamed, ([0-9]+) spilled\)/\1/' "$WORK/stats")
	spilled=$(sed -E 's/.*\(([0-9]+) streamed, ([0-9]+) spilled\)/\2/' "$WORK/stats")
	[ "$streamed" -ge 3 ] || fail "expected the big transactions to arrive streamed, got $streamed"
	[ "$spilled" -ge 1 ] || fail "expected the 1M-row transaction to spill to disk"
	"$PY" - "$WORK/count.jsonl" <<'PY'
import json, sys
rows = [json.loads(l) for l in open(sys.argv[1])]
t = {r["table"]: r for r in rows if "table" in r}
def check(c, m):
    if not c: print("FAIL:", m, rows); sys.exit(1)
check(t["public.big"]["insert"] == 1000000, "big inserts")
check(t["public.sp"]["insert"] == 50010, "savepoint inserts")
check(t["public.il"]["insert"] == 100002, "interleaved inserts")
check(all(r["update"] == 0 and r["delete"] == 0 for r in t.values()), "no updates/deletes")
print("counts ok")
PY
else
	echo "no release build (FLOE_RELEASE_BIN or build/floe): RSS check skipped"
fi

# 2) the sanitizer build prints the rows of sp and il through the second slot
sed -e 's/publication: floe/publication: p2/' -e 's/slot: floe/slot: s2/' "$CFG" >"$WORK/p2.yaml"
"$FLOE_BIN" tail -c "$WORK/p2.yaml" --until-caught-up >"$WORK/p2.jsonl" 2>"$WORK/p2.err" || {
	cat "$WORK/p2.err"; fail "tail on p2 failed"; }
"$PY" - "$WORK/p2.jsonl" <<'PY'
import json, sys
L = [json.loads(l) for l in open(sys.argv[1])]
def check(c, m):
    if not c: print("FAIL:", m); sys.exit(1)
sp = [l for l in L if l["table"] == "sp"]
il = [l for l in L if l["table"] == "il"]
check(len(sp) + len(il) == len(L), "only sp and il")
ids = sorted(l["key"]["id"] for l in sp)
check(ids == list(range(1, 50001)) + list(range(200001, 200011)), "savepoint survivors: %d rows" % len(ids))
check(all(l["row"]["v"] in ("kept", "kept later") for l in sp), "no rolled-back values")
check(len({l["xid"] for l in sp}) == 1, "one transaction")
# B committed while A was open and streaming: B first, then all of A contiguous
check(il[0]["key"]["id"] == 0 and il[0]["row"]["v"] == "B", "B must come first, got %r" % il[0])
a = il[1:]
check(len(a) == 100001 and all(l["row"]["v"] == "A" for l in a), "A rows")
check(len({(l["xid"], l["commit_lsn"]) for l in a}) == 1 and a[0]["xid"] != il[0]["xid"], "A is one transaction")
check([l["key"]["id"] for l in a] == list(range(1, 100002)), "A in WAL order")
def lsn(s):
    hi, lo = s.split("/"); return (int(hi, 16) << 32) | int(lo, 16)
check(lsn(il[0]["commit_lsn"]) < lsn(a[0]["commit_lsn"]), "commit order")
print("streamed order ok:", len(sp), "sp rows,", len(il), "il rows")
PY
[ -z "$(ls -A "$WORK/spill")" ] || fail "spill directory not empty"
echo "test_tail_stream: ok"
