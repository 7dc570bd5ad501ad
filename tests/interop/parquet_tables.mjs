// parquet_tables.mjs — the SQL for the DuckDB-written Parquet test files: one
// table with every Iceberg-mappable type (NULLs, extremes, NaN/±Inf, unicode,
// lists with null/empty/null-element cases), a nested/unsupported table, and a
// larger table for multi-row-group, dictionary-fallback and multi-page files.
// Shared by gen_parquet_testdata.mjs (writes tests/data/parquet) and
// test_parquet_read_duckdb.mjs (writes fresh files and compares live).

export const TYPES_SQL = `
SELECT * FROM (VALUES
 (true, 1::TINYINT, 1::SMALLINT, 1::INTEGER, 1::BIGINT, 1::UTINYINT, 1::USMALLINT, 1::UINTEGER, 1::UBIGINT,
  1.5::FLOAT, 2.25::DOUBLE, 12.34::DECIMAL(4,2), 123456789012.345678::DECIMAL(18,6),
  '1234567890123456789012345678.0123456789'::DECIMAL(38,10), 'hello', '\\x00\\xFFab'::BLOB, DATE '2024-02-29',
  TIME '12:34:56.789012', TIMESTAMP '2024-02-29 12:34:56.789012', TIMESTAMPTZ '2024-02-29 12:34:56.789012+00',
  TIMESTAMP_MS '2024-02-29 12:34:56.789', TIMESTAMP_NS '2024-02-29 12:34:56.789012',
  UUID '0193a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b', [1, NULL, 2]::INTEGER[], ['a', NULL, 'é']::VARCHAR[]),
 (false, (-128)::TINYINT, (-32768)::SMALLINT, (-2147483648)::INTEGER, (-9223372036854775808)::BIGINT, 255::UTINYINT,
  65535::USMALLINT, 4294967295::UINTEGER, 18446744073709551615::UBIGINT, 'NaN'::FLOAT, 'NaN'::DOUBLE,
  (-99.99)::DECIMAL(4,2), (-999999999999.999999)::DECIMAL(18,6), '-9999999999999999999999999999.9999999999'::DECIMAL(38,10),
  '', ''::BLOB, DATE '0001-01-01', TIME '00:00:00', TIMESTAMP '0001-01-01 00:00:00', TIMESTAMPTZ '1969-12-31 23:59:59.999999+00',
  TIMESTAMP_MS '1900-01-01 00:00:00.001', TIMESTAMP_NS '1970-01-01 00:00:00.000001',
  UUID '00000000-0000-0000-0000-000000000000', []::INTEGER[], []::VARCHAR[]),
 (NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL,
  NULL, NULL, NULL, NULL, NULL, NULL),
 (true, 127::TINYINT, 32767::SMALLINT, 2147483647::INTEGER, 9223372036854775807::BIGINT, 0::UTINYINT, 0::USMALLINT,
  0::UINTEGER, 0::UBIGINT, 'Infinity'::FLOAT, '-Infinity'::DOUBLE, 0.01::DECIMAL(4,2), 0::DECIMAL(18,6),
  '-0.0000000001'::DECIMAL(38,10), 'ünïcødé ✓ 😀', 'x'::BLOB, DATE '9999-12-31', TIME '23:59:59.999999',
  TIMESTAMP '9999-12-31 23:59:59.999999', TIMESTAMPTZ '2262-04-11 23:47:16.854775+00',
  TIMESTAMP_MS '2000-01-01 00:00:00', TIMESTAMP_NS '2262-04-11 23:47:16.854775',
  UUID 'ffffffff-ffff-ffff-ffff-ffffffffffff', [NULL]::INTEGER[], [NULL]::VARCHAR[]),
 (false, 0::TINYINT, 0::SMALLINT, 0::INTEGER, 9007199254740993::BIGINT, 7::UTINYINT, 7::USMALLINT, 7::UINTEGER,
  999999999999999::UBIGINT, '-0.0'::FLOAT, '-0.0'::DOUBLE, (-0.5)::DECIMAL(4,2), 0.000001::DECIMAL(18,6),
  '1'::DECIMAL(38,10), 'a "quoted"\\ \n tab\t', '\\x01\\x02'::BLOB, DATE '1970-01-01', TIME '00:00:00.000001',
  TIMESTAMP '1970-01-01 00:00:00', TIMESTAMPTZ '1970-01-01 00:00:00+00', TIMESTAMP_MS '1970-01-01 00:00:00',
  TIMESTAMP_NS '1677-09-22 00:00:00', UUID '12345678-1234-5678-1234-567812345678', NULL::INTEGER[], NULL::VARCHAR[]),
 (NULL, 5::TINYINT, NULL, 5::INTEGER, NULL, NULL, 5::USMALLINT, NULL, 5::UBIGINT, 3.4028235e38::FLOAT,
  1.7976931348623157e308::DOUBLE, NULL, 5::DECIMAL(18,6), NULL, 'hello', NULL, DATE '1969-12-31', NULL,
  TIMESTAMP '1969-12-31 23:59:59.999999', NULL, NULL, NULL, NULL, [1,2,3,4,5,6,7,8,9,10]::INTEGER[],
  ['hello', 'hello', 'world']::VARCHAR[]),
 (true, NULL, 6::SMALLINT, NULL, 6::BIGINT, 6::UTINYINT, NULL, 6::UINTEGER, NULL, 1.4e-45::FLOAT,
  4.9e-324::DOUBLE, 6.00::DECIMAL(4,2), NULL, '6'::DECIMAL(38,10), NULL, 'hello'::BLOB, NULL,
  TIME '06:06:06', NULL, TIMESTAMPTZ '2000-06-06 06:06:06.06+00', TIMESTAMP_MS '2000-06-06 06:06:06.06', TIMESTAMP_NS '2000-06-06 06:06:06.06', NULL,
  [NULL, NULL, 3]::INTEGER[], []::VARCHAR[])
) t(b, i8, i16, i32, i64, u8, u16, u32, u64, f, d, dec4, dec18, dec38, s, bin, dt, tm, ts, tstz, ts_ms, ts_ns,
    uid, li, ls)`;

export const NESTED_SQL = `
SELECT 1::INTEGER AS id, {'a': 1, 'b': 'x'} AS st, MAP {'k': 1} AS m, [[1, 2], [3]] AS ll,
       [{'a': 1}] AS ls, 'ok' AS tail`;

export const BIG_SQL = `
SELECT i::BIGINT AS id,
       CASE WHEN i % 7 = 0 THEN NULL ELSE (i * 37) % 1000 END::INTEGER AS small,
       CASE WHEN i % 11 = 0 THEN NULL ELSE 'value-' || (i % 50) END AS dict_str,
       substr(md5(i::VARCHAR), 1, 6) AS unique_str,
       (i / 3.0)::DOUBLE AS dbl,
       CASE WHEN i % 5 = 0 THEN NULL ELSE [i, i + 1] END::BIGINT[] AS pair,
       DATE '2020-01-01' + (i % 1000)::INTEGER AS day
FROM range(3000) r(i)`;

// name → [sql, COPY options]; the committed files in tests/data/parquet.
export const DICT_SQL = `
SELECT (i % 3)::INTEGER AS k, 'v' || (i % 4) AS s,
       CASE WHEN i % 5 = 0 THEN NULL ELSE [i % 2, NULL] END::INTEGER[] AS l, (i % 2 = 0) AS flag
FROM range(40) r(i)`;

export const FILES = {
  'dict_small.parquet': [DICT_SQL, 'COMPRESSION uncompressed'],
  'types_uncompressed.parquet': [TYPES_SQL, "COMPRESSION uncompressed, FIELD_IDS 'auto'"],
  'types_snappy.parquet': [TYPES_SQL, "COMPRESSION snappy, FIELD_IDS 'auto'"],
  'types_gzip.parquet': [TYPES_SQL, "COMPRESSION gzip, FIELD_IDS 'auto'"],
  'types_zstd.parquet': [TYPES_SQL, "COMPRESSION zstd, FIELD_IDS 'auto'"],
  'types_v2_uncompressed.parquet': [TYPES_SQL, 'COMPRESSION uncompressed, PARQUET_VERSION V2'],
  'types_v2_zstd.parquet': [TYPES_SQL, 'COMPRESSION zstd, PARQUET_VERSION V2'],
  'types_lz4.parquet': [TYPES_SQL, 'COMPRESSION lz4'],
  'nested.parquet': [NESTED_SQL, 'COMPRESSION uncompressed'],
  'big_rg.parquet': [BIG_SQL, 'COMPRESSION zstd, ROW_GROUP_SIZE 1000'],
  'big_v2_snappy.parquet': [BIG_SQL, 'COMPRESSION snappy, ROW_GROUP_SIZE 1500, PARQUET_VERSION V2'],
};
