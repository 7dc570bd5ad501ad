#!/usr/bin/env bash
# test_pgdecode.sh — the pgoutput decoder against the PostgreSQL installed here:
# captures a fresh workload (every message type, binary and text, proto 1 and 3,
# streaming and two-phase) with tests/fuzz/gen_pgoutput_corpus.py into a temporary
# directory, then runs test_pgoutput's real-capture checks (hand-written expected
# rows, message counts) over it. Guards against server versions whose bytes differ
# from the captures committed under tests/data/pgoutput.
set -euo pipefail
. "$FLOE_SRC/tests/harness/pg.sh"
FLOE_PG_CONF="max_prepared_transactions=10;logical_decoding_work_mem=64kB" floe_pg_start pgdecode
out=$(mktemp -d /tmp/floe-pgdecode.XXXXXX)
trap 'floe_pg_stop; rm -rf "$out"' EXIT
cd "$FLOE_SRC"
python3 tests/fuzz/gen_pgoutput_corpus.py "$out/pgoutput" - >/dev/null
for f in v1_text v1_binary v3_stream_2pc_binary v3_stream_2pc_text; do
	[ -s "$out/pgoutput/$f.bin" ] || { echo "capture $f missing"; exit 1; }
done
FLOE_TESTDATA="$out" "$FLOE_BUILD/test_pgoutput" test_real_captures
echo "1 passed, 0 failed"
