#!/usr/bin/env bash
# test_run_toast.sh — unchanged TOAST values are never lost: updates that leave a
# 12 KB incompressible text column unchanged (stored out of line, so pgoutput sends
# "unchanged" instead of the value), under REPLICA IDENTITY DEFAULT and FULL, keep the
# full value in Iceberg. The value comes from the old tuple (FULL), from the key's
# earlier image in the same batch, from a spilled run of the batch, or — across
# batches, the slow path — from the Iceberg table itself; also for a primary-key change
# (the value belongs to the old key). After every run floe scan equals the source.
set -euo pipefail
. "$FLOE_SRC/tests/harness/pg.sh"
. "$FLOE_SRC/tests/integration/run_common.sh"
RUN_YAML_EXTRA="  flush_bytes: 256KiB
  memory_limit: 1MiB" run_init runtoast

floe_pg_psql >/dev/null <<'SQL'
CREATE FUNCTION big(seed int) RETURNS text LANGUAGE sql AS
  $$ SELECT string_agg(md5((seed * 1000 + g)::text || random()::text), '') FROM generate_series(1, 384) g $$;
CREATE TABLE td (id int PRIMARY KEY, n int, doc text, note text);
CREATE TABLE tf (id int PRIMARY KEY, n int, doc text, note text);
ALTER TABLE td ALTER doc SET STORAGE EXTERNAL, ALTER note SET STORAGE EXTERNAL;
ALTER TABLE tf ALTER doc SET STORAGE EXTERNAL, ALTER note SET STORAGE EXTERNAL;
ALTER TABLE tf REPLICA IDENTITY FULL;
INSERT INTO td SELECT g, 0, big(g), 'short' FROM generate_series(1, 40) g;
INSERT INTO tf SELECT id, n, doc, note FROM td;
CREATE PUBLICATION floe FOR TABLE td, tf;
SQL
[ "$(psql_q "SELECT min(length(doc)) FROM td")" -ge 12000 ] || fail "doc values are too short"

check_both() {
	check_table public.td id
	check_table public.tf id
}

floe_run --once || fail "snapshot run failed"
check_both

# 1. across batches: the value is only in the Iceberg table (DEFAULT) / in the old tuple (FULL)
psql_q "UPDATE td SET n = n + 1 WHERE id <= 10; UPDATE tf SET n = n + 1 WHERE id <= 10" >/dev/null
floe_run --once || fail "run 1 failed"
grep -q "toast lookups: [1-9]" "$WORK/run.log" || fail "expected the slow path (values read from the table)"
check_both

# 2. in one batch: a new row, then updates leaving doc unchanged (earlier image in the batch);
#    a key change with doc unchanged (the old key's image: in the batch for 12, in the table for 20)
floe_pg_psql >/dev/null <<'SQL'
INSERT INTO td VALUES (100, 0, big(100), 'x');
UPDATE td SET n = 1 WHERE id = 100;
UPDATE td SET note = 'changed' WHERE id = 100;
UPDATE td SET n = 5 WHERE id = 12;
UPDATE td SET id = 112 WHERE id = 12;
UPDATE td SET id = 120 WHERE id = 20;
UPDATE td SET doc = big(7), n = 7 WHERE id = 7;
UPDATE td SET n = 8 WHERE id = 7;
INSERT INTO tf VALUES (100, 0, big(100), 'x');
UPDATE tf SET n = 1 WHERE id = 100;
UPDATE tf SET id = 112 WHERE id = 12;
SQL
floe_run --once || fail "run 2 failed"
check_both

# 3. spilled batch: enough changed images to exceed flush_bytes inside one transaction,
#    then an update in a later transaction of the same batch that leaves doc unchanged
floe_pg_psql >/dev/null <<'SQL'
BEGIN;
UPDATE td SET doc = big(id + 500), n = -1 WHERE id BETWEEN 21 AND 40;
UPDATE td SET note = 'second pass' WHERE id BETWEEN 21 AND 40;
COMMIT;
UPDATE td SET n = -2 WHERE id BETWEEN 21 AND 40;
SQL
floe_run --once || fail "run 3 failed"
grep -q "spilling the batch of public.td" "$WORK/run.log" || fail "expected the batch to spill"
check_both
echo "test_run_toast: ok"
