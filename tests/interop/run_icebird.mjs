// run_icebird.mjs — reads the current snapshot of an Iceberg table written by `floe run`
// with icebird (an independent JavaScript reader: manifests, equality deletes, Parquet via
// hyparquet) and prints its live rows as JSON lines in the value forms `floe scan` uses,
// so tests/integration/run_compare.py can compare them with PostgreSQL's own rendering.
//
// Reader adjustments (said where they matter): icebird loads only through the global
// fetch, so file:// URLs are served here; hyparquet's default parsers turn timestamps into
// JS Dates (milliseconds) and dates into Dates, so we swap in parsers that keep the
// microseconds and day numbers exactly (the same module instance icebird uses);
// hyparquet decodes byte arrays to UTF-8 text, so we keep them as latin1 and decode per
// Iceberg type (strings as UTF-8, binary as hex);
// hyparquet decodes decimals to JS doubles, so decimals are only as exact as a double
// (run_compare.py --approx-decimal). Longs stay BigInt (exact).
//
// usage: node run_icebird.mjs METADATA_FILE_URI > rows.jsonl
import fs from 'node:fs'
import path from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { icebergRead } from 'icebird'

// the hyparquet instance icebird itself uses (npm may nest a copy under icebird)
const here = path.dirname(fileURLToPath(import.meta.url))
const nested = path.join(here, 'node_modules/icebird/node_modules/hyparquet/src/convert.js')
const convertJs = fs.existsSync(nested) ? nested : path.join(here, 'node_modules/hyparquet/src/convert.js')
const { DEFAULT_PARSERS } = await import(pathToFileURL(convertJs).href)

const metaUri = process.argv[2]
if (!metaUri) { console.error('usage: node run_icebird.mjs METADATA_FILE_URI'); process.exit(2) }

DEFAULT_PARSERS.timestampFromMicroseconds = micros => ({ micros: BigInt(micros) })
DEFAULT_PARSERS.dateFromDays = days => ({ days: Number(days) })
// byte arrays as latin1 (one char per byte): strings and binaries stay exact, and
// icebird's `!==` equality-delete matching still works on them
DEFAULT_PARSERS.stringFromBytes = bytes => bytes && Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('latin1')

const realFetch = globalThis.fetch
globalThis.fetch = async (url, init = {}) => {
  const u = String(url)
  if (!u.startsWith('file://')) return realFetch(url, init)
  const p = decodeURIComponent(new URL(u).pathname)
  let st
  try { st = fs.statSync(p) } catch { return new Response('not found', { status: 404, statusText: 'Not Found' }) }
  const headers = new Headers({ 'content-length': String(st.size) })
  if ((init.method || 'GET') === 'HEAD') return new Response(null, { status: 200, headers })
  const h = init.headers
  const range = h && (h.Range || h.range || (typeof h.get === 'function' && h.get('range')))
  const buf = fs.readFileSync(p)
  if (range) {
    const m = /bytes=(\d+)-(\d*)/.exec(range)
    const start = Number(m[1]); const end = m[2] ? Number(m[2]) + 1 : buf.length
    return new Response(buf.subarray(start, end), { status: 206, headers: new Headers({ 'content-length': String(end - start) }) })
  }
  return new Response(buf, { status: 200, headers })
}

const pad = (n, w = 2) => String(n).padStart(w, '0')
function frac(us) { // µs within a second → ".ffffff" without trailing zeros, or ""
  if (us === 0n) return ''
  return '.' + pad(us, 6).replace(/0+$/, '')
}
function civil(days) { // days since 1970 → YYYY-MM-DD (proleptic Gregorian, UTC)
  const d = new Date(Number(days) * 86400000)
  const y = d.getUTCFullYear()
  return `${y < 0 ? '-' + pad(-y, 4) : pad(y, 4)}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`
}
function timeOfDay(us) {
  us = BigInt(us)
  const h = us / 3600000000n, m = (us / 60000000n) % 60n, s = (us / 1000000n) % 60n
  return `${pad(h)}:${pad(m)}:${pad(s)}${frac(us % 1000000n)}`
}
function timestamp(us, tz) {
  const day = 86400000000n
  let days = us / day, rem = us % day
  if (rem < 0n) { rem += day; days -= 1n }
  return `${civil(days)}T${timeOfDay(rem)}${tz ? '+00:00' : ''}`
}
function num(v) {
  if (typeof v === 'number' && !Number.isFinite(v)) return Number.isNaN(v) ? 'NaN' : v > 0 ? 'Infinity' : '-Infinity'
  return v
}
function conv(type, v) {
  if (v === null || v === undefined) return null
  if (typeof type === 'object' && type.type === 'list') return Array.from(v, x => conv(type.element, x))
  if (type === 'long') {
    const b = BigInt(v)
    return b > 9007199254740991n || b < -9007199254740991n ? String(b) : Number(b)
  }
  if (type === 'int' || type === 'boolean') return typeof v === 'bigint' ? Number(v) : v
  if (type === 'float' || type === 'double') return num(Number(v))
  if (type.startsWith('decimal')) return num(Number(v))
  if (type === 'date') return civil(v.days ?? v)
  if (type === 'time') return timeOfDay(v)
  if (type === 'timestamp') return timestamp(v.micros ?? BigInt(v), false)
  if (type === 'timestamptz') return timestamp(v.micros ?? BigInt(v), true)
  if (type === 'binary' || type.startsWith('fixed')) {
    const b = typeof v === 'string' ? Buffer.from(v, 'latin1') : Buffer.from(v)
    return '\\x' + b.toString('hex')
  }
  if (type === 'string') return Buffer.from(v, 'latin1').toString('utf8')
  if (type === 'uuid' && typeof v !== 'string') { // icebird's hyparquet 1.19 leaves UUID as bytes
    const h = Buffer.from(v).toString('hex')
    return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`
  }
  return v
}

const metaPath = decodeURIComponent(new URL(metaUri).pathname)
const meta = JSON.parse(fs.readFileSync(metaPath, 'utf8'))
const schema = meta.schemas.find(s => s['schema-id'] === meta['current-schema-id'])
const tableUrl = 'file://' + path.dirname(path.dirname(metaPath))
let rows = []
try {
  rows = await icebergRead({ tableUrl, metadataFileName: path.basename(metaPath) })
} catch (e) {
  // icebird refuses a snapshot without data files (an empty or truncated table)
  if (!/No data manifest files/.test(e.message) && !/current snapshot/.test(e.message)) throw e
}
const out = []
for (const r of rows) {
  const o = {}
  for (const f of schema.fields) o[f.name] = conv(f.type, r[f.name])
  out.push(JSON.stringify(o))
}
process.stdout.write(out.join('\n') + (out.length ? '\n' : ''))
