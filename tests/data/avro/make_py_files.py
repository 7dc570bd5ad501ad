#!/usr/bin/python3
"""make_py_files.py — writes the Avro files in this directory with Apache's
python3-avro (an independent writer), so floe's reader is tested on bytes it
did not produce: py-rows-{null,deflate}.avro (every Avro type) and
py-manifest-v2.avro (a partitioned Iceberg v2 data manifest laid out the way
Java writes one: field order, int-keyed maps as arrays with logicalType map).
Run from this directory: /usr/bin/python3 make_py_files.py
"""
import datetime
import json
import struct
import warnings

import avro.schema
from avro.datafile import DataFileWriter
from avro.io import DatumWriter

warnings.simplefilter("ignore")

rows = avro.schema.parse(json.dumps({"type": "record", "name": "row", "fields": [
    {"name": "id", "type": "long"}, {"name": "name", "type": ["null", "string"]},
    {"name": "xs", "type": {"type": "array", "items": "int"}},
    {"name": "m", "type": {"type": "map", "values": "double"}},
    {"name": "fx", "type": {"type": "fixed", "name": "F", "size": 2}},
    {"name": "e", "type": {"type": "enum", "name": "E", "symbols": ["A", "B"]}},
    {"name": "f", "type": "float"}, {"name": "b", "type": "boolean"}, {"name": "by", "type": "bytes"}]}))
for codec in ("null", "deflate"):
    with open(f"py-rows-{codec}.avro", "wb") as fh:
        w = DataFileWriter(fh, DatumWriter(), rows, codec=codec)
        for i in range(50):
            w.append({"id": i * -123456789, "name": None if i % 2 else f"n{i}", "xs": list(range(i % 7)),
                      "m": {"k": 1.5, "j": -i} if i % 3 else {}, "fx": b"ab", "e": "B" if i % 2 else "A",
                      "f": 0.5, "b": i % 2 == 0, "by": bytes([i, 255])})
        w.close()


def opt(fid, name, t):
    return {"name": name, "type": ["null", t], "default": None, "field-id": fid}


def req(fid, name, t):
    return {"name": name, "type": t, "field-id": fid}


def imap(k, v, vt):
    return {"type": "array", "logicalType": "map", "items": {"type": "record", "name": f"k{k}_v{v}", "fields": [
        req(k, "key", "int"), req(v, "value", vt)]}}


entry = {"type": "record", "name": "manifest_entry", "fields": [
    req(0, "status", "int"), opt(1, "snapshot_id", "long"), opt(3, "sequence_number", "long"),
    opt(4, "file_sequence_number", "long"),
    req(2, "data_file", {"type": "record", "name": "r2", "fields": [
        req(134, "content", "int"), req(100, "file_path", "string"), req(101, "file_format", "string"),
        req(102, "partition", {"type": "record", "name": "r102", "fields": [
            opt(1000, "ts_day", {"type": "int", "logicalType": "date"})]}),
        req(103, "record_count", "long"), req(104, "file_size_in_bytes", "long"),
        opt(108, "column_sizes", imap(117, 118, "long")), opt(109, "value_counts", imap(119, 120, "long")),
        opt(110, "null_value_counts", imap(121, 122, "long")), opt(137, "nan_value_counts", imap(138, 139, "long")),
        opt(125, "lower_bounds", imap(126, 127, "bytes")), opt(128, "upper_bounds", imap(129, 130, "bytes")),
        opt(131, "key_metadata", "bytes"),
        opt(132, "split_offsets", {"type": "array", "items": "long", "element-id": 133}),
        opt(135, "equality_ids", {"type": "array", "items": "int", "element-id": 136}),
        opt(140, "sort_order_id", "int")]})]}
spec = '[{"source-id":4,"field-id":1000,"name":"ts_day","transform":"day"}]'
with open("py-manifest-v2.avro", "wb") as fh:
    w = DataFileWriter(fh, DatumWriter(), avro.schema.parse(json.dumps(entry)), codec="deflate")
    for k, v in (("schema", '{"type":"struct","schema-id":1,"fields":[]}'), ("schema-id", "1"),
                 ("partition-spec", spec), ("partition-spec-id", "2"), ("format-version", "2"),
                 ("content", "data")):
        w.set_meta(k, v.encode())
    empty = dict(column_sizes=None, value_counts=None, null_value_counts=None, nan_value_counts=None,
                 lower_bounds=None, upper_bounds=None, key_metadata=None, split_offsets=None,
                 equality_ids=None, sort_order_id=None)
    w.append({"status": 1, "snapshot_id": None, "sequence_number": None, "file_sequence_number": None,
              "data_file": dict(empty, content=0, file_path="s3://bkt/t/data/ts_day=2024-01-01/a.parquet",
                                file_format="PARQUET", partition={"ts_day": datetime.date(2024, 1, 1)}, record_count=100,
                                file_size_in_bytes=4096, column_sizes=[{"key": 1, "value": 800}],
                                value_counts=[{"key": 1, "value": 100}, {"key": 4, "value": 100}],
                                null_value_counts=[{"key": 1, "value": 0}],
                                lower_bounds=[{"key": 1, "value": struct.pack("<q", -5)}],
                                upper_bounds=[{"key": 1, "value": struct.pack("<q", 2**40)}],
                                split_offsets=[4, 2048], sort_order_id=0)})
    w.append({"status": 0, "snapshot_id": 11, "sequence_number": 4, "file_sequence_number": 5,
              "data_file": dict(empty, content=0, file_path="s3://bkt/t/data/ts_day=null/b.parquet",
                                file_format="PARQUET", partition={"ts_day": None}, record_count=1,
                                file_size_in_bytes=10)})
    w.close()

# a v1 manifest list: no content / sequence numbers, optional counts (one null)
v1list = {"type": "record", "name": "manifest_file", "fields": [
    req(500, "manifest_path", "string"), req(501, "manifest_length", "long"),
    req(502, "partition_spec_id", "int"), req(503, "added_snapshot_id", "long"),
    opt(504, "added_data_files_count", "int"), opt(505, "existing_data_files_count", "int"),
    opt(506, "deleted_data_files_count", "int"),
    opt(507, "partitions", {"type": "array", "element-id": 508, "items": {"type": "record", "name": "r508", "fields": [
        req(509, "contains_null", "boolean"), opt(510, "lower_bound", "bytes"), opt(511, "upper_bound", "bytes")]}}),
    opt(512, "added_rows_count", "long"), opt(513, "existing_rows_count", "long"),
    opt(514, "deleted_rows_count", "long")]}
with open("py-manifest-list-v1.avro", "wb") as fh:
    w = DataFileWriter(fh, DatumWriter(), avro.schema.parse(json.dumps(v1list)), codec="null")
    w.set_meta("snapshot-id", b"77")
    w.set_meta("parent-snapshot-id", b"null")
    w.set_meta("format-version", b"1")
    w.append({"manifest_path": "hdfs://nn/t/metadata/a-m0.avro", "manifest_length": 5000, "partition_spec_id": 0,
              "added_snapshot_id": 77, "added_data_files_count": 3, "existing_data_files_count": None,
              "deleted_data_files_count": 0,
              "partitions": [{"contains_null": False, "lower_bound": b"\x01\x00\x00\x00", "upper_bound": None}],
              "added_rows_count": 30, "existing_rows_count": None, "deleted_rows_count": 0})
    w.close()
