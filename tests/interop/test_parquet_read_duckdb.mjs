// test_parquet_read_duckdb.mjs — floe's Parquet reader against DuckDB, live.
// DuckDB writes the tables of parquet_tables.mjs with every codec, v1 and v2
// pages and several row-group sizes (plus the committed tests/data/parquet
// files); for each file `floe parquet-dump --values all` must give exactly the
// values DuckDB's own reader returns (typed comparison: floats bit-exact, NaN,
// -0.0, decimals as text, 64-bit integers exact, dates/times/timestamps in
// floe's text form computed here from DuckDB's raw day/µs/ns counts), and the
// same row count and per-chunk null counts. Unsupported shapes and codecs must
// fail or be skipped with a clear message. Usage: node this.mjs FLOE_BIN
import { DuckDBInstance } from '@duckdb/node-api';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { TYPES_SQL, NESTED_SQL, BIG_SQL, FILES } from './parquet_tables.mjs';

const floe = process.argv[2];
if (!floe) throw new Error('usage: node test_parquet_read_duckdb.mjs FLOE_BIN');
const dataDir = join(dirname(fileURLToPath(import.meta.url)), '..', 'data', 'parquet');
const tmp = mkdtempSync(join(tmpdir(), 'floe-pqread-'));
let failures = 0;
let checked = 0;

function fail(msg) {
  console.error(`FAIL: ${msg}`);
  failures++;
}

// ---- floe's JSON forms, recomputed from DuckDB's raw values
function civil(z) {
  z += 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  let y = yoe + era * 400;
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const m = mp < 10 ? mp + 3 : mp - 9;
  if (m <= 2) y++;
  return [y, m, d];
}
const p2 = (n) => String(n).padStart(2, '0');
function dateText(days) {
  const [y, m, d] = civil(days);
  const ys = y < 0 || y > 9999 ? (y < 0 ? '-' : '+') + String(Math.abs(y)).padStart(4, '0') : String(y).padStart(4, '0');
  return `${ys}-${p2(m)}-${p2(d)}`;
}
function timeText(us) { // us: BigInt within a day
  const s = us / 1000000n;
  const frac = us % 1000000n;
  let t = `${p2(s / 3600n)}:${p2((s / 60n) % 60n)}:${p2(s % 60n)}`;
  if (frac !== 0n) t += '.' + String(frac).padStart(6, '0').replace(/0+$/, '');
  return t;
}
function tsText(us, tz) {
  let days = us / 86400000000n;
  let rem = us % 86400000000n;
  if (rem < 0n) { rem += 86400000000n; days -= 1n; }
  return `${dateText(Number(days))}T${timeText(rem)}${tz ? '+00:00' : ''}`;
}
function decimalExpected(text) {
  const digits = text.replace('-', '').replace('.', '');
  return BigInt(digits) < 1000000000000000n ? Number(text) : text;
}
const hex = (bytes) => Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');

// Expected JS value of floe's JSON for a DuckDB value.
function expected(v) {
  if (v === null || v === undefined) return null;
  if (typeof v === 'boolean' || typeof v === 'string') return v;
  if (typeof v === 'number') {
    if (Number.isNaN(v)) return 'NaN';
    if (v === Infinity) return 'Infinity';
    if (v === -Infinity) return '-Infinity';
    return v;
  }
  if (typeof v === 'bigint') {
    const lim = 1n << 53n;
    return v > lim || v < -lim ? String(v) : Number(v);
  }
  switch (v.constructor.name) {
    case 'DuckDBDecimalValue': return decimalExpected(v.toString());
    case 'DuckDBBlobValue': return '\\x' + hex(v.bytes);
    case 'DuckDBUUIDValue': return v.toString();
    case 'DuckDBDateValue': return dateText(v.days);
    case 'DuckDBTimeValue': return timeText(v.micros);
    case 'DuckDBTimestampValue': return tsText(v.micros, false);
    case 'DuckDBTimestampTZValue': return tsText(v.micros, true);
    case 'DuckDBTimestampMillisecondsValue': return tsText(v.millis * 1000n, false);
    case 'DuckDBTimestampNanosecondsValue': return tsText(v.nanos / 1000n, false);
    case 'DuckDBListValue': return v.items.map(expected);
    default: throw new Error(`no expected form for ${v.constructor.name}`);
  }
}

function same(got, exp, isFloat) {
  if (Array.isArray(exp)) {
    return Array.isArray(got) && got.length === exp.length && exp.every((e, i) => same(got[i], e, isFloat));
  }
  if (typeof exp === 'number' && typeof got === 'number') {
    return isFloat ? Object.is(Math.fround(got), exp) : Object.is(got, exp);
  }
  return got === exp;
}

const db = await DuckDBInstance.create(':memory:');
const conn = await db.connect();
await conn.run('SET threads = 1');

// legacyTz: columns annotated only with the converted type TIMESTAMP_MILLIS/MICROS.
// LogicalTypes.md defines those as isAdjustedToUTC = true, so floe reads them as
// timestamptz ("+00:00"); DuckDB reads them as local timestamps. Same instant.
async function check(file, { skipped = [], legacyTz = [] } = {}) {
  const res = await conn.runAndReadAll(`SELECT * FROM read_parquet('${file}')`);
  const names = res.columnNames();
  const types = res.columnTypes().map((t) => t.toString());
  const rows = res.getRowObjects();
  const out = spawnSync(floe, ['parquet-dump', '--values', 'all', file], { encoding: 'utf8', maxBuffer: 1 << 28 });
  if (out.status !== 0) return fail(`${file}: floe exit ${out.status}: ${out.stderr}`);
  for (const s of skipped) {
    if (!out.stderr.includes(`column '${s}' skipped`)) fail(`${file}: expected column '${s}' to be reported as skipped`);
  }
  const lines = out.stdout.split('\n').filter((l) => l.length);
  if (lines.length !== rows.length) return fail(`${file}: floe gave ${lines.length} rows, DuckDB ${rows.length}`);
  let bad = 0;
  lines.forEach((line, i) => {
    const got = JSON.parse(line);
    names.forEach((n, c) => {
      if (skipped.includes(n)) {
        if (n in got) fail(`${file}: skipped column '${n}' printed`);
        return;
      }
      let exp = expected(rows[i][n]);
      if (legacyTz.includes(n) && typeof exp === 'string') exp += '+00:00';
      const isFloat = types[c] === 'FLOAT' || types[c] === 'FLOAT[]';
      if (!(n in got) || !same(got[n], exp, isFloat)) {
        if (bad++ < 5) fail(`${file}: row ${i} column '${n}' (${types[c]}): floe ${JSON.stringify(got[n])}, DuckDB ${JSON.stringify(exp)}`);
      }
      checked++;
    });
  });
  // metadata: row count and per-chunk null counts as DuckDB reports them
  const meta = execFileSync(floe, ['parquet-dump', file], { encoding: 'utf8' });
  const numRows = Number(/^num_rows: (\d+)$/m.exec(meta)[1]);
  if (numRows !== rows.length) fail(`${file}: num_rows ${numRows} vs ${rows.length}`);
  const md = (await conn.runAndReadAll(
    `SELECT row_group_id, path_in_schema, stats_null_count FROM parquet_metadata('${file}') ORDER BY row_group_id, column_id`)).getRowObjects();
  const floeNulls = [...meta.matchAll(/^ {2}column (\S+): [^\n]*\n(?: {4}statistics:[^\n]*?null_count=(\d+))?/gm)]
    .map((m) => [m[1], m[2] === undefined ? null : BigInt(m[2])]);
  if (floeNulls.length !== md.length) return fail(`${file}: ${floeNulls.length} column chunks vs DuckDB's ${md.length}`);
  md.forEach((r, k) => {
    const path = String(r.path_in_schema).replaceAll(', ', '.');
    if (floeNulls[k][0] !== path) fail(`${file}: chunk ${k} path '${floeNulls[k][0]}' vs '${path}'`);
    if (r.stats_null_count !== null && floeNulls[k][1] !== r.stats_null_count)
      fail(`${file}: chunk ${k} null_count ${floeNulls[k][1]} vs ${r.stats_null_count}`);
  });
}

// 1. fresh files, written now by DuckDB with every codec, both page versions, several row-group sizes
const live = [];
for (const codec of ['uncompressed', 'snappy', 'gzip', 'zstd']) {
  for (const version of ['V1', 'V2']) {
    for (const [tag, sql, rg] of [['types', TYPES_SQL, 3], ['big', BIG_SQL, 700]]) {
      const f = join(tmp, `${tag}_${codec}_${version}.parquet`);
      await conn.run(`COPY (${sql}) TO '${f}' (FORMAT parquet, COMPRESSION ${codec}, PARQUET_VERSION ${version}, ROW_GROUP_SIZE ${rg})`);
      live.push(f);
    }
  }
}
for (const f of live) await check(f);
const nested = join(tmp, 'nested.parquet');
await conn.run(`COPY (${NESTED_SQL}) TO '${nested}' (FORMAT parquet)`);
await check(nested, { skipped: ['st', 'm', 'll', 'ls'] });

// nanosecond timestamps that are not whole microseconds: a clear error, never a silent rounding
const ns = join(tmp, 'ns.parquet');
await conn.run(`COPY (SELECT TIMESTAMP_NS '2024-01-01 00:00:00.000000001' AS t) TO '${ns}' (FORMAT parquet)`);
{
  const out = spawnSync(floe, ['parquet-dump', '--values', 'all', ns], { encoding: 'utf8' });
  if (out.status !== 1 || !out.stderr.includes("column 't'") || !out.stderr.includes('not a whole number of microseconds'))
    fail(`ns.parquet: expected a clear sub-microsecond error, got exit ${out.status}: ${out.stderr}`);
}

// 2. the committed files (what the unit tests and fuzz seeds use)
for (const name of readdirSync(dataDir).filter((n) => n.endsWith('.parquet')).sort()) {
  const f = join(dataDir, name);
  if (name === 'types_lz4.parquet') {
    const out = spawnSync(floe, ['parquet-dump', '--values', '1', f], { encoding: 'utf8' });
    if (out.status !== 1 || !out.stderr.includes("unsupported compression codec 'lz4_raw'") || !out.stderr.includes(name))
      fail(`${name}: expected a clear lz4_raw error, got exit ${out.status}: ${out.stderr}`);
    continue;
  }
  if (name.startsWith('hyparquet_')) { // gen_parquet_hyparquet.mjs: v2 pages, delta encodings
    await check(f, { legacyTz: ['ts'] });
    continue;
  }
  if (name.startsWith('arrow_')) { // gen_parquet_arrow.mjs: arrow-rs, v1/v2 pages, dictionary fallback, delta
    await check(f);
    continue;
  }
  if (!(name in FILES)) fail(`${name}: not produced by gen_parquet_testdata.mjs`);
  await check(f, { skipped: name === 'nested.parquet' ? ['st', 'm', 'll', 'ls'] : [] });
}

rmSync(tmp, { recursive: true, force: true });
if (failures) {
  console.error(`${failures} failure(s)`);
  process.exit(1);
}
console.log(`ok: ${checked} values in ${live.length + 1} live and ${readdirSync(dataDir).length} committed files match DuckDB`);
