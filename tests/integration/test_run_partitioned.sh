#!/usr/bin/env bash
# test_run_partitioned.sh — a partitioned table (with a sub-partitioned partition) published
# via its root: the initial snapshot copies its rows through the partitions (before the fix
# it read FROM ONLY the root and copied 0 rows, silently), then inserts, updates, deletes
# and cross-partition key moves stream into the one Iceberg table. Compared with the source
# by floe scan AND by icebird, an independent reader. Also: the parent named in source.tables
# with via_root off, and FOR ALL TABLES with via_root on and off.
set -euo pipefail
: "${FLOE_BIN:?}" "${FLOE_SRC:?}"
. "$FLOE_SRC/tests/harness/pg.sh"
. "$FLOE_SRC/tests/integration/run_common.sh"
run_init runparted

floe_pg_psql >/dev/null <<'SQL'
CREATE TABLE parted (id int, region text, v numeric(10,2), PRIMARY KEY (id, region)) PARTITION BY LIST (region);
CREATE TABLE parted_eu PARTITION OF parted FOR VALUES IN ('eu');
CREATE TABLE parted_us PARTITION OF parted FOR VALUES IN ('us') PARTITION BY RANGE (id);
CREATE TABLE parted_us_lo PARTITION OF parted_us FOR VALUES FROM (MINVALUE) TO (1000);
CREATE TABLE parted_us_hi PARTITION OF parted_us FOR VALUES FROM (1000) TO (MAXVALUE);
INSERT INTO parted SELECT g, CASE WHEN g % 2 = 0 THEN 'eu' ELSE 'us' END, g * 1.25 FROM generate_series(1, 3000) g;
CREATE PUBLICATION floe FOR TABLE parted WITH (publish_via_partition_root = true);
SQL
"$FLOE_BIN" setup -c "$CFG" >/dev/null || fail "floe setup failed"
floe_run --once || fail "first run failed"
grep -q "snapshot public.parted: 3000 rows" "$WORK/run.log" || fail "the snapshot did not copy the 3000 rows of the partitions"
check_table public.parted id,region
check_icebird public.parted id,region

floe_pg_psql >/dev/null <<'SQL'
INSERT INTO parted VALUES (5001, 'eu', 1), (5003, 'us', 2), (7, 'eu', 3);
UPDATE parted SET v = -v WHERE id % 10 = 0;
DELETE FROM parted WHERE id % 13 = 0;
UPDATE parted SET region = 'eu' WHERE id = 999 AND region = 'us';
SQL
floe_run --once || fail "second run failed"
check_table public.parted id,region
check_icebird public.parted id,region
# the parent named in source.tables of a publication with publish_via_partition_root = false:
# before, run said "run floe setup to add it" and setup said it was already a member (a dead
# end); now each partition is replicated as a table of its own, and run says so
floe_pg_psql >/dev/null <<'SQL'
ALTER PUBLICATION floe SET (publish_via_partition_root = false);
SQL
sed -e 's|  slot: floe|  slot: floe2\n  tables: [parted]|' -e "s|location: .*|location: $WORK/wh2|" "$CFG" >"$WORK/c2.yaml"
"$FLOE_BIN" setup -c "$WORK/c2.yaml" >/dev/null || fail "setup of the via-partitions config failed"
"$FLOE_BIN" run -c "$WORK/c2.yaml" --once >>"$WORK/run.log" 2>&1 || fail "run with the parent in source.tables failed"
grep -q "source.tables names partitioned table public.parted" "$WORK/run.log" || fail "run does not say how it resolved the parent"
CFG=$WORK/c2.yaml
for leaf in parted_eu parted_us_lo parted_us_hi; do
	check_table public.$leaf id,region
	check_icebird public.$leaf id,region
done

# FOR ALL TABLES, both ways: via the root (one Iceberg table) and via the partitions (one
# per leaf); each run in its own warehouse and slot, exact by floe scan and icebird
floe_pg_psql >/dev/null <<'SQL'
CREATE TABLE plain (id int PRIMARY KEY, v text);
INSERT INTO plain VALUES (1, 'a'), (2, 'b');
CREATE PUBLICATION allroot FOR ALL TABLES WITH (publish_via_partition_root = true);
CREATE PUBLICATION allleaves FOR ALL TABLES;
SQL
for mode in allroot allleaves; do
	sed -e "s|  publication: floe|  publication: $mode|" -e "s|  slot: floe|  slot: $mode|" \
		-e "s|location: .*|location: $WORK/wh_$mode|" "$WORK/floe.yaml" >"$WORK/$mode.yaml"
	"$FLOE_BIN" setup -c "$WORK/$mode.yaml" >/dev/null || fail "$mode: setup failed"
	"$FLOE_BIN" run -c "$WORK/$mode.yaml" --once >>"$WORK/run.log" 2>&1 || fail "$mode: first run failed"
	b=$([ $mode = allroot ] && echo 8000 || echo 9000)
	psql_q "INSERT INTO parted VALUES ($b + 1, 'us', 9), ($b + 2, 'eu', 8); UPDATE parted SET v = 0 WHERE id = $b + 2;
	        DELETE FROM parted WHERE id = $b / 1000 + 8; INSERT INTO plain VALUES ($b, 'c')" >/dev/null
	"$FLOE_BIN" run -c "$WORK/$mode.yaml" --once >>"$WORK/run.log" 2>&1 || fail "$mode: streaming run failed"
	CFG=$WORK/$mode.yaml
	check_table public.plain id
	if [ $mode = allroot ]; then
		check_table public.parted id,region
		check_icebird public.parted id,region
	else
		for leaf in parted_eu parted_us_lo parted_us_hi; do
			check_table public.$leaf id,region
			check_icebird public.$leaf id,region
		done
	fi
	echo "ok: FOR ALL TABLES ($mode)"
done
echo "PASS: test_run_partitioned"
