/*
 * source.h — the source tables floe replicates, described from the catalog
 * the way the change stream will see them.
 *
 * Lists the tables of the publication (filtered by source.tables when set),
 * reads their published columns, replica identity, key, size estimates, and
 * maps every column through a relation cache fed with a Relation message
 * synthesized from pg_attribute — the same mapping (types, domains, enums,
 * multi-dimensional arrays) the stream applies to pgoutput's own Relation
 * messages, so snapshot rows and streamed rows have identical types. The key
 * is the primary key, else the replica identity index; a REPLICA IDENTITY
 * FULL table without either is refused (its rows are not unique, so
 * equality deletes could not remove exactly one of two equal rows). Tables
 * without any key (replica identity default or nothing, no primary key) are
 * append-only: PostgreSQL itself refuses their updates and deletes.
 */
#ifndef FLOE_PG_SOURCE_H
#define FLOE_PG_SOURCE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/config.h"
#include "core/err.h"
#include "core/value.h"
#include "pg/conn.h"
#include "pg/relcache.h"

struct floe_src_table {
	uint32_t oid;
	char *schema;                       /* source schema and table */
	char *name;
	char replident;                     /* 'd', 'n', 'f', 'i' */
	const struct floe_pg_relation *rel; /* columns with their mapping (owned by the src relcache) */
	uint16_t ncols;
	struct floe_field *fields;          /* ncols: id = column index + 1, required = key column */
	int *key_cols;                      /* nkeys column indexes, key order */
	int nkeys;
	int64_t est_rows;                   /* pg_class.reltuples (-1 unknown) */
	int64_t pages;                      /* heap pages now */
	bool partitioned;                   /* relkind 'p' (published via its root): copied through its partitions */
};

struct floe_src {
	struct floe_conn *conn;             /* borrowed: catalog lookups */
	struct floe_pg_relcache *rc;
	struct floe_src_table *tables;
	size_t n;
	char system_id[32];                 /* pg_control_system().system_identifier */
};

/* Describes the published tables. The connection must stay open while src is used. */
int floe_src_discover(struct floe_src *src, struct floe_conn *conn, const struct floe_config *cfg,
		      struct floe_err *err);
void floe_src_release(struct floe_src *src);
/* The table with this OID, or NULL. */
struct floe_src_table *floe_src_find(struct floe_src *src, uint32_t oid);

/*
 * Checks that a relation as the stream delivers it (pgoutput Relation, after
 * mapping) has the same columns (names and Iceberg types, in order) and key
 * as the table was described with. On a difference: -1 with a message that
 * names the table and the first difference.
 */
int floe_src_check_relation(const struct floe_src_table *t, const struct floe_field *fields, uint16_t ncols,
			    const int *key_cols, int nkeys, struct floe_err *err);

#endif
