#!/usr/bin/env bash
# test_tail_consumer.sh — the consumer interface of pg/stream.h as the Iceberg pipeline
# will use it (tests/tools/stream_batcher.c): a consumer that batches transactions and
# confirms only after its own "commit" moves the slot exactly to the last confirmed
# end_lsn — transactions it still held are redelivered on the next run, nothing else;
# on_idle flushes between transactions and before a clean stop; start_lsn skips earlier commits; the system
# identifier is the cluster's.
set -euo pipefail
. "$FLOE_SRC/tests/harness/pg.sh"
. "$FLOE_SRC/tests/integration/tail_common.sh"
tail_init tailcons
B=$FLOE_BUILD/stream_batcher
[ -x "$B" ] || fail "stream_batcher not built"

psql_q "CREATE TABLE c (id int PRIMARY KEY)" >/dev/null
for i in $(seq 1 23); do echo "INSERT INTO c VALUES ($i);"; done | floe_pg_psql >/dev/null
slot_pos() { psql_q "SELECT confirmed_flush_lsn FROM pg_replication_slots WHERE slot_name = 'floe'"; }
lsn_ge() { [ "$(psql_q "SELECT '$1'::pg_lsn >= '$2'::pg_lsn")" = t ]; }

# run 1: batches of 5 → 4 batches confirmed, 3 transactions held and not confirmed
"$B" "$CFG" 5 0 >"$WORK/r1" 2>"$WORK/e1" || { cat "$WORK/e1"; fail "run 1"; }
cat "$WORK/r1"
[ "$(grep -c '^batch' "$WORK/r1")" = 4 ] || fail "run 1: want 4 batches"
grep -q '^unconfirmed 3$' "$WORK/r1" || fail "run 1: want 3 unconfirmed transactions"
conf=$(sed -n 's/^confirmed //p' "$WORK/r1")
last_end=$(grep '^batch 4' "$WORK/r1" | awk '{print $NF}' | cut -d, -f3)
[ "$conf" = "$last_end" ] || fail "confirmed $conf is not the end of the last batched transaction $last_end"
[ "$(slot_pos)" = "$conf" ] || fail "slot at $(slot_pos), want exactly $conf"
[ "$(grep '^system' "$WORK/r1" | cut -d' ' -f2)" = "$(psql_q 'SELECT system_identifier FROM pg_control_system()')" ] ||
	fail "system identifier"

# run 2: the 3 held transactions come again (and only they)
"$B" "$CFG" 1 0 >"$WORK/r2" 2>"$WORK/e2" || { cat "$WORK/e2"; fail "run 2"; }
cat "$WORK/r2"
[ "$(grep -c '^batch' "$WORK/r2")" = 3 ] || fail "run 2: want the 3 unconfirmed transactions again"
for c in $(grep '^batch' "$WORK/r2" | awk '{print $3}' | cut -d, -f2); do
	lsn_ge "$c" "$conf" || fail "run 2 redelivered $c, below the confirmed $conf"
done
grep -q '^unconfirmed 0$' "$WORK/r2" || fail "run 2: all confirmed"
lsn_ge "$(slot_pos)" "$(grep '^batch 3' "$WORK/r2" | awk '{print $NF}' | cut -d, -f3)" || fail "run 2: slot"

# run 3: a huge batch size, but on_idle (timer of 1 ms, and the stop) commits them
for i in $(seq 24 27); do echo "INSERT INTO c VALUES ($i);"; done | floe_pg_psql >/dev/null
"$B" "$CFG" 1000 1 >"$WORK/r3" 2>"$WORK/e3" || { cat "$WORK/e3"; fail "run 3"; }
cat "$WORK/r3"
[ "$(grep '^batch' "$WORK/r3" | wc -w)" = $((4 + 2 * $(grep -c '^batch' "$WORK/r3"))) ] || fail "run 3: want 4 transactions"
grep -q '^unconfirmed 0$' "$WORK/r3" || fail "run 3: on_idle did not flush"

# run 4: start_lsn skips the transactions that committed before it
psql_q "INSERT INTO c VALUES (100)" >/dev/null
mid=$(psql_q "SELECT pg_current_wal_insert_lsn()")
psql_q "INSERT INTO c VALUES (101)" >/dev/null
psql_q "INSERT INTO c VALUES (102)" >/dev/null
"$B" "$CFG" 1 0 "$mid" >"$WORK/r4" 2>"$WORK/e4" || { cat "$WORK/e4"; fail "run 4"; }
cat "$WORK/r4"
[ "$(grep -c '^batch' "$WORK/r4")" = 2 ] || fail "run 4: start_lsn $mid should leave 2 transactions"
echo "test_tail_consumer: ok"
