#!/usr/bin/env python3
"""gen_stream_corpus.py — writes seed inputs for fuzz_stream: whole pgoutput message
sequences (relations, plain transactions, streamed transactions with subtransaction
aborts, truncates, FULL identity with unchanged TOAST markers) in the fuzz_pgoutput
framing (byte 0 = options, then u16 big-endian length + message). Run it from the
source root; it overwrites tests/fuzz/corpus/fuzz_stream/."""
import os
import struct

OUT = "tests/fuzz/corpus/fuzz_stream"


def s(x):
    return x.encode() + b"\0"


def rel(oid, name, ident, cols, xid=None):
    b = b"R" + (struct.pack(">I", xid) if xid is not None else b"")
    b += struct.pack(">I", oid) + s("public") + s(name) + ident.encode() + struct.pack(">H", len(cols))
    for flags, cname, typ in cols:
        b += struct.pack(">B", flags) + s(cname) + struct.pack(">Ii", typ, -1)
    return b


def tup(vals):
    b = struct.pack(">H", len(vals))
    for v in vals:
        if v is None:
            b += b"n"
        elif v == "<u>":
            b += b"u"
        else:
            e = str(v).encode()
            b += b"t" + struct.pack(">I", len(e)) + e
    return b


def x(xid):
    return struct.pack(">I", xid) if xid is not None else b""


def begin(lsn, xid):
    return b"B" + struct.pack(">QqI", lsn, 700000000000000, xid)


def commit(lsn, end):
    return b"C" + struct.pack(">BQQq", 0, lsn, end, 700000000000001)


def ins(relid, vals, xid=None):
    return b"I" + x(xid) + struct.pack(">I", relid) + b"N" + tup(vals)


def upd(relid, new, old=None, kind=b"O", xid=None):
    b = b"U" + x(xid) + struct.pack(">I", relid)
    if old is not None:
        b += kind + tup(old)
    return b + b"N" + tup(new)


def dele(relid, old, kind=b"K", xid=None):
    return b"D" + x(xid) + struct.pack(">I", relid) + kind + tup(old)


def trunc(relids, xid=None):
    return b"T" + x(xid) + struct.pack(">IB", len(relids), 0) + b"".join(struct.pack(">I", r) for r in relids)


def sstart(xid, first):
    return b"S" + struct.pack(">IB", xid, first)


def sstop():
    return b"E"


def scommit(xid, lsn, end):
    return b"c" + struct.pack(">IBQQq", xid, 0, lsn, end, 700000000000002)


def sabort(xid, sub):
    return b"A" + struct.pack(">II", xid, sub)


def frame(opts, msgs):
    return bytes([opts]) + b"".join(struct.pack(">H", len(m)) + m for m in msgs)


T1 = [(1, "id", 23), (0, "name", 25), (0, "big", 25)]
TF = [(1, "id", 23), (1, "v", 25)]
seeds = {}
seeds["plain"] = frame(1, [
    rel(16384, "t1", "d", T1), begin(0x100, 500), ins(16384, [1, "a", "x" * 40]), ins(16384, [2, None, "y"]),
    upd(16384, [1, "b", "<u>"]), upd(16384, [10, "b", "z"], old=[1, None, None], kind=b"K"),
    dele(16384, [2, None, None]), commit(0x100, 0x180)])
seeds["full_toast"] = frame(1, [
    rel(16385, "tf", "f", TF), begin(0x200, 501), ins(16385, [1, "v1"]),
    upd(16385, [1, "<u>"], old=[1, "v1"], kind=b"O"), dele(16385, [1, "v1"], kind=b"O"), commit(0x200, 0x280),
    begin(0x300, 502), trunc([16385]), commit(0x300, 0x380)])
stream = [rel(16384, "t1", "d", T1), sstart(600, 1), rel(16384, "t1", "d", T1, xid=600)]
stream += [ins(16384, [i, "s", "p" * (i % 50)], xid=600) for i in range(1, 40)]
stream += [ins(16384, [i, "sub", "q"], xid=601) for i in range(100, 120)]
stream += [sstop(), begin(0x400, 700), ins(16384, [999, "other", None]), commit(0x400, 0x480), sstart(600, 0)]
stream += [ins(16384, [i, "sub2", "r"], xid=602) for i in range(200, 210)]
stream += [sstop(), sabort(600, 601), sstart(600, 0), ins(16384, [300, "top", "t"], xid=600), sstop(),
           scommit(600, 0x500, 0x580)]
seeds["streamed_subxact"] = frame(1, stream)
seeds["streamed_abort"] = frame(1, [
    rel(16384, "t1", "d", T1), sstart(610, 1), rel(16384, "t1", "d", T1, xid=610),
    ins(16384, [1, "gone", None], xid=610), sstop(), sabort(610, 610),
    begin(0x600, 611), ins(16384, [2, "kept", None]), commit(0x600, 0x680)])
seeds["two_streams"] = frame(1, [
    rel(16384, "t1", "d", T1), sstart(620, 1), rel(16384, "t1", "d", T1, xid=620),
    ins(16384, [1, "a", None], xid=620), sstop(), sstart(621, 1), rel(16384, "t1", "d", T1, xid=621),
    ins(16384, [2, "b", None], xid=621), upd(16384, [2, "c", "<u>"], xid=621), sstop(),
    scommit(621, 0x700, 0x780), sstart(620, 0), dele(16384, [1, None, None], xid=620), sstop(),
    scommit(620, 0x800, 0x880)])
seeds["proto4_parallel_abort"] = frame(3 | 4, [
    rel(16384, "t1", "d", T1), sstart(630, 1), ins(16384, [1, "a", None], xid=630), sstop(),
    b"A" + struct.pack(">IIQq", 630, 630, 0x900, 700000000000003)])
T1X = T1 + [(0, "extra", 25)]
seeds["relation_change_mid_txn"] = frame(1, [
    rel(16384, "t1", "d", T1), begin(0xa00, 640), ins(16384, [1, "a", None]), rel(16384, "t1", "d", T1X),
    ins(16384, [2, "b", None, "e"]), commit(0xa00, 0xa80), sstart(641, 1), rel(16384, "t1", "d", T1X, xid=641),
    ins(16384, [3, "c", None, "f"], xid=641), rel(16384, "t1", "d", T1, xid=641), ins(16384, [4, "d", None], xid=641),
    sstop(), scommit(641, 0xb00, 0xb80)])
os.makedirs(OUT, exist_ok=True)
for f in os.listdir(OUT):
    os.remove(os.path.join(OUT, f))
for name, data in seeds.items():
    with open(os.path.join(OUT, name), "wb") as fh:
        fh.write(data)
print("wrote", len(seeds), "seeds to", OUT)
