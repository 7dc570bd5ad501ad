/*
 * catalog.h — the table catalog as a function table: namespaces, tables, and
 * commit(updates, requirements), the atomic step that makes a change visible.
 *
 * Load returns metadata, not only a location. The SQL catalog (sql.c) is the
 * first implementation: the JDBC-catalog layout on SQLite or PostgreSQL, a
 * commit is "apply, write the next metadata file, UPDATE ... WHERE
 * metadata_location = old" (floe_catalog_pointer_commit, shared with any
 * pointer catalog). Codes: FLOE_ECONFLICT (reload and retry), FLOE_EUNKNOWN
 * (keep the files, reload to see), FLOE_ENOTFOUND, FLOE_EEXISTS.
 */
#ifndef FLOE_CATALOG_CATALOG_H
#define FLOE_CATALOG_CATALOG_H

#include <stdbool.h>
#include <stddef.h>

#include "core/err.h"

#define FLOE_CATALOG_ECONFLICT FLOE_ECONFLICT /* the pointer moved: reload and retry */
#define FLOE_CATALOG_ENOTFOUND FLOE_ENOTFOUND /* no such table / namespace */
#define FLOE_CATALOG_EEXISTS FLOE_EEXISTS     /* table already exists */
#define FLOE_CATALOG_EUNKNOWN FLOE_EUNKNOWN   /* commit outcome unknown: keep the files */

struct floe_catalog;
struct floe_storage;
struct floe_table_metadata;
struct floe_update;
struct floe_requirement;

struct floe_catalog_table {
	char *namespace_;
	char *name;
	char *metadata_location;
};

/* One commit: the base it was built on and the change (updates + requirements). */
struct floe_catalog_commit {
	const char *ns;
	const char *name;
	const char *base_location;                 /* the metadata file `base` was read from */
	const struct floe_table_metadata *base;
	const struct floe_requirement *reqs;
	size_t n_reqs;
	const struct floe_update *ups;
	size_t n_ups;
};

/* The function table every catalog implements. Pointer catalogs (sql, later glue)
 * implement commit_table with floe_catalog_pointer_commit(); a REST catalog sends
 * the updates and requirements and takes the metadata the server returns. */
struct floe_catalog_ops {
	const char *(*backend)(const struct floe_catalog *c);
	void (*close)(struct floe_catalog *c);
	int (*create_namespace)(struct floe_catalog *c, const char *ns, struct floe_err *err);
	int (*namespace_exists)(struct floe_catalog *c, const char *ns, bool *exists, struct floe_err *err);
	int (*list_namespaces)(struct floe_catalog *c, char ***out, size_t *n, struct floe_err *err);
	int (*drop_namespace)(struct floe_catalog *c, const char *ns, struct floe_err *err);
	int (*list_tables)(struct floe_catalog *c, const char *ns, struct floe_catalog_table **out, size_t *n,
			   struct floe_err *err);
	int (*drop_table)(struct floe_catalog *c, const char *ns, const char *name, struct floe_err *err);
	/* Registers a table whose first metadata is md; *location = its metadata file. */
	int (*create_table)(struct floe_catalog *c, struct floe_storage *st, const char *ns, const char *name,
			    const struct floe_table_metadata *md, char **location, struct floe_err *err);
	/* The current metadata. When `known` (a metadata location) is still current,
	 * *unchanged is set and md is left untouched. */
	int (*load_table)(struct floe_catalog *c, struct floe_storage *st, const char *ns, const char *name,
			  const char *known, char **location, struct floe_table_metadata *md, bool *unchanged,
			  struct floe_err *err);
	/* Lands the change atomically or not at all: FLOE_ECONFLICT (a requirement
	 * failed or the pointer moved: nothing changed), FLOE_EUNKNOWN (may or may not
	 * have landed: keep every file, reload to find out; *location names the metadata
	 * file written, when the catalog wrote one), anything else = not landed.
	 * On success *location and md are the new metadata. */
	int (*commit_table)(struct floe_catalog *c, struct floe_storage *st, const struct floe_catalog_commit *cc,
			    char **location, struct floe_table_metadata *md, struct floe_err *err);
};

struct floe_catalog {
	const struct floe_catalog_ops *ops;
};

/* uri: a SQLite file path ("sqlite:" prefix optional) or a PostgreSQL DSN
 * ("postgresql://...", "postgres://...", or key=value). name = catalog_name.
 * Creates the two tables when missing. */
int floe_catalog_open(const char *uri, const char *name, struct floe_catalog **out, struct floe_err *err);
/* The SQL catalog directly (what floe_catalog_open picks for these URIs). */
int floe_catalog_sql_open(const char *uri, const char *name, struct floe_catalog **out, struct floe_err *err);
void floe_catalog_close(struct floe_catalog *c);
/* The uri names a PostgreSQL catalog (else it is a SQLite file path). */
bool floe_catalog_is_postgres_uri(const char *uri);
/* "sqlite" or "postgresql" */
const char *floe_catalog_backend(const struct floe_catalog *c);

/* Records the namespace (property exists=true); succeeds when it already exists. */
int floe_catalog_create_namespace(struct floe_catalog *c, const char *ns, struct floe_err *err);
int floe_catalog_namespace_exists(struct floe_catalog *c, const char *ns, bool *exists, struct floe_err *err);
/* Every namespace, sorted (malloc'd array of malloc'd strings). */
int floe_catalog_list_namespaces(struct floe_catalog *c, char ***out, size_t *n, struct floe_err *err);
/* Fails when the namespace still has tables. */
int floe_catalog_drop_namespace(struct floe_catalog *c, const char *ns, struct floe_err *err);

/* See struct floe_catalog_ops. FLOE_CATALOG_EEXISTS / FLOE_CATALOG_ENOTFOUND as named. */
int floe_catalog_create_table(struct floe_catalog *c, struct floe_storage *st, const char *ns, const char *name,
			      const struct floe_table_metadata *md, char **location, struct floe_err *err);
int floe_catalog_load_table(struct floe_catalog *c, struct floe_storage *st, const char *ns, const char *name,
			    const char *known, char **location, struct floe_table_metadata *md, bool *unchanged,
			    struct floe_err *err);
int floe_catalog_commit_table(struct floe_catalog *c, struct floe_storage *st, const struct floe_catalog_commit *cc,
			      char **location, struct floe_table_metadata *md, struct floe_err *err);
/* Tables of one namespace (ns != NULL) or of all, sorted by namespace and name. */
int floe_catalog_list_tables(struct floe_catalog *c, const char *ns, struct floe_catalog_table **out, size_t *n,
			     struct floe_err *err);
void floe_catalog_tables_free(struct floe_catalog_table *t, size_t n);
void floe_catalog_strings_free(char **s, size_t n);
/* Removes the entry only (files stay). */
int floe_catalog_drop_table(struct floe_catalog *c, const char *ns, const char *name, struct floe_err *err);

/* ---------- for catalogs that keep a pointer to a metadata file ---------- */

/* Reads and parses one metadata file (errors name the file; FLOE_STORAGE_ENOENT when missing). */
int floe_catalog_read_metadata(struct floe_storage *st, const char *uri, struct floe_table_metadata *md,
			       struct floe_err *err);
/* Writes md as <location>/metadata/<version:05d>-<uuid>.metadata.json; *uri is malloc'd. */
int floe_catalog_write_metadata(struct floe_storage *st, const struct floe_table_metadata *md, int version,
				char **uri, struct floe_err *err);
/* The version the next metadata file after `base_location` gets. */
int floe_catalog_next_version(const char *base_location, const struct floe_table_metadata *base);

/* Compare-and-swap of a table's pointer from old_location to new_location. */
typedef int (*floe_catalog_swap_fn)(struct floe_catalog *c, const char *ns, const char *name,
				    const char *old_location, const char *new_location, struct floe_err *err);
/* commit_table for a pointer catalog: requirements checked against cc->base,
 * updates applied, the next metadata file written, the pointer swapped. The new
 * file is deleted unless the outcome is unknown. Crash point "before-pointer-swap". */
int floe_catalog_pointer_commit(struct floe_catalog *c, struct floe_storage *st, const struct floe_catalog_commit *cc,
				floe_catalog_swap_fn swap, char **location, struct floe_table_metadata *md,
				struct floe_err *err);

#endif
