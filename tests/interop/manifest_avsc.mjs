// manifest_avsc.mjs — decodes the manifests and manifest lists that
// tests/tools/mfgen writes, with avsc (an independent Avro implementation),
// against Iceberg v2 schemas written here from the spec's "Manifests" and
// "Manifest Lists" tables (not from floe's C code). Checks:
//   - the writer schema in each header has exactly the spec's fields, with the
//     spec's field-id / element-id, record names, plain-string primitives and
//     ["null", T] + default null for optional fields;
//   - the Iceberg header metadata keys;
//   - every decoded value, 64-bit longs exactly (BigInt long type);
//   - manifest_length equals the real file size.
// Then icebird's own Avro reader (what icebird uses to plan table scans)
// must decode the same records.
// usage: node manifest_avsc.mjs DIR     (exit 0 = all checks passed)
// As a module it exports the spec schemas (manifestEntryV2, manifestFileV2),
// sameSchema, decodeWithSpec, bigLong and norm for test_iceberg_interop.mjs.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { pathToFileURL } from 'node:url';
import avro from 'avsc';
import { avroMetadata, avroRead } from 'icebird';

// 64-bit longs as BigInt, so nothing is rounded through a double
export const bigLong = avro.types.LongType.__with({
  fromBuffer: (buf) => buf.readBigInt64LE(),
  toBuffer: (n) => { const b = Buffer.alloc(8); b.writeBigInt64LE(BigInt(n)); return b; },
  fromJSON: (x) => BigInt(x),
  toJSON: (n) => Number(n),
  isValid: (n) => typeof n === 'bigint',
  compare: (a, b) => (a === b ? 0 : a < b ? -1 : 1),
});

// ---- Iceberg v2 schemas, from the spec tables -------------------------------
const req = (id, name, type) => ({ name, type, 'field-id': id });
const opt = (id, name, type) => ({ name, type: ['null', type], default: null, 'field-id': id });
const intMap = (k, v, vt) => ({
  type: 'array', logicalType: 'map',
  items: { type: 'record', name: `k${k}_v${v}`, fields: [req(k, 'key', 'int'), req(v, 'value', vt)] },
});
const list = (elementId, items) => ({ type: 'array', items, 'element-id': elementId });

const dataFileV2 = {
  type: 'record', name: 'r2', fields: [
    req(134, 'content', 'int'),
    req(100, 'file_path', 'string'),
    req(101, 'file_format', 'string'),
    req(102, 'partition', { type: 'record', name: 'r102', fields: [] }), // unpartitioned spec
    req(103, 'record_count', 'long'),
    req(104, 'file_size_in_bytes', 'long'),
    opt(108, 'column_sizes', intMap(117, 118, 'long')),
    opt(109, 'value_counts', intMap(119, 120, 'long')),
    opt(110, 'null_value_counts', intMap(121, 122, 'long')),
    opt(137, 'nan_value_counts', intMap(138, 139, 'long')),
    opt(125, 'lower_bounds', intMap(126, 127, 'bytes')),
    opt(128, 'upper_bounds', intMap(129, 130, 'bytes')),
    opt(131, 'key_metadata', 'bytes'),
    opt(132, 'split_offsets', list(133, 'long')),
    opt(135, 'equality_ids', list(136, 'int')),
    opt(140, 'sort_order_id', 'int'),
    opt(143, 'referenced_data_file', 'string'),
  ],
};
export const manifestEntryV2 = {
  type: 'record', name: 'manifest_entry', fields: [
    req(0, 'status', 'int'),
    opt(1, 'snapshot_id', 'long'),
    opt(3, 'sequence_number', 'long'),
    opt(4, 'file_sequence_number', 'long'),
    req(2, 'data_file', dataFileV2),
  ],
};
export const manifestFileV2 = {
  type: 'record', name: 'manifest_file', fields: [
    req(500, 'manifest_path', 'string'),
    req(501, 'manifest_length', 'long'),
    req(502, 'partition_spec_id', 'int'),
    req(517, 'content', 'int'),
    req(515, 'sequence_number', 'long'),
    req(516, 'min_sequence_number', 'long'),
    req(503, 'added_snapshot_id', 'long'),
    req(504, 'added_files_count', 'int'),
    req(505, 'existing_files_count', 'int'),
    req(506, 'deleted_files_count', 'int'),
    req(512, 'added_rows_count', 'long'),
    req(513, 'existing_rows_count', 'long'),
    req(514, 'deleted_rows_count', 'long'),
    opt(507, 'partitions', list(508, {
      type: 'record', name: 'r508', fields: [
        req(509, 'contains_null', 'boolean'),
        opt(518, 'contains_nan', 'boolean'),
        opt(510, 'lower_bound', 'bytes'),
        opt(511, 'upper_bound', 'bytes'),
      ],
    })),
    opt(519, 'key_metadata', 'bytes'),
  ],
};

// ---- writer schema vs spec schema -------------------------------------------
export function sameSchema(spec, w, path) {
  if (typeof spec === 'string') {
    assert.equal(w, spec, `${path}: primitive must be the plain string "${spec}", got ${JSON.stringify(w)}`);
    return;
  }
  if (Array.isArray(spec)) {
    assert.ok(Array.isArray(w) && w.length === spec.length, `${path}: expected union ${JSON.stringify(spec)}`);
    spec.forEach((s, i) => sameSchema(s, w[i], `${path}[${i}]`));
    return;
  }
  assert.equal(typeof w, 'object', `${path}: expected a ${spec.type}`);
  assert.equal(w.type, spec.type, `${path}: type`);
  if (spec.type === 'record') {
    assert.equal(w.name, spec.name, `${path}: record name`);
    const names = w.fields.map((f) => f.name).sort();
    assert.deepEqual(names, spec.fields.map((f) => f.name).sort(), `${path}: field names`);
    for (const sf of spec.fields) {
      const wf = w.fields.find((f) => f.name === sf.name);
      assert.equal(wf['field-id'], sf['field-id'], `${path}.${sf.name}: field-id`);
      if ('default' in sf) assert.ok('default' in wf && wf.default === null, `${path}.${sf.name}: default null`);
      sameSchema(sf.type, wf.type, `${path}.${sf.name}`);
    }
  } else if (spec.type === 'array') {
    assert.equal(w['element-id'], spec['element-id'], `${path}: element-id`);
    assert.equal(w.logicalType, spec.logicalType, `${path}: logicalType`);
    sameSchema(spec.items, w.items, `${path}[]`);
  }
}

// ---- decoding ---------------------------------------------------------------
// Decodes `file` with `spec` as the reader schema (Avro schema resolution from
// the file's writer schema); resolves to { codec, meta, records }.
export function decodeWithSpec(file, spec) { return decode(file, spec); }
function decode(file, spec) {
  const readerType = avro.Type.forSchema(spec, { registry: { long: bigLong } });
  return new Promise((resolve, reject) => {
    const out = { records: [] };
    avro.createFileDecoder(file, { readerSchema: readerType })
      .on('metadata', (type, codec, header) => {
        out.codec = codec;
        out.meta = Object.fromEntries(Object.entries(header.meta).map(([k, v]) => [k, v.toString()]));
      })
      .on('data', (r) => out.records.push(r))
      .on('error', reject)
      .on('end', () => resolve(out));
  });
}

// Buffers → hex, BigInt → "123n", records → plain objects, for deepEqual
export function norm(v) {
  if (v === null || v === undefined) return null;
  if (typeof v === 'bigint') return `${v}n`;
  if (v instanceof Uint8Array) return `hex:${Buffer.from(v).toString('hex')}`;
  if (Array.isArray(v)) return v.map(norm);
  if (typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, norm(x)]));
  return v;
}

async function main(dir) {
  const SNAP = 3051729675574597004n;
  const P = (name) => `file://${dir}/data/${name}`;
  const kv = (pairs) => pairs.map(([key, value]) => ({ key, value }));
  const hex = (s) => Buffer.from(s, 'hex');
  const le64 = (n) => { const b = Buffer.alloc(8); b.writeBigInt64LE(n); return b; };
  const f64 = (x) => { const b = Buffer.alloc(8); b.writeDoubleLE(x); return b; };
  const emptyFile = {
    partition: {}, column_sizes: null, value_counts: null, null_value_counts: null, nan_value_counts: null,
    lower_bounds: null, upper_bounds: null, key_metadata: null, split_offsets: null, equality_ids: null,
    sort_order_id: null, referenced_data_file: null,
  };
  const tableSchema = '{"type":"struct","schema-id":0,"identifier-field-ids":[1],"fields":['
    + '{"id":1,"name":"id","required":true,"type":"long"},'
    + '{"id":2,"name":"v","required":false,"type":"double"},'
    + '{"id":3,"name":"s","required":false,"type":"string"}]}';

  const expectData = [
    { status: 1, snapshot_id: SNAP, sequence_number: null, file_sequence_number: null,
      data_file: { ...emptyFile, content: 0, file_path: P('00000-0.parquet'), file_format: 'PARQUET',
        record_count: 3n, file_size_in_bytes: 1234n,
        column_sizes: kv([[1, 40n], [2, 30n], [3, 50n]]),
        value_counts: kv([[1, 3n], [2, 3n], [3, 3n]]),
        null_value_counts: kv([[1, 0n], [2, 1n], [3, 0n]]),
        nan_value_counts: kv([[2, 1n]]),
        lower_bounds: kv([[1, le64(1n)], [2, f64(-1.5)], [3, Buffer.from('abc')]]),
        upper_bounds: kv([[1, le64(3n)], [2, f64(2.25)], [3, Buffer.from('abd')]]),
        split_offsets: [4n], sort_order_id: 0 } },
    { status: 1, snapshot_id: null, sequence_number: null, file_sequence_number: null,
      data_file: { ...emptyFile, content: 0, file_path: P('00001-0.parquet'), file_format: 'PARQUET',
        record_count: 9007199254740993n, file_size_in_bytes: 5n } },
    { status: 0, snapshot_id: 42n, sequence_number: 1n, file_sequence_number: 1n,
      data_file: { ...emptyFile, content: 0, file_path: P('old.parquet'), file_format: 'PARQUET',
        record_count: 7n, file_size_in_bytes: 700n } },
    { status: 2, snapshot_id: SNAP, sequence_number: 1n, file_sequence_number: 1n,
      data_file: { ...emptyFile, content: 0, file_path: P('gone.parquet'), file_format: 'PARQUET',
        record_count: 2n, file_size_in_bytes: 200n } },
  ];
  const expectDeletes = [
    { status: 1, snapshot_id: SNAP, sequence_number: null, file_sequence_number: null,
      data_file: { ...emptyFile, content: 2, file_path: P('eq-0.parquet'), file_format: 'PARQUET',
        record_count: 2n, file_size_in_bytes: 600n, value_counts: kv([[1, 2n]]), null_value_counts: kv([[1, 0n]]),
        lower_bounds: kv([[1, le64(1n)]]), upper_bounds: kv([[1, le64(3n)]]), equality_ids: [1], sort_order_id: 0 } },
    { status: 1, snapshot_id: SNAP, sequence_number: null, file_sequence_number: null,
      data_file: { ...emptyFile, content: 1, file_path: P('pos-0.parquet'), file_format: 'PARQUET',
        record_count: 1n, file_size_in_bytes: 400n, referenced_data_file: P('00000-0.parquet') } },
  ];
  const size = (name) => BigInt(fs.statSync(`${dir}/${name}`).size);
  const oldManifest = {
    manifest_path: `file://${dir}/old-m.avro`, manifest_length: 1000n, partition_spec_id: 0, content: 0,
    sequence_number: 1n, min_sequence_number: 1n, added_snapshot_id: 42n, added_files_count: 0,
    existing_files_count: 1, deleted_files_count: 0, added_rows_count: 0n, existing_rows_count: 7n,
    deleted_rows_count: 0n,
    partitions: [{ contains_null: true, contains_nan: false, lower_bound: hex('01000000'), upper_bound: hex('09000000') }],
    key_metadata: null,
  };
  const expectList = [
    { manifest_path: `file://${dir}/m-data.avro`, manifest_length: size('m-data.avro'), partition_spec_id: 0,
      content: 0, sequence_number: 2n, min_sequence_number: 1n, added_snapshot_id: SNAP, added_files_count: 2,
      existing_files_count: 1, deleted_files_count: 1, added_rows_count: 9007199254740996n,
      existing_rows_count: 7n, deleted_rows_count: 2n, partitions: [], key_metadata: null },
    { manifest_path: `file://${dir}/m-deletes.avro`, manifest_length: size('m-deletes.avro'), partition_spec_id: 0,
      content: 1, sequence_number: 2n, min_sequence_number: 2n, added_snapshot_id: SNAP, added_files_count: 2,
      existing_files_count: 0, deleted_files_count: 0, added_rows_count: 3n, existing_rows_count: 0n,
      deleted_rows_count: 0n, partitions: [], key_metadata: null },
    oldManifest,
  ];

  const cases = [
    { file: 'm-data.avro', spec: manifestEntryV2, codec: 'null', records: expectData,
      meta: { schema: tableSchema, 'schema-id': '0', 'partition-spec': '[]', 'partition-spec-id': '0',
        'format-version': '2', content: 'data' } },
    { file: 'm-deletes.avro', spec: manifestEntryV2, codec: 'deflate', records: expectDeletes,
      meta: { schema: tableSchema, 'schema-id': '0', 'partition-spec': '[]', 'partition-spec-id': '0',
        'format-version': '2', content: 'deletes' } },
    { file: 'snap.avro', spec: manifestFileV2, codec: 'null', records: expectList,
      meta: { 'snapshot-id': `${SNAP}`, 'parent-snapshot-id': '42', 'sequence-number': '2', 'format-version': '2' } },
    { file: 'snap-root.avro', spec: manifestFileV2, codec: 'null', records: [oldManifest],
      meta: { 'snapshot-id': '42', 'parent-snapshot-id': 'null', 'sequence-number': '1', 'format-version': '2' } },
  ];

  let checked = 0;
  for (const c of cases) {
    const got = await decode(`${dir}/${c.file}`, c.spec);
    assert.equal(got.codec, c.codec, `${c.file}: codec`);
    const writer = JSON.parse(got.meta['avro.schema']);
    sameSchema(c.spec, writer, `${c.file}:${c.spec.name}`);
    for (const [k, v] of Object.entries(c.meta)) assert.equal(got.meta[k], v, `${c.file}: metadata '${k}'`);
    assert.deepEqual(norm(got.records), norm(c.records), `${c.file}: records`);
    checked += got.records.length;
    console.log(`ok ${c.file}: schema ids, metadata and ${got.records.length} records match`);
  }
  console.log(`avsc: ${cases.length} files, ${checked} records checked`);

  for (const c of cases) {
    const buf = fs.readFileSync(`${dir}/${c.file}`);
    const reader = { view: new DataView(buf.buffer, buf.byteOffset, buf.byteLength), offset: 0 };
    const { metadata, syncMarker } = avroMetadata(reader);
    const records = avroRead({ reader, metadata, syncMarker });
    assert.deepEqual(norm(records), norm(c.records), `icebird ${c.file}: records`);
    console.log(`ok icebird ${c.file}: ${records.length} records match`);
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  if (!process.argv[2]) {
    console.error('usage: node manifest_avsc.mjs DIR');
    process.exit(2);
  }
  await main(process.argv[2]);
}
