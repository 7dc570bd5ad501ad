# run_common.sh — shared setup for the test_run_*.sh tests (source it after pg.sh).
#
#   run_init NAME            start the throwaway PostgreSQL, make $WORK and $CFG (floe.yaml:
#                            publication 'floe', slot 'floe', warehouse $WORK/wh, SQLite catalog);
#                            RUN_YAML_EXTRA is appended to the sink: section
#   floe_run ARGS...         "$FLOE_BIN run -c $CFG ARGS..." with its log appended to $WORK/run.log
#   check_table SCHEMA.TABLE KEYCOLS [SNAPSHOT_ARGS...]
#                            `floe scan` of the Iceberg table equals SELECT * FROM the source,
#                            row for row and value for value (PostgreSQL renders the expected
#                            values itself); KEYCOLS is a comma-separated key to sort by
#   psql_q SQL               run SQL, print unaligned tuples
#   fail MSG                 print and exit 1

PY=/usr/bin/python3
[ -x "$PY" ] || PY=python3

fail() {
	echo "FAIL: $*" >&2
	if [ -n "${WORK:-}" ] && [ -f "$WORK/run.log" ]; then
		echo "--- last lines of $WORK/run.log" >&2
		tail -n 30 "$WORK/run.log" >&2
	fi
	exit 1
}

psql_q() {
	floe_pg_psql -c "$1"
}

run_init() {
	floe_pg_start "$1"
	WORK=$(mktemp -d "/tmp/floe-run-$1.XXXXXX")
	mkdir -p "$WORK/spill"
	trap 'floe_pg_stop; [ -n "${KEEP_WORK:-}" ] || rm -rf "$WORK"' EXIT
	CFG=$WORK/floe.yaml
	cat >"$CFG" <<YAML
source:
  dsn: "$FLOE_PG_DSN"
  publication: floe
  slot: floe
warehouse:
  location: $WORK/wh
sink:
  spill_dir: $WORK/spill
${RUN_YAML_EXTRA:-}
YAML
}

floe_run() {
	echo "=== floe run $*" >>"$WORK/run.log"
	"$FLOE_BIN" run -c "$CFG" "$@" >>"$WORK/run.log" 2>&1
}

# The expected rows as JSON lines, rendered by PostgreSQL: to_json forms, ::text where
# floe keeps PostgreSQL's text form (timetz, xml, money, ranges, multi-dimensional arrays,
# other types without a JSON form), ISO 8601 intervals.
expected_rows() { # schema.table
	local cols expr
	cols=$(floe_pg_psql -F '|' -c "SELECT a.attname, t.typname, t.typtype, a.attndims, t.typcategory,
		coalesce(et.typname, '')
		FROM pg_attribute a JOIN pg_type t ON t.oid = a.atttypid LEFT JOIN pg_type et ON et.oid = t.typelem
		WHERE a.attrelid = '$1'::regclass AND a.attnum > 0 AND NOT a.attisdropped ORDER BY a.attnum")
	expr=""
	local n=0 chunk=""
	while IFS='|' read -r name typ typtype ndims cat elem; do
		local e="\"$name\""
		case "$typ" in
		timetz | xml | money | _timetz | _xml | _money) e="\"$name\"::text" ;;
		esac
		[ "$typtype" = r ] || [ "$typtype" = m ] && e="\"$name\"::text"
		[ "$ndims" -gt 1 ] 2>/dev/null && e="\"$name\"::text"
		case "$elem" in
		int4range | int8range | numrange | tsrange | tstzrange | daterange | timetz | xml | money) e="\"$name\"::text" ;;
		esac
		chunk="$chunk${chunk:+, }'$name', $e"
		n=$((n + 1))
		if [ $n -ge 40 ]; then
			expr="$expr${expr:+ || }jsonb_build_object($chunk)"
			chunk=""
			n=0
		fi
	done <<<"$cols"
	[ -n "$chunk" ] && expr="$expr${expr:+ || }jsonb_build_object($chunk)"
	floe_pg_psql -c "SET IntervalStyle = iso_8601; SET TimeZone = 'UTC'; SET extra_float_digits = 3;
		SELECT ($expr)::text FROM $1"
}

column_types() { # schema.table → JSON {col: [typname, elemtypname]}
	floe_pg_psql -c "SELECT json_object_agg(a.attname, json_build_array(t.typname, coalesce(et.typname, ''),
		t.typcategory))
		FROM pg_attribute a JOIN pg_type t ON t.oid = a.atttypid LEFT JOIN pg_type et ON et.oid = t.typelem
		WHERE a.attrelid = '$1'::regclass AND a.attnum > 0 AND NOT a.attisdropped"
}

check_table() { # schema.table keycols [scan args...]
	local table=$1 keys=$2
	shift 2
	local base=$WORK/check.$table
	expected_rows "$table" >"$base.expected" || fail "cannot read $table from PostgreSQL"
	column_types "$table" >"$base.types"
	"$FLOE_BIN" scan -c "$CFG" "$table" "$@" >"$base.got" 2>"$base.err" ||
		{ cat "$base.err" >&2; fail "floe scan $table failed"; }
	"$PY" "$FLOE_SRC/tests/integration/run_compare.py" "$base.expected" "$base.types" "$base.got" "$keys" "$table" ||
		fail "$table: Iceberg (floe scan) differs from PostgreSQL"
}

# A faster check for big tables of plain columns (ints, text without commas or quotes):
# the sorted CSV rows of `floe scan` (metadata columns cut off) equal PostgreSQL's.
check_table_csv() { # schema.table ncols
	local table=$1 n=$2 base=$WORK/check.$1
	"$FLOE_BIN" scan -c "$CFG" "$table" --format csv 2>"$base.err" | tail -n +2 | cut -d, -f1-"$n" |
		LC_ALL=C sort >"$base.got" || { cat "$base.err" >&2; fail "floe scan $table failed"; }
	floe_pg_psql -c "COPY $table TO STDOUT WITH (FORMAT csv)" | LC_ALL=C sort >"$base.expected"
	if ! cmp -s "$base.got" "$base.expected"; then
		diff "$base.expected" "$base.got" | head -20 >&2
		fail "$table: Iceberg (floe scan) differs from PostgreSQL"
	fi
	echo "$table: $(wc -l <"$base.expected") rows compared as sorted CSV, equal"
}

# icebird (tests/interop/run_icebird.mjs) reads the table's current snapshot; its rows
# must equal PostgreSQL's (decimals compared as doubles: hyparquet decodes them so).
check_icebird() { # schema.table keycols
	local table=$1 keys=$2 base=$WORK/icebird.$1 meta
	meta=$("$FLOE_BIN" tables -c "$CFG" --format jsonl | "$PY" -c "
import json, sys
for l in sys.stdin:
    t = json.loads(l)
    if t['table'] == '$table':
        print(t['metadata_location'])")
	[ -n "$meta" ] || fail "no metadata location for $table"
	expected_rows "$table" >"$base.expected"
	column_types "$table" >"$base.types"
	node "$FLOE_SRC/tests/interop/run_icebird.mjs" "$meta" >"$base.got" 2>"$base.err" ||
		{ cat "$base.err" >&2; fail "icebird could not read $table"; }
	"$PY" "$FLOE_SRC/tests/integration/run_compare.py" "$base.expected" "$base.types" "$base.got" "$keys" \
		"$table (icebird)" approx-decimal || fail "$table: Iceberg read by icebird differs from PostgreSQL"
}
