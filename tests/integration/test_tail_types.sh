#!/usr/bin/env bash
# test_tail_types.sh — one column of every mapped PostgreSQL type (DESIGN.md's type
# table): the values `floe tail` prints equal the values PostgreSQL itself renders for
# the same rows (to_json, or ::text for types floe keeps as text), value for value,
# including NULLs, arrays with NULLs, empty arrays, numeric and integer extremes and
# timestamps to the microsecond. Checked three times: a table with text-only types (the
# stream runs with text values), a table of binary-capable types (binary values), and
# enums, domains and "char" with arrays of them (binary values, resolved through pg_type).
set -euo pipefail
. "$FLOE_SRC/tests/harness/pg.sh"
. "$FLOE_SRC/tests/integration/tail_common.sh"
tail_init tailtypes

floe_pg_psql -v alltypes_rows="$FLOE_SRC/tests/integration/alltypes_rows.sql" >/dev/null <<'SQL'
CREATE EXTENSION citext;
CREATE TYPE mood AS ENUM ('sad', 'ok', 'happy');
CREATE DOMAIN posint AS int4 CHECK (VALUE > 0);
CREATE TABLE bin (
  id int PRIMARY KEY, c_bool bool, c_int2 int2, c_int4 int4, c_int8 int8, c_oid oid,
  c_float4 float4, c_float8 float8, c_num numeric(12,3), c_num38 numeric(38,10), c_numu numeric,
  c_text text, c_varchar varchar(10), c_bpchar char(5), c_name name, c_bytea bytea, c_uuid uuid,
  c_date date, c_time time, c_timetz timetz, c_interval interval, c_ts timestamp, c_tstz timestamptz,
  c_json json, c_jsonb jsonb, c_inet inet, c_cidr cidr, c_macaddr macaddr, c_macaddr8 macaddr8,
  c_bit bit(4), c_varbit varbit, c_int4a int4[], c_texta text[], c_numa numeric(10,2)[],
  c_tstza timestamptz[], c_uuida uuid[], c_boola bool[], c_int8a int8[], c_float8a float8[],
  c_datea date[]);
CREATE TABLE txt (LIKE bin);
ALTER TABLE txt ADD PRIMARY KEY (id);
ALTER TABLE txt ADD c_char "char", ADD c_citext citext, ADD c_enum mood, ADD c_xml xml,
  ADD c_range int4range, ADD c_money money, ADD c_dom posint, ADD c_md int4[][];
CREATE TABLE udt (id int PRIMARY KEY, c_char "char", c_enum mood, c_dom posint, c_enuma mood[], c_doma posint[]);
CREATE PUBLICATION pudt FOR TABLE udt;
SELECT pg_create_logical_replication_slot('sudt', 'pgoutput');
INSERT INTO udt VALUES (1, 'a', 'happy', 7, '{sad,NULL,ok}', '{1,2}'), (2, NULL, NULL, NULL, NULL, NULL),
  (3, '', 'sad', 2147483647, '{}', '{}');
CREATE PUBLICATION pbin FOR TABLE bin;
SELECT pg_create_logical_replication_slot('sbin', 'pgoutput');
\i :alltypes_rows
INSERT INTO txt SELECT b.*, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL FROM bin b;
UPDATE txt SET c_char = 'a', c_citext = 'MiXeD', c_enum = 'happy', c_xml = '<a x="1">t</a>',
  c_range = '[1,5)', c_money = 12.34, c_dom = 7, c_md = '{{1,2},{3,NULL}}' WHERE id = 1;
UPDATE txt SET c_char = '', c_citext = '', c_enum = 'sad', c_xml = '', c_range = 'empty',
  c_money = -0.01, c_dom = 2147483647, c_md = '{}' WHERE id = 3;
SQL

# PostgreSQL's own rendering of the same rows: to_json for JSON-native forms,
# ::text where floe keeps PostgreSQL's text form (timetz, xml, ranges, money, md arrays)
expected() {
	local table=$1 extra=$2
	floe_pg_psql -c "SET IntervalStyle = iso_8601; SET TimeZone = 'UTC';
	SELECT json_build_object('id', id, 'c_bool', c_bool, 'c_int2', c_int2, 'c_int4', c_int4, 'c_int8', c_int8,
	 'c_oid', c_oid, 'c_float4', c_float4, 'c_float8', c_float8, 'c_num', c_num, 'c_num38', c_num38,
	 'c_numu', c_numu, 'c_text', c_text, 'c_varchar', c_varchar, 'c_bpchar', c_bpchar, 'c_name', c_name,
	 'c_bytea', c_bytea, 'c_uuid', c_uuid, 'c_date', c_date, 'c_time', c_time, 'c_timetz', c_timetz::text,
	 'c_interval', c_interval, 'c_ts', c_ts, 'c_tstz', c_tstz, 'c_json', c_json, 'c_jsonb', c_jsonb,
	 'c_inet', c_inet, 'c_cidr', c_cidr, 'c_macaddr', c_macaddr, 'c_macaddr8', c_macaddr8, 'c_bit', c_bit,
	 'c_varbit', c_varbit, 'c_int4a', c_int4a, 'c_texta', c_texta, 'c_numa', c_numa, 'c_tstza', c_tstza,
	 'c_uuida', c_uuida, 'c_boola', c_boola, 'c_int8a', c_int8a, 'c_float8a', c_float8a,
	 'c_datea', c_datea $extra) FROM $table ORDER BY id"
}
expected bin "" >"$WORK/bin.expected"
expected txt ", 'c_char', c_char, 'c_citext', c_citext, 'c_enum', c_enum, 'c_xml', c_xml::text,
	 'c_range', c_range::text, 'c_money', c_money::text, 'c_dom', c_dom, 'c_md', c_md::text" >"$WORK/txt.expected"

FLOE_LOG=debug tail_run --until-caught-up >"$WORK/all.jsonl" 2>"$WORK/all.err" || { cat "$WORK/all.err"; fail "tail failed"; }
grep -q ', text$' "$WORK/all.err" || { cat "$WORK/all.err"; fail "expected text values (the publication has text-only types)"; }
sed -e 's/publication: floe/publication: pbin/' -e 's/slot: floe/slot: sbin/' "$CFG" >"$WORK/bin.yaml"
FLOE_LOG=debug "$FLOE_BIN" tail -c "$WORK/bin.yaml" --until-caught-up >"$WORK/bin.jsonl" 2>"$WORK/bin.err" || {
	cat "$WORK/bin.err"; fail "tail (binary) failed"; }
grep -q ', binary$' "$WORK/bin.err" || { cat "$WORK/bin.err"; fail "expected binary values"; }

# user-defined types (enum, domain, "char" and arrays of them) on their own: binary values
floe_pg_psql -c "SELECT json_build_object('id', id, 'c_char', c_char, 'c_enum', c_enum,
	'c_dom', c_dom, 'c_enuma', c_enuma, 'c_doma', c_doma) FROM udt ORDER BY id" >"$WORK/udt.expected"
sed -e 's/publication: floe/publication: pudt/' -e 's/slot: floe/slot: sudt/' "$CFG" >"$WORK/udt.yaml"
FLOE_LOG=debug "$FLOE_BIN" tail -c "$WORK/udt.yaml" --until-caught-up >"$WORK/udt.jsonl" 2>"$WORK/udt.err" || {
	cat "$WORK/udt.err"; fail "tail (user-defined types) failed"; }
grep -q ', binary$' "$WORK/udt.err" || { cat "$WORK/udt.err"; fail "expected binary values for enum/domain/char"; }

compare() { # expected-file tail-output table
	"$PY" - "$1" "$2" "$3" <<'PY'
import json, math, struct, sys
from decimal import Decimal
exp = [json.loads(l, parse_float=Decimal) for l in open(sys.argv[1]) if l.strip()]
got = [json.loads(l, parse_float=Decimal) for l in open(sys.argv[2])]
table = sys.argv[3]
last = {}
for g in got:
    if g["table"] == table and g["op"] in ("insert", "update"):
        last[g["key"]["id"]] = g["row"]
got = [last[k] for k in sorted(last)]
bad = 0
def num(v):
    if isinstance(v, str):
        return {"NaN": "nan", "Infinity": "inf", "-Infinity": "-inf"}.get(v, v)
    return v
def norm(col, v):
    if v is None:
        return None
    if isinstance(v, list):
        return [norm(col, x) for x in v]
    if col in ("c_float4", "c_float4a"):
        f = float(num(v)); return "nan" if math.isnan(f) else struct.pack("<f", f)
    if col in ("c_float8", "c_float8a"):
        f = float(num(v)); return "nan" if math.isnan(f) else struct.pack("<d", f)
    if col in ("c_num", "c_num38", "c_numu", "c_numa"):
        return Decimal(str(v))
    if col in ("c_int8", "c_int8a", "c_oid", "c_int4", "c_int2", "c_int4a", "c_dom", "c_doma"):
        return int(v)
    return v
for e, g in zip(exp, got):
    for col, ev in e.items():
        if col not in g:
            print("row %s: column %s missing" % (e["id"], col)); bad += 1; continue
        gv = g[col]
        gn = norm(col, gv)
        en = norm(col, ev)
        if col in ("c_json", "c_jsonb"):
            gn = json.loads(gv) if gv is not None else None
            en = ev
            if gv is not None:
                gn = json.loads(gv, parse_float=Decimal)
        if gn != en:
            print("row %s column %s: floe %r, postgres %r" % (e["id"], col, gv, ev)); bad += 1
if len(exp) != len(got):
    print("rows: floe %d, postgres %d" % (len(got), len(exp))); bad += 1
print("%s: %d rows x %d columns compared, %d differences" % (table, len(exp), len(exp[0]) if exp else 0, bad))
sys.exit(1 if bad else 0)
PY
}
status=0
compare "$WORK/txt.expected" "$WORK/all.jsonl" txt || status=1
compare "$WORK/bin.expected" "$WORK/all.jsonl" bin || status=1
compare "$WORK/bin.expected" "$WORK/bin.jsonl" bin || status=1
compare "$WORK/udt.expected" "$WORK/udt.jsonl" udt || status=1
[ $status = 0 ] || fail "values differ from PostgreSQL's"
echo "test_tail_types: ok"
