#!/usr/bin/env bash
# test_check_generated.sh — floe check on a table with a generated column and bounded-size
# varlena columns: it warns that pgoutput (PostgreSQL 15) does not send generated columns,
# naming them; its TOAST warning names only columns that can be large (text), not
# numeric(12,2) or varchar(20). Before the fix check said nothing about generated columns
# and flagged numeric(12,2) as TOAST-able.
set -euo pipefail
: "${FLOE_BIN:?}" "${FLOE_SRC:?}"
. "$FLOE_SRC/tests/harness/pg.sh"
. "$FLOE_SRC/tests/integration/run_common.sh"
run_init checkgen

floe_pg_psql >/dev/null <<'SQL'
CREATE TABLE g (id int PRIMARY KEY, price numeric(12,2), code varchar(20), note text,
  total numeric GENERATED ALWAYS AS (price * 2) STORED);
INSERT INTO g VALUES (1, 1.5, 'a', 'x');
CREATE PUBLICATION floe FOR TABLE g;
SQL
"$FLOE_BIN" setup -c "$CFG" >/dev/null || fail "setup failed"
"$FLOE_BIN" check -c "$CFG" >"$WORK/check.out" 2>&1 || true
cat "$WORK/check.out"
grep -q "^warn table 'public.g' has generated columns (total): pgoutput on PostgreSQL 15 does not send them" "$WORK/check.out" ||
	fail "check does not warn about the generated column"
grep "TOAST-able" "$WORK/check.out" | grep -q "(note)" || fail "TOAST warning should name exactly the text column"
echo "PASS: test_check_generated"
