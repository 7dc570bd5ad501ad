/*
 * typelookup.h — the relation cache's type resolver over a SQL connection:
 * pg_type for OIDs the wire only names (domains, enums, arrays, extension
 * types) and pg_attribute.attndims for declared array dimensions.
 *
 * Shared by the change stream and the snapshot's source discovery so both map
 * every column the same way. Runs catalog queries only; decides nothing.
 */
#ifndef FLOE_PG_TYPELOOKUP_H
#define FLOE_PG_TYPELOOKUP_H

#include "pg/conn.h"
#include "pg/relcache.h"

/* Fills `out` with lookups that query `conn` (borrowed: it must outlive the cache). */
void floe_pg_catalog_resolver(struct floe_conn *conn, struct floe_pg_resolver *out);

#endif
