// parquet_duckdb.mjs — the DuckDB side of bench/parquet.sh.
//
// Builds the benchmark table in memory from the same integer formulas pqgen --bench uses
// (not timed), then times COPY ... TO parquet (zstd) with threads=1 and with the default
// thread count, measuring this process's CPU time (all threads) and wall time. Finally
// checks that floe's file, DuckDB's file and the table hold the same values (an
// order-independent hash sum over every column). Prints one JSON object.
// Usage: node parquet_duckdb.mjs ROWS FLOE_FILE OUTDIR
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { statSync } from 'node:fs';

const here = new URL('.', import.meta.url).pathname;
const req = createRequire(here + '../tests/interop/package.json');
const { DuckDBInstance } = await import(pathToFileURL(req.resolve('@duckdb/node-api')).href);

const [rows, floeFile, outdir] = process.argv.slice(2);
const db = await DuckDBInstance.create(':memory:');
const c = await db.connect();
const q = async (s) => (await c.runAndReadAll(s)).getRowObjectsJson();

await q(`SET TimeZone='UTC'`);
await q(`CREATE TABLE t AS SELECT
  i::BIGINT AS id,
  ((i * 7919) % 100000)::INTEGER AS qty,
  CASE WHEN i % 10 = 0 THEN NULL ELSE CAST(((i * 104729) % 100000000)::DECIMAL(18,0) * 0.01 AS DECIMAL(12,2)) END AS price,
  make_timestamp(1600000000000000 + i * 1000003)::TIMESTAMPTZ AS ts,
  'status_' || ((i * 31) % 8) AS status,
  'note-' || ((i * 2654435761) % 4294967296) AS note,
  (SELECT CAST(substr(h, 1, 8) || '-' || substr(h, 9, 4) || '-' || substr(h, 13, 4) || '-' || substr(h, 17, 4) || '-' || substr(h, 21, 12) AS UUID)
     FROM (SELECT lpad(hex(((i::HUGEINT * 11400714819323198485::HUGEINT) % 18446744073709551616::HUGEINT)::UBIGINT), 16, '0')
                  || lpad(hex(i::UBIGINT), 16, '0') AS h)) AS uid,
  CASE WHEN i % 7 = 3 THEN NULL ELSE ((i * 37) % 1000) / 8.0 END::DOUBLE AS score
  FROM range(${rows}) r(i)`);

async function timed(sql) {
  const c0 = process.cpuUsage(), w0 = process.hrtime.bigint();
  await q(sql);
  const c1 = process.cpuUsage(c0), w1 = process.hrtime.bigint();
  return { cpu_s: (c1.user + c1.system) / 1e6, wall_s: Number(w1 - w0) / 1e9 };
}

const res = {};
const threadsDefault = (await q(`SELECT current_setting('threads') AS n`))[0].n;
await q(`SET threads=1`);
res.duck_t1 = await timed(`COPY t TO '${outdir}/duck_t1.parquet' (FORMAT parquet, COMPRESSION zstd)`);
res.duck_t1.bytes = statSync(`${outdir}/duck_t1.parquet`).size;
await q(`SET threads=${threadsDefault}`);
res.duck_tn = await timed(`COPY t TO '${outdir}/duck_tn.parquet' (FORMAT parquet, COMPRESSION zstd)`);
res.duck_tn.bytes = statSync(`${outdir}/duck_tn.parquet`).size;
res.duck_tn.threads = Number(threadsDefault);

const sum = async (from) => (await q(`SELECT count(*)::VARCHAR AS n,
  sum(hash(id, qty, price, ts, status, note, uid, score) % 1000000007)::VARCHAR AS h FROM ${from}`))[0];
const st = await sum('t'), sf = await sum(`read_parquet('${floeFile}')`), sd = await sum(`read_parquet('${outdir}/duck_t1.parquet')`);
res.same_values = st.n === rows && st.h === sf.h && sf.n === st.n && sd.h === st.h;
res.hash = { table: st, floe: sf, duckdb: sd };
console.log(JSON.stringify(res));
