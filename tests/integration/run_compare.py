#!/usr/bin/python3
"""run_compare.py — compares PostgreSQL's rows (JSON lines rendered by PostgreSQL) with
the rows `floe scan` printed for the Iceberg table, row for row and value for value.

usage: run_compare.py EXPECTED.jsonl TYPES.json GOT.jsonl KEYCOLS TABLE [approx-decimal]

Values are normalized by the PostgreSQL type of their column: integers as ints,
numerics as exact decimals, floats bitwise (NaN equals NaN), json/jsonb parsed,
everything else as the exact string. approx-decimal: decimals compared as doubles
(for readers that decode decimals to doubles, like hyparquet). floe's metadata columns (_floe_*) are ignored.
Exits 1 and prints the first differences when the tables differ (missing rows,
extra or duplicate rows, different values).
"""
import json
import math
import struct
import sys
from decimal import Decimal

exp_path, types_path, got_path, keycols, table = sys.argv[1:6]
approx = len(sys.argv) > 6 and sys.argv[6] == "approx-decimal"
types = json.loads(open(types_path).read())
keys = keycols.split(",")

INTS = {"int2", "int4", "int8", "oid"}
NUMS = {"numeric"}
F4 = {"float4"}
F8 = {"float8"}
JSONS = {"json", "jsonb"}


def special(v):
    if isinstance(v, str):
        return {"NaN": "nan", "Infinity": "inf", "-Infinity": "-inf"}.get(v, v)
    return v


def norm_scalar(t, v):
    if v is None:
        return None
    if t in INTS:
        return int(v)
    if t in NUMS:
        if approx:
            return float(Decimal(str(v))) if str(v) not in ("NaN",) else "nan"
        return Decimal(str(v))
    if t in F4:
        f = float(special(v))
        return "nan" if math.isnan(f) else struct.pack("<f", f)
    if t in F8:
        f = float(special(v))
        return "nan" if math.isnan(f) else struct.pack("<d", f)
    return v


def norm(col, v, floe):
    typ, elem, cat = types[col]
    if v is None:
        return None
    if typ in JSONS:
        return json.loads(v, parse_float=Decimal) if floe else v
    if cat == "A" and isinstance(v, list):
        return [norm_scalar(elem, x) for x in v]
    return norm_scalar(typ, v)


def load(path, floe):
    rows = {}
    dups = 0
    for line in open(path):
        if not line.strip():
            continue
        r = json.loads(line, parse_float=Decimal)
        r.pop("_floe_lsn", None)
        r.pop("_floe_commit_ts", None)
        k = tuple(str(r.get(c)) for c in keys)
        if k in rows:
            dups += 1
        rows[k] = r
    return rows, dups


exp, edups = load(exp_path, False)
got, gdups = load(got_path, True)
bad = []
if gdups:
    bad.append("%d duplicate keys in the Iceberg table" % gdups)
for k in exp:
    if k not in got:
        bad.append("key %s: missing in Iceberg" % (k,))
        continue
    e, g = exp[k], got[k]
    if e == g:
        continue
    for col, ev in e.items():
        if col not in g:
            bad.append("key %s: column %s missing in Iceberg" % (k, col))
            continue
        en, gn = norm(col, ev, False), norm(col, g[col], True)
        if approx and types[col][0] in NUMS | {"_numeric"} and en is not None and gn is not None:
            el = en if isinstance(en, list) else [en]
            gl = gn if isinstance(gn, list) else [gn]
            if len(el) == len(gl) and all(
                    (a is None and b is None) or (a is not None and b is not None and
                                                  math.isclose(a, b, rel_tol=1e-15, abs_tol=1e-300))
                    for a, b in zip(el, gl)):
                continue
        if en != gn:
            bad.append("key %s column %s: Iceberg %r, PostgreSQL %r" % (k, col, g[col], ev))
    for col in g:
        if col not in e:
            bad.append("key %s: Iceberg has extra column %s" % (k, col))
for k in got:
    if k not in exp:
        bad.append("key %s: in Iceberg but not in PostgreSQL" % (k,))
ncols = len(next(iter(exp.values()))) if exp else 0
print("%s: %d rows x %d columns compared, %d differences" % (table, len(exp), ncols, len(bad)))
for b in bad[:20]:
    print("  " + b)
sys.exit(1 if bad or edups else 0)
