// gen_parquet_testdata.mjs — regenerates tests/data/parquet/*.parquet with DuckDB
// (the files the reader's unit tests, fuzz seeds and interop test start from).
// Run: cd tests/interop && npm install --no-audit --no-fund && node gen_parquet_testdata.mjs
import { DuckDBInstance } from '@duckdb/node-api';
import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { FILES } from './parquet_tables.mjs';

const out = join(dirname(fileURLToPath(import.meta.url)), '..', 'data', 'parquet');
mkdirSync(out, { recursive: true });
const db = await DuckDBInstance.create(':memory:');
const conn = await db.connect();
for (const [name, [sql, opts]] of Object.entries(FILES)) {
  await conn.run(`COPY (${sql}) TO '${join(out, name)}' (FORMAT parquet, ${opts})`);
  console.log(`wrote ${name}`);
}
