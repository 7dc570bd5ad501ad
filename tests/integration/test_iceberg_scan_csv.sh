#!/usr/bin/env bash
# test_iceberg_scan_csv.sh — `floe scan --format csv` against PostgreSQL's own
# COPY ... TO STDOUT (FORMAT csv, HEADER) of the same values, byte for byte.
# The values live in a PostgreSQL table (NULL, '', commas, quotes, CR, LF,
# multi-byte UTF-8, "\.", bytea, numerics, dates, times, timestamps, floats
# with NaN/Infinity, uuids, longs beyond 2^53); PostgreSQL exports them as JSON
# for tests/tools/icegen, which writes the Iceberg table through floe's table
# layer. The expectation is PostgreSQL's CSV writer with only the text of
# booleans and timestamps adjusted to floe's value forms (true/false, ISO with
# "T" and "+00:00"), so quoting, NULL vs "" and escaping are PostgreSQL's. The
# config has no source section (scan/history/tables/expire do not need one).
set -euo pipefail
: "${FLOE_BIN:?}" "${FLOE_SRC:?}" "${FLOE_BUILD:?}"
. "$FLOE_SRC/tests/harness/pg.sh"
work=$(mktemp -d /tmp/floe-scan-csv.XXXXXX)
pass=0 failed=0
ok() { pass=$((pass + 1)); echo "ok - $*"; }
bad() { failed=$((failed + 1)); echo "FAIL - $*"; }
cleanup() { floe_pg_stop; rm -rf "$work"; }
trap cleanup EXIT

floe_pg_start scancsv
trap cleanup EXIT # floe_pg_start set its own EXIT trap
floe_pg_psql <<'SQL'
SET timezone = 'UTC';
CREATE TABLE src (
  id bigint PRIMARY KEY, "a,b" text, b bytea, n numeric(20,4), big numeric(38,9), d date,
  t time, ts timestamp, tstz timestamptz, flag boolean, f float8, u uuid);
INSERT INTO src VALUES
  (1, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL),
  (2, '', '\x', 0, 0, '2024-02-29', '00:00', '2024-02-29 00:00', '2024-02-29 00:00+00', false, 0, '00000000-0000-0000-0000-000000000000'),
  (3, 'plain', '\xdeadbeef', 12.5, 123456789012345678.123456789, '1970-01-01', '12:34:56.5', '2001-09-09 01:46:40.123456', '1969-12-31 23:59:59.999999+00', true, 0.1, 'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11'),
  (4, 'comma, inside', '\x2c22', -1.0001, -0.000000001, '1999-12-31', '23:59:59.999999', '1969-07-20 20:17:40', '2038-01-19 03:14:08+00', NULL, 1e20, NULL),
  (5, 'say "hi"', '\x00', 99999999.9999, NULL, '0001-01-01', NULL, '1900-01-01 12:00:00.5', NULL, true, 'NaN', NULL),
  (6, E'line1\nline2', '\x0a0d', NULL, NULL, NULL, NULL, NULL, NULL, NULL, 'Infinity', NULL),
  (7, E'cr\rhere', NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, '-Infinity', NULL),
  (8, E'crlf\r\n', NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, 1.5e-7, NULL),
  (9, 'ünïcødé — 日本語 🎉', '\xe697a5', NULL, NULL, NULL, NULL, NULL, NULL, NULL, -2.25, NULL),
  (10, '\.', NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL),
  (11, '"', NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL),
  (12, ' NULL ', NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL),
  (9007199254740993, 'big key', NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL);
CREATE TABLE one (k int PRIMARY KEY, s text);
INSERT INTO one VALUES (1, '\.'), (2, ''), (3, NULL), (4, 'x,y'), (5, 'z');
SQL

schema='{"type":"struct","schema-id":0,"identifier-field-ids":[1],"fields":[
{"id":1,"name":"id","required":true,"type":"long"},
{"id":2,"name":"a,b","required":false,"type":"string"},
{"id":3,"name":"b","required":false,"type":"binary"},
{"id":4,"name":"n","required":false,"type":"decimal(20,4)"},
{"id":5,"name":"big","required":false,"type":"decimal(38,9)"},
{"id":6,"name":"d","required":false,"type":"date"},
{"id":7,"name":"t","required":false,"type":"time"},
{"id":8,"name":"ts","required":false,"type":"timestamp"},
{"id":9,"name":"tstz","required":false,"type":"timestamptz"},
{"id":10,"name":"flag","required":false,"type":"boolean"},
{"id":11,"name":"f","required":false,"type":"double"},
{"id":12,"name":"u","required":false,"type":"uuid"}]}'
one_schema='{"type":"struct","schema-id":0,"fields":[{"id":1,"name":"s","required":false,"type":"string"}]}'

# the values, as PostgreSQL exports them, in the forms icegen reads
us() { echo "(extract(epoch from $1) * 1000000)::bigint::text"; }
floe_pg_psql -c "SET timezone = 'UTC'; SELECT json_build_array(id::text, \"a,b\", encode(b, 'hex'), n::text,
  big::text, to_char(d, 'YYYY-MM-DD'), $(us t), $(us ts), $(us tstz), flag, f, replace(u::text, '-', ''))
  FROM src ORDER BY id" >"$work/src.json"
floe_pg_psql -c "SELECT json_build_array(s) FROM one ORDER BY k" >"$work/one.json"
python3 - "$work" "$schema" "$one_schema" <<'PY' >"$work/cmds.jsonl"
import json, sys
work, schema, one = sys.argv[1], json.loads(sys.argv[2]), json.loads(sys.argv[3])
rows = lambda f: [json.loads(l) for l in open(f"{work}/{f}", encoding="utf-8") if l.strip()]
print(json.dumps({"op": "create", "table": "db.src", "schema": schema}))
print(json.dumps({"op": "commit", "table": "db.src", "rows": rows("src.json"), "delete": []}))
print(json.dumps({"op": "create", "table": "db.one", "schema": one}))
print(json.dumps({"op": "commit", "table": "db.one", "rows": rows("one.json"), "delete": []}))
PY
"$FLOE_BUILD/icegen" "$work/wh" "$work/catalog.db" <"$work/cmds.jsonl" >/dev/null

# no source section: the table commands never connect to the source
cat >"$work/floe.yaml" <<YAML
warehouse:
  location: $work/wh
catalog:
  uri: $work/catalog.db
YAML

# PostgreSQL's CSV; only the text of booleans and timestamps follows floe's value forms
iso() { echo "regexp_replace(to_char($1, 'YYYY-MM-DD\"T\"HH24:MI:SS.US'), '\\.?0+\$', '')"; }
floe_pg_psql -c "SET timezone = 'UTC'; COPY (SELECT id, \"a,b\", b, n, big, d, t, $(iso ts) AS ts,
  $(iso tstz) || '+00:00' AS tstz, CASE WHEN flag THEN 'true' WHEN NOT flag THEN 'false' END AS flag, f, u
  FROM src ORDER BY id) TO STDOUT (FORMAT csv, HEADER)" >"$work/want.csv"
"$FLOE_BIN" scan -c "$work/floe.yaml" db.src --format csv >"$work/got.csv"
if cmp -s "$work/want.csv" "$work/got.csv"; then
	ok "floe scan --format csv equals PostgreSQL's COPY CSV ($(wc -l <"$work/want.csv") lines)"
else
	bad "floe scan --format csv differs from PostgreSQL's COPY CSV:"
	diff <(cat -A "$work/want.csv") <(cat -A "$work/got.csv") | head -40 || true
fi
floe_pg_psql -c "COPY (SELECT s FROM one ORDER BY k) TO STDOUT (FORMAT csv, HEADER)" >"$work/want1.csv"
"$FLOE_BIN" scan -c "$work/floe.yaml" db.one --format csv >"$work/got1.csv"
if cmp -s "$work/want1.csv" "$work/got1.csv"; then
	ok "one-column table: '\\.', '' and NULL as COPY writes them"
else
	bad "one-column table differs:"
	diff <(cat -A "$work/want1.csv") <(cat -A "$work/got1.csv") || true
fi

# the CSV loads back into PostgreSQL with COPY FROM: NULL stays NULL, '' stays ''
floe_pg_psql -c "CREATE TABLE back (LIKE one); ALTER TABLE back DROP COLUMN k"
floe_pg_psql -c "COPY back FROM STDIN (FORMAT csv, HEADER)" <"$work/got1.csv"
got=$(floe_pg_psql -c "SELECT string_agg(coalesce(quote_literal(s), 'NULL'), ' ' ORDER BY s NULLS FIRST) FROM back")
want=$(floe_pg_psql -c "SELECT string_agg(coalesce(quote_literal(s), 'NULL'), ' ' ORDER BY s NULLS FIRST) FROM one")
[ "$got" = "$want" ] && ok "COPY FROM reads floe's CSV back to the same values: $got" || bad "COPY FROM: '$got', want '$want'"
floe_pg_psql -c "CREATE TABLE back2 (LIKE src)"
floe_pg_psql -c "SET timezone = 'UTC'; COPY back2 FROM STDIN (FORMAT csv, HEADER)" <"$work/got.csv"
diffs=$(floe_pg_psql -c "SELECT (SELECT count(*) FROM (TABLE src EXCEPT TABLE back2) x) + (SELECT count(*) FROM (TABLE back2 EXCEPT TABLE src) y)")
[ "$diffs" = 0 ] && ok "COPY FROM reads floe's CSV of db.src back to the same values" || bad "$diffs rows differ after COPY FROM"

# history, tables and expire read the same source-less config
for cmd in history tables expire; do
	case $cmd in history) extra=db.src ;; tables) extra= ;; expire) extra="db.src --keep-files" ;; esac
	rc=0
	"$FLOE_BIN" $cmd -c "$work/floe.yaml" $extra >"$work/cmd.out" 2>&1 || rc=$?
	[ $rc = 0 ] && ok "floe $cmd with a config without 'source'" || bad "floe $cmd: exit $rc: $(cat "$work/cmd.out")"
done

echo "$pass passed, $failed failed"
[ "$failed" = 0 ]
