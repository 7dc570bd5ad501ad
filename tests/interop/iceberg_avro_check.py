#!/usr/bin/python3
"""iceberg_avro_check.py — decode every manifest and manifest list under a warehouse with
Apache's reference Avro implementation (Debian python3-avro, exact 64-bit longs) and check
the Iceberg fields it sees: field ids in the writer schema, sequence numbers of
EXISTING/DELETED entries, file paths that exist. Usage: iceberg_avro_check.py WAREHOUSE"""
import json
import os
import sys

import avro.datafile
import avro.io


def field_ids(schema, path=""):
    """Yields (path, has_field_id) for every record field of the writer schema."""
    if isinstance(schema, list):
        for s in schema:
            yield from field_ids(s, path)
    elif isinstance(schema, dict):
        if schema.get("type") == "record":
            for f in schema["fields"]:
                yield path + "." + f["name"], "field-id" in f
                yield from field_ids(f["type"], path + "." + f["name"])
        elif schema.get("type") == "array":
            yield from field_ids(schema["items"], path + "[]")


def main():
    wh = sys.argv[1]
    files = records = 0
    bad = []
    for root, _, names in os.walk(wh):
        for n in sorted(names):
            if not n.endswith(".avro"):
                continue
            p = os.path.join(root, n)
            with open(p, "rb") as fh:
                r = avro.datafile.DataFileReader(fh, avro.io.DatumReader())
                schema = json.loads(r.get_meta("avro.schema").decode())
                for fp, has in field_ids(schema):
                    # the k/v records of int-keyed maps carry ids too; every field must
                    if not has:
                        bad.append(f"{p}: field {fp} has no field-id")
                rows = list(r)
                r.close()
            files += 1
            records += len(rows)
            for row in rows:
                if "data_file" in row:
                    if row["status"] != 1 and (row["sequence_number"] is None or row["file_sequence_number"] is None):
                        bad.append(f"{p}: status {row['status']} entry without sequence numbers")
                    path = row["data_file"]["file_path"]
                    if row["status"] != 2 and not os.path.exists(path[len("file://"):]):
                        bad.append(f"{p}: live entry for missing file {path}")
                elif "manifest_path" in row:
                    mp = row["manifest_path"][len("file://"):]
                    if not os.path.exists(mp) or os.path.getsize(mp) != row["manifest_length"]:
                        bad.append(f"{p}: manifest {mp} missing or of another length")
    for b in bad[:20]:
        print("FAIL:", b)
    print(f"python3-avro decoded {files} files, {records} records, {len(bad)} problems")
    sys.exit(1 if bad or files == 0 else 0)


main()
