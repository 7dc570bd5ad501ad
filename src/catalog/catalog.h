/*
 * catalog.h — the table catalog: namespaces, tables and the atomic pointer
 * swap that makes a commit visible.
 *
 * The SQL catalog (sql.c) uses the JDBC-catalog layout (`iceberg_tables`,
 * `iceberg_namespace_properties`) on SQLite (a file path or "sqlite:PATH") or
 * PostgreSQL (a postgresql:// URI or a key=value DSN), so other engines can
 * open the same catalog. A commit is UPDATE ... WHERE metadata_location = old:
 * it fails with FLOE_CATALOG_ECONFLICT when someone else committed first, and
 * with FLOE_CATALOG_EUNKNOWN when the outcome cannot be known (the connection
 * broke after the statement was sent). Nothing here reads metadata files.
 */
#ifndef FLOE_CATALOG_CATALOG_H
#define FLOE_CATALOG_CATALOG_H

#include <stdbool.h>
#include <stddef.h>

#include "core/err.h"

#define FLOE_CATALOG_ECONFLICT 1001 /* the pointer moved: reload and retry */
#define FLOE_CATALOG_ENOTFOUND 1002 /* no such table / namespace */
#define FLOE_CATALOG_EEXISTS 1003   /* table already exists */
#define FLOE_CATALOG_EUNKNOWN 1004  /* commit outcome unknown: keep the files */

struct floe_catalog;

struct floe_catalog_table {
	char *namespace_;
	char *name;
	char *metadata_location;
};

/* uri: a SQLite file path ("sqlite:" prefix optional) or a PostgreSQL DSN
 * ("postgresql://...", "postgres://...", or key=value). name = catalog_name.
 * Creates the two tables when missing. */
int floe_catalog_open(const char *uri, const char *name, struct floe_catalog **out, struct floe_err *err);
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

/* Inserts the table row; FLOE_CATALOG_EEXISTS when it is already there. */
int floe_catalog_create_table(struct floe_catalog *c, const char *ns, const char *name,
			      const char *metadata_location, struct floe_err *err);
/* The current metadata location (malloc'd); FLOE_CATALOG_ENOTFOUND when absent. */
int floe_catalog_load_table(struct floe_catalog *c, const char *ns, const char *name, char **metadata_location,
			    struct floe_err *err);
/* Compare-and-swap of the pointer (see the codes above). */
int floe_catalog_commit(struct floe_catalog *c, const char *ns, const char *name, const char *old_location,
			const char *new_location, struct floe_err *err);
/* Tables of one namespace (ns != NULL) or of all, sorted by namespace and name. */
int floe_catalog_list_tables(struct floe_catalog *c, const char *ns, struct floe_catalog_table **out, size_t *n,
			     struct floe_err *err);
void floe_catalog_tables_free(struct floe_catalog_table *t, size_t n);
void floe_catalog_strings_free(char **s, size_t n);
/* Removes the row only (files stay). */
int floe_catalog_drop_table(struct floe_catalog *c, const char *ns, const char *name, struct floe_err *err);

#endif
