#!/usr/bin/env bash
# test_run_icebird.sh — tables `floe run` fills, read by an independent reader: after
# every `floe run --once` (initial snapshot after `floe setup` made the slot, so the copy
# uses a temporary slot's exported snapshot; then inserts, updates, deletes, key changes,
# truncate) icebird's rows AND `floe scan`'s rows equal SELECT * FROM the source, value for
# value over every type icebird can decode (decimals as doubles: hyparquet decodes them so;
# icebird compares equality-delete keys with !==, so keys here are int, bigint and text).
set -euo pipefail
: "${FLOE_BIN:?}" "${FLOE_SRC:?}"
. "$FLOE_SRC/tests/harness/pg.sh"
. "$FLOE_SRC/tests/integration/run_common.sh"
(cd "$FLOE_SRC/tests/interop" && { [ -d node_modules/icebird ] || npm install --no-audit --no-fund >/dev/null; })
RUN_YAML_EXTRA="  flush_rows: 700" run_init runicebird

floe_pg_psql >/dev/null <<'SQL'
CREATE TABLE ty (
  id int PRIMARY KEY, c_bool bool, c_int2 int2, c_int8 int8, c_float4 float4, c_float8 float8,
  c_num numeric(12,3), c_num38 numeric(38,10), c_text text, c_bpchar char(4), c_bytea bytea, c_uuid uuid,
  c_date date, c_time time, c_ts timestamp, c_tstz timestamptz, c_jsonb jsonb, c_interval interval,
  c_inet inet, c_int4a int4[], c_texta text[], c_tstza timestamptz[], c_numa numeric(8,2)[]);
INSERT INTO ty SELECT g, g % 2 = 0, (g % 30000)::int2, g * 1000000007::int8, g / 7.0, g / 3.0,
  g * 1.125, g * 123456789.0123456789, 'text ' || g || ' é', 'b' || (g % 10), decode(md5(g::text), 'hex'),
  md5(g::text)::uuid, '2000-01-01'::date + g, '00:00:00.000001'::time + g * interval '1.000001 s',
  '1999-12-31 23:59:59.999999'::timestamp + g * interval '1 day 1 us',
  '1969-12-31 23:00:00+00'::timestamptz + g * interval '37 min 0.000123 s',
  jsonb_build_object('g', g, 'a', jsonb_build_array(g, 'x')), g * interval '1 day 3 s',
  ('10.0.' || (g % 256) || '.1')::inet, ARRAY[g, NULL, -g], ARRAY['a' || g, NULL],
  ARRAY['2024-01-01 00:00:00.5+00'::timestamptz + g * interval '1 us'], ARRAY[g * 0.25, NULL]
  FROM generate_series(1, 3000) g;
INSERT INTO ty (id) VALUES (0);
CREATE TABLE k2 (tenant bigint, name text, v int, PRIMARY KEY (tenant, name));
INSERT INTO k2 SELECT g % 5, 'name ' || g, g FROM generate_series(1, 2000) g;
CREATE PUBLICATION floe FOR TABLE ty, k2;
SQL
"$FLOE_BIN" setup -c "$CFG" >/dev/null || fail "floe setup failed"

check_all() {
	check_table public.ty id
	check_icebird public.ty id
	check_table public.k2 tenant,name
	check_icebird public.k2 tenant,name
}

floe_run --once || fail "first floe run failed"
grep -q "temporary replication slot" "$WORK/run.log" || fail "expected a temporary slot's snapshot after floe setup"
check_all

floe_pg_psql >/dev/null <<'SQL'
UPDATE ty SET c_text = 'updated ' || id, c_num38 = -c_num38, c_tstz = c_tstz + interval '1 us' WHERE id % 10 = 0;
DELETE FROM ty WHERE id % 13 = 0;
UPDATE ty SET id = id + 100000 WHERE id BETWEEN 500 AND 520;
INSERT INTO ty (id, c_text, c_float4, c_float8) VALUES (-1, 'neg', 'NaN', '-Infinity');
UPDATE k2 SET name = name || ' renamed' WHERE tenant = 3;
DELETE FROM k2 WHERE tenant = 4 AND v % 2 = 0;
INSERT INTO k2 VALUES (9, 'x', 1), (9, 'y', 2);
SQL
floe_run --once || fail "second floe run failed"
check_all

floe_pg_psql >/dev/null <<'SQL'
TRUNCATE k2;
INSERT INTO k2 VALUES (1, 'after truncate', 1);
UPDATE ty SET c_jsonb = '{"z": null}', c_int4a = '{}' WHERE id < 100;
SQL
floe_run --once || fail "third floe run failed"
check_all
echo "test_run_icebird: ok"
