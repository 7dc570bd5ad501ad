#!/usr/bin/env bash
# test_run_null_policy.sh — issue 17 item 9: with types.numeric_overflow and types.infinity
# set to 'null' (or the unambiguous `to_null`), values Iceberg cannot hold (numeric NaN,
# ±Infinity, too many digits; date/timestamp ±infinity) become NULL, and floe counts them:
# one log line per table for the snapshot, one per table and commit while streaming, and
# the total in the run summary. The rows themselves arrive exactly (checked by floe scan
# and by icebird).
set -euo pipefail
. "$FLOE_SRC/tests/harness/pg.sh"
. "$FLOE_SRC/tests/integration/run_common.sh"
RUN_YAML_EXTRA="types:
  numeric_overflow: 'null'
  infinity: to_null" run_init nullpolicy

floe_pg_psql >/dev/null <<'SQL'
CREATE TABLE t (id int PRIMARY KEY, x numeric, d date, ts timestamp);
INSERT INTO t VALUES (1, 1.5, '2020-01-01', '2020-01-01 10:00'),
                     (2, 'NaN', 'infinity', '2020-01-02 10:00'),
                     (3, 1e30, '-infinity', '-infinity'),
                     (4, 2.25, '2021-01-01', NULL);
CREATE TABLE clean (id int PRIMARY KEY, x numeric);
INSERT INTO clean VALUES (1, 1), (2, 2);
CREATE PUBLICATION floe FOR TABLE t, clean;
SQL

# what Iceberg must hold: the source with every unrepresentable value as NULL
expect() {
	floe_pg_psql -At -F, -c "SELECT id,
		CASE WHEN x = 'NaN' OR x > 1e28 OR x < -1e28 THEN NULL ELSE to_char(x, 'FM9999999990.000000000') END,
		CASE WHEN isfinite(d) THEN d::text END,
		CASE WHEN isfinite(ts) THEN to_char(ts, 'YYYY-MM-DD\"T\"HH24:MI:SS') END
		FROM t ORDER BY id"
}
got() {
	"$FLOE_BIN" scan -c "$CFG" public.t --format csv 2>"$WORK/scan.err" | tail -n +2 | cut -d, -f1-4 | sort -t, -k1n
}
compare() { # label
	expect >"$WORK/exp"
	got >"$WORK/got" || { cat "$WORK/scan.err" >&2; fail "$1: floe scan failed"; }
	if ! cmp -s "$WORK/exp" "$WORK/got"; then
		diff "$WORK/exp" "$WORK/got" >&2 || true
		fail "$1: Iceberg differs from the source with unrepresentable values as NULL"
	fi
	echo "ok: $1: $(wc -l <"$WORK/exp") rows as expected"
}

floe_run --once || { cat "$WORK/run.log" >&2; fail "snapshot run failed"; }
grep -q "snapshot public.t: 5 values stored as NULL by the types.\* 'null' policy" "$WORK/run.log" ||
	{ cat "$WORK/run.log" >&2; fail "snapshot: no per-table count of values stored as NULL (want 5)"; }
grep -q "snapshot public.clean: .* stored as NULL" "$WORK/run.log" &&
	{ cat "$WORK/run.log" >&2; fail "snapshot: a count for a table without such values"; }
grep -q "done: .*, 5 values stored as NULL by the types.\* 'null' policy" "$WORK/run.log" ||
	{ cat "$WORK/run.log" >&2; fail "snapshot: the run summary does not count the values stored as NULL"; }
compare snapshot

: >"$WORK/run.log"
floe_pg_psql >/dev/null <<'SQL'
INSERT INTO t VALUES (5, 'NaN', '2022-01-01', '2022-01-01 00:00:01');
INSERT INTO t VALUES (6, '-Infinity', 'infinity', 'infinity');
UPDATE t SET x = 3.5 WHERE id = 2;
INSERT INTO clean VALUES (3, 3);
SQL
floe_run --once || { cat "$WORK/run.log" >&2; fail "streaming run failed"; }
# row 5: 1, row 6: 3, the update of row 2: its d is still infinity: 1
grep -q "table public.t: 5 values stored as NULL by the types.\* 'null' policy in this commit" "$WORK/run.log" ||
	{ cat "$WORK/run.log" >&2; fail "stream: no per-table, per-commit count of values stored as NULL (want 5)"; }
grep -q "table public.clean: .* stored as NULL" "$WORK/run.log" &&
	{ cat "$WORK/run.log" >&2; fail "stream: a count for a table without such values"; }
grep -q "done: .*, 5 values stored as NULL" "$WORK/run.log" ||
	{ cat "$WORK/run.log" >&2; fail "stream: the run summary does not count the values stored as NULL"; }
compare stream

# an independent reader sees the same NULLs: icebird against the expected rows
floe_pg_psql >/dev/null <<'SQL'
CREATE TABLE t_expected AS SELECT id,
	CASE WHEN x = 'NaN' OR x > 1e28 OR x < -1e28 THEN NULL ELSE x END AS x,
	CASE WHEN isfinite(d) THEN d END AS d,
	CASE WHEN isfinite(ts) THEN ts END AS ts FROM t;
SQL
meta=$("$FLOE_BIN" tables -c "$CFG" --format jsonl | "$PY" -c "
import json, sys
for l in sys.stdin:
    t = json.loads(l)
    if t['table'] == 'public.t':
        print(t['metadata_location'])")
expected_rows public.t_expected >"$WORK/ib.expected"
column_types public.t_expected >"$WORK/ib.types"
node "$FLOE_SRC/tests/interop/run_icebird.mjs" "$meta" >"$WORK/ib.got" 2>"$WORK/ib.err" ||
	{ cat "$WORK/ib.err" >&2; fail "icebird could not read public.t"; }
"$PY" "$FLOE_SRC/tests/integration/run_compare.py" "$WORK/ib.expected" "$WORK/ib.types" "$WORK/ib.got" id \
	"public.t (icebird)" approx-decimal || fail "public.t read by icebird differs from the expected NULLs"
echo "ok: icebird reads the same rows"
