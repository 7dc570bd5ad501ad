#!/usr/bin/env bash
# test_run_basic.sh — `floe run --once` end to end on a fresh database (no floe setup:
# run creates the slot with an exported snapshot): the initial snapshot of several
# tables — one of 1.1M rows copied as several ctid ranges in parallel, two with a
# column of every mapped type (binary values, and a table with text-only types),
# a composite-key table and a table without a key — then streamed inserts, updates,
# deletes, primary-key changes, a large streamed transaction that spills the batch,
# and TRUNCATE. After every run each Iceberg table read by `floe scan` equals
# SELECT * FROM the source, row for row and value for value — and so does every table
# read by icebird (the 1.1M-row table after its snapshot, the others after every run);
# an idle run commits nothing and still advances the slot.
set -euo pipefail
. "$FLOE_SRC/tests/harness/pg.sh"
. "$FLOE_SRC/tests/integration/run_common.sh"
# tiny server-side decoding memory: medium transactions arrive as streamed transactions
export FLOE_PG_CONF="logical_decoding_work_mem=64kB"
RUN_YAML_EXTRA="  flush_rows: 20000
  flush_bytes: 4MiB
  memory_limit: 4MiB" run_init runbasic

floe_pg_psql -v alltypes_rows="$FLOE_SRC/tests/integration/alltypes_rows.sql" >/dev/null <<'SQL'
CREATE EXTENSION citext;
CREATE TYPE mood AS ENUM ('sad', 'ok', 'happy');
CREATE DOMAIN posint AS int4 CHECK (VALUE > 0);
CREATE TABLE big (id bigint PRIMARY KEY, k int NOT NULL, filler text);
INSERT INTO big SELECT g, g % 1000, 'row ' || g FROM generate_series(1, 1100000) g;
CREATE TABLE bin (
  id int PRIMARY KEY, c_bool bool, c_int2 int2, c_int4 int4, c_int8 int8, c_oid oid,
  c_float4 float4, c_float8 float8, c_num numeric(12,3), c_num38 numeric(38,10), c_numu numeric,
  c_text text, c_varchar varchar(10), c_bpchar char(5), c_name name, c_bytea bytea, c_uuid uuid,
  c_date date, c_time time, c_timetz timetz, c_interval interval, c_ts timestamp, c_tstz timestamptz,
  c_json json, c_jsonb jsonb, c_inet inet, c_cidr cidr, c_macaddr macaddr, c_macaddr8 macaddr8,
  c_bit bit(4), c_varbit varbit, c_int4a int4[], c_texta text[], c_numa numeric(10,2)[],
  c_tstza timestamptz[], c_uuida uuid[], c_boola bool[], c_int8a int8[], c_float8a float8[],
  c_datea date[]);
\i :alltypes_rows
CREATE TABLE txt (LIKE bin);
ALTER TABLE txt ADD PRIMARY KEY (id);
ALTER TABLE txt ADD c_char "char", ADD c_citext citext, ADD c_enum mood, ADD c_xml xml,
  ADD c_range int4range, ADD c_money money, ADD c_dom posint, ADD c_md int4[][];
INSERT INTO txt SELECT b.*, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL FROM bin b;
UPDATE txt SET c_char = 'a', c_citext = 'MiXeD', c_enum = 'happy', c_xml = '<a x="1">t</a>',
  c_range = '[1,5)', c_money = 12.34, c_dom = 7, c_md = '{{1,2},{3,NULL}}' WHERE id = 1;
CREATE TABLE comp (a int, b text, v bigint, PRIMARY KEY (b, a));
INSERT INTO comp SELECT g % 7, 'k' || g, g FROM generate_series(1, 500) g;
CREATE TABLE nokey (at timestamptz, msg text);
INSERT INTO nokey SELECT '2024-01-01'::timestamptz + g * interval '1 s', 'msg ' || g FROM generate_series(1, 300) g;
CREATE PUBLICATION floe FOR ALL TABLES;
SQL

(cd "$FLOE_SRC/tests/interop" && { [ -d node_modules/icebird ] || npm install --no-audit --no-fund >/dev/null; })
# every table read by floe scan and by icebird (an independent reader)
check_all() {
	check_table_csv public.big 3
	check_table public.bin id
	check_icebird public.bin id
	check_table public.txt id
	check_icebird public.txt id
	check_table public.comp a,b
	check_icebird public.comp a,b
	check_table public.nokey at,msg
	check_icebird public.nokey at,msg
}

# 1. first start: creates the slot with an exported snapshot and copies everything
floe_run --once --snapshot-workers 2 || fail "first floe run failed"
grep -q "created replication slot 'floe'" "$WORK/run.log" || fail "run did not create the slot with a snapshot"
[ "$(psql_q "SELECT count(*) FROM pg_replication_slots WHERE slot_name = 'floe'")" = 1 ] || fail "no slot"
nfiles=$("$FLOE_BIN" history -c "$CFG" public.big | awk 'NR == 2 {print $0}')
echo "big first snapshot: $nfiles"
ranges=$(ls "$WORK"/wh/public/big/data/*.parquet | wc -l)
[ "$ranges" -ge 4 ] || fail "big was copied as $ranges file(s), expected several ctid ranges"
check_all
# icebird filters equality deletes row by row (rows x deletes), so it reads the 1.1M-row table
# here, before it has deletes; test_run_icebird covers streamed changes with icebird
check_icebird public.big id

# 2. streamed changes: small transactions, a PK change, a large streamed transaction
floe_pg_psql >/dev/null <<'SQL'
INSERT INTO big VALUES (2000001, 1, 'new'), (2000002, 2, 'new');
UPDATE big SET k = k + 1, filler = 'upd ' || id WHERE id % 97 = 0;
DELETE FROM big WHERE id % 101 = 0;
UPDATE big SET id = id + 5000000 WHERE id BETWEEN 10 AND 19;
BEGIN;
UPDATE bin SET c_text = 'changed', c_numa = '{7.77}', c_tstz = '2030-01-01 00:00:00+00' WHERE id = 1;
DELETE FROM bin WHERE id = 2;
INSERT INTO bin (id, c_text, c_int4a) VALUES (5, 'five', '{5,5}');
UPDATE bin SET id = 6 WHERE id = 3;
COMMIT;
UPDATE txt SET c_enum = 'ok', c_md = '{{9}}', c_xml = '<b/>' WHERE id = 1;
UPDATE txt SET id = 10 WHERE id = 4;
INSERT INTO comp VALUES (1, 'k1', 42) ON CONFLICT (b, a) DO UPDATE SET v = excluded.v;
UPDATE comp SET b = b || '-moved' WHERE a = 3;
DELETE FROM comp WHERE a = 5;
INSERT INTO nokey SELECT now(), 'later ' || g FROM generate_series(1, 50) g;
-- one transaction touching ~60k keys several times: streamed, spills the batch
BEGIN;
UPDATE big SET k = -k WHERE id BETWEEN 100000 AND 160000;
UPDATE big SET filler = 'twice' WHERE id BETWEEN 150000 AND 170000;
DELETE FROM big WHERE id BETWEEN 165000 AND 166000;
INSERT INTO big SELECT g, 0, 'bulk' FROM generate_series(3000000, 3020000) g;
COMMIT;
SQL
floe_run --once || fail "second floe run failed"
grep -q "spilling the batch of public.big" "$WORK/run.log" || fail "the large transaction did not spill the batch"
check_all

# 3. truncate, then rows after it in the same batch; and a key deleted and re-inserted
floe_pg_psql >/dev/null <<'SQL'
TRUNCATE comp;
INSERT INTO comp VALUES (1, 'after', 1), (2, 'after', 2);
BEGIN;
DELETE FROM bin WHERE id = 1;
INSERT INTO bin (id, c_text) VALUES (1, 'reborn');
COMMIT;
TRUNCATE nokey;
SQL
floe_run --once || fail "third floe run failed"
check_all

# 4. an idle run commits nothing, and the slot is at the server's position
before=$("$FLOE_BIN" history -c "$CFG" public.big | wc -l)
psql_q "SELECT pg_logical_emit_message(false, 'x', 'y')" >/dev/null
floe_run --once || fail "idle floe run failed"
after=$("$FLOE_BIN" history -c "$CFG" public.big | wc -l)
[ "$before" = "$after" ] || fail "an idle run added snapshots"
lag=$(psql_q "SELECT pg_current_wal_insert_lsn() - confirmed_flush_lsn FROM pg_replication_slots WHERE slot_name = 'floe'")
[ "$lag" -le 1024 ] || fail "slot not advanced after an idle run (lag $lag bytes)"
# every floe commit names the slot, the system and its LSN
"$FLOE_BIN" history -c "$CFG" public.bin | tail -n +2 | awk '{print $NF}' | grep -qv '^[0-9A-F]*/[0-9A-F]*$' &&
	fail "a snapshot without floe.lsn"
check_all
echo "test_run_basic: ok"
