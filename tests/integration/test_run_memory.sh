#!/usr/bin/env bash
# test_run_memory.sh — memory stays bounded whatever the transaction size: one
# transaction updates 300,000 rows of ~600 bytes (about 180 MB of row images, streamed by
# the server, spilled by the stream, staged, and spilled again as sorted batch runs) with
# sink.memory_limit and sink.flush_bytes at 8 MiB. floe's peak RSS must stay far below the
# transaction's size, the transaction must still be committed whole (one Iceberg
# snapshot), and the table must equal the source.
set -euo pipefail
. "$FLOE_SRC/tests/harness/pg.sh"
. "$FLOE_SRC/tests/integration/run_common.sh"
export FLOE_PG_CONF="logical_decoding_work_mem=1MB"
RUN_YAML_EXTRA="  flush_bytes: 8MiB
  memory_limit: 8MiB" run_init runmemory

floe_pg_psql >/dev/null <<'SQL'
CREATE TABLE w (id int PRIMARY KEY, n int, pad text);
INSERT INTO w SELECT g, 0, repeat(md5(g::text), 18) FROM generate_series(1, 300000) g;
CREATE PUBLICATION floe FOR TABLE w;
SQL
floe_run --once || fail "snapshot run failed"
psql_q "UPDATE w SET n = n + 1, pad = repeat(md5((id + 1)::text), 18)" >/dev/null
before=$("$FLOE_BIN" history -c "$CFG" public.w | wc -l)
echo "=== floe run --once (measured)" >>"$WORK/run.log"
limit=100
if grep -q __asan_init "$FLOE_BIN"; then
	# AddressSanitizer: a small quarantine; shadow memory and allocator caches still add a lot
	export ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}quarantine_size_mb=4:thread_local_quarantine_size_kb=64"
	limit=120
fi
/usr/bin/time -f "%M" -o "$WORK/rss" "$FLOE_BIN" run -c "$CFG" --once >>"$WORK/run.log" 2>&1 ||
	fail "run over the large transaction failed"
rss_kib=$(tail -1 "$WORK/rss")
after=$("$FLOE_BIN" history -c "$CFG" public.w | wc -l)
[ $((after - before)) = 1 ] || fail "the transaction was committed in $((after - before)) snapshots, want 1"
grep -q "spilling the batch of public.w" "$WORK/run.log" || fail "the batch did not spill"
echo "peak RSS $((rss_kib / 1024)) MiB for a transaction of ~180 MB of row images"
[ "$rss_kib" -lt $((limit * 1024)) ] || fail "peak RSS $((rss_kib / 1024)) MiB (limit $limit): memory is not bounded"
check_table_csv public.w 3
echo "test_run_memory: ok"
