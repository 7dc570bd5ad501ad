/*
 * config.h — floe's YAML configuration file, parsed and validated.
 *
 * floe_config_load() reads the YAML (libyaml), interpolates ${ENV_VAR} (and
 * ${ENV_VAR:-default}) in scalar values, checks every key against the known
 * set and its type, fills defaults, and reports the first problem as
 * "FILE:LINE: key 'a.b': <what is wrong and how to fix it>". Every key is
 * documented in docs/configuration.md. Nothing here connects anywhere.
 */
#ifndef FLOE_CORE_CONFIG_H
#define FLOE_CORE_CONFIG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/err.h"

enum floe_policy { FLOE_POLICY_FAIL = 0, FLOE_POLICY_NULL = 1 };

struct floe_config {
	char *path;                   /* the file it came from */
	struct {
		char *dsn;            /* libpq conninfo or URI; required (NULL only with FLOE_CONFIG_NO_SOURCE) */
		char *publication;    /* default "floe" */
		char *slot;           /* default "floe" */
		char **tables;        /* always "schema.table" ("table" in the file = public.table), names exact and
		                         unquoted, no duplicates; NULL = all of the publication */
		size_t n_tables;
		bool insert_only;     /* source.publish: insert — the publication publishes inserts only (append-only
		                         tables: no replica identity needed; source UPDATE/DELETE/TRUNCATE are not mirrored) */
	} source;
	struct {
		char *location;       /* absolute normalised path (file:// stripped); default "warehouse" next to the file */
	} warehouse;
	struct {
		char *type;           /* "sql" (default) */
		char *uri;            /* absolute SQLite path ("sqlite:" stripped) or a postgresql:// / postgres:// URI
		                         kept as written; default <warehouse>/catalog.db */
		char *name;           /* catalog_name column; default "floe" */
		char *namespace_;     /* NULL = the source schema name */
	} catalog;
	struct {
		int64_t flush_interval_ms;   /* "10s", "500ms", "1m"; default 10 s */
		int64_t flush_rows;          /* default 1,000,000 */
		int64_t flush_bytes;         /* "128MiB"; default 128 MiB */
		int64_t memory_limit;        /* bytes a buffered transaction may hold before it spills; default 64 MiB */
		char *spill_dir;             /* absolute; default $TMPDIR or /tmp */
		bool metadata_columns;       /* _floe_lsn, _floe_commit_ts; default true */
	} sink;
	struct {
		enum floe_policy numeric_overflow; /* numeric that does not fit decimal(38,9) or NaN/Inf; default fail */
		enum floe_policy infinity;         /* ±infinity dates/timestamps; default fail */
	} types;
};

/* Loads and validates `path`. On failure cfg is left empty (nothing to free). */
int floe_config_load(const char *path, struct floe_config *cfg, struct floe_err *err);

/* floe_config_load_opts flags */
#define FLOE_CONFIG_NO_SOURCE 0x1u /* source.dsn is not required (commands that only read the warehouse
				      and catalog: scan, history, tables, expire); source.dsn stays NULL */
/* floe_config_load with flags (0 = the same as floe_config_load). */
int floe_config_load_opts(const char *path, struct floe_config *cfg, unsigned flags, struct floe_err *err);
/* Same from a string; `name` stands for the file name in messages. */
int floe_config_load_string(const char *yaml, size_t len, const char *name, struct floe_config *cfg,
			    struct floe_err *err);
void floe_config_free(struct floe_config *cfg);
/* True when source.tables is empty (the whole publication) or lists schema.table. */
bool floe_config_wants_table(const struct floe_config *cfg, const char *schema, const char *table);

#endif
