#!/usr/bin/env bash
# test_run_lost_slot.sh — the slot is dropped after floe replicated through it: `run --once`
# fails and names the exact recovery; `floe setup` refuses to create a new slot for a
# warehouse whose tables carry a floe.lsn from the old one (before the fix it did, and the
# next run silently skipped every change made between the old slot's end and the new one's
# start); after the other exact recovery (drop the Iceberg tables; test_setup_resnapshot.sh
# covers the one the message names, setup --resnapshot), setup + run copy everything and
# Iceberg equals the source exactly.
set -euo pipefail
: "${FLOE_BIN:?}" "${FLOE_SRC:?}"
. "$FLOE_SRC/tests/harness/pg.sh"
. "$FLOE_SRC/tests/integration/run_common.sh"
run_init runlost

floe_pg_psql >/dev/null <<'SQL'
CREATE TABLE t (id int PRIMARY KEY, v text);
INSERT INTO t SELECT g, 'v' || g FROM generate_series(1, 100) g;
CREATE PUBLICATION floe FOR TABLE t;
SQL
"$FLOE_BIN" setup -c "$CFG" >/dev/null || fail "floe setup failed"
floe_run --once || fail "first run failed"
check_table public.t id

psql_q "SELECT pg_drop_replication_slot('floe')" >/dev/null
psql_q "INSERT INTO t VALUES (101, 'made while there was no slot'); UPDATE t SET v = 'gap' WHERE id = 5" >/dev/null

if "$FLOE_BIN" run -c "$CFG" --once >"$WORK/o" 2>"$WORK/e"; then fail "run --once succeeded without its slot"; fi
grep -q -e "floe setup --resnapshot" "$WORK/e" || { cat "$WORK/e" >&2; fail "run's lost-slot message does not name the exact recovery"; }
grep -qE "run floe setup([^ ]| [^-]|$)" "$WORK/e" && fail "run still advises a bare floe setup"

if "$FLOE_BIN" setup -c "$CFG" >"$WORK/o" 2>"$WORK/e"; then
	fail "floe setup created a new slot for a warehouse replicated through the old one: $(cat "$WORK/o")"
fi
grep -q "Iceberg table 'public.t' was replicated" "$WORK/e" || { cat "$WORK/e" >&2; fail "setup's refusal does not name the table"; }
[ "$(psql_q "SELECT count(*) FROM pg_replication_slots WHERE slot_name = 'floe'")" = 0 ] ||
	fail "setup refused but created the slot anyway"
echo "setup refused: $(cat "$WORK/e")"

# the other exact recovery: drop floe's Iceberg tables (here: the local warehouse)
rm -rf "$WORK/wh"
"$FLOE_BIN" setup -c "$CFG" >/dev/null || fail "setup after dropping the tables failed"
floe_run --once || fail "run after the recovery failed"
check_table public.t id
echo "PASS: test_run_lost_slot"
