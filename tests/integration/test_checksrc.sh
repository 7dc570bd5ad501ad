#!/usr/bin/env bash
# test_checksrc.sh — scripts/checksrc catches each of its rules (a banned function, a
# typedef struct, a missing header comment) in a scratch tree, ignores them in comments,
# and passes the real tree.
set -euo pipefail
: "${FLOE_SRC:?}"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
mkdir -p "$tmp/src/x"
cat >"$tmp/src/x/good.c" <<'C'
/* good.c — follows the rules; mentions sprintf( only in a comment. */
#include <stdio.h>
/* never call strcpy(a, b) here */
int f(char *b, size_t n) { return snprintf(b, n, "%d", 1); }
C
cat >"$tmp/src/x/bad.c" <<'C'
#include <string.h>
typedef struct point { int x; } point;
int g(char *b, const char *s) { strcpy(b, s); return atoi(s); }
C
set +e
out=$(bash "$FLOE_SRC/scripts/checksrc" "$tmp" 2>&1); rc=$?
set -e
echo "$out"
[ $rc = 1 ] || { echo "FAIL: checksrc exits $rc on a bad tree"; exit 1; }
for want in "bad.c:3: .*banned function" "bad.c:2: .*typedef struct" "bad.c:1: no header comment"; do
	echo "$out" | grep -q "$want" || { echo "FAIL: checksrc did not report '$want'"; exit 1; }
done
echo "$out" | grep -q "good.c" && { echo "FAIL: checksrc flagged good.c"; exit 1; }
bash "$FLOE_SRC/scripts/checksrc" || { echo "FAIL: the real tree breaks the rules"; exit 1; }
echo "PASS: test_checksrc"
