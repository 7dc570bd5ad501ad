// bench/parquet_read_duckdb.mjs — the DuckDB side of bench/parquet_read.sh.
// `gen ROWS DIR`: writes DIR/read_zstd.parquet and DIR/read_snappy.parquet (mixed
// table, DuckDB's writer). `read FILE`: with threads=1, materialises every column
// (CREATE TEMP TABLE AS SELECT *) and prints CPU seconds, wall seconds, rows and
// the NULL count over all columns as JSON.
import { DuckDBInstance } from '@duckdb/node-api';

const [mode, a1, a2] = process.argv.slice(2);
const db = await DuckDBInstance.create(':memory:');
const c = await db.connect();
const SQL = (rows) => `
SELECT i::BIGINT AS id,
       CASE WHEN i % 7 = 0 THEN NULL ELSE (i * 37) % 100000 END::INTEGER AS qty,
       (i * 0.25)::DOUBLE AS dbl,
       CASE WHEN i % 5 = 0 THEN NULL ELSE ((i * 7919) % 100000000) / 100 END::DECIMAL(12,2) AS price,
       'status-' || (i % 20) AS status,
       substr(md5(i::VARCHAR), 1, 16) AS token,
       TIMESTAMPTZ '2020-01-01 00:00:00+00' + to_microseconds(i * 1000003) AS ts,
       DATE '2000-01-01' + (i % 9000)::INTEGER AS day,
       CASE WHEN i % 3 = 0 THEN NULL ELSE [i % 10, i % 100] END::INTEGER[] AS tags
FROM range(${rows}) r(i)`;

if (mode === 'gen') {
  await c.run(`CREATE TABLE t AS ${SQL(Number(a1))}`);
  await c.run(`COPY t TO '${a2}/read_zstd.parquet' (FORMAT parquet, COMPRESSION zstd)`);
  await c.run(`COPY t TO '${a2}/read_snappy.parquet' (FORMAT parquet, COMPRESSION snappy)`);
} else if (mode === 'read') {
  await c.run('SET threads = 1');
  const cols = ['id', 'qty', 'dbl', 'price', 'status', 'token', 'ts', 'day', 'tags'];
  const t0 = process.cpuUsage();
  const w0 = process.hrtime.bigint();
  await c.run(`CREATE TEMP TABLE x AS SELECT * FROM read_parquet('${a1}')`);
  const w1 = process.hrtime.bigint();
  const t1 = process.cpuUsage(t0);
  const r = (await c.runAndReadAll(`SELECT count(*) AS n, ${cols.map((k) => `count(*) - count(${k})`).join(' + ')} AS nulls FROM x`)).getRowObjects()[0];
  console.log(JSON.stringify({ cpu_s: (t1.user + t1.system) / 1e6, wall_s: Number(w1 - w0) / 1e9, rows: Number(r.n), nulls: Number(r.nulls) }));
} else {
  throw new Error('usage: parquet_read_duckdb.mjs gen ROWS DIR | read FILE');
}
