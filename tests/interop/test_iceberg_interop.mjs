// test_iceberg_interop.mjs — tables written by floe (through tests/tools/icegen, the
// same table/commit code `floe run` uses) read back by independent readers:
//   * icebird reads the whole table (manifests + equality deletes) at EVERY snapshot,
//     opening each snapshot's own metadata file (icebird only reads current-snapshot-id);
//   * avsc decodes every manifest and manifest list (with BigInt longs) and we check
//     the Iceberg header keys, counts, lengths and sequence numbers; then EVERY .avro
//     file in the warehouse (data, delete, merged EXISTING and truncate DELETED
//     manifests, manifest lists) is checked against the spec's schemas exported by
//     manifest_avsc.mjs: the writer schema's field ids / element ids (and names,
//     types) equal the spec's, and decoding with the spec schema as the reader schema
//     (Avro schema resolution) gives the same values as the writer schema alone;
//   * DuckDB reads every data and delete file (read_parquet) and sees the field ids,
//     the row counts of the manifests and exactly the rows each commit wrote, and the
//     `iceberg.schema` footer key (parquet_kv_metadata): the table schema's ids, names,
//     types and required flags (equality deletes: the identifier columns, in order);
//   * `floe scan --snapshot` of every snapshot equals the expected rows, and
//     `floe history` lists every snapshot.
// Reader gaps (said where they matter): icebird compares equality-delete rows by
// column name with `!==`, so date/binary/uuid/decimal keys can never match in it —
// the `typed` table (date + uuid key) is therefore checked with floe scan + DuckDB
// only; icebird throws "No data manifest files" for a snapshot without data files
// (the truncate-only snapshot), which we expect explicitly. DuckDB cannot read the
// Iceberg table here (no iceberg extension offline), so it checks files, not deletes.
//
// usage: node test_iceberg_interop.mjs WORKDIR ICEGEN FLOE_BIN
import { spawnSync } from 'node:child_process'
import assert from 'node:assert/strict'
import fs from 'node:fs'
import path from 'node:path'
import avsc from 'avsc'
import { icebergRead } from 'icebird'
import { DuckDBInstance } from '@duckdb/node-api'
import { manifestEntryV2, manifestFileV2, sameSchema, decodeWithSpec, norm as avroNorm } from './manifest_avsc.mjs'

const [work, icegen, floeBin] = process.argv.slice(2)
const wh = path.join(work, 'wh')
const catalog = path.join(work, 'catalog.db')
let failures = 0
function fail(msg) { failures++; console.error('FAIL: ' + msg) }
function check(cond, msg) { if (!cond) fail(msg) }

// ---- a fetch that serves file:// URLs (icebird only loads through fetch) ----
const realFetch = globalThis.fetch
globalThis.fetch = async (url, init = {}) => {
  const u = String(url)
  if (!u.startsWith('file://')) return realFetch(url, init)
  const p = decodeURIComponent(new URL(u).pathname)
  let st
  try { st = fs.statSync(p) } catch { return new Response('not found', { status: 404, statusText: 'Not Found' }) }
  const headers = new Headers({ 'content-length': String(st.size) })
  if ((init.method || 'GET') === 'HEAD') return new Response(null, { status: 200, headers })
  const range = init.headers && (init.headers.Range || init.headers.range ||
    (typeof init.headers.get === 'function' && init.headers.get('range')))
  const buf = fs.readFileSync(p)
  if (range) {
    const m = /bytes=(\d+)-(\d*)/.exec(range)
    const start = Number(m[1]); const end = m[2] ? Number(m[2]) + 1 : buf.length
    return new Response(buf.subarray(start, end), { status: 206, headers: new Headers({ 'content-length': String(end - start) }) })
  }
  return new Response(buf, { status: 200, headers })
}

// ---- tables and commits ----
const simpleSchema = { type: 'struct', 'schema-id': 0, 'identifier-field-ids': [1], fields: [
  { id: 1, name: 'id', required: true, type: 'long' },
  { id: 2, name: 'name', required: true, type: 'string' },
  { id: 3, name: 'qty', required: false, type: 'int' },
  { id: 4, name: 'price', required: false, type: 'double' },
  { id: 5, name: 'note', required: false, type: 'string' }] }
const compositeSchema = { type: 'struct', 'schema-id': 0, 'identifier-field-ids': [1, 2], fields: [
  { id: 1, name: 'k1', required: true, type: 'int' },
  { id: 2, name: 'k2', required: true, type: 'string' },
  { id: 3, name: 'v', required: false, type: 'long' }] }
const typedSchema = { type: 'struct', 'schema-id': 0, 'identifier-field-ids': [1, 2], fields: [
  { id: 1, name: 'd', required: true, type: 'date' },
  { id: 2, name: 'u', required: true, type: 'uuid' },
  { id: 3, name: 'amount', required: false, type: 'decimal(20,4)' },
  { id: 4, name: 'ts', required: false, type: 'timestamp' },
  { id: 5, name: 'tstz', required: false, type: 'timestamptz' },
  { id: 6, name: 'flag', required: false, type: 'boolean' },
  { id: 7, name: 'blob', required: false, type: 'binary' },
  { id: 8, name: 'tags', required: false, type: { type: 'list', 'element-id': 9, element: 'int', 'element-required': false } }] }

const simpleRow = (id, v) => [id, `name-${id}-v${v}`, v % 3 === 0 ? null : id * 10 + v, id * 1.25 + v, v % 2 ? `note ${v}, "quoted"` : null]
const range = (a, b) => Array.from({ length: b - a + 1 }, (_, i) => a + i)
const simpleCommits = [
  { rows: range(1, 50).map(i => simpleRow(i, 1)), delete: [] },
  { rows: range(51, 80).map(i => simpleRow(i, 1)), delete: [] },
  { rows: range(81, 100).map(i => simpleRow(i, 1)), delete: [] },
  // update 5 and 60 (written in commits 1 and 2), delete 10 and 90
  { rows: [simpleRow(5, 2), simpleRow(60, 2)], delete: [[5], [60], [10], [90]] },
  // update 5 again, delete 51..55, re-insert 10, insert 101
  { rows: [simpleRow(5, 3), simpleRow(10, 3), simpleRow(101, 3)], delete: [[5], [51], [52], [53], [54], [55]] },
  // delete-only delta
  { rows: [], delete: [[1], [2], [3]] },
  // truncate and load new rows
  { truncate: true, rows: range(200, 205).map(i => simpleRow(i, 4)), delete: [] },
  { rows: [simpleRow(206, 5)], delete: [] },
  { rows: [simpleRow(200, 6)], delete: [[200]] },
]
const compositeCommits = [
  { rows: [[1, 'a', 10], [1, 'b', 20], [2, 'a', 30]], delete: [] },
  { rows: [[2, 'b', 40], [3, 'a', null]], delete: [] },
  { rows: [[3, 'b', 50]], delete: [] },
  { rows: [[1, 'a', 11]], delete: [[1, 'a'], [2, 'b']] },
  { rows: [[2, 'b', 41]], delete: [[1, 'b']] },
]
const U = n => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`
const typedRow = (day, n, v) => [day, U(n), `${n}.${String(v).padStart(4, '0')}`, 1700000000000000 + n * 1000001,
  -86400000000 + n, v % 2 === 0, (n * 16 + v).toString(16).padStart(4, "0"), v % 3 === 0 ? null : n % 5 === 1 ? [] : [n, v, null]]
const typedCommits = [
  { rows: range(1, 20).map(n => typedRow(`2024-02-${String(n).padStart(2, '0')}`, n, 1)), delete: [] },
  { rows: range(21, 30).map(n => typedRow('1999-12-31', n, 1)), delete: [] },
  { rows: range(31, 35).map(n => typedRow('1969-07-20', n, 1)), delete: [] },
  { rows: [typedRow('2024-02-03', 3, 2), typedRow('1999-12-31', 25, 2)],
    delete: [['2024-02-03', U(3)], ['1999-12-31', U(25)], ['2024-02-04', U(4)], ['1969-07-20', U(33)]] },
  { truncate: true, rows: [], delete: [] },
  { rows: [typedRow('2030-01-01', 99, 7)], delete: [] },
]

function icegenRun(lines) {
  const r = spawnSync(icegen, [wh, catalog], { input: lines.map(l => JSON.stringify(l)).join('\n') + '\n', encoding: 'utf8' })
  if (r.status !== 0) throw new Error(`icegen failed: ${r.stderr}`)
  return r.stdout.trim().split('\n').map(l => JSON.parse(l))
}

// expected live rows after each commit (deletes see only older data; then the new rows)
function model(commits, keyLen) {
  const states = []
  let state = new Map()
  for (const c of commits) {
    if (c.truncate) state = new Map()
    for (const k of c.delete) state.delete(JSON.stringify(k))
    for (const r of c.rows) {
      const k = JSON.stringify(r.slice(0, keyLen))
      if (state.has(k)) throw new Error(`test bug: key ${k} re-inserted without a delete`)
      state.set(k, r)
    }
    states.push([...state.values()])
  }
  return states
}

// id, name, type, required of schema fields (types compared without whitespace)
const typeText = t => typeof t === 'string' ? t.replace(/\s+/g, '')
  : { type: t.type, 'element-id': t['element-id'], element: typeText(t.element), 'element-required': t['element-required'] }
const schemaFields = fields => fields.map(f => ({ id: f.id, name: f.name, required: f.required, type: typeText(f.type) }))

const norm = v => v === null || v === undefined ? 'null' : typeof v === 'bigint' ? v.toString() : String(v)
const rowKey = vals => vals.map(norm).join('|')
const sorted = rows => rows.map(rowKey).sort()
function sameRows(got, want, what) {
  const g = sorted(got); const w = sorted(want)
  if (g.length !== w.length || g.some((x, i) => x !== w[i])) {
    const missing = w.filter(x => !g.includes(x)).slice(0, 5)
    const extra = g.filter(x => !w.includes(x)).slice(0, 5)
    fail(`${what}: got ${g.length} rows, want ${w.length}; missing ${JSON.stringify(missing)} extra ${JSON.stringify(extra)}`)
    return false
  }
  return true
}

function floeConfig() {
  const p = path.join(work, 'floe.yaml')
  fs.writeFileSync(p, `source:\n  dsn: "host=/nonexistent"\nwarehouse:\n  location: ${wh}\ncatalog:\n  uri: ${catalog}\n`)
  return p
}
function floe(args) {
  const r = spawnSync(floeBin, args, { encoding: 'utf8', maxBuffer: 1 << 28 })
  if (r.status !== 0) throw new Error(`floe ${args.join(' ')}: exit ${r.status}: ${r.stderr}`)
  return r.stdout
}

// canonical text of a value of an Iceberg type as floe scan prints it (JSON) — used for the typed table
function floeJson(type, v) {
  if (v === null) return null
  if (type === 'uuid') return v
  if (type === 'binary') return '\\x' + v
  if (type === 'date') return v
  if (type.startsWith('decimal')) return Number(v) // ≤ 15 digits print as numbers
  if (type === 'timestamp' || type === 'timestamptz') {
    const d = new Date(Math.floor(v / 1000)); const us = ((v % 1000000) + 1000000) % 1000000
    let s = d.toISOString().slice(0, 19)
    if (us) s += '.' + String(us).padStart(6, '0').replace(/0+$/, '')
    return type === 'timestamptz' ? s + '+00:00' : s
  }
  return v
}

const avroLong = avsc.types.LongType.__with({
  fromBuffer: b => b.readBigInt64LE(),
  toBuffer: n => { const b = Buffer.alloc(8); b.writeBigInt64LE(BigInt(n)); return b },
  fromJSON: BigInt, toJSON: Number, isValid: n => typeof n === 'bigint',
  compare: (a, b) => a === b ? 0 : a < b ? -1 : 1,
})
function avroDecode(file) {
  return new Promise((resolve, reject) => {
    const records = []; let header = null
    avsc.createFileDecoder(file, { parseHook: s => avsc.Type.forSchema(s, { registry: { long: avroLong } }) })
      .on('metadata', (type, codec, h) => { header = { type, codec, meta: h.meta } })
      .on('data', r => records.push(r))
      .on('error', reject)
      .on('end', () => resolve({ header, records }))
  })
}

async function checkTable(duck, name, schema, commits, opts) {
  const [ns, tn] = name.split('.')
  const keyLen = schema['identifier-field-ids'].length
  const out = icegenRun([{ op: 'create', table: name, schema, properties: opts.properties || {} },
    ...commits.map((c, i) => ({ op: 'commit', table: name, rows: c.rows, delete: c.delete, truncate: !!c.truncate,
      summary: { 'floe.lsn': `0/${(i + 1) * 16}`, 'floe.slot': 'floe' } }))])
  const snaps = out.slice(1)
  const states = model(commits, keyLen)
  const tableDir = path.join(wh, ns, tn)
  const tableUrl = 'file://' + tableDir
  const cfg = floeConfig()
  const names = schema.fields.map(f => f.name)
  const types = schema.fields.map(f => typeof f.type === 'string' ? f.type : 'list')

  // sequence numbers 1..n, one metadata version per commit
  snaps.forEach((s, i) => {
    check(s.sequence_number === i + 1, `${name}: commit ${i + 1} got sequence number ${s.sequence_number}`)
    check(path.basename(s.metadata).startsWith(String(i + 1).padStart(5, '0') + '-'), `${name}: metadata name ${s.metadata}`)
  })

  // floe history lists every snapshot, in order, with floe.lsn
  const hist = floe(['history', '-c', cfg, name, '--format', 'jsonl']).trim().split('\n').map(l => JSON.parse(l))
  check(hist.length === snaps.length, `${name}: floe history shows ${hist.length} snapshots, want ${snaps.length}`)
  hist.forEach((h, i) => {
    check(String(h.snapshot_id) === String(snaps[i].snapshot_id), `${name}: history[${i}] id`)
    check(h.summary['floe.lsn'] === `0/${(i + 1) * 16}`, `${name}: history[${i}] floe.lsn ${h.summary['floe.lsn']}`)
    check(h.is_current_ancestor === true, `${name}: history[${i}] not an ancestor`)
  })

  for (let i = 0; i < snaps.length; i++) {
    const want = states[i]
    // floe scan of every snapshot
    const lines = floe(['scan', '-c', cfg, name, '--snapshot', String(snaps[i].snapshot_id)]).split('\n').filter(Boolean)
    const got = lines.map(l => { const o = JSON.parse(l); return names.map(n => Array.isArray(o[n]) ? JSON.stringify(o[n]) : o[n]) })
    const wantFloe = want.map(r => r.map((v, k) => types[k] === 'list' ? (v === null ? null : JSON.stringify(v)) : floeJson(types[k], v)))
    sameRows(got, wantFloe, `${name}: floe scan of snapshot ${i + 1}`)
    // --as-of the time it became current (ISO with ms) gives the same rows, unless a later
    // snapshot became current in the same millisecond (then that one is the answer)
    let j = i
    while (j + 1 < hist.length && hist[j + 1].made_current_at === hist[i].made_current_at) j++
    if (j === i) {
      const asof = floe(['scan', '-c', cfg, name, '--as-of', hist[i].made_current_at]).split('\n').filter(Boolean)
      check(asof.length === lines.length && asof.every((l, k) => l === lines[k]), `${name}: floe scan --as-of ${hist[i].made_current_at}`)
    }

    // icebird at this snapshot
    if (opts.icebird) {
      const hasData = want.length > 0 || commits.slice(0, i + 1).some(c => c.rows.length)
      try {
        const rows = await icebergRead({ tableUrl, metadataFileName: path.basename(snaps[i].metadata) })
        sameRows(rows.map(r => names.map(n => r[n])), want, `${name}: icebird at snapshot ${i + 1}`)
      } catch (e) {
        if (hasData || !/No data manifest/.test(e.message)) fail(`${name}: icebird at snapshot ${i + 1}: ${e.message}`)
      }
    }
  }

  // every manifest and manifest list decodes with avsc; check what it says
  const metaDir = path.join(tableDir, 'metadata')
  const lists = fs.readdirSync(metaDir).filter(f => f.startsWith('snap-'))
  let merged = 0
  check(lists.length === snaps.length, `${name}: ${lists.length} manifest lists for ${snaps.length} snapshots (leftovers?)`)
  const manifests = new Map()
  for (const f of fs.readdirSync(metaDir).filter(f => f.endsWith('.avro') && !f.startsWith('snap-'))) {
    const { header, records } = await avroDecode(path.join(metaDir, f))
    const meta = Object.fromEntries(Object.entries(header.meta).map(([k, v]) => [k, v.toString()]))
    check(meta['format-version'] === '2', `${f}: format-version ${meta['format-version']}`)
    check(meta['partition-spec'] === '[]', `${f}: partition-spec ${meta['partition-spec']}`)
    check(JSON.parse(meta.schema).fields.length === schema.fields.length, `${f}: schema metadata`)
    check(meta.content === 'data' || meta.content === 'deletes', `${f}: content ${meta.content}`)
    check(header.codec === 'null', `${f}: codec ${header.codec} (icebird reads null best)`)
    for (const r of records) {
      check((r.data_file.content === 0) === (meta.content === 'data'), `${f}: entry content ${r.data_file.content} in a ${meta.content} manifest`)
      if (r.status !== 1) check(r.sequence_number !== null && r.file_sequence_number !== null, `${f}: EXISTING/DELETED entry without sequence numbers`)
      else check(r.sequence_number === null, `${f}: ADDED entry with an explicit sequence number`)
      if (r.data_file.content === 2) check(JSON.stringify(r.data_file.equality_ids) === JSON.stringify(schema['identifier-field-ids']), `${f}: equality_ids`)
    }
    manifests.set('file://' + path.join(metaDir, f), { meta, records })
  }
  for (const f of lists) {
    const { header, records } = await avroDecode(path.join(metaDir, f))
    const meta = Object.fromEntries(Object.entries(header.meta).map(([k, v]) => [k, v.toString()]))
    const seq = BigInt(meta['sequence-number'])
    check(meta['format-version'] === '2' && meta['snapshot-id'], `${f}: manifest list metadata`)
    for (const m of records) {
      const man = manifests.get(m.manifest_path)
      if (!man) { fail(`${f}: lists missing manifest ${m.manifest_path}`); continue }
      check(BigInt(fs.statSync(new URL(m.manifest_path).pathname).size) === m.manifest_length, `${f}: manifest_length of ${m.manifest_path}`)
      check(m.sequence_number <= seq && m.min_sequence_number <= m.sequence_number, `${f}: sequence numbers ${m.sequence_number}/${m.min_sequence_number} vs ${seq}`)
      const added = man.records.filter(r => r.status === 1).length
      const deleted = man.records.filter(r => r.status === 2).length
      const existing = man.records.filter(r => r.status === 0).length
      check(m.added_files_count === added && m.deleted_files_count === deleted && m.existing_files_count === existing,
        `${f}: file counts of ${m.manifest_path}`)
      if (existing) merged++
      check(m.content === (man.meta.content === 'data' ? 0 : 1), `${f}: content of ${m.manifest_path}`)
      const rows = man.records.filter(r => r.status === 1).reduce((a, r) => a + r.data_file.record_count, 0n)
      check(m.added_rows_count === rows, `${f}: added_rows_count of ${m.manifest_path}`)
    }
  }

  // DuckDB: every file's field ids, record counts, and each commit's rows
  const fileCommit = new Map()
  let footers = 0
  for (const { records } of manifests.values())
    for (const r of records) if (r.status === 1) fileCommit.set(r.data_file.file_path, r)
  const dataFiles = fs.readdirSync(path.join(tableDir, 'data'))
  check(dataFiles.length === fileCommit.size, `${name}: ${dataFiles.length} files in data/, ${fileCommit.size} in manifests`)
  for (const [fp, entry] of fileCommit) {
    const p = new URL(fp).pathname
    const cnt = await duck.runAndReadAll(`SELECT count(*)::BIGINT AS n FROM read_parquet('${p}')`)
    check(BigInt(cnt.getRowObjectsJson()[0].n) === entry.data_file.record_count, `${name}: DuckDB row count of ${p}`)
    check(BigInt(fs.statSync(p).size) === entry.data_file.file_size_in_bytes, `${name}: file_size_in_bytes of ${p}`)
    const sch = (await duck.runAndReadAll(`SELECT name, field_id FROM parquet_schema('${p}') WHERE field_id IS NOT NULL`)).getRowObjectsJson()
    const isEq = entry.data_file.content === 2
    const cols = isEq ? schema['identifier-field-ids'].map(id => schema.fields.find(f => f.id === id)) : schema.fields
    for (const c of cols) {
      const col = sch.find(s => s.name === c.name)
      check(col && Number(col.field_id) === c.id, `${name}: ${p} column ${c.name} field_id ${col && col.field_id}`)
    }
    // the iceberg.schema footer key: the table schema (data files) or the equality
    // columns in identifier order under the table's schema id (equality deletes)
    const kvRows = (await duck.runAndReadAll(`SELECT decode(key) AS k, decode(value) AS v FROM parquet_kv_metadata('${p}')`)).getRowObjectsJson()
    const kvSchema = kvRows.filter(r => r.k === 'iceberg.schema')
    if (kvSchema.length !== 1) fail(`${name}: ${p} has ${kvSchema.length} iceberg.schema keys, want 1`)
    else {
      let fs_ = null
      try { fs_ = JSON.parse(kvSchema[0].v) } catch (e) { fail(`${name}: ${p} iceberg.schema is not JSON: ${e.message}`) }
      if (fs_) {
        footers++
        check(fs_.type === 'struct' && fs_['schema-id'] === schema['schema-id'], `${name}: ${p} iceberg.schema type/schema-id ${fs_.type}/${fs_['schema-id']}`)
        const got = JSON.stringify(schemaFields(fs_.fields))
        const want = JSON.stringify(schemaFields(cols))
        check(got === want, `${name}: ${p} iceberg.schema fields\n   got  ${got}\n   want ${want}`)
        if (!isEq) check(JSON.stringify(fs_['identifier-field-ids'] || []) === JSON.stringify(schema['identifier-field-ids']),
          `${name}: ${p} iceberg.schema identifier-field-ids ${JSON.stringify(fs_['identifier-field-ids'])}`)
        // every column in the Parquet schema is one of them, with its id
        const ids = new Map(fs_.fields.map(f => [f.name, f.id]))
        for (const s of sch.filter(s => ids.has(s.name))) check(Number(s.field_id) === ids.get(s.name), `${name}: ${p} Parquet column ${s.name} id vs iceberg.schema`)
        check(fs_.fields.every(f => sch.some(s => s.name === f.name)), `${name}: ${p} iceberg.schema names a column the file lacks`)
      }
    }
    // the rows of this file are exactly those of its commit
    const idx = snaps.findIndex(s => BigInt(s.snapshot_id) === entry.snapshot_id)
    if (idx < 0) { fail(`${name}: ${p} added by unknown snapshot ${entry.snapshot_id}`); continue }
    const wantRows = isEq ? commits[idx].delete : commits[idx].rows
    const sel = cols.map(c => {
      const t = typeof c.type === 'string' ? c.type : 'list'
      if (t === 'timestamp' || t === 'timestamptz') return `epoch_us("${c.name}")::VARCHAR`
      if (t === 'uuid') return `"${c.name}"::VARCHAR`
      if (t === 'binary') return `hex("${c.name}")`
      if (t === 'date') return `strftime("${c.name}", '%Y-%m-%d')`
      if (t === 'list') return `to_json("${c.name}")::VARCHAR`
      if (t === 'long') return `"${c.name}"::VARCHAR`
      return `"${c.name}"`
    }).join(', ')
    const got = (await duck.runAndReadAll(`SELECT ${sel} FROM read_parquet('${p}')`)).getRowsJson()
    const want = wantRows.map(r => r.slice(0, cols.length).map((v, k) => {
      const t = typeof cols[k].type === 'string' ? cols[k].type : 'list'
      if (v === null) return null
      if (t === 'binary') return v.toUpperCase()
      if (t === 'list') return JSON.stringify(v)
      if (t.startsWith('decimal')) return v
      return v
    }))
    sameRows(got.map(r => r.map(v => typeof v === 'string' && /^-?\d+\.\d+$/.test(v) ? String(Number(v)) : v)),
      want.map(r => r.map(v => typeof v === 'string' && /^-?\d+\.\d+$/.test(v) ? String(Number(v)) : v)),
      `${name}: DuckDB rows of ${path.basename(p)}`)
  }
  if (opts.properties && opts.properties['commit.manifest.min-count-to-merge'])
    check(merged > 0, `${name}: manifest merging was configured but no manifest list holds a merged manifest`)
  console.log(`ok ${name}: ${snaps.length} snapshots, ${manifests.size} manifests (${merged} merged listed), ${fileCommit.size} files (${footers} iceberg.schema footers checked)`)
}

const duck = await (await DuckDBInstance.create(':memory:')).connect()
await checkTable(duck, 'db.simple', simpleSchema, simpleCommits, { icebird: true })
// composite merges manifests every 3 (EXISTING entries with their original sequence numbers)
await checkTable(duck, 'db.composite', compositeSchema, compositeCommits, { icebird: true,
  properties: { 'commit.manifest.min-count-to-merge': '3' } })
await checkTable(duck, 'other.typed', typedSchema, typedCommits, { icebird: false })
// every .avro file in the warehouse against the spec's schemas (manifest_avsc.mjs)
{
  const walk = d => fs.readdirSync(d, { withFileTypes: true }).flatMap(e =>
    e.isDirectory() ? walk(path.join(d, e.name)) : e.name.endsWith('.avro') ? [path.join(d, e.name)] : [])
  const counts = { manifests: 0, lists: 0, records: 0, existing: 0, deleted: 0, deletes: 0 }
  for (const f of walk(wh)) {
    const isList = path.basename(f).startsWith('snap-')
    const spec = isList ? manifestFileV2 : manifestEntryV2
    try {
      const own = await avroDecode(f)
      const viaSpec = await decodeWithSpec(f, spec)
      sameSchema(spec, JSON.parse(viaSpec.meta['avro.schema']), `${path.basename(f)}:${spec.name}`)
      const a = own.records.map(avroNorm); const b = viaSpec.records.map(avroNorm)
      check(a.length > 0, `${f}: no records`)
      assert.deepStrictEqual(b, a, `${f}: values decoded with the spec reader schema differ from the writer schema's`)
      counts[isList ? 'lists' : 'manifests']++
      counts.records += a.length
      if (!isList) {
        counts.existing += own.records.filter(r => r.status === 0).length
        counts.deleted += own.records.filter(r => r.status === 2).length
        counts.deletes += own.records.filter(r => r.data_file.content !== 0).length
      }
    } catch (e) { fail(`${f}: ${e.message}`) }
  }
  // the run must have produced every kind the spec check is meant to cover
  check(counts.existing > 0 && counts.deleted > 0 && counts.deletes > 0 && counts.lists > 0,
    `spec schemas: not every manifest kind was checked ${JSON.stringify(counts)}`)
  console.log(`ok spec schemas: ${counts.manifests} manifests (${counts.existing} EXISTING, ${counts.deleted} DELETED, ${counts.deletes} delete-file entries) and ${counts.lists} manifest lists, ${counts.records} records`)
}
// expiry: keep the newest 3 snapshots of db.simple (its truncate is older, so the files it
// removed go); icebird still reads the current snapshot, floe scan still reads all three kept
{
  const before = floe(['scan', '-c', floeConfig(), 'db.simple']).split('\n').filter(Boolean).sort()
  const [ex] = icegenRun([{ op: 'expire', table: 'db.simple', retain: 3 }])
  check(ex.expired === 6, `expire: ${ex.expired} snapshots expired, want 6`)
  check(ex.files_deleted > 0, 'expire: no file deleted although a truncate is expired')
  const after = floe(['scan', '-c', floeConfig(), 'db.simple']).split('\n').filter(Boolean).sort()
  check(JSON.stringify(before) === JSON.stringify(after), 'expire: floe scan changed')
  const hist = floe(['history', '-c', floeConfig(), 'db.simple', '--format', 'jsonl']).trim().split('\n')
  check(hist.length === 3, `expire: history shows ${hist.length} snapshots`)
  for (const h of hist) floe(['scan', '-c', floeConfig(), 'db.simple', '--snapshot', String(JSON.parse(h).snapshot_id)])
  const rows = await icebergRead({ tableUrl: 'file://' + path.join(wh, 'db', 'simple'), metadataFileName: path.basename(ex.metadata) })
  const names = simpleSchema.fields.map(f => f.name)
  sameRows(rows.map(r => names.map(n => r[n])), model(simpleCommits, 1).at(-1), 'icebird after expiry')
  // every file left under data/ is live in a kept snapshot, every manifest decodes
  for (const f of fs.readdirSync(path.join(wh, 'db', 'simple', 'metadata')).filter(f => f.endsWith('.avro')))
    await avroDecode(path.join(wh, 'db', 'simple', 'metadata', f))
  console.log(`ok expiry: ${ex.expired} snapshots, ${ex.files_deleted} files, ${ex.manifests_deleted} manifests deleted`)
}
// `floe tables` lists all three with their current snapshots
const tabs = floe(['tables', '-c', floeConfig(), '--format', 'jsonl']).trim().split('\n').map(l => JSON.parse(l))
check(tabs.map(t => t.table).join(',') === 'db.composite,db.simple,other.typed', `floe tables: ${tabs.map(t => t.table)}`)
check(tabs.every(t => t.snapshot_id !== null), 'floe tables: a table without a snapshot')
if (failures) { console.error(`${failures} failure(s)`); process.exit(1) }
console.log('all interop checks passed')
