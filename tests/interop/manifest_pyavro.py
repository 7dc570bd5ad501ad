#!/usr/bin/python3
"""manifest_pyavro.py — reads the manifests and manifest lists that
tests/tools/mfgen writes with Apache's reference Avro decoder (Debian's
python3-avro) and checks every record value (64-bit exact), the header
metadata, and that every record field of the writer schema carries a
field-id and every non-map array an element-id.

usage: /usr/bin/python3 manifest_pyavro.py DIR    (exit 0 = all checks passed)
"""
import json
import os
import struct
import sys
import warnings

from avro.datafile import DataFileReader
from avro.io import DatumReader

warnings.simplefilter("ignore")  # "Unknown map, using array": the int-keyed maps


def walk_ids(t, path, seen):
    """Every record field has an integer field-id; arrays an element-id unless they are int-keyed maps."""
    if isinstance(t, list):
        for i, b in enumerate(t):
            walk_ids(b, f"{path}[{i}]", seen)
        return
    if not isinstance(t, dict):
        assert t in ("null", "boolean", "int", "long", "float", "double", "bytes", "string"), f"{path}: {t!r}"
        return
    if t["type"] == "record":
        for f in t["fields"]:
            assert isinstance(f.get("field-id"), int), f"{path}.{f['name']}: no field-id"
            if isinstance(f["type"], list):
                assert f["type"][0] == "null" and "default" in f and f["default"] is None, \
                    f"{path}.{f['name']}: optional field must be ['null', T] with default null"
            seen.append(f["field-id"])
            walk_ids(f["type"], f"{path}.{f['name']}", seen)
    elif t["type"] == "array":
        if t.get("logicalType") != "map":
            assert isinstance(t.get("element-id"), int), f"{path}: array without element-id"
            seen.append(t["element-id"])
        walk_ids(t["items"], path + "[]", seen)
    else:
        raise AssertionError(f"{path}: unexpected type {t['type']!r} (object-form primitive or map)")


def read(path):
    with open(path, "rb") as fh:
        r = DataFileReader(fh, DatumReader())
        meta = {k: v.decode() for k, v in r.meta.items()}
        recs = list(r)
        r.close()
    return meta, recs


def main():
    d = sys.argv[1]
    snap = 3051729675574597004
    P = lambda n: f"file://{d}/data/{n}"
    le64 = lambda n: struct.pack("<q", n)
    f64 = lambda x: struct.pack("<d", x)
    kv = lambda pairs: [{"key": k, "value": v} for k, v in pairs]
    empty = dict(partition={}, column_sizes=None, value_counts=None, null_value_counts=None,
                 nan_value_counts=None, lower_bounds=None, upper_bounds=None, key_metadata=None,
                 split_offsets=None, equality_ids=None, sort_order_id=None, referenced_data_file=None)

    def df(**kw):
        x = dict(empty)
        x.update(file_format="PARQUET", **kw)
        return x

    data = [
        dict(status=1, snapshot_id=snap, sequence_number=None, file_sequence_number=None,
             data_file=df(content=0, file_path=P("00000-0.parquet"), record_count=3, file_size_in_bytes=1234,
                          column_sizes=kv([(1, 40), (2, 30), (3, 50)]), value_counts=kv([(1, 3), (2, 3), (3, 3)]),
                          null_value_counts=kv([(1, 0), (2, 1), (3, 0)]), nan_value_counts=kv([(2, 1)]),
                          lower_bounds=kv([(1, le64(1)), (2, f64(-1.5)), (3, b"abc")]),
                          upper_bounds=kv([(1, le64(3)), (2, f64(2.25)), (3, b"abd")]),
                          split_offsets=[4], sort_order_id=0)),
        dict(status=1, snapshot_id=None, sequence_number=None, file_sequence_number=None,
             data_file=df(content=0, file_path=P("00001-0.parquet"), record_count=9007199254740993,
                          file_size_in_bytes=5)),
        dict(status=0, snapshot_id=42, sequence_number=1, file_sequence_number=1,
             data_file=df(content=0, file_path=P("old.parquet"), record_count=7, file_size_in_bytes=700)),
        dict(status=2, snapshot_id=snap, sequence_number=1, file_sequence_number=1,
             data_file=df(content=0, file_path=P("gone.parquet"), record_count=2, file_size_in_bytes=200)),
    ]
    deletes = [
        dict(status=1, snapshot_id=snap, sequence_number=None, file_sequence_number=None,
             data_file=df(content=2, file_path=P("eq-0.parquet"), record_count=2, file_size_in_bytes=600,
                          value_counts=kv([(1, 2)]), null_value_counts=kv([(1, 0)]),
                          lower_bounds=kv([(1, le64(1))]), upper_bounds=kv([(1, le64(3))]),
                          equality_ids=[1], sort_order_id=0)),
        dict(status=1, snapshot_id=snap, sequence_number=None, file_sequence_number=None,
             data_file=df(content=1, file_path=P("pos-0.parquet"), record_count=1, file_size_in_bytes=400,
                          referenced_data_file=P("00000-0.parquet"))),
    ]
    old = dict(manifest_path=f"file://{d}/old-m.avro", manifest_length=1000, partition_spec_id=0, content=0,
               sequence_number=1, min_sequence_number=1, added_snapshot_id=42, added_files_count=0,
               existing_files_count=1, deleted_files_count=0, added_rows_count=0, existing_rows_count=7,
               deleted_rows_count=0, key_metadata=None,
               partitions=[dict(contains_null=True, contains_nan=False, lower_bound=bytes.fromhex("01000000"),
                                upper_bound=bytes.fromhex("09000000"))])
    size = lambda n: os.path.getsize(f"{d}/{n}")
    lst = [
        dict(manifest_path=f"file://{d}/m-data.avro", manifest_length=size("m-data.avro"), partition_spec_id=0,
             content=0, sequence_number=2, min_sequence_number=1, added_snapshot_id=snap, added_files_count=2,
             existing_files_count=1, deleted_files_count=1, added_rows_count=9007199254740996,
             existing_rows_count=7, deleted_rows_count=2, partitions=[], key_metadata=None),
        dict(manifest_path=f"file://{d}/m-deletes.avro", manifest_length=size("m-deletes.avro"),
             partition_spec_id=0, content=1, sequence_number=2, min_sequence_number=2, added_snapshot_id=snap,
             added_files_count=2, existing_files_count=0, deleted_files_count=0, added_rows_count=3,
             existing_rows_count=0, deleted_rows_count=0, partitions=[], key_metadata=None),
        old,
    ]
    mmeta = {"schema-id": "0", "partition-spec": "[]", "partition-spec-id": "0", "format-version": "2"}
    cases = [
        ("m-data.avro", "null", data, dict(mmeta, content="data"), 36),
        ("m-deletes.avro", "deflate", deletes, dict(mmeta, content="deletes"), 36),
        ("snap.avro", "null", lst, {"snapshot-id": str(snap), "parent-snapshot-id": "42",
                                    "sequence-number": "2", "format-version": "2"}, 20),
        ("snap-root.avro", "null", [old], {"snapshot-id": "42", "parent-snapshot-id": "null",
                                           "sequence-number": "1", "format-version": "2"}, 20),
    ]
    for name, codec, want, want_meta, n_ids in cases:
        meta, recs = read(f"{d}/{name}")
        assert meta.get("avro.codec") == codec, f"{name}: codec {meta.get('avro.codec')!r}"
        for k, v in want_meta.items():
            assert meta.get(k) == v, f"{name}: metadata {k!r} = {meta.get(k)!r}, want {v!r}"
        ids = []
        walk_ids(json.loads(meta["avro.schema"]), name, ids)
        assert len(ids) == n_ids and len(set(ids)) == n_ids, f"{name}: {len(ids)} ids {sorted(ids)}"
        assert recs == want, f"{name}: records differ\n got  {recs}\n want {want}"
        print(f"ok {name}: {len(recs)} records, {n_ids} unique field/element ids")
    print("python3-avro: all checks passed")


if __name__ == "__main__":
    main()
