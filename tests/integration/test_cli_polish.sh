#!/usr/bin/env bash
# test_cli_polish.sh — issue 17 items 10 and 11: -V prints the version; FLOE_LOG=bogus is an
# error; `scan --format xml` names the accepted formats; an unset ${VAR} in the source section
# does not block commands that need no source; `floe tables` before any run says there is no
# catalog yet (and creates none); `scan | head` exits 0 without a word on stderr; every
# subcommand's --help lists each option of its synopsis on a line of its own; "1 row".
set -euo pipefail
: "${FLOE_BIN:?}" "${FLOE_SRC:?}"
. "$FLOE_SRC/tests/harness/pg.sh"
. "$FLOE_SRC/tests/integration/run_common.sh"
run_init clipolish

v=$("$FLOE_BIN" -V) || fail "floe -V failed"
[[ "$v" == "floe "* ]] || fail "floe -V printed '$v'"

set +e
FLOE_LOG=bogus "$FLOE_BIN" tables -c "$CFG" >/dev/null 2>"$WORK/e"; rc=$?
set -e
[ $rc = 2 ] && grep -q "FLOE_LOG='bogus' is not a log level" "$WORK/e" || { cat "$WORK/e" >&2; fail "FLOE_LOG=bogus: exit $rc"; }

# before any run: no catalog yet, and none is created by asking
mkdir -p "$WORK/wh"
set +e
"$FLOE_BIN" tables -c "$CFG" >/dev/null 2>"$WORK/e"; rc=$?
set -e
[ $rc = 1 ] && grep -q "no catalog yet" "$WORK/e" || { cat "$WORK/e" >&2; fail "tables before any run: exit $rc"; }
[ ! -e "$WORK/wh/catalog.db" ] || fail "floe tables created a catalog"

# an unset variable in source.dsn: commands without a source still work
sed "s|dsn: .*|dsn: \"\${FLOE_TEST_UNSET_PASSWORD_VAR}\"|" "$CFG" >"$WORK/novar.yaml"
unset FLOE_TEST_UNSET_PASSWORD_VAR
set +e
"$FLOE_BIN" tables -c "$WORK/novar.yaml" >/dev/null 2>"$WORK/e"
set -e
grep -q "FLOE_TEST_UNSET_PASSWORD_VAR" "$WORK/e" && { cat "$WORK/e" >&2; fail "an unset \${VAR} in source blocks floe tables"; }
set +e
"$FLOE_BIN" check -c "$WORK/novar.yaml" >/dev/null 2>"$WORK/e"; rc=$?
set -e
[ $rc != 0 ] && grep -q "FLOE_TEST_UNSET_PASSWORD_VAR" "$WORK/e" || fail "check does not name the unset variable"

floe_pg_psql >/dev/null <<'SQL'
CREATE TABLE one (id int PRIMARY KEY);
INSERT INTO one VALUES (1);
CREATE TABLE t (id int PRIMARY KEY, v text);
INSERT INTO t SELECT g, repeat('x', 100) FROM generate_series(1, 50000) g;
CREATE PUBLICATION floe FOR TABLE one, t;
SQL
floe_run --once || fail "run failed"
grep -q "public.one: 1 row in" "$WORK/run.log" || { grep "public.one" "$WORK/run.log" >&2; fail "'1 row' is not said so"; }
grep -q "public.one: 1 rows" "$WORK/run.log" && fail "'1 rows' in the log"

set +e
"$FLOE_BIN" scan -c "$CFG" public.t --format xml >/dev/null 2>"$WORK/e"; rc=$?
set -e
[ $rc = 2 ] && grep -q "use jsonl or csv" "$WORK/e" || { cat "$WORK/e" >&2; fail "scan --format xml does not name the formats"; }
set +e
"$FLOE_BIN" tables -c "$CFG" --format xml >/dev/null 2>"$WORK/e"; rc=$?
set -e
[ $rc = 2 ] && grep -q "use table or jsonl" "$WORK/e" || { cat "$WORK/e" >&2; fail "tables --format xml does not name the formats"; }

set +e
"$FLOE_BIN" scan -c "$CFG" public.t 2>"$WORK/e" | head -3 >/dev/null
rc=${PIPESTATUS[0]}
set -e
[ $rc = 0 ] || { cat "$WORK/e" >&2; fail "scan | head: floe exits $rc"; }
[ ! -s "$WORK/e" ] || { cat "$WORK/e" >&2; fail "scan | head: floe wrote to stderr"; }

# every option in a synopsis has a line of its own in --help
for c in run setup check tail scan tables history expire teardown; do
	"$FLOE_BIN" $c --help >"$WORK/help" 2>&1 || fail "floe $c --help failed"
	opts=$(head -1 "$WORK/help" | { grep -o -- '--[a-z-]*' || true; } | sort -u)
	for o in -c $opts; do
		tail -n +2 "$WORK/help" | grep -qE "^ +(-c, )?${o}( |,|$)|^ +-c, --config" || { cat "$WORK/help" >&2; fail "floe $c --help does not explain $o"; }
		tail -n +2 "$WORK/help" | grep -qE "^ +([a-zA-Z-]+, )?${o}\b" || { cat "$WORK/help" >&2; fail "floe $c --help has no line for $o"; }
	done
	echo "ok: floe $c --help lists $(echo -c $opts | wc -w) options"
done
echo "ok: help"

# libpq's messages: one line; the GRANT names the real role
psql_q "CREATE ROLE norep LOGIN" >/dev/null
sed "s|dsn: \"\\(.*\\)\"|dsn: \"\\1 user=norep\"|" "$CFG" >"$WORK/norep.yaml"
grep -q "user=norep" "$WORK/norep.yaml" || fail "could not write norep.yaml"
set +e
"$FLOE_BIN" tail -c "$WORK/norep.yaml" --until-caught-up >/dev/null 2>"$WORK/e"
set -e
grep -q 'ALTER ROLE "norep" REPLICATION' "$WORK/e" || { cat "$WORK/e" >&2; fail "the replication-role advice does not name the role"; }
[ "$(wc -l <"$WORK/e")" = 1 ] || { cat "$WORK/e" >&2; fail "the error is not one line"; }
echo "ok: $(cat "$WORK/e")"
echo "PASS: test_cli_polish (libpq)"

# setup without the privileges to publish: the message says which GRANT or owner
psql_q "CREATE ROLE limited LOGIN REPLICATION; GRANT SELECT ON one, t TO limited" >/dev/null
psql_q "DROP PUBLICATION floe" >/dev/null
sed "s|dsn: \"\\(.*\\)\"|dsn: \"\\1 user=limited\"|" "$CFG" >"$WORK/limited.yaml"
sed -i 's/^  slot: floe$/  slot: floe\n  tables: [one, t]/' "$WORK/limited.yaml"
set +e
"$FLOE_BIN" setup -c "$WORK/limited.yaml" >/dev/null 2>"$WORK/e"; rc=$?
set -e
[ $rc = 1 ] || fail "setup without privileges exits $rc"
grep -q "GRANT CREATE ON DATABASE .* TO limited" "$WORK/e" && grep -q "OWNER TO limited" "$WORK/e" ||
	{ cat "$WORK/e" >&2; fail "setup's permission error does not name the GRANT and the owner"; }
echo "ok: $(cat "$WORK/e")"
psql_q "GRANT CREATE ON DATABASE postgres TO limited" >/dev/null
set +e
"$FLOE_BIN" setup -c "$WORK/limited.yaml" >/dev/null 2>"$WORK/e"; rc=$?
set -e
grep -q "OWNER TO limited" "$WORK/e" || { cat "$WORK/e" >&2; fail "setup's must-be-owner error does not name the owner fix"; }
echo "ok: $(cat "$WORK/e")"
echo "PASS: test_cli_polish (privileges)"

# the snapshot progress on a narrow terminal: no drawn line is wider than the terminal
# (a wrapped line takes two rows and breaks the in-place redraw)
if command -v script >/dev/null; then
	psql_q "CREATE TABLE a_table_with_a_rather_long_name_for_a_narrow_terminal (id int PRIMARY KEY)" >/dev/null
	psql_q "INSERT INTO a_table_with_a_rather_long_name_for_a_narrow_terminal SELECT generate_series(1, 1000)" >/dev/null
	sed -e "s|location: .*|location: $WORK/wh_tty|" -e "s|  slot: floe|  slot: floetty|" "$CFG" >"$WORK/tty.yaml"
	psql_q "DROP PUBLICATION IF EXISTS floe" >/dev/null
	psql_q "CREATE PUBLICATION floe FOR ALL TABLES" >/dev/null
	script -q -e -c "stty cols 40 rows 20; FLOE_LOG=info '$FLOE_BIN' run -c '$WORK/tty.yaml' --once" "$WORK/tty.out" >/dev/null ||
		{ cat "$WORK/tty.out" >&2; fail "run under a pseudo-terminal failed"; }
	"$PY" - "$WORK/tty.out" <<'PY' || fail "a progress line is wider than the 40-column terminal"
import re, sys
data = open(sys.argv[1], 'rb').read().decode('utf-8', 'replace')
wide, drawn = [], 0
for raw in data.split('\n'):
    for seg in raw.split('\r'):
        s = re.sub(r'\x1b\[[0-9;]*[A-Za-z]', '', seg).rstrip()
        if s.startswith('snapshot:') or s.startswith('  public.'):
            drawn += 1
            if len(s) > 40:
                wide.append(s)
if drawn == 0:
    sys.exit("no progress drawing in the pseudo-terminal output")
if wide:
    sys.exit("too wide: " + repr(wide[:3]))
print("progress lines drawn:", drawn, "all within 40 columns")
PY
fi
echo "PASS: test_cli_polish (narrow terminal)"
