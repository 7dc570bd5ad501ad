#!/usr/bin/env bash
# test_iceberg_catalogs.sh — the SQL catalog on SQLite and on PostgreSQL: the
# JDBC-layout tables, three writer processes racing commits on one table (every
# commit lands, no row lost, sequence numbers 1..N), and floe scan/history/tables
# reading the result through a config file; creating, listing and dropping
# namespaces and tables with the same answers on both. On PostgreSQL also a commit whose
# catalog connection dies mid-UPDATE (outcome unknown: files kept, truth on refresh). Then the bad-input cases: a catalog row
# pointing at a missing metadata file, a corrupt manifest, a metadata file that is
# not JSON, a read-only warehouse — each one clear error naming the path, and the
# catalog still pointing at a complete, readable version.
set -euo pipefail
: "${FLOE_BIN:?}" "${FLOE_SRC:?}" "${FLOE_BUILD:?}"
. "$FLOE_SRC/tests/harness/pg.sh"
ICEGEN=$FLOE_BUILD/icegen
work=$(mktemp -d /tmp/floe-iceberg-cat.XXXXXX)
chmod 755 "$work"
pass=0 failed=0
ok() { pass=$((pass + 1)); echo "ok - $*"; }
bad() { failed=$((failed + 1)); echo "FAIL - $*"; }
cleanup() { chattr -i "$work"/ro/wh/db/t/metadata 2>/dev/null || true; rm -rf "$work"; floe_pg_stop; }
trap cleanup EXIT

schema='{"type":"struct","schema-id":0,"identifier-field-ids":[1],"fields":[{"id":1,"name":"id","required":true,"type":"long"},{"id":2,"name":"who","required":true,"type":"string"}]}'

config() { # config FILE WAREHOUSE CATALOG_URI
	cat >"$1" <<YAML
source:
  dsn: "host=/nonexistent"
warehouse:
  location: $2
catalog:
  uri: "$3"
  name: racers
YAML
}

race() { # race NAME CATALOG_URI [CONFIG_CATALOG_URI]
	local name=$1 uri=$2 wh=$work/$1/wh cfg=$work/$1/floe.yaml p k
	mkdir -p "$work/$name"
	config "$cfg" "$wh" "${3:-$uri}"
	echo "{\"op\":\"create\",\"table\":\"db.t\",\"schema\":$schema}" | "$ICEGEN" "$wh" "$uri" racers >/dev/null
	for p in 1 2 3; do
		(for k in $(seq 1 10); do
			echo "{\"op\":\"commit\",\"table\":\"db.t\",\"rows\":[[$((p * 1000 + k)),\"p$p\"]],\"delete\":[],\"summary\":{\"floe.lsn\":\"0/$k\"}}"
		done | "$ICEGEN" "$wh" "$uri" racers >"$work/$name/out$p" 2>"$work/$name/err$p") &
	done
	wait
	for p in 1 2 3; do
		[ "$(wc -l <"$work/$name/out$p")" = 10 ] || bad "$name: writer $p: $(cat "$work/$name/err$p")"
	done
	"$FLOE_BIN" scan -c "$cfg" db.t | sort >"$work/$name/rows"
	[ "$(wc -l <"$work/$name/rows")" = 30 ] && ok "$name: 3 racing writers x 10 commits: 30 rows" ||
		bad "$name: $(wc -l <"$work/$name/rows") rows after the race, want 30"
	"$FLOE_BIN" history -c "$cfg" db.t --format jsonl >"$work/$name/hist"
	seqs=$(python3 -c 'import json,sys; print(",".join(str(json.loads(l)["sequence_number"]) for l in open(sys.argv[1])))' "$work/$name/hist")
	[ "$seqs" = "$(seq -s, 1 30)" ] && ok "$name: sequence numbers 1..30 in history" || bad "$name: sequence numbers $seqs"
	"$FLOE_BIN" tables -c "$cfg" | grep -q '^db.t ' && ok "$name: floe tables lists db.t" || bad "$name: floe tables"
	leftover=$(ls "$wh/db/t/metadata" | grep -c '^snap-' || true)
	[ "$leftover" = 30 ] && ok "$name: no manifest lists of lost attempts left behind" || bad "$name: $leftover manifest lists"
}

# namespaces and drops: the same steps and the same answers on every backend
ns_steps() { # ns_steps NAME CATALOG_URI
	local name=$1 uri=$2 wh=$work/$1/nswh
	echo "{\"op\":\"create\",\"table\":\"b.c.t\",\"schema\":$schema}" | "$ICEGEN" "$wh" "$uri" nscat >/dev/null
	"$ICEGEN" "$wh" "$uri" nscat >"$work/$name/ns.out" <<'CMDS'
{"op":"create_namespace","namespace":"a"}
{"op":"create_namespace","namespace":"a"}
{"op":"list_namespaces"}
{"op":"namespace_exists","namespace":"b.c"}
{"op":"list_tables"}
{"op":"list_tables","namespace":"a"}
{"op":"drop_namespace","namespace":"b.c"}
{"op":"drop_table","table":"b.c.t"}
{"op":"list_tables"}
{"op":"drop_namespace","namespace":"b.c"}
{"op":"drop_namespace","namespace":"a"}
{"op":"namespace_exists","namespace":"a"}
{"op":"drop_namespace","namespace":"a"}
{"op":"drop_table","table":"b.c.t"}
{"op":"list_namespaces"}
{"op":"create_namespace","namespace":"x"}
CMDS
	echo '{"op":"list_namespaces"}' | "$ICEGEN" "$wh" "$uri" other >>"$work/$name/ns.out"
	echo '{"op":"list_namespaces"}' | "$ICEGEN" "$wh" "$uri" nscat >>"$work/$name/ns.out"
	cat >"$work/$name/ns.want" <<'WANT'
{"ok":true}
{"ok":true}
{"namespaces":["a","b.c"],"ok":true}
{"exists":true,"ok":true}
{"tables":["b.c.t"],"ok":true}
{"tables":[],"ok":true}
{"error":"namespace 'b.c' still has 1 table(s); drop them first","code":1}
{"ok":true}
{"tables":[],"ok":true}
{"ok":true}
{"ok":true}
{"exists":false,"ok":true}
{"error":"namespace 'a' does not exist","code":1002}
{"error":"table 'b.c.t' does not exist in catalog 'nscat'","code":1002}
{"namespaces":[],"ok":true}
{"ok":true}
{"namespaces":[],"ok":true}
{"namespaces":["x"],"ok":true}
WANT
	if diff "$work/$name/ns.want" "$work/$name/ns.out" >"$work/$name/ns.diff"; then
		ok "$name: create/list/exists/drop of namespaces and tables, another catalog name sees nothing"
	else
		bad "$name: namespace steps differ: $(cat "$work/$name/ns.diff")"
	fi
}

# --help of every table command: usage on stdout, nothing on stderr, exit 0
for c in scan history tables expire; do
	rc=0
	"$FLOE_BIN" $c --help >"$work/help.out" 2>"$work/help.err" || rc=$?
	[ $rc = 0 ] && grep -q "^usage: floe $c" "$work/help.out" && [ ! -s "$work/help.err" ] &&
		ok "floe $c --help: usage on stdout, exit 0" || bad "floe $c --help: exit $rc, stderr '$(cat "$work/help.err")'"
done

# --- SQLite (the embedded default) ---
race sqlite "$work/sqlite/catalog.db"
cols=$(sqlite3 "$work/sqlite/catalog.db" "select group_concat(name) from pragma_table_info('iceberg_tables')")
[ "$cols" = "catalog_name,table_namespace,table_name,metadata_location,previous_metadata_location,iceberg_type" ] &&
	ok "sqlite: iceberg_tables has the JDBC layout" || bad "sqlite: iceberg_tables columns $cols"
row=$(sqlite3 "$work/sqlite/catalog.db" "select catalog_name||'|'||table_namespace||'|'||table_name||'|'||iceberg_type||'|'||(previous_metadata_location like '%/00029-%') from iceberg_tables")
[ "$row" = "racers|db|t|TABLE|1" ] && ok "sqlite: table row and previous_metadata_location" || bad "sqlite: row $row"
ns=$(sqlite3 "$work/sqlite/catalog.db" "select namespace||'|'||property_key||'|'||property_value from iceberg_namespace_properties")
[ "$ns" = "db|exists|true" ] && ok "sqlite: namespace row" || bad "sqlite: namespace row $ns"

ns_steps sqlite "$work/sqlite/catalog.db"

# --- PostgreSQL as the catalog database ---
floe_pg_start icecat
trap cleanup EXIT # floe_pg_start set its own EXIT trap
# the floe config gets the key=value conninfo here (any catalog.uri with '=' is a
# PostgreSQL DSN); the unknown-outcome steps below use the postgresql:// URI form
race postgres "$FLOE_PG_DSN"
row=$(floe_pg_psql -c "select catalog_name||'|'||table_namespace||'|'||table_name||'|'||iceberg_type from iceberg_tables")
[ "$row" = "racers|db|t|TABLE" ] && ok "postgres: table row in iceberg_tables" || bad "postgres: row $row"
ns_steps postgres "$FLOE_PG_DSN"
rows=$(floe_pg_psql -c "select catalog_name||'|'||namespace||'|'||property_key||'|'||property_value from iceberg_namespace_properties order by 1")
[ "$rows" = "$(printf 'nscat|x|exists|true\nracers|db|exists|true')" ] && ok "postgres: iceberg_namespace_properties rows after the drops" ||
	bad "postgres: namespace rows: $rows"
config "$work/postgres/down.yaml" "$work/postgres/wh" "postgresql://postgres@127.0.0.1:1/postgres"
if out=$("$FLOE_BIN" scan -c "$work/postgres/down.yaml" db.t 2>&1); then bad "postgres: unreachable catalog accepted"; else
	echo "$out" | grep -q "cannot connect" && ok "postgres: unreachable catalog: $out" || bad "postgres: unreachable catalog: $out"
fi

# unknown outcome: the catalog connection dies while the commit's UPDATE runs (a
# trigger terminates its own backend). The commit must say the outcome is unknown,
# keep every file it wrote, and a fresh read shows what the catalog really has.
pgwh=$work/postgres/wh
echo "{\"op\":\"create\",\"table\":\"db.u\",\"schema\":$schema}
{\"op\":\"commit\",\"table\":\"db.u\",\"rows\":[[1,\"one\"]],\"delete\":[]}" |
	"$ICEGEN" "$pgwh" "$FLOE_PG_DSN" racers >/dev/null
floe_pg_psql <<'SQL'
CREATE FUNCTION floe_test_kill() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN PERFORM pg_terminate_backend(pg_backend_pid()); PERFORM pg_sleep(10); RETURN NEW; END $$;
CREATE TRIGGER floe_test_kill BEFORE UPDATE ON iceberg_tables FOR EACH ROW
  WHEN (OLD.table_name = 'u') EXECUTE FUNCTION floe_test_kill();
SQL
ptr_before=$(floe_pg_psql -c "select metadata_location from iceberg_tables where table_name = 'u'")
ls "$pgwh/db/u/metadata" "$pgwh/db/u/data" | sort >"$work/u.before"
set +e
"$ICEGEN" "$pgwh" "$FLOE_PG_DSN" racers >/dev/null 2>"$work/u.err" <<<'{"op":"commit","table":"db.u","rows":[[2,"two"]],"delete":[[1]]}'
rc=$?
set -e
[ $rc = 1 ] && grep -q "outcome unknown" "$work/u.err" && grep -q "connection lost" "$work/u.err" &&
	ok "postgres: connection lost during the commit: $(cat "$work/u.err")" || bad "postgres: unknown outcome: rc $rc: $(cat "$work/u.err")"
ls "$pgwh/db/u/metadata" "$pgwh/db/u/data" | sort >"$work/u.after"
added=$(comm -13 "$work/u.before" "$work/u.after" | tr '\n' ' ')
removed=$(comm -23 "$work/u.before" "$work/u.after" | wc -l)
kinds=$(for f in $added; do case $f in 00002-*.metadata.json) echo md ;; snap-*.avro) echo list ;;
	*-m0.avro) echo m0 ;; *-m1.avro) echo m1 ;; *-eq-del.parquet) echo del ;; *.parquet) echo data ;; *) echo "?$f" ;; esac; done | sort | tr '\n' ' ')
[ "$kinds" = "data del list m0 m1 md " ] && [ "$removed" = 0 ] &&
	ok "postgres: unknown outcome keeps the metadata file, manifest list, both manifests and both data files" ||
	bad "postgres: unknown outcome left '$kinds' (removed $removed)"
floe_pg_psql -c "DROP TRIGGER floe_test_kill ON iceberg_tables"
ptr_after=$(floe_pg_psql -c "select metadata_location from iceberg_tables where table_name = 'u'")
[ "$ptr_before" = "$ptr_after" ] && ok "postgres: the catalog still points at version 1 (the UPDATE rolled back)" ||
	bad "postgres: pointer moved to $ptr_after"
config "$work/postgres/u.yaml" "$pgwh" "postgresql://postgres@127.0.0.1:$PGPORT/postgres"
rows=$("$FLOE_BIN" scan -c "$work/postgres/u.yaml" db.u | tr '\n' ' ')
[ "$rows" = '{"id":1,"who":"one"} ' ] && ok "postgres: a fresh read shows the real state: $rows" || bad "postgres: rows $rows"
out=$("$ICEGEN" "$pgwh" "$FLOE_PG_DSN" racers <<<'{"op":"commit","table":"db.u","rows":[[2,"two"]],"delete":[[1]]}')
rows=$("$FLOE_BIN" scan -c "$work/postgres/u.yaml" db.u | tr '\n' ' ')
echo "$out" | grep -q '"sequence_number":2' && [ "$rows" = '{"id":2,"who":"two"} ' ] &&
	ok "postgres: writing the batch again lands as sequence number 2: $rows" || bad "postgres: retry: $out / $rows"

# --- bad input (SQLite) ---
cfg=$work/sqlite/floe.yaml
db=$work/sqlite/catalog.db
good=$(sqlite3 "$db" "select metadata_location from iceberg_tables")
expect_fail() { # expect_fail WHAT PATTERN CMD...
	local what=$1 pat=$2 out rc
	shift 2
	set +e
	out=$("$@" 2>&1)
	rc=$?
	set -e
	if [ $rc -eq 0 ]; then bad "$what: succeeded"; return; fi
	if [ $rc -gt 2 ]; then bad "$what: crashed (exit $rc): $out"; return; fi
	if [ "$(echo "$out" | wc -l)" != 1 ]; then bad "$what: not one line: $out"; return; fi
	echo "$out" | grep -qF -- "$pat" && ok "$what: $out" || bad "$what: '$out' lacks '$pat'"
}
sqlite3 "$db" "update iceberg_tables set metadata_location='file://$work/nowhere/00007-x.metadata.json'"
expect_fail "catalog row pointing nowhere" "$work/nowhere/00007-x.metadata.json' does not exist" "$FLOE_BIN" scan -c "$cfg" db.t
expect_fail "commit onto a row pointing nowhere" "does not exist" \
	"$ICEGEN" "$work/sqlite/wh" "$db" racers <<<'{"op":"commit","table":"db.t","rows":[[1,"x"]],"delete":[]}'
sqlite3 "$db" "update iceberg_tables set metadata_location='$good'"

mv "${good#file://}" "$work/saved.json"
expect_fail "missing metadata file" "${good#file://}' does not exist" "$FLOE_BIN" history -c "$cfg" db.t
echo '{"format-version": 2, "table-uuid": ' >"${good#file://}"
expect_fail "metadata file that is not JSON" "invalid JSON" "$FLOE_BIN" scan -c "$cfg" db.t
mv "$work/saved.json" "${good#file://}"

manifest=$(ls "$work/sqlite/wh/db/t/metadata/"*-m0.avro | head -1)
cp "$manifest" "$work/saved.avro"
printf 'garbage garbage garbage' | dd of="$manifest" bs=1 seek=30 conv=notrunc 2>/dev/null
expect_fail "corrupt manifest" "$manifest" "$FLOE_BIN" scan -c "$cfg" db.t
cp "$work/saved.avro" "$manifest"
[ "$("$FLOE_BIN" scan -c "$cfg" db.t | wc -l)" = 30 ] && ok "table reads again after the repairs" || bad "table unreadable after repairs"

# read-only warehouse: the commit fails naming the path; the catalog keeps pointing at a complete version
mkdir -p "$work/ro"
cp -a "$work/sqlite/wh" "$work/ro/wh"
cp "$db" "$work/ro/catalog.db"
sqlite3 "$work/ro/catalog.db" "update iceberg_tables set metadata_location=replace(metadata_location,'$work/sqlite/wh','$work/ro/wh')"
before=$(sqlite3 "$work/ro/catalog.db" "select metadata_location from iceberg_tables")
# the metadata files still name the old table location; point them at the copy
sed -i "s#$work/sqlite/wh#$work/ro/wh#g" "$work/ro/wh/db/t/metadata/"*.json
if chattr +i "$work/ro/wh/db/t/metadata" 2>/dev/null; then
	expect_fail "read-only metadata directory (chattr +i)" "$work/ro/wh/db/t/metadata" \
		"$ICEGEN" "$work/ro/wh" "$work/ro/catalog.db" racers <<<'{"op":"commit","table":"db.t","rows":[[1,"x"]],"delete":[]}'
	chattr -i "$work/ro/wh/db/t/metadata"
else
	# no immutable flag on this filesystem: write as an unprivileged user instead
	chmod -R a+rX "$work/ro"
	chmod a+w "$work/ro" "$work/ro/catalog.db"
	expect_fail "read-only warehouse (runuser nobody)" "$work/ro/wh" \
		runuser -u nobody -- "$ICEGEN" "$work/ro/wh" "$work/ro/catalog.db" racers <<<'{"op":"commit","table":"db.t","rows":[[1,"x"]],"delete":[]}'
fi
after=$(sqlite3 "$work/ro/catalog.db" "select metadata_location from iceberg_tables")
[ "$before" = "$after" ] && ok "catalog pointer unchanged after the failed commit" || bad "pointer moved: $after"
config "$work/ro/floe.yaml" "$work/ro/wh" "$work/ro/catalog.db"
[ "$("$FLOE_BIN" scan -c "$work/ro/floe.yaml" db.t | wc -l)" = 30 ] && ok "read-only table still complete and readable" || bad "read-only table unreadable"
stray=$(find "$work/ro/wh/db/t/data" -newer "$work/ro/catalog.db" -type f | wc -l)
[ "$stray" = 0 ] && ok "no data files left from the failed commit" || bad "$stray stray data files"

echo "$pass passed, $failed failed"
[ "$failed" = 0 ]
