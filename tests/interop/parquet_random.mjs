// parquet_random.mjs — random-schema interop check of floe's Parquet writer.
//
// For each seed: build a random schema over every supported Iceberg type (optional and
// required, list<primitive> with optional/required elements), random values with NULLs
// and extremes, write it with tests/tools/pqgen (small row groups and pages so chunks
// span several of each; a small dictionary limit so fallback happens), then check:
//  * DuckDB: parquet_schema() — every schema element (physical type, type_length, repetition,
//    converted type, scale/precision, logical type incl. isAdjustedToUTC/unit, field id, DuckDB
//    type) against an expectation derived here from the Iceberg spec; every value equal
//    (canonical SQL renderings); parquet_metadata() per row group: min/max equal to the
//    true min/max of the rows in that row group (DuckDB hides infinite float stats:
//    checked through hyparquet then), null counts.
//  * hyparquet (+ hyparquet-compressors): every value equal; the same schema expectation
//    through its decoded SchemaElements (logicalType with isAdjustedToUTC and unit).
//  * pages, counted independently: every chunk's page headers walked with hyparquet's
//    PageHeader parser — pages tile the chunk, one dictionary page at most and first,
//    at most page_rows rows per data page, so >1 data page wherever a row group holds
//    more rows than page_rows; floe's encoding_stats must match the walk.
//  * pqgen's Iceberg metrics: counts, column sizes and lower/upper bounds against an
//    independent JS implementation of Iceberg's single-value serialization + truncate(16).
// Usage: node parquet_random.mjs PQGEN WORKDIR SEED... ; exits non-zero on any mismatch.
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { DuckDBInstance } from '@duckdb/node-api';
import { parquetMetadata, parquetReadObjects } from 'hyparquet';
import { compressors } from 'hyparquet-compressors';

// hyparquet's thrift decoder and page-header parser are not exported: load the files
// directly (independent of floe's)
const { deserializeTCompactProtocol } = await import(new URL('./node_modules/hyparquet/src/thrift.js', import.meta.url));
const { parquetHeader } = await import(new URL('./node_modules/hyparquet/src/column.js', import.meta.url));

const [pqgen, workdir, ...seedArgs] = process.argv.slice(2);
let failures = 0;
function fail(msg) {
  failures++;
  if (failures <= 40) console.error('FAIL ' + msg);
}

// ---------------------------------------------------------------- PRNG
function rng(seed) {
  let s = BigInt(seed) * 0x9E3779B97F4A7C15n + 0x1234567n;
  const next = () => {
    s = (s * 6364136223846793005n + 1442695040888963407n) & 0xFFFFFFFFFFFFFFFFn;
    return s >> 11n;
  };
  return {
    u64: () => (next() << 11n | (next() & 0x7FFn)) & 0xFFFFFFFFFFFFFFFFn,
    float: () => Number(next()) / 2 ** 53,
    int: (n) => Math.floor(Number(next()) / 2 ** 53 * n),
    pick: (a) => a[Math.floor(Number(next()) / 2 ** 53 * a.length)],
  };
}

// ---------------------------------------------------------------- types
const PRIMS = ['boolean', 'int', 'long', 'float', 'double', 'decimal', 'date', 'time', 'timestamp',
  'timestamptz', 'string', 'uuid', 'fixed', 'binary'];

function randType(r, kind) {
  if (kind === 'decimal') {
    const p = r.pick([1, 2, 9, 10, 18, 19, 28, 38, 1 + r.int(38)]);
    return { kind, p, s: r.int(p + 1), str: null };
  }
  if (kind === 'fixed') return { kind, len: 1 + r.int(20) };
  return { kind };
}
function typeStr(t) {
  if (t.kind === 'decimal') return `decimal(${t.p},${t.s})`;
  if (t.kind === 'fixed') return `fixed[${t.len}]`;
  return t.kind;
}

const STR_POOL = ['', 'a', 'é', '日本語', '😀', 'zzzz', 'A longer string that exceeds sixteen characters',
  'ÿÿÿÿÿÿÿÿÿÿÿÿÿÿÿÿÿÿ', '\u{10FFFF}\u{10FFFF}\u{10FFFF}\u{10FFFF}\u{10FFFF}\u{10FFFF}\u{10FFFF}\u{10FFFF}\u{10FFFF}\u{10FFFF}\u{10FFFF}\u{10FFFF}\u{10FFFF}\u{10FFFF}\u{10FFFF}\u{10FFFF}\u{10FFFF}',
  'abcdefghijklmnop\u{10FFFF}q', 'x\u{D7FF}yyyyyyyyyyyyyyyyyyyy', '\u{FFFF}' + 'é'.repeat(2100)];
const CHARS = ['a', 'b', 'Z', '0', ' ', 'é', 'ß', '€', '日', '😀', '\u{10FFFF}', '\u{D7FF}', '~'];

function randBytes(r, n, hi) {
  const b = new Uint8Array(n);
  for (let i = 0; i < n; i++) b[i] = hi ? 0xFF : r.int(256);
  return b;
}
const hex = (b) => Buffer.from(b).toString('hex');

// Returns a JS value: boolean, number, bigint, string, Uint8Array.
function randValue(r, t, pool) {
  if (pool.length && r.float() < 0.5) return r.pick(pool);
  const v = randFresh(r, t);
  if (pool.length < 6) pool.push(v);
  return v;
}
// Edge modes (seeds 901..905): 'zeros' (floats only ±0.0, other types only their extremes),
// 'nan' (floats NaN or -0.0), 'nulls' (every optional value NULL), 'single' (1 row), 'empty' (0 rows).
const EDGE = { 901: 'zeros', 902: 'nan', 903: 'nulls', 904: 'single', 905: 'empty' };
let edge = null;
function randFresh(r, t) {
  if (edge === 'zeros' || edge === 'nan') {
    if (t.kind === 'float' || t.kind === 'double') return r.pick(edge === 'zeros' ? [0, -0] : [NaN, -0, NaN]);
    if (edge === 'zeros') {
      const lo = { int: -2147483648, long: -(2n ** 63n), date: -2451545, time: 0n, timestamp: -210866803200000000n,
        timestamptz: -210866803200000000n, boolean: false, string: '', binary: new Uint8Array(0) }[t.kind];
      if (lo !== undefined && r.float() < 0.5) return lo;
      if (t.kind === 'decimal') return r.pick([10n ** BigInt(t.p) - 1n, -(10n ** BigInt(t.p) - 1n)]);
    }
  }
  const x = r.float();
  switch (t.kind) {
    case 'boolean': return x < 0.5;
    case 'int': return x < 0.1 ? -2147483648 : x < 0.2 ? 2147483647 : r.int(2 ** 32) - 2 ** 31;
    case 'long': return x < 0.1 ? -(2n ** 63n) : x < 0.2 ? 2n ** 63n - 1n : BigInt.asIntN(64, r.u64());
    case 'float': {
      const sp = [NaN, -0, 0, Infinity, -Infinity, 3.4028234663852886e38, -3.4028234663852886e38, 1.401298464324817e-45];
      if (x < 0.3) return Math.fround(r.pick(sp));
      return Math.fround((r.float() - 0.5) * 10 ** r.int(20));
    }
    case 'double': {
      const sp = [NaN, -0, 0, Infinity, -Infinity, Number.MAX_VALUE, -Number.MAX_VALUE, 5e-324];
      if (x < 0.3) return r.pick(sp);
      return (r.float() - 0.5) * 10 ** (r.int(40) - 10);
    }
    case 'decimal': {
      const max = 10n ** BigInt(t.p) - 1n;
      if (x < 0.1) return max;
      if (x < 0.2) return -max;
      if (x < 0.25) return 0n;
      return (r.u64() * r.u64() * r.u64()) % (max + 1n) * (r.float() < 0.5 ? -1n : 1n);
    }
    case 'date': return x < 0.1 ? -2451545 : x < 0.2 ? 2932896 : x < 0.3 ? 0 : r.int(4000000) - 2000000;
    case 'time': return x < 0.1 ? 0n : x < 0.2 ? 86399999999n : BigInt(r.int(86400000000));
    case 'timestamp':
    case 'timestamptz':
      return x < 0.1 ? -210866803200000000n : x < 0.2 ? 9214646400000000000n : x < 0.3 ? 0n
        : BigInt.asIntN(64, r.u64()) / 4n;
    case 'string': {
      if (x < 0.3) return r.pick(STR_POOL);
      let s = '';
      const n = r.int(30);
      for (let i = 0; i < n; i++) s += r.pick(CHARS);
      return s;
    }
    case 'uuid': return x < 0.1 ? randBytes(r, 16, true) : x < 0.2 ? new Uint8Array(16) : randBytes(r, 16);
    case 'fixed': return x < 0.1 ? randBytes(r, t.len, true) : x < 0.2 ? new Uint8Array(t.len) : randBytes(r, t.len);
    case 'binary': return x < 0.1 ? new Uint8Array(0) : x < 0.2 ? randBytes(r, 20, true) : randBytes(r, r.int(40));
  }
  throw new Error('type ' + t.kind);
}

function toJson(t, v) {
  if (v === null) return null;
  switch (t.kind) {
    case 'long': case 'time': case 'timestamp': case 'timestamptz': case 'decimal': return v.toString();
    case 'float': case 'double':
      if (Number.isNaN(v)) return 'NaN';
      if (v === Infinity) return 'Infinity';
      if (v === -Infinity) return '-Infinity';
      if (Object.is(v, -0)) return '-0';
      return String(v);
    case 'uuid': case 'fixed': case 'binary': return hex(v);
    default: return v;
  }
}

// ---------------------------------------------------------------- canonical forms
function decText(v, s) {
  const neg = v < 0n;
  let a = (neg ? -v : v).toString();
  if (s > 0) {
    a = a.padStart(s + 1, '0');
    a = a.slice(0, a.length - s) + '.' + a.slice(a.length - s);
  }
  return (neg ? '-' : '') + a;
}
function uuidText(b) {
  const h = hex(b);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}
// What DuckDB's canonical SQL expression yields, as a JS string.
function canon(t, v) {
  if (v === null) return null;
  switch (t.kind) {
    case 'boolean': return v ? 'true' : 'false';
    case 'int': case 'date': return String(v);
    case 'long': case 'time': case 'timestamp': case 'timestamptz': return v.toString();
    case 'decimal': return decText(v, t.s);
    case 'string': return v;
    case 'uuid': return uuidText(v);
    case 'fixed': case 'binary': return hex(v).toUpperCase();
    case 'float': case 'double': return v; // compared numerically
  }
}
function duckCanonExpr(t, x) {
  switch (t.kind) {
    case 'date': return `CAST((${x}) - DATE '1970-01-01' AS VARCHAR)`;
    case 'time': case 'timestamp': case 'timestamptz': return `CAST(epoch_us(${x}) AS VARCHAR)`;
    case 'fixed': case 'binary': return `hex(${x})`;
    default: return `CAST(${x} AS VARCHAR)`;
  }
}
function duckType(t) {
  switch (t.kind) {
    case 'boolean': return 'BOOLEAN';
    case 'int': return 'INTEGER';
    case 'long': return 'BIGINT';
    case 'float': return 'FLOAT';
    case 'double': return 'DOUBLE';
    case 'decimal': return `DECIMAL(${t.p},${t.s})`;
    case 'date': return 'DATE';
    case 'time': return 'TIME';
    case 'timestamp': return 'TIMESTAMP';
    case 'timestamptz': return 'TIMESTAMPTZ';
    case 'string': return 'VARCHAR';
    case 'uuid': return 'UUID';
    case 'fixed': case 'binary': return 'BLOB';
  }
}
function parseDuckFloat(s) {
  if (s === 'nan' || s === '-nan') return NaN;
  if (s === 'inf') return Infinity;
  if (s === '-inf') return -Infinity;
  return Number(s);
}
function sameCanon(t, got, want) {
  if (got === null || want === null) return got === want;
  if (t.kind === 'float') return Object.is(Math.fround(parseDuckFloat(got)), want);
  if (t.kind === 'double') return Object.is(parseDuckFloat(got), want);
  if (t.kind === 'decimal') return got.replace(/^(-?)\./, '$10.') === want; // DuckDB prints decimal(p,p) as ".5"
  return got === want;
}

// ---------------------------------------------------------------- ordering
function cmpBytes(a, b) {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) if (a[i] !== b[i]) return a[i] - b[i];
  return a.length - b.length;
}
const enc = new TextEncoder();
function cmp(t, a, b) {
  switch (t.kind) {
    case 'string': return cmpBytes(enc.encode(a), enc.encode(b));
    case 'uuid': case 'fixed': case 'binary': return cmpBytes(a, b);
    case 'boolean': return (a ? 1 : 0) - (b ? 1 : 0);
    case 'float': case 'double':
      if (a === b) return Object.is(a, -0) && !Object.is(b, -0) ? -1 : (!Object.is(a, -0) && Object.is(b, -0) ? 1 : 0);
      return a < b ? -1 : 1;
    default: return a < b ? -1 : a > b ? 1 : 0;
  }
}
function minMax(t, vals) {
  let mn = null, mx = null;
  for (const v of vals) {
    if (v === null || ((t.kind === 'float' || t.kind === 'double') && Number.isNaN(v))) continue;
    if (mn === null || cmp(t, v, mn) < 0) mn = v;
    if (mx === null || cmp(t, v, mx) > 0) mx = v;
  }
  if (t.kind === 'float' || t.kind === 'double') {
    if (mn === 0) mn = -0;
    if (mx === 0) mx = 0;
  }
  return [mn, mx];
}

// ---------------------------------------------------------------- Iceberg bounds (independent)
function le(n, v) {
  const b = Buffer.alloc(n);
  if (n === 4) b.writeInt32LE(v); else b.writeBigInt64LE(BigInt.asIntN(64, v));
  return b;
}
function decMinimal(v) {
  for (let n = 1; n <= 16; n++) {
    const lim = 1n << BigInt(8 * n - 1);
    if (v >= -lim && v < lim) {
      const b = Buffer.alloc(n);
      let u = BigInt.asUintN(8 * n, v);
      for (let i = n - 1; i >= 0; i--) { b[i] = Number(u & 0xFFn); u >>= 8n; }
      return b;
    }
  }
}
function icebergBound(t, v, upper) {
  switch (t.kind) {
    case 'boolean': return Buffer.from([v ? 1 : 0]);
    case 'int': case 'date': return le(4, v);
    case 'long': case 'time': case 'timestamp': case 'timestamptz': return le(8, v);
    case 'float': { const b = Buffer.alloc(4); b.writeFloatLE(v); return b; }
    case 'double': { const b = Buffer.alloc(8); b.writeDoubleLE(v); return b; }
    case 'decimal': return decMinimal(v);
    case 'uuid': case 'fixed': return Buffer.from(v);
    case 'binary': {
      if (v.length <= 16) return Buffer.from(v);
      if (!upper) return Buffer.from(v.slice(0, 16));
      for (let m = 16; m > 0; m--) if (v[m - 1] !== 0xFF) {
        const b = Buffer.from(v.slice(0, m)); b[m - 1]++; return b;
      }
      return null;
    }
    case 'string': {
      const cps = Array.from(v);
      if (cps.length <= 16) return Buffer.from(v, 'utf8');
      const pre = cps.slice(0, 16);
      if (!upper) return Buffer.from(pre.join(''), 'utf8');
      for (let i = 15; i >= 0; i--) {
        let c = pre[i].codePointAt(0) + 1;
        if (c === 0xD800) c = 0xE000;
        if (c > 0x10FFFF) continue;
        return Buffer.from(pre.slice(0, i).join('') + String.fromCodePoint(c), 'utf8');
      }
      return null;
    }
  }
}

// ---------------------------------------------------------------- Parquet schema (independent)
// The Parquet type of each Iceberg type, from the Iceberg spec's Parquet appendix
// ("Data Type Mappings"), written here without looking at floe's writer: decimals by
// precision (INT32 for P <= 9, INT64 for P <= 18, else FIXED_LEN_BYTE_ARRAY of the
// minimum bytes that hold 10^P - 1), time/timestamp MICROS with isAdjustedToUTC false,
// timestamptz with true, string UTF8, uuid FIXED[16] UUID, fixed[L] FIXED[L], int/long/
// float/double/boolean/binary unannotated, list = 3-level LIST group.
function decimalBytes(p) {
  const max = 10n ** BigInt(p) - 1n;
  for (let n = 1; ; n++) if (max < 1n << BigInt(8 * n - 1)) return n;
}
function parquetLeaf(t) {
  const micros = (kind, utc) => ({ logical: { type: kind, isAdjustedToUTC: utc, unit: 'MICROS' },
    duckLogical: `${kind === 'TIME' ? 'Time' : 'Timestamp'}Type(isAdjustedToUTC=${utc ? 1 : 0}, unit=TimeUnit(MILLIS=<null>, MICROS=MicroSeconds(), NANOS=<null>))` });
  switch (t.kind) {
    case 'boolean': return { type: 'BOOLEAN', duckType: 'BOOLEAN' };
    case 'int': return { type: 'INT32', duckType: 'INTEGER' };
    case 'long': return { type: 'INT64', duckType: 'BIGINT' };
    case 'float': return { type: 'FLOAT', duckType: 'FLOAT' };
    case 'double': return { type: 'DOUBLE', duckType: 'DOUBLE' };
    case 'decimal': {
      const e = { converted: 'DECIMAL', scale: t.s, precision: t.p, duckType: `DECIMAL(${t.p},${t.s})`,
        logical: { type: 'DECIMAL', scale: t.s, precision: t.p }, duckLogical: `DecimalType(scale=${t.s}, precision=${t.p})` };
      if (t.p <= 9) return { ...e, type: 'INT32' };
      if (t.p <= 18) return { ...e, type: 'INT64' };
      return { ...e, type: 'FIXED_LEN_BYTE_ARRAY', type_length: decimalBytes(t.p) };
    }
    case 'date': return { type: 'INT32', converted: 'DATE', logical: { type: 'DATE' }, duckLogical: 'DateType()', duckType: 'DATE' };
    case 'time': return { type: 'INT64', converted: 'TIME_MICROS', duckType: 'TIME', ...micros('TIME', false) };
    case 'timestamp': return { type: 'INT64', converted: 'TIMESTAMP_MICROS', duckType: 'TIMESTAMP', ...micros('TIMESTAMP', false) };
    case 'timestamptz': return { type: 'INT64', converted: 'TIMESTAMP_MICROS', duckType: 'TIMESTAMP WITH TIME ZONE', ...micros('TIMESTAMP', true) };
    case 'string': return { type: 'BYTE_ARRAY', converted: 'UTF8', logical: { type: 'STRING' }, duckLogical: 'StringType()', duckType: 'VARCHAR' };
    case 'uuid': return { type: 'FIXED_LEN_BYTE_ARRAY', type_length: 16, logical: { type: 'UUID' }, duckLogical: 'UUIDType()', duckType: 'UUID' };
    case 'fixed': return { type: 'FIXED_LEN_BYTE_ARRAY', type_length: t.len, duckType: 'BLOB' };
    case 'binary': return { type: 'BYTE_ARRAY', duckType: 'BLOB' };
  }
  throw new Error('type ' + t.kind);
}
// Every schema element below the root, depth first, with every SchemaElement field.
function expectedSchema(fields) {
  const out = [];
  const leaf = (name, t, required, id) => ({ name, repetition: required ? 'REQUIRED' : 'OPTIONAL', field_id: id,
    num_children: null, ...parquetLeaf(t) });
  for (const f of fields) {
    if (!f.list) { out.push(leaf(f.name, f.t, f.required, f.id)); continue; }
    out.push({ name: f.name, type: null, repetition: f.required ? 'REQUIRED' : 'OPTIONAL', num_children: 1,
      converted: 'LIST', logical: { type: 'LIST' }, duckLogical: 'ListType()', field_id: f.id });
    out.push({ name: 'list', type: null, repetition: 'REPEATED', num_children: 1, field_id: null });
    out.push(leaf('element', f.t, f.elementRequired, f.elementId));
  }
  return out;
}
const nul = (x) => (x === undefined || x === null ? null : x);
const num = (x) => (x === undefined || x === null ? null : Number(x));
// DuckDB's parquet_schema() rows (root first) against the expectation.
function checkSchemaDuck(tag, fields, sch) {
  const want = expectedSchema(fields);
  for (const w of want) if (w.type) {
    const p = w.precision, kind = [9, 10, 18, 19, 38].includes(p) ? `DECIMAL(${p})` : w.duckType.replace(/\(.*/, '');
    schemaSeen.add(`${kind}:${w.type}${w.type_length ? `(${w.type_length})` : ''}`);
  }
  if (sch.length !== want.length + 1) fail(`${tag}: duckdb parquet_schema has ${sch.length} elements, want ${want.length + 1}`);
  if (num(sch[0] && sch[0].num_children) !== fields.length) fail(`${tag}: duckdb root num_children ${sch[0] && sch[0].num_children}`);
  want.forEach((w, k) => {
    const e = sch[k + 1];
    if (!e) return;
    const got = { name: e.name, type: nul(e.type), type_length: num(e.type_length), repetition: e.repetition_type,
      num_children: num(e.num_children), converted: nul(e.converted_type), scale: num(e.scale), precision: num(e.precision),
      field_id: num(e.field_id), logical: nul(e.logical_type), duckType: nul(e.duckdb_type) };
    const exp = { name: w.name, type: nul(w.type), type_length: num(w.type_length), repetition: w.repetition,
      num_children: w.num_children, converted: nul(w.converted), scale: num(w.scale), precision: num(w.precision),
      field_id: w.field_id, logical: nul(w.duckLogical), duckType: w.type ? w.duckType : null };
    for (const key of Object.keys(exp))
      if (got[key] !== exp[key]) fail(`${tag}: duckdb schema element ${k + 1} (${w.name}) ${key}: ${JSON.stringify(got[key])} want ${JSON.stringify(exp[key])}`);
  });
}
// hyparquet's decoded SchemaElements (root first) against the same expectation.
function checkSchemaHyp(tag, fields, schema) {
  const want = expectedSchema(fields);
  if (schema.length !== want.length + 1) fail(`${tag}: hyparquet schema has ${schema.length} elements, want ${want.length + 1}`);
  if (schema[0].num_children !== fields.length || schema[0].type !== undefined) fail(`${tag}: hyparquet root ${JSON.stringify(schema[0])}`);
  want.forEach((w, k) => {
    const e = schema[k + 1];
    if (!e) return;
    const got = { name: e.name, type: nul(e.type), type_length: nul(e.type_length), repetition: e.repetition_type,
      num_children: nul(e.num_children), converted: nul(e.converted_type), scale: nul(e.scale), precision: nul(e.precision),
      field_id: nul(e.field_id), logical: JSON.stringify(nul(e.logical_type)) };
    const exp = { name: w.name, type: nul(w.type), type_length: nul(w.type_length), repetition: w.repetition,
      num_children: w.num_children, converted: nul(w.converted), scale: nul(w.scale), precision: nul(w.precision),
      field_id: w.field_id, logical: JSON.stringify(nul(w.logical)) };
    for (const key of Object.keys(exp))
      if (got[key] !== exp[key]) fail(`${tag}: hyparquet schema element ${k + 1} (${w.name}) ${key}: ${JSON.stringify(got[key])} want ${JSON.stringify(exp[key])}`);
  });
}
const schemaSeen = new Set();

// Walks every column chunk's page headers with hyparquet's PageHeader parser (not floe's
// encoding_stats): pages tile the chunk exactly, the dictionary page (if any) is the only
// one and comes first, data pages hold the chunk's values with at most page_rows rows each
// (so a chunk with more rows than page_rows has >1 data page), and encoding_stats agree.
function checkPages(tag, file, meta, fields, pageRows) {
  meta.row_groups.forEach((rg, g) => rg.columns.forEach((col, c) => {
    const f = fields[c], md0 = col.meta_data, where = `${tag}: rg ${g} ${f.name}`;
    const dictOff = md0.dictionary_page_offset === undefined ? null : Number(md0.dictionary_page_offset);
    const dataOff = Number(md0.data_page_offset);
    const start = dictOff === null ? dataOff : Math.min(dictOff, dataOff);
    const end = start + Number(md0.total_compressed_size);
    const pages = [];
    let pos = start, uncompressed = 0;
    while (pos < end) {
      const reader = { view: new DataView(file), offset: pos };
      let h;
      try { h = parquetHeader(reader); } catch (e) { fail(`${where}: page header at ${pos}: ${e.message}`); return; }
      pages.push({ at: pos, type: h.type, encoding: (h.data_page_header || h.dictionary_page_header || {}).encoding,
        num_values: (h.data_page_header || h.dictionary_page_header || {}).num_values });
      uncompressed += reader.offset - pos + h.uncompressed_page_size;
      pos = reader.offset + h.compressed_page_size;
    }
    if (pos !== end) fail(`${where}: pages end at ${pos}, chunk ends at ${end}`);
    if (uncompressed !== Number(md0.total_uncompressed_size)) fail(`${where}: pages hold ${uncompressed} uncompressed bytes, total_uncompressed_size ${md0.total_uncompressed_size}`);
    const data = pages.filter((p) => p.type === 'DATA_PAGE');
    const dicts = pages.filter((p) => p.type === 'DICTIONARY_PAGE');
    if (data.length + dicts.length !== pages.length) fail(`${where}: unexpected page types ${pages.map((p) => p.type)}`);
    // the dictionary page, when present, is the only one, comes first and is where the metadata says
    if (dicts.length > 1) fail(`${where}: ${dicts.length} dictionary pages`);
    if (dicts.length && pages[0].type !== 'DICTIONARY_PAGE') fail(`${where}: dictionary page is page ${pages.findIndex((p) => p.type === 'DICTIONARY_PAGE')}, not the first`);
    if (dicts.length && dicts[0].at !== dictOff) fail(`${where}: dictionary page at ${dicts[0].at}, dictionary_page_offset ${dictOff}`);
    if (!dicts.length && dictOff !== null) fail(`${where}: dictionary_page_offset ${dictOff} without a dictionary page`);
    if (data.length && data[0].at !== dataOff) fail(`${where}: first data page at ${data[0].at}, data_page_offset ${dataOff}`);
    const dictPages = data.filter((p) => p.encoding === 'RLE_DICTIONARY').length;
    const plainPages = data.filter((p) => p.encoding === 'PLAIN').length;
    if (dictPages + plainPages !== data.length) fail(`${where}: data page encodings ${data.map((p) => p.encoding)}`);
    if (dictPages && !dicts.length) fail(`${where}: RLE_DICTIONARY pages without a dictionary page`);
    // fallback goes one way: no dictionary-encoded page after a PLAIN one
    const firstPlain = data.findIndex((p) => p.encoding === 'PLAIN');
    if (firstPlain >= 0 && data.slice(firstPlain).some((p) => p.encoding === 'RLE_DICTIONARY')) fail(`${where}: RLE_DICTIONARY page after a PLAIN page`);
    // level entries add up; at most page_rows rows per page, so at least ceil(rows / page_rows) pages
    const entries = data.reduce((a, p) => a + p.num_values, 0);
    if (entries !== Number(md0.num_values)) fail(`${where}: data pages hold ${entries} values, num_values ${md0.num_values}`);
    const rgRows = Number(rg.num_rows);
    if (!f.list && data.some((p) => p.num_values > pageRows)) fail(`${where}: a data page holds more than page_rows ${pageRows} rows`);
    if (data.length < Math.ceil(rgRows / pageRows)) fail(`${where}: ${data.length} data pages for ${rgRows} rows at ${pageRows} rows per page`);
    if (rgRows > pageRows) {
      multiPageChunks++;
      if (data.length <= 1) fail(`${where}: ${rgRows} rows > page_rows ${pageRows} but ${data.length} data page`);
    }
    // floe's own encoding_stats must agree with the walk
    const es = md0.encoding_stats || [];
    const esCount = (type, encoding) => es.filter((e) => e.page_type === type && e.encoding === encoding).reduce((a, e) => a + e.count, 0);
    if (esCount('DATA_PAGE', 'RLE_DICTIONARY') !== dictPages || esCount('DATA_PAGE', 'PLAIN') !== plainPages ||
        esCount('DICTIONARY_PAGE', 'PLAIN') !== dicts.length || es.reduce((a, e) => a + e.count, 0) !== pages.length)
      fail(`${where}: encoding_stats ${JSON.stringify(es)} disagree with the pages (${dicts.length} dict, ${dictPages} RLE_DICTIONARY, ${plainPages} PLAIN)`);
    const key = f.list ? 'list' : f.t.kind;
    if (data.length > 1 && meta.row_groups.length > 1) coverage.add(key);
    if (dictPages && plainPages) fellBack.add(key);
    if (dictPages) dictTypes.add(key);
  }));
}

// ---------------------------------------------------------------- one file
async function runSeed(seed, conn) {
  const r = rng(seed);
  edge = EDGE[seed] || null;
  const codec = ['zstd', 'snappy', 'none', 'gzip'][seed % 4];
  const nfields = 4 + r.int(10);
  const fields = [];
  let nextId = 1;
  // every type at least once across the first seeds: rotate the start
  for (let i = 0; i < nfields; i++) {
    const kind = i < PRIMS.length ? PRIMS[(i + seed) % PRIMS.length] : r.pick(PRIMS);
    const isList = r.float() < 0.25;
    const f = { id: nextId++, name: `c${i}_${kind}`, required: r.float() < 0.3 };
    f.t = randType(r, kind);
    if (isList) {
      f.list = true;
      f.elementId = 1000 + f.id;
      f.elementRequired = r.float() < 0.3;
    }
    fields.push(f);
  }
  const nrows = edge === 'empty' ? 0 : edge === 'single' ? 1 : 200 + r.int(400);
  const pools = fields.map(() => []);
  const rows = [];
  for (let i = 0; i < nrows; i++) {
    rows.push(fields.map((f, c) => {
      if (f.list) {
        if (!f.required && (edge === 'nulls' || r.float() < 0.1)) return null;
        const n = r.int(5);
        const a = [];
        for (let k = 0; k < n; k++) a.push(!f.elementRequired && r.float() < 0.15 ? null : randValue(r, f.t, pools[c]));
        return a;
      }
      if (!f.required && (edge === 'nulls' || r.float() < 0.15)) return null;
      return randValue(r, f.t, pools[c]);
    }));
  }
  const spec = {
    options: { codec, row_group_bytes: 800 + r.int(3000), page_bytes: 200 + r.int(800), page_rows: 7 + r.int(40),
      dict_bytes: 64 + r.int(400) },
    kv: { 'iceberg.schema': JSON.stringify({ seed }), 'floe.test': 'random' },
    by_column: seed % 2 === 0,
    fields: fields.map((f) => f.list
      ? { id: f.id, name: f.name, required: f.required, type: `list<${typeStr(f.t)}>`, element_id: f.elementId, element_required: f.elementRequired }
      : { id: f.id, name: f.name, required: f.required, type: typeStr(f.t) }),
    rows: rows.map((row) => row.map((v, c) => {
      const f = fields[c];
      if (v === null) return null;
      return f.list ? v.map((e) => toJson(f.t, e)) : toJson(f.t, v);
    })),
  };
  const specPath = `${workdir}/seed${seed}.json`, out = `${workdir}/seed${seed}.parquet`;
  writeFileSync(specPath, JSON.stringify(spec));
  const info = JSON.parse(execFileSync(pqgen, [specPath, out]).toString());
  const tag = `seed ${seed} (${codec}, ${nrows} rows, ${nfields} cols)`;
  const buf = readFileSync(out);
  const file = buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.byteLength);
  const meta = parquetMetadata(file);
  // structure first (a broken layout would make the readers below throw)
  checkSchemaHyp(tag, fields, meta.schema);
  checkPages(tag, file, meta, fields, spec.options.page_rows);

  // ---- DuckDB: schema + field ids
  const sch = (await conn.runAndReadAll(`SELECT name, type, type_length, repetition_type, num_children, converted_type,
      scale, precision, field_id, logical_type, duckdb_type FROM parquet_schema('${out}')`)).getRowObjectsJson();
  checkSchemaDuck(tag, fields, sch);
  for (const f of fields) {
    const e = sch.find((s) => s.name === f.name);
    if (!e || Number(e.field_id) !== f.id) fail(`${tag}: duckdb field_id of ${f.name}: ${e && e.field_id}`);
  }
  if (fields.some((f) => f.list)) {
    const els = sch.filter((s) => s.name === 'element').map((s) => Number(s.field_id));
    const want = fields.filter((f) => f.list).map((f) => f.elementId);
    if (JSON.stringify(els) !== JSON.stringify(want)) fail(`${tag}: element field ids ${els} != ${want}`);
  }

  // ---- DuckDB: values
  const sel = fields.map((f, c) => f.list
    ? `list_transform("${f.name}", x -> ${duckCanonExpr(f.t, 'x')}) AS v${c}`
    : `${duckCanonExpr(f.t, `"${f.name}"`)} AS v${c}`).join(', ');
  const res = await conn.runAndReadAll(`SELECT ${sel} FROM read_parquet('${out}', file_row_number=true) ORDER BY file_row_number`);
  const drows = res.getRowsJson();
  if (drows.length !== nrows) fail(`${tag}: duckdb read ${drows.length} rows`);
  for (let i = 0; i < Math.min(nrows, drows.length); i++) {
    fields.forEach((f, c) => {
      const got = drows[i][c], want = rows[i][c];
      if (f.list) {
        if (want === null || got === null) {
          if (want !== got) fail(`${tag}: row ${i} ${f.name}: duckdb ${JSON.stringify(got)} want ${want}`);
          return;
        }
        if (got.length !== want.length) { fail(`${tag}: row ${i} ${f.name}: list length ${got.length} != ${want.length}`); return; }
        want.forEach((w, k) => {
          if (!sameCanon(f.t, got[k], canon(f.t, w))) fail(`${tag}: row ${i} ${f.name}[${k}]: duckdb ${got[k]} want ${canon(f.t, w)}`);
        });
      } else if (!sameCanon(f.t, got, canon(f.t, want))) {
        fail(`${tag}: row ${i} ${f.name}: duckdb ${got} want ${canon(f.t, want)}`);
      }
    });
  }

  // ---- DuckDB: per row group statistics
  const md = (await conn.runAndReadAll(`SELECT row_group_id, row_group_num_rows, column_id, stats_null_count,
      total_compressed_size, data_page_offset, dictionary_page_offset, encodings, compression, num_values
      FROM parquet_metadata('${out}') ORDER BY row_group_id, column_id`)).getRowObjectsJson();
  const nrg = new Set(md.map((m) => Number(m.row_group_id))).size;
  if (nrg !== info.split_offsets.length) fail(`${tag}: ${nrg} row groups but ${info.split_offsets.length} split offsets`);
  const rgStart = [];
  let acc = 0;
  for (let g = 0; g < nrg; g++) {
    rgStart.push(acc);
    acc += Number(md.find((m) => Number(m.row_group_id) === g).row_group_num_rows);
  }
  if (acc !== nrows) fail(`${tag}: row groups hold ${acc} rows`);
  if (nrows === 0 && (await conn.runAndReadAll(`SELECT count(*) AS n FROM '${out}'`)).getRowsJson()[0][0] !== '0') fail(`${tag}: empty file`);
  const sizes = fields.map(() => 0);
  const statsByCol = [];
  for (const m of md) {
    const c = Number(m.column_id), f = fields[c], g = Number(m.row_group_id);
    const part = rows.slice(rgStart[g], rgStart[g] + Number(m.row_group_num_rows)).map((row) => row[c]);
    const flat = f.list ? part.flatMap((v) => (v === null || v.length === 0) ? [null] : v) : part;
    const nulls = flat.filter((v) => v === null).length;
    sizes[c] += Number(m.total_compressed_size);
    if (Number(m.stats_null_count) !== nulls) fail(`${tag}: rg ${g} ${f.name}: null_count ${m.stats_null_count} want ${nulls}`);
    if (Number(m.num_values) !== flat.length) fail(`${tag}: rg ${g} ${f.name}: num_values ${m.num_values} want ${flat.length}`);
    const wantCodec = { zstd: 'ZSTD', snappy: 'SNAPPY', none: 'UNCOMPRESSED', gzip: 'GZIP' }[codec];
    if (m.compression !== wantCodec) fail(`${tag}: codec ${m.compression}`);
    if (m.dictionary_page_offset !== null && m.dictionary_page_offset !== undefined &&
        !(Number(m.dictionary_page_offset) < Number(m.data_page_offset))) fail(`${tag}: dictionary page not first`);
    const [mn, mx] = minMax(f.t, flat);
    if (!statsByCol[c]) {
      // one query per column: its stats in every row group, rendered canonically by DuckDB
      const q = `SELECT row_group_id, ${duckCanonExpr(f.t, `TRY_CAST(stats_min_value AS ${duckType(f.t)})`)} AS mn,
        ${duckCanonExpr(f.t, `TRY_CAST(stats_max_value AS ${duckType(f.t)})`)} AS mx, stats_min_value, stats_max_value
        FROM parquet_metadata('${out}') WHERE column_id = ${c}`;
      statsByCol[c] = new Map((await conn.runAndReadAll(q)).getRowObjectsJson().map((x) => [Number(x.row_group_id), x]));
    }
    const st = statsByCol[c].get(g);
    // DuckDB does not report infinite float stats; floe omits chunk stats of byte values over 4096 bytes
    const long = (v) => (typeof v === 'string' && enc.encode(v).length > 4096) || (v instanceof Uint8Array && v.length > 4096);
    const hidden = (v) => v === Infinity || v === -Infinity || long(mn) || long(mx);
    if (!(hidden(mn) && st.mn === null) && !sameCanon(f.t, st.mn, canon(f.t, mn)))
      fail(`${tag}: rg ${g} ${f.name}: duckdb min ${st.mn} (${st.stats_min_value}) want ${canon(f.t, mn)}`);
    if (!(hidden(mx) && st.mx === null) && !sameCanon(f.t, st.mx, canon(f.t, mx)))
      fail(`${tag}: rg ${g} ${f.name}: duckdb max ${st.mx} (${st.stats_max_value}) want ${canon(f.t, mx)}`);
  }

  // ---- hyparquet: values, field ids, stats of float columns (DuckDB hides infinite ones)
  for (const f of fields) {
    const e = meta.schema.find((s) => s.name === f.name);
    if (!e || e.field_id !== f.id) fail(`${tag}: hyparquet field_id of ${f.name}: ${e && e.field_id}`);
  }
  if (meta.created_by !== 'floe version 0.1.0') fail(`${tag}: created_by ${meta.created_by}`);
  const kv = Object.fromEntries((meta.key_value_metadata || []).map((k) => [k.key, k.value]));
  if (kv['iceberg.schema'] !== JSON.stringify({ seed })) fail(`${tag}: kv iceberg.schema ${kv['iceberg.schema']}`);
  // column_orders (FileMetaData field 7) through hyparquet's own thrift decoder: TYPE_ORDER per leaf
  {
    const flen = buf.readUInt32LE(buf.length - 8);
    const raw = deserializeTCompactProtocol({ view: new DataView(file, buf.length - 8 - flen, flen), offset: 0 });
    const co = raw.field_7;
    if (!Array.isArray(co) || co.length !== fields.length || !co.every((o) => o.field_1 !== undefined))
      fail(`${tag}: column_orders ${JSON.stringify(co)}`);
    if (raw.field_1 !== 1) fail(`${tag}: FileMetaData version ${raw.field_1}`);
  }
  meta.row_groups.forEach((rg, g) => {
    if (Number(rg.file_offset) !== info.split_offsets[g]) fail(`${tag}: rg ${g} file_offset ${rg.file_offset} != split ${info.split_offsets[g]}`);
  });
  const hrows = await parquetReadObjects({
    file, compressors, utf8: false,
    parsers: {
      timestampFromMicroseconds: (v) => v, timestampFromMilliseconds: (v) => v, timestampFromNanoseconds: (v) => v,
      dateFromDays: (v) => v, stringFromBytes: (v) => v === undefined || v === null ? v : new TextDecoder().decode(v),
      uuidFromBytes: (v) => v === undefined || v === null ? v : hex(v),
    },
  });
  if (hrows.length !== nrows) fail(`${tag}: hyparquet read ${hrows.length} rows`);
  const hypCanon = (t, v) => {
    if (v === null || v === undefined) return null;
    switch (t.kind) {
      case 'long': case 'time': case 'timestamp': case 'timestamptz': return BigInt(v).toString();
      case 'uuid': return v;
      case 'fixed': case 'binary': return hex(v);
      case 'decimal': return v;
      default: return v;
    }
  };
  const hypWant = (t, v) => {
    if (v === null) return null;
    switch (t.kind) {
      case 'long': case 'time': case 'timestamp': case 'timestamptz': return v.toString();
      case 'uuid': case 'fixed': case 'binary': return hex(v);
      case 'decimal': return Number(v) * 10 ** -t.s;  // hyparquet converts decimals to Number this way
      default: return v;
    }
  };
  const hypSame = (t, got, want) => {
    if (t.kind === 'decimal' && got !== null && want !== null) return Math.abs(got - want) <= Math.abs(want) * 1e-15;
    return Object.is(got, want) || (got === want);
  };
  for (let i = 0; i < Math.min(nrows, hrows.length); i++) {
    fields.forEach((f, c) => {
      const got = hrows[i][f.name], want = rows[i][c];
      if (f.list) {
        if (want === null) { if (got !== null && got !== undefined) fail(`${tag}: row ${i} ${f.name}: hyparquet ${got} want null`); return; }
        if (!Array.isArray(got) || got.length !== want.length) { fail(`${tag}: row ${i} ${f.name}: hyparquet list ${JSON.stringify(got, (k, x) => typeof x === 'bigint' ? x.toString() : x)}`); return; }
        want.forEach((w, k) => {
          if (!hypSame(f.t, hypCanon(f.t, got[k]), hypWant(f.t, w))) fail(`${tag}: row ${i} ${f.name}[${k}]: hyparquet ${got[k]} want ${hypWant(f.t, w)}`);
        });
      } else if (!hypSame(f.t, hypCanon(f.t, got), hypWant(f.t, want))) {
        fail(`${tag}: row ${i} ${f.name}: hyparquet ${got} want ${hypWant(f.t, want)}`);
      }
    });
  }
  // float stats through hyparquet (covers the infinite bounds DuckDB hides)
  meta.row_groups.forEach((rg, g) => {
    rg.columns.forEach((col, c) => {
      const f = fields[c];
      if (f.t.kind !== 'float' && f.t.kind !== 'double') return;
      const part = rows.slice(rgStart[g], rgStart[g] + Number(rg.num_rows)).map((row) => row[c]);
      const flat = f.list ? part.flatMap((v) => (v === null || v.length === 0) ? [null] : v) : part;
      const [mn, mx] = minMax(f.t, flat);
      const s = col.meta_data.statistics || {};
      const gmn = s.min_value === undefined ? null : s.min_value, gmx = s.max_value === undefined ? null : s.max_value;
      if (!Object.is(gmn, mn) || !Object.is(gmx, mx)) fail(`${tag}: rg ${g} ${f.name}: hyparquet stats ${gmn}..${gmx} want ${mn}..${mx}`);
      const nans = flat.filter((v) => v !== null && Number.isNaN(v)).length;
      if (s.nan_count !== undefined && Number(s.nan_count) !== nans) fail(`${tag}: rg ${g} ${f.name}: nan_count ${s.nan_count} want ${nans}`);
    });
  });

  // ---- Iceberg metrics from pqgen
  if (info.num_rows !== nrows) fail(`${tag}: info num_rows ${info.num_rows}`);
  if (info.file_size !== buf.length) fail(`${tag}: info file_size ${info.file_size} != ${buf.length}`);
  fields.forEach((f, c) => {
    const m = info.metrics[c];
    const all = rows.map((row) => row[c]);
    const flat = f.list ? all.flatMap((v) => (v === null || v.length === 0) ? [null] : v) : all;
    const wantId = f.list ? f.elementId : f.id;
    if (m.field_id !== wantId) fail(`${tag}: metrics field id ${m.field_id} want ${wantId}`);
    if (m.value_count !== flat.length) fail(`${tag}: ${f.name}: value_count ${m.value_count} want ${flat.length}`);
    if (m.null_count !== flat.filter((v) => v === null).length) fail(`${tag}: ${f.name}: null_count ${m.null_count}`);
    const isF = f.t.kind === 'float' || f.t.kind === 'double';
    const nans = isF ? flat.filter((v) => v !== null && Number.isNaN(v)).length : -1;
    if (m.nan_count !== nans) fail(`${tag}: ${f.name}: nan_count ${m.nan_count} want ${nans}`);
    if (m.column_size !== sizes[c]) fail(`${tag}: ${f.name}: column_size ${m.column_size} want ${sizes[c]}`);
    if (f.list) {
      if (m.lower !== null || m.upper !== null) fail(`${tag}: ${f.name}: list bounds should be omitted`);
      return;
    }
    const [mn, mx] = minMax(f.t, flat);
    const lo = mn === null ? null : icebergBound(f.t, mn, false);
    const hi = mx === null ? null : icebergBound(f.t, mx, true);
    if ((lo ? lo.toString('hex') : null) !== m.lower) fail(`${tag}: ${f.name}: iceberg lower ${m.lower} want ${lo && lo.toString('hex')}`);
    if ((hi ? hi.toString('hex') : null) !== m.upper) fail(`${tag}: ${f.name}: iceberg upper ${m.upper} want ${hi && hi.toString('hex')}`);
  });
  return { nrg, md };
}
const coverage = new Set(), fellBack = new Set(), dictTypes = new Set();
let multiPageChunks = 0;

const db = await DuckDBInstance.create(':memory:');
const conn = await db.connect();
let multi = 0, dictChunks = 0;
for (const s of seedArgs) {
  const { nrg, md } = await runSeed(Number(s), conn);
  if (nrg > 1) multi++;
  if (EDGE[s]) continue;
  for (const m of md) {
    const e = String(m.encodings);
    if (e.includes('RLE_DICTIONARY')) dictChunks++;
  }
}
console.log(`chunks with more rows than page_rows (each checked for >1 data page): ${multiPageChunks}`);
console.log(`types with >1 page per chunk in a file with >1 row group: ${[...coverage].sort()}`);
console.log(`types dictionary-encoded: ${[...dictTypes].sort()}; types that fell back to PLAIN: ${[...fellBack].sort()}`);
if (seedArgs.length >= 14) {
  for (const k of [...PRIMS, 'list']) if (!coverage.has(k)) fail(`no ${k} chunk with >1 page in a multi-row-group file`);
  if (fellBack.size === 0) fail('no dictionary fallback happened');
  if (multiPageChunks < 100) fail(`only ${multiPageChunks} chunks with more rows than page_rows`);
  // the decimal storage classes (and their boundaries) and the three time types were all checked
  for (const k of ['DECIMAL(9):INT32', 'DECIMAL(10):INT64', 'DECIMAL(18):INT64', 'DECIMAL(19):FIXED_LEN_BYTE_ARRAY(9)',
    'DECIMAL(38):FIXED_LEN_BYTE_ARRAY(16)',
    'TIME:INT64', 'TIMESTAMP:INT64', 'TIMESTAMP WITH TIME ZONE:INT64', 'UUID:FIXED_LEN_BYTE_ARRAY(16)'])
    if (!schemaSeen.has(k)) fail(`schema check never saw ${k}`);
}
console.log(`schema element kinds checked: ${[...schemaSeen].sort().join(', ')}`);
console.log(`seeds ${seedArgs.length}, files with >1 row group: ${multi}, dictionary chunks: ${dictChunks}, failures: ${failures}`);
if (multi === 0) fail('no file had more than one row group');
if (dictChunks === 0) fail('no dictionary-encoded chunk');
process.exit(failures ? 1 : 0);
