// gen_parquet_hyparquet.mjs — writes tests/data/parquet/hyparquet_*.parquet with
// hyparquet-writer: DATA_PAGE_V2 pages, RLE booleans, DELTA_BINARY_PACKED,
// DELTA_BYTE_ARRAY, DELTA_LENGTH_BYTE_ARRAY, BYTE_STREAM_SPLIT, FLOAT16, UUID
// and millisecond timestamps (encodings DuckDB does not write). It needs
// hyparquet-writer >= 0.17 (per-column encodings; the 0.6 that icebird pulls
// into node_modules ignores them), which is not in package.json because only
// this generator uses it. Run:
//   mkdir /tmp/hpw && (cd /tmp/hpw && npm install --no-audit --no-fund hyparquet-writer@0.17)
//   HYPARQUET_WRITER=/tmp/hpw/node_modules/hyparquet-writer/src/node.js node gen_parquet_hyparquet.mjs
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const { parquetWriteFile } = await import(process.env.HYPARQUET_WRITER ?? 'hyparquet-writer');

const out = join(dirname(fileURLToPath(import.meta.url)), '..', 'data', 'parquet');
const n = 300;
const rows = [...Array(n).keys()];
const nullEvery = (k, f) => rows.map((i) => (i % k === 0 ? null : f(i)));

function uuid(i) {
  const b = new Uint8Array(16);
  for (let k = 0; k < 16; k++) b[k] = (i * 31 + k * 7) & 255;
  return b;
}

const columns = (enc) => [
  { name: 'id', data: rows.map((i) => i), type: 'INT32', nullable: false, encoding: enc.int },
  { name: 'big', data: nullEvery(7, (i) => BigInt(i) * 1000000007n - 5000000000n), type: 'INT64', encoding: enc.int },
  { name: 'flag', data: nullEvery(5, (i) => i % 3 === 0), type: 'BOOLEAN', encoding: enc.bool },
  { name: 'name', data: nullEvery(4, (i) => `name-${Math.floor(i / 3)}-${'x'.repeat(i % 5)}`), type: 'STRING', encoding: enc.str },
  { name: 'raw', data: nullEvery(6, (i) => new Uint8Array([i & 255, (i >> 8) & 255, 7])), type: 'BYTE_ARRAY', encoding: enc.bin },
  { name: 'f32', data: nullEvery(9, (i) => Math.fround(i / 7)), type: 'FLOAT', encoding: enc.flt },
  { name: 'f64', data: nullEvery(8, (i) => i * 1.5 - 100.25), type: 'DOUBLE', encoding: enc.flt },
  { name: 'ts', data: nullEvery(10, (i) => new Date(1700000000000 + i * 86400123)), type: 'TIMESTAMP' },
  { name: 'uid', data: nullEvery(11, uuid), type: 'UUID' },
  // statistics off: hyparquet-writer 0.17 writes FLOAT16 bounds as text, which DuckDB rejects
  { name: 'half', data: nullEvery(12, (i) => (i % 64) / 4 - 8), type: 'FLOAT16', statistics: false },
];

parquetWriteFile({
  filename: join(out, 'hyparquet_delta.parquet'),
  columnData: columns({ int: 'DELTA_BINARY_PACKED', bool: 'RLE', str: 'DELTA_BYTE_ARRAY', bin: 'DELTA_LENGTH_BYTE_ARRAY', flt: 'BYTE_STREAM_SPLIT' }),
  rowGroupSize: 200,
  pageSize: 512,
  kvMetadata: [{ key: 'floe.test', value: 'x'.repeat(500) }],
});
parquetWriteFile({
  filename: join(out, 'hyparquet_plain.parquet'),
  columnData: columns({ int: 'PLAIN', bool: 'PLAIN', str: 'PLAIN', bin: 'PLAIN', flt: 'PLAIN' }),
  codec: 'UNCOMPRESSED',
});
console.log('wrote hyparquet_delta.parquet, hyparquet_plain.parquet');
