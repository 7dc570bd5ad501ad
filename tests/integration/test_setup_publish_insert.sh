#!/usr/bin/env bash
# test_setup_publish_insert.sh — issue 17 item 5, the opt-in: with source.publish: insert,
# setup publishes append-only tables without a primary key (WITH (publish = 'insert')),
# the application's UPDATE and DELETE keep working, floe copies and streams the inserts
# exactly, and check says what is not mirrored. Without the opt-in, a publication that
# publishes only inserts is refused by setup and by run (before, run silently dropped
# every update and delete).
set -euo pipefail
: "${FLOE_BIN:?}" "${FLOE_SRC:?}"
. "$FLOE_SRC/tests/harness/pg.sh"
. "$FLOE_SRC/tests/integration/run_common.sh"
RUN_YAML_EXTRA="" run_init pubinsert
sed -i 's/^  slot: floe$/  slot: floe\n  publish: insert\n  tables: [events, items]/' "$CFG"
grep -q "publish: insert" "$CFG" || fail "could not write the config"

floe_pg_psql >/dev/null <<'SQL'
CREATE TABLE events (at timestamptz NOT NULL, kind text, payload jsonb);
INSERT INTO events SELECT '2026-01-01'::timestamptz + g * interval '1 minute', 'k' || (g % 3), jsonb_build_object('g', g)
  FROM generate_series(1, 300) g;
CREATE TABLE items (id int PRIMARY KEY, v text);
INSERT INTO items SELECT g, 'v' || g FROM generate_series(1, 20) g;
SQL
"$FLOE_BIN" setup -c "$CFG" >"$WORK/o" 2>"$WORK/e" || { cat "$WORK/e" >&2; fail "setup refused append-only tables with source.publish: insert"; }
grep -q "inserts only" "$WORK/o" || { cat "$WORK/o" >&2; fail "setup does not say the publication is insert-only"; }
[ "$(psql_q "SELECT pubinsert::text || pubupdate::text || pubdelete::text FROM pg_publication WHERE pubname = 'floe'")" = truefalsefalse ] ||
	fail "the publication does not publish inserts only"
# the application's writes still work
psql_q "UPDATE events SET kind = 'x' WHERE kind = 'k0' AND at < '2026-01-01 01:00'" >/dev/null ||
	fail "UPDATE on the published table without a key fails"
psql_q "DELETE FROM events WHERE kind = 'x'" >/dev/null || fail "DELETE on the published table without a key fails"
set +e
"$FLOE_BIN" check -c "$CFG" >"$WORK/check" 2>&1
set -e
grep -q "^warn publication 'floe' publishes inserts only" "$WORK/check" || { cat "$WORK/check" >&2; fail "check does not warn that updates and deletes are not mirrored"; }
grep -q "^fail.*events" "$WORK/check" && { cat "$WORK/check" >&2; fail "check fails the append-only table"; }

floe_run --once || { tail "$WORK/run.log" >&2; fail "snapshot run failed"; }
check_table public.events at,kind
psql_q "INSERT INTO events VALUES ('2027-01-01', 'new', '{\"n\": 1}'), ('2027-01-02', 'new', NULL);
        INSERT INTO items VALUES (21, 'v21')" >/dev/null
floe_run --once || { tail "$WORK/run.log" >&2; fail "streaming run failed"; }
check_table public.events at,kind
check_table public.items id
check_icebird public.events at,kind
echo "ok: append-only tables copied and streamed exactly"

# --- without the opt-in: an insert-only publication is refused, not silently half-mirrored
sed -i '/^  publish: insert$/d' "$CFG"
if "$FLOE_BIN" setup -c "$CFG" >"$WORK/o" 2>"$WORK/e"; then fail "setup accepted an insert-only publication without source.publish: insert"; fi
grep -q "silently miss the updates, deletes, truncates" "$WORK/e" && grep -q "source.publish: insert" "$WORK/e" ||
	{ cat "$WORK/e" >&2; fail "setup's refusal does not say what would be missed and how to fix it"; }
if "$FLOE_BIN" run -c "$CFG" --once >"$WORK/o" 2>"$WORK/e"; then fail "run streamed from an insert-only publication without the opt-in"; fi
grep -q "silently miss" "$WORK/e" || { cat "$WORK/e" >&2; fail "run's refusal does not say what would be missed"; }
set +e
"$FLOE_BIN" check -c "$CFG" >"$WORK/check" 2>&1
rc=$?
set -e
[ $rc = 1 ] && grep -q "^fail publication 'floe' publishes only 'insert'" "$WORK/check" ||
	{ cat "$WORK/check" >&2; fail "check does not fail the insert-only publication without the opt-in"; }
echo "ok: refused without the opt-in: $(cat "$WORK/e")"
echo "PASS: test_setup_publish_insert"
