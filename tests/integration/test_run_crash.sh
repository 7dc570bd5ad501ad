#!/usr/bin/env bash
# test_run_crash.sh — exactly once across crashes: 20 trials of a random workload
# (inserts, updates, deletes, key changes, large streamed transactions, truncates) while
# `floe run` dies with exit 137 at a chosen point — inside the initial snapshot, while
# writing Parquet, right before the Iceberg commit, after the next metadata file was
# written but before the catalog pointer moved, between the commit and the LSN
# confirmation (FLOE_TEST_CRASH_AT=<point>:<n>) — or is killed with SIGKILL at a random
# moment while it streams under load. After every trial a clean `floe run --once` must
# leave every Iceberg table equal to the source: no lost row, no duplicate.
# FLOE_CRASH_TRIALS overrides the number of trials (default 20).
set -euo pipefail
. "$FLOE_SRC/tests/harness/pg.sh"
. "$FLOE_SRC/tests/integration/run_common.sh"
export FLOE_PG_CONF="logical_decoding_work_mem=64kB"
RUN_YAML_EXTRA="  flush_interval: 200ms
  flush_rows: 3000
  flush_bytes: 2MiB
  memory_limit: 2MiB" run_init runcrash
TRIALS=${FLOE_CRASH_TRIALS:-20}
RANDOM=${FLOE_CRASH_SEED:-4242}
echo "seed ${FLOE_CRASH_SEED:-4242}, $TRIALS trials"

floe_pg_psql >/dev/null <<'SQL'
CREATE SEQUENCE ids START 1000000;
CREATE TABLE acct (id bigint PRIMARY KEY, bal int, note text);
INSERT INTO acct SELECT g, g % 1000, md5(g::text) FROM generate_series(1, 200000) g;
CREATE TABLE items (a int, b text, qty int, PRIMARY KEY (a, b));
INSERT INTO items SELECT g % 50, 'item' || g, g FROM generate_series(1, 3000) g;
CREATE PUBLICATION floe FOR TABLE acct, items;
SQL

# n random transactions as SQL
workload() {
	local n=$1 i
	for ((i = 0; i < n; i++)); do
		echo "BEGIN;"
		case $((RANDOM % 10)) in
		0 | 1) echo "INSERT INTO acct SELECT nextval('ids'), (random() * 1000)::int, md5(random()::text) FROM generate_series(1, $((1 + RANDOM % 50)));" ;;
		2 | 3) echo "UPDATE acct SET bal = bal + 1, note = md5(random()::text) WHERE id IN (SELECT id FROM acct TABLESAMPLE SYSTEM (0.1) LIMIT $((1 + RANDOM % 40)));" ;;
		4) echo "DELETE FROM acct WHERE id IN (SELECT id FROM acct TABLESAMPLE SYSTEM (0.1) LIMIT $((1 + RANDOM % 20)));" ;;
		5) echo "UPDATE acct SET id = nextval('ids') WHERE id IN (SELECT id FROM acct TABLESAMPLE SYSTEM (0.1) LIMIT 3);" ;;
		6) echo "INSERT INTO items SELECT (random() * 50)::int, 'n' || nextval('ids'), 1 FROM generate_series(1, 5);
		        UPDATE items SET qty = qty + 1 WHERE a = $((RANDOM % 50));" ;;
		7) echo "UPDATE items SET b = b || 'x' WHERE a = $((RANDOM % 50)) AND qty % 3 = 0;
		        DELETE FROM items WHERE a = $((RANDOM % 50)) AND qty % 5 = 0;" ;;
		8) # large: streamed by the server (logical_decoding_work_mem is tiny)
			echo "UPDATE acct SET bal = -bal WHERE id BETWEEN $((RANDOM * 5)) AND $((RANDOM * 5 + 3000));
			      INSERT INTO acct SELECT nextval('ids'), 1, 'bulk' FROM generate_series(1, 2000);" ;;
		9) if ((RANDOM % 8 == 0)); then echo "TRUNCATE items; INSERT INTO items VALUES (1, 'fresh', 1);";
		   else echo "DELETE FROM items WHERE qty = $((RANDOM % 3000));"; fi ;;
		esac
		echo "COMMIT;"
	done
}

verify() {
	floe_run --once || fail "$1: the clean run after the crash failed"
	check_table_csv public.acct 3 >/dev/null
	check_table public.items a,b >/dev/null
}

crashes=0
for ((t = 1; t <= TRIALS; t++)); do
	mode=$((RANDOM % 6))
	[ $t = 1 ] && mode=snapshot
	[ $t = 2 ] && mode=resnapshot
	case $mode in
	snapshot | resnapshot)
		if [ $mode = resnapshot ]; then
			# drop acct's Iceberg table: the next run copies it again from a temporary slot's
			# snapshot while items keeps streaming from the main slot
			sqlite3 "$WORK/wh/catalog.db" "DELETE FROM iceberg_tables WHERE table_name = 'acct'"
		fi
		point="during-snapshot:$((1 + RANDOM % 30))" ;;
	0) point="after-commit:$((1 + RANDOM % 4))" ;;
	1) point="before-commit:$((1 + RANDOM % 4))" ;;
	2) point="during-write:$((1 + RANDOM % 4))" ;;
	3) point="before-pointer-swap:$((1 + RANDOM % 4))" ;; # metadata file written, pointer not moved
	*) point=kill ;;
	esac
	workload $((5 + RANDOM % 30)) | floe_pg_psql >/dev/null
	if [ "$point" = kill ]; then
		# stream under load, SIGKILL at a random moment
		"$FLOE_BIN" run -c "$CFG" >>"$WORK/run.log" 2>&1 &
		pid=$!
		workload 40 | floe_pg_psql >/dev/null &
		wpid=$!
		sleep "0.$((RANDOM % 10))$((RANDOM % 10))"
		kill -9 $pid 2>/dev/null || true
		wait $pid 2>/dev/null || true
		wait $wpid
		rc=137
	else
		echo "=== trial $t: FLOE_TEST_CRASH_AT=$point" >>"$WORK/run.log"
		set +e
		FLOE_TEST_CRASH_AT=$point "$FLOE_BIN" run -c "$CFG" --once >>"$WORK/run.log" 2>&1
		rc=$?
		set -e
		[ $rc = 0 ] || [ $rc = 137 ] || fail "trial $t ($point): floe run exited $rc"
	fi
	[ $rc = 137 ] && crashes=$((crashes + 1))
	verify "trial $t ($point)"
	echo "trial $t: $point (exit $rc): tables equal the source"
done
[ $crashes -ge $((TRIALS / 2)) ] || fail "only $crashes of $TRIALS trials crashed; the crash points are not reached"
echo "test_run_crash: ok ($crashes crashes)"
