#!/usr/bin/env python3
"""gen_pgoutput_corpus.py — captures real pgoutput messages from PostgreSQL
(pg_logical_slot_peek_binary_changes) for a workload covering every message
the server can send (begin/commit, relation, type, insert, update with key
change and unchanged TOAST, delete, replica identity full, truncate, logical
messages, streamed transactions with commit and abort, two-phase prepare /
commit prepared / rollback prepared, streamed prepare), in binary and text
mode and protocol versions 1-3. Writes each capture in the fuzz_pgoutput
input format (options byte, then u16-length-framed messages) to
tests/data/pgoutput/<name>.bin and tests/fuzz/corpus/fuzz_pgoutput/<name>,
and the user types' pg_type rows to tests/data/pgoutput/types.tsv.
Needs a server with wal_level=logical, max_prepared_transactions > 0 and
logical_decoding_work_mem=64kB (tests/harness/pg.sh with FLOE_PG_CONF).
Usage: python3 tests/fuzz/gen_pgoutput_corpus.py [DATA_DIR [CORPUS_DIR|-]]
(from the source root; defaults tests/data/pgoutput and tests/fuzz/corpus/fuzz_pgoutput,
"-" writes no seeds; tests/integration/test_pgdecode.sh captures into a temporary directory)
"""
import os
import subprocess
import sys

DATA = sys.argv[1] if len(sys.argv) > 1 else "tests/data/pgoutput"
CORPUS = sys.argv[2] if len(sys.argv) > 2 else "tests/fuzz/corpus/fuzz_pgoutput"

SETUP = r"""
drop publication if exists floe_gen;
select pg_drop_replication_slot(slot_name) from pg_replication_slots where slot_name = 'floe_gen';
drop table if exists gen_t1, gen_t2, gen_t3;
drop type if exists gen_mood;
drop domain if exists gen_money;
create type gen_mood as enum ('sad', 'happy');
create domain gen_money as numeric(10,2);
create table gen_t1(id int primary key, name text, amount numeric(10,2), ts timestamptz, tags text[],
  m gen_mood, d gen_money, b bytea, u uuid, j jsonb, iv interval, ip inet, f float8, dt date, big text,
  moods gen_mood[], t time, tz timetz, mac macaddr, bits varbit, i8 int8, i2 int2, bo bool, f4 float4,
  c char(3), vc varchar(10), js json, x xml, ts2 timestamp, nums numeric[]);
create table gen_t3(r int4range, mon money);
create table gen_t2(a int, b text);
alter table gen_t2 replica identity full;
create publication floe_gen for table gen_t1, gen_t2, gen_t3;
select 1 from pg_create_logical_replication_slot('floe_gen', 'pgoutput', false, true);
insert into gen_t1 values
  (1, 'one', 12.50, '2024-01-02 03:04:05.5+00', '{a,"b c",NULL}', 'happy', 3.25, '\xdead',
   'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11', '{"k": [1, 2]}', '1 year 2 days 00:00:01.5', '10.0.0.1/8', 1.5,
   '2024-02-29', (select string_agg(md5(g::text), '') from generate_series(1, 600) g), '{sad,happy}',
   '12:34:56.789', '12:00:00+05:30', '08:00:2b:01:02:03', B'10101', 9007199254740993, -5, true, 0.25,
   'ab', 'vc', '{"a":1}', '<a/>', '2024-01-01 00:00:00', '{1.5,NULL,-2}'),
  (2, NULL, NULL, 'infinity', '{}', NULL, NULL, NULL, NULL, NULL, NULL, '::1', 'NaN', '-infinity', NULL,
   NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, '-Infinity', NULL, NULL, NULL, NULL, NULL, NULL);
insert into gen_t3 values ('[1,10)', 12.34);
update gen_t1 set name = 'uno' where id = 1;
update gen_t1 set id = 10 where id = 2;
delete from gen_t1 where id = 10;
insert into gen_t2 values (1, 'a');
update gen_t2 set b = 'c';
delete from gen_t2;
truncate gen_t2;
select 1 from pg_logical_emit_message(true, 'floe', 'hello');
select 1 from pg_logical_emit_message(false, 'floe', 'outside');
begin; insert into gen_t2 select g, md5(g::text) from generate_series(1, 600) g; commit;
begin; insert into gen_t2 select g, md5(g::text) from generate_series(1, 600) g; rollback;
begin; insert into gen_t2 values (5, 'p'); prepare transaction 'floe_g1';
commit prepared 'floe_g1';
begin; insert into gen_t2 values (6, 'q'); prepare transaction 'floe_g2';
rollback prepared 'floe_g2';
begin; insert into gen_t2 select g, md5(g::text) from generate_series(1, 600) g; prepare transaction 'floe_g3';
commit prepared 'floe_g3';
"""

VARIANTS = [
    # name, proto, binary, streaming, two_phase
    ("v1_text", 1, False, False, False),
    ("v1_binary", 1, True, False, False),
    ("v3_stream_2pc_binary", 3, True, True, True),
    ("v3_stream_2pc_text", 3, False, True, True),
]


def psql(sql):
    r = subprocess.run(["psql", "-X", "-qAt", "-v", "ON_ERROR_STOP=1", "-f", "-"], input=sql,
                       capture_output=True, text=True)
    if r.returncode != 0:
        raise SystemExit("psql failed: " + r.stderr)
    return r.stdout


def write_seeds(name, blob):
    """Small fuzz seeds: the capture cut into pieces of about 2 kB, each led by
    the capture's Relation/Type messages so its tuples can be decoded."""
    frames, pos = [], 1
    while pos < len(blob):
        n = int.from_bytes(blob[pos:pos + 2], "big")
        frames.append(blob[pos:pos + 2 + n])
        pos += 2 + n
    head = b"".join(f for f in frames if f[2:3] in (b"R", b"Y"))
    piece, k, kinds = bytearray(), 0, set()
    for f in frames:
        piece += f
        kinds.add(bytes(f[2:3]))
        if len(piece) > 2048 or f is frames[-1]:
            # pieces of nothing but inserts add little: keep only the first
            if CORPUS != "-" and (k == 0 or kinds - {b"I"}):
                with open(os.path.join(CORPUS, "%s_%03d" % (name, k)), "wb") as out:
                    out.write(blob[0:1] + head + piece)
            piece, k, kinds = bytearray(), k + 1, set()


def main():
    psql(SETUP)
    os.makedirs(DATA, exist_ok=True)
    if CORPUS != "-":
        os.makedirs(CORPUS, exist_ok=True)
    for name, proto, binary, streaming, two_phase in VARIANTS:
        opts = ["'proto_version', '%d'" % proto, "'publication_names', 'floe_gen'",
                "'binary', '%s'" % ("true" if binary else "false")]
        if proto >= 2:
            opts.append("'messages', 'true'")
        if streaming:
            opts.append("'streaming', 'on'")
        if two_phase:
            opts.append("'two_phase', 'true'")
        out = psql("select encode(data, 'hex') from pg_logical_slot_peek_binary_changes('floe_gen', NULL, NULL, %s)"
                   % ", ".join(opts))
        blob = bytearray([proto - 1])
        count = 0
        for line in out.split():
            msg = bytes.fromhex(line)
            if len(msg) > 65535:
                continue
            blob += len(msg).to_bytes(2, "big") + msg
            count += 1
        with open(os.path.join(DATA, "%s.bin" % name), "wb") as f:
            f.write(blob)
        write_seeds(name, blob)
        print("%s: %d messages, %d bytes" % (name, count, len(blob)))
    types = psql("select oid, typtype, typcategory, typbasetype, typtypmod, typelem from pg_type "
                 "where typname in ('gen_mood', '_gen_mood', 'gen_money') order by oid")
    with open(os.path.join(DATA, "types.tsv"), "w") as f:
        f.write(types.replace("|", "\t"))
    psql("select pg_drop_replication_slot('floe_gen'); drop publication floe_gen;")


if __name__ == "__main__":
    main()
