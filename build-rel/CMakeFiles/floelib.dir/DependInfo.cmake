
# Consider dependencies only in project.
set(CMAKE_DEPENDS_IN_PROJECT_ONLY OFF)

# The set of languages for which implicit dependencies are needed:
set(CMAKE_DEPENDS_LANGUAGES
  )

# The set of dependency files which are needed:
set(CMAKE_DEPENDS_DEPENDENCY_FILES
  "/work/main/src/avro/binary.c" "CMakeFiles/floelib.dir/src/avro/binary.c.o" "gcc" "CMakeFiles/floelib.dir/src/avro/binary.c.o.d"
  "/work/main/src/avro/container.c" "CMakeFiles/floelib.dir/src/avro/container.c.o" "gcc" "CMakeFiles/floelib.dir/src/avro/container.c.o.d"
  "/work/main/src/avro/schema.c" "CMakeFiles/floelib.dir/src/avro/schema.c.o" "gcc" "CMakeFiles/floelib.dir/src/avro/schema.c.o.d"
  "/work/main/src/avro/value.c" "CMakeFiles/floelib.dir/src/avro/value.c.o" "gcc" "CMakeFiles/floelib.dir/src/avro/value.c.o.d"
  "/work/main/src/catalog/sql.c" "CMakeFiles/floelib.dir/src/catalog/sql.c.o" "gcc" "CMakeFiles/floelib.dir/src/catalog/sql.c.o.d"
  "/work/main/src/cli/check.c" "CMakeFiles/floelib.dir/src/cli/check.c.o" "gcc" "CMakeFiles/floelib.dir/src/cli/check.c.o.d"
  "/work/main/src/cli/config_opt.c" "CMakeFiles/floelib.dir/src/cli/config_opt.c.o" "gcc" "CMakeFiles/floelib.dir/src/cli/config_opt.c.o.d"
  "/work/main/src/cli/expire.c" "CMakeFiles/floelib.dir/src/cli/expire.c.o" "gcc" "CMakeFiles/floelib.dir/src/cli/expire.c.o.d"
  "/work/main/src/cli/history.c" "CMakeFiles/floelib.dir/src/cli/history.c.o" "gcc" "CMakeFiles/floelib.dir/src/cli/history.c.o.d"
  "/work/main/src/cli/parquet_dump.c" "CMakeFiles/floelib.dir/src/cli/parquet_dump.c.o" "gcc" "CMakeFiles/floelib.dir/src/cli/parquet_dump.c.o.d"
  "/work/main/src/cli/run.c" "CMakeFiles/floelib.dir/src/cli/run.c.o" "gcc" "CMakeFiles/floelib.dir/src/cli/run.c.o.d"
  "/work/main/src/cli/scan.c" "CMakeFiles/floelib.dir/src/cli/scan.c.o" "gcc" "CMakeFiles/floelib.dir/src/cli/scan.c.o.d"
  "/work/main/src/cli/setup.c" "CMakeFiles/floelib.dir/src/cli/setup.c.o" "gcc" "CMakeFiles/floelib.dir/src/cli/setup.c.o.d"
  "/work/main/src/cli/slotguard.c" "CMakeFiles/floelib.dir/src/cli/slotguard.c.o" "gcc" "CMakeFiles/floelib.dir/src/cli/slotguard.c.o.d"
  "/work/main/src/cli/tablecli.c" "CMakeFiles/floelib.dir/src/cli/tablecli.c.o" "gcc" "CMakeFiles/floelib.dir/src/cli/tablecli.c.o.d"
  "/work/main/src/cli/tables.c" "CMakeFiles/floelib.dir/src/cli/tables.c.o" "gcc" "CMakeFiles/floelib.dir/src/cli/tables.c.o.d"
  "/work/main/src/cli/tail.c" "CMakeFiles/floelib.dir/src/cli/tail.c.o" "gcc" "CMakeFiles/floelib.dir/src/cli/tail.c.o.d"
  "/work/main/src/cli/teardown.c" "CMakeFiles/floelib.dir/src/cli/teardown.c.o" "gcc" "CMakeFiles/floelib.dir/src/cli/teardown.c.o.d"
  "/work/main/src/core/arena.c" "CMakeFiles/floelib.dir/src/core/arena.c.o" "gcc" "CMakeFiles/floelib.dir/src/core/arena.c.o.d"
  "/work/main/src/core/buf.c" "CMakeFiles/floelib.dir/src/core/buf.c.o" "gcc" "CMakeFiles/floelib.dir/src/core/buf.c.o.d"
  "/work/main/src/core/config.c" "CMakeFiles/floelib.dir/src/core/config.c.o" "gcc" "CMakeFiles/floelib.dir/src/core/config.c.o.d"
  "/work/main/src/core/err.c" "CMakeFiles/floelib.dir/src/core/err.c.o" "gcc" "CMakeFiles/floelib.dir/src/core/err.c.o.d"
  "/work/main/src/core/log.c" "CMakeFiles/floelib.dir/src/core/log.c.o" "gcc" "CMakeFiles/floelib.dir/src/core/log.c.o.d"
  "/work/main/src/core/lsn.c" "CMakeFiles/floelib.dir/src/core/lsn.c.o" "gcc" "CMakeFiles/floelib.dir/src/core/lsn.c.o.d"
  "/work/main/src/core/rd.c" "CMakeFiles/floelib.dir/src/core/rd.c.o" "gcc" "CMakeFiles/floelib.dir/src/core/rd.c.o.d"
  "/work/main/src/core/sink.c" "CMakeFiles/floelib.dir/src/core/sink.c.o" "gcc" "CMakeFiles/floelib.dir/src/core/sink.c.o.d"
  "/work/main/src/core/timeutil.c" "CMakeFiles/floelib.dir/src/core/timeutil.c.o" "gcc" "CMakeFiles/floelib.dir/src/core/timeutil.c.o.d"
  "/work/main/src/core/value.c" "CMakeFiles/floelib.dir/src/core/value.c.o" "gcc" "CMakeFiles/floelib.dir/src/core/value.c.o.d"
  "/work/main/src/iceberg/datawriter.c" "CMakeFiles/floelib.dir/src/iceberg/datawriter.c.o" "gcc" "CMakeFiles/floelib.dir/src/iceberg/datawriter.c.o.d"
  "/work/main/src/iceberg/deletes.c" "CMakeFiles/floelib.dir/src/iceberg/deletes.c.o" "gcc" "CMakeFiles/floelib.dir/src/iceberg/deletes.c.o.d"
  "/work/main/src/iceberg/expire.c" "CMakeFiles/floelib.dir/src/iceberg/expire.c.o" "gcc" "CMakeFiles/floelib.dir/src/iceberg/expire.c.o.d"
  "/work/main/src/iceberg/manifest_read.c" "CMakeFiles/floelib.dir/src/iceberg/manifest_read.c.o" "gcc" "CMakeFiles/floelib.dir/src/iceberg/manifest_read.c.o.d"
  "/work/main/src/iceberg/manifest_write.c" "CMakeFiles/floelib.dir/src/iceberg/manifest_write.c.o" "gcc" "CMakeFiles/floelib.dir/src/iceberg/manifest_write.c.o.d"
  "/work/main/src/iceberg/metadata.c" "CMakeFiles/floelib.dir/src/iceberg/metadata.c.o" "gcc" "CMakeFiles/floelib.dir/src/iceberg/metadata.c.o.d"
  "/work/main/src/iceberg/rowdelta.c" "CMakeFiles/floelib.dir/src/iceberg/rowdelta.c.o" "gcc" "CMakeFiles/floelib.dir/src/iceberg/rowdelta.c.o.d"
  "/work/main/src/iceberg/scan.c" "CMakeFiles/floelib.dir/src/iceberg/scan.c.o" "gcc" "CMakeFiles/floelib.dir/src/iceberg/scan.c.o.d"
  "/work/main/src/iceberg/schema.c" "CMakeFiles/floelib.dir/src/iceberg/schema.c.o" "gcc" "CMakeFiles/floelib.dir/src/iceberg/schema.c.o.d"
  "/work/main/src/iceberg/table.c" "CMakeFiles/floelib.dir/src/iceberg/table.c.o" "gcc" "CMakeFiles/floelib.dir/src/iceberg/table.c.o.d"
  "/work/main/src/parquet/compress.c" "CMakeFiles/floelib.dir/src/parquet/compress.c.o" "gcc" "CMakeFiles/floelib.dir/src/parquet/compress.c.o.d"
  "/work/main/src/parquet/cursor.c" "CMakeFiles/floelib.dir/src/parquet/cursor.c.o" "gcc" "CMakeFiles/floelib.dir/src/parquet/cursor.c.o.d"
  "/work/main/src/parquet/meta_read.c" "CMakeFiles/floelib.dir/src/parquet/meta_read.c.o" "gcc" "CMakeFiles/floelib.dir/src/parquet/meta_read.c.o.d"
  "/work/main/src/parquet/page_dec.c" "CMakeFiles/floelib.dir/src/parquet/page_dec.c.o" "gcc" "CMakeFiles/floelib.dir/src/parquet/page_dec.c.o.d"
  "/work/main/src/parquet/reader.c" "CMakeFiles/floelib.dir/src/parquet/reader.c.o" "gcc" "CMakeFiles/floelib.dir/src/parquet/reader.c.o.d"
  "/work/main/src/parquet/rle_dec.c" "CMakeFiles/floelib.dir/src/parquet/rle_dec.c.o" "gcc" "CMakeFiles/floelib.dir/src/parquet/rle_dec.c.o.d"
  "/work/main/src/parquet/rle_enc.c" "CMakeFiles/floelib.dir/src/parquet/rle_enc.c.o" "gcc" "CMakeFiles/floelib.dir/src/parquet/rle_enc.c.o.d"
  "/work/main/src/parquet/schema_read.c" "CMakeFiles/floelib.dir/src/parquet/schema_read.c.o" "gcc" "CMakeFiles/floelib.dir/src/parquet/schema_read.c.o.d"
  "/work/main/src/parquet/stats.c" "CMakeFiles/floelib.dir/src/parquet/stats.c.o" "gcc" "CMakeFiles/floelib.dir/src/parquet/stats.c.o.d"
  "/work/main/src/parquet/thrift.c" "CMakeFiles/floelib.dir/src/parquet/thrift.c.o" "gcc" "CMakeFiles/floelib.dir/src/parquet/thrift.c.o.d"
  "/work/main/src/parquet/writer.c" "CMakeFiles/floelib.dir/src/parquet/writer.c.o" "gcc" "CMakeFiles/floelib.dir/src/parquet/writer.c.o.d"
  "/work/main/src/pg/change.c" "CMakeFiles/floelib.dir/src/pg/change.c.o" "gcc" "CMakeFiles/floelib.dir/src/pg/change.c.o.d"
  "/work/main/src/pg/conn.c" "CMakeFiles/floelib.dir/src/pg/conn.c.o" "gcc" "CMakeFiles/floelib.dir/src/pg/conn.c.o.d"
  "/work/main/src/pg/copybin.c" "CMakeFiles/floelib.dir/src/pg/copybin.c.o" "gcc" "CMakeFiles/floelib.dir/src/pg/copybin.c.o.d"
  "/work/main/src/pg/pgoutput.c" "CMakeFiles/floelib.dir/src/pg/pgoutput.c.o" "gcc" "CMakeFiles/floelib.dir/src/pg/pgoutput.c.o.d"
  "/work/main/src/pg/pgrender.c" "CMakeFiles/floelib.dir/src/pg/pgrender.c.o" "gcc" "CMakeFiles/floelib.dir/src/pg/pgrender.c.o.d"
  "/work/main/src/pg/pgtype.c" "CMakeFiles/floelib.dir/src/pg/pgtype.c.o" "gcc" "CMakeFiles/floelib.dir/src/pg/pgtype.c.o.d"
  "/work/main/src/pg/pgvalue.c" "CMakeFiles/floelib.dir/src/pg/pgvalue.c.o" "gcc" "CMakeFiles/floelib.dir/src/pg/pgvalue.c.o.d"
  "/work/main/src/pg/pgvalue_text.c" "CMakeFiles/floelib.dir/src/pg/pgvalue_text.c.o" "gcc" "CMakeFiles/floelib.dir/src/pg/pgvalue_text.c.o.d"
  "/work/main/src/pg/preflight.c" "CMakeFiles/floelib.dir/src/pg/preflight.c.o" "gcc" "CMakeFiles/floelib.dir/src/pg/preflight.c.o.d"
  "/work/main/src/pg/relcache.c" "CMakeFiles/floelib.dir/src/pg/relcache.c.o" "gcc" "CMakeFiles/floelib.dir/src/pg/relcache.c.o.d"
  "/work/main/src/pg/repl.c" "CMakeFiles/floelib.dir/src/pg/repl.c.o" "gcc" "CMakeFiles/floelib.dir/src/pg/repl.c.o.d"
  "/work/main/src/pg/stream.c" "CMakeFiles/floelib.dir/src/pg/stream.c.o" "gcc" "CMakeFiles/floelib.dir/src/pg/stream.c.o.d"
  "/work/main/src/pg/txbuf.c" "CMakeFiles/floelib.dir/src/pg/txbuf.c.o" "gcc" "CMakeFiles/floelib.dir/src/pg/txbuf.c.o.d"
  "/work/main/src/pg/typelookup.c" "CMakeFiles/floelib.dir/src/pg/typelookup.c.o" "gcc" "CMakeFiles/floelib.dir/src/pg/typelookup.c.o.d"
  "/work/main/src/sink/batch.c" "CMakeFiles/floelib.dir/src/sink/batch.c.o" "gcc" "CMakeFiles/floelib.dir/src/sink/batch.c.o.d"
  "/work/main/src/sink/lookup.c" "CMakeFiles/floelib.dir/src/sink/lookup.c.o" "gcc" "CMakeFiles/floelib.dir/src/sink/lookup.c.o.d"
  "/work/main/src/sink/pipeline.c" "CMakeFiles/floelib.dir/src/sink/pipeline.c.o" "gcc" "CMakeFiles/floelib.dir/src/sink/pipeline.c.o.d"
  "/work/main/src/sink/rowcodec.c" "CMakeFiles/floelib.dir/src/sink/rowcodec.c.o" "gcc" "CMakeFiles/floelib.dir/src/sink/rowcodec.c.o.d"
  "/work/main/src/sink/snapshot.c" "CMakeFiles/floelib.dir/src/sink/snapshot.c.o" "gcc" "CMakeFiles/floelib.dir/src/sink/snapshot.c.o.d"
  "/work/main/src/sink/source.c" "CMakeFiles/floelib.dir/src/sink/source.c.o" "gcc" "CMakeFiles/floelib.dir/src/sink/source.c.o.d"
  "/work/main/src/sink/target.c" "CMakeFiles/floelib.dir/src/sink/target.c.o" "gcc" "CMakeFiles/floelib.dir/src/sink/target.c.o.d"
  "/work/main/src/storage/local.c" "CMakeFiles/floelib.dir/src/storage/local.c.o" "gcc" "CMakeFiles/floelib.dir/src/storage/local.c.o.d"
  )

# Targets to which this target links.
set(CMAKE_TARGET_LINKED_INFO_FILES
  )

# Fortran module output directory.
set(CMAKE_Fortran_TARGET_MODULE_DIR "")
