// gen_parquet_arrow.mjs — writes tests/data/parquet/arrow_*.parquet with arrow-rs
// (the Rust Arrow Parquet writer, via the parquet-wasm build) from an Arrow JS
// table: Arrow-style files (list element named "item", ARROW:schema metadata,
// v1 and v2 data pages, dictionary with fallback, DELTA_* encodings, small pages
// and row groups). parquet-wasm and apache-arrow are not in package.json (only
// this generator uses them). Run:
//   mkdir /tmp/pw && (cd /tmp/pw && npm install --no-audit --no-fund parquet-wasm@0.8 apache-arrow@21)
//   ARROW_MODULES=/tmp/pw/node_modules node gen_parquet_arrow.mjs
import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const mods = process.env.ARROW_MODULES;
const imp = (name, file) => import(mods ? pathToFileURL(join(mods, name, file)).href : name);
const arrow = await imp('apache-arrow', 'Arrow.node.mjs');
const pw = await imp('parquet-wasm', 'node/parquet_wasm.js');
const out = join(dirname(fileURLToPath(import.meta.url)), '..', 'data', 'parquet');

const n = 600;
const rows = [...Array(n).keys()];
const nul = (k, f) => rows.map((i) => (i % k === 0 ? null : f(i)));
const { vectorFromArray, makeTable, tableToIPC } = arrow;
const T = arrow;
const table = makeTable({
  id: vectorFromArray(rows.map((i) => i), new T.Int32()),
  big: vectorFromArray(nul(7, (i) => BigInt(i) * 3000000019n - 7000000000000n), new T.Int64()),
  flag: vectorFromArray(nul(5, (i) => i % 3 === 0), new T.Bool()),
  dbl: vectorFromArray(nul(9, (i) => (i % 2 ? -1 : 1) * i / 8), new T.Float64()),
  flt: vectorFromArray(nul(11, (i) => Math.fround(i / 3)), new T.Float32()),
  cat: vectorFromArray(nul(4, (i) => `category-${i % 17}`), new T.Utf8()),
  uniq: vectorFromArray(nul(6, (i) => `u${(i * 2654435761) % 1000003}`), new T.Utf8()),
  bin: vectorFromArray(nul(8, (i) => new Uint8Array([i & 255, i >> 8, 0xff])), new T.Binary()),
  day: vectorFromArray(nul(10, (i) => new Date(Date.UTC(2001, 0, 1) + i * 86400000)), new T.DateDay()),
  ts_utc: vectorFromArray(nul(12, (i) => 1700000000000 + i * 1001), new T.TimestampMillisecond('UTC')),
  ts_local: vectorFromArray(nul(13, (i) => 1600000000000 + i * 777), new T.TimestampMillisecond()),
  ints: vectorFromArray(nul(3, (i) => (i % 4 === 1 ? [] : [i, i % 5 === 0 ? null : i + 1, -i])),
                        new T.List(new T.Field('item', new T.Int32(), true))),
});
const ipc = tableToIPC(table, 'stream');

function write(name, build) {
  const props = build(new pw.WriterPropertiesBuilder()).build();
  const bytes = pw.writeParquet(pw.Table.fromIPCStream(ipc), props); // writeParquet consumes the table
  writeFileSync(join(out, name), bytes);
  console.log(`wrote ${name} (${bytes.length} bytes)`);
}
write('arrow_v1_snappy.parquet', (b) => b.setCompression(pw.Compression.SNAPPY).setWriterVersion(pw.WriterVersion.V1)
  .setMaxRowGroupSize(400).setDataPageSizeLimit(4096).setDictionaryPageSizeLimit(256));
write('arrow_v2_zstd.parquet', (b) => b.setCompression(pw.Compression.ZSTD).setWriterVersion(pw.WriterVersion.V2)
  .setMaxRowGroupSize(500).setDataPageSizeLimit(4096));
write('arrow_v2_delta_gzip.parquet', (b) => b.setCompression(pw.Compression.GZIP).setWriterVersion(pw.WriterVersion.V2)
  .setDictionaryEnabled(false).setDataPageSizeLimit(2048)
  .setColumnEncoding('id', pw.Encoding.DELTA_BINARY_PACKED).setColumnEncoding('big', pw.Encoding.DELTA_BINARY_PACKED)
  .setColumnEncoding('cat', pw.Encoding.DELTA_BYTE_ARRAY).setColumnEncoding('uniq', pw.Encoding.DELTA_LENGTH_BYTE_ARRAY)
  .setColumnEncoding('flt', pw.Encoding.BYTE_STREAM_SPLIT).setColumnEncoding('dbl', pw.Encoding.BYTE_STREAM_SPLIT)
  .setColumnEncoding('ts_utc', pw.Encoding.DELTA_BINARY_PACKED).setColumnEncoding('flag', pw.Encoding.RLE));
