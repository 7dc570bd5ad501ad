/*
 * relcache.h — the relation cache of a replication stream: pgoutput Relation
 * messages by OID (each column with its Iceberg type and decoder), Type
 * messages by OID, and the tuple decoder that turns a pgoutput tuple into
 * floe values through that cache.
 *
 * Types with OID ≥ 10000 (enums, domains, extension types, arrays of them)
 * are resolved through a caller-supplied pg_type lookup (the stream layer
 * queries the catalog); without one, or when it does not know the type, the
 * column is a string in text form. Owns copies of everything it stores
 * (table-lifetime memory); never talks to PostgreSQL itself. Not thread-safe.
 */
#ifndef FLOE_PG_RELCACHE_H
#define FLOE_PG_RELCACHE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/arena.h"
#include "core/err.h"
#include "core/value.h"
#include "pg/pgoutput.h"
#include "pg/pgtype.h"
#include "pg/pgvalue.h"

/* What the resolver reports for one type OID (the pg_type row). */
struct floe_pg_typeinfo {
	char typtype;        /* 'b' base, 'd' domain, 'e' enum, 'c' composite, 'r' range, 'm' multirange, 'p' pseudo */
	char typcategory;    /* 'A' array, 'S' string, 'N' numeric, 'U' user, … */
	uint32_t typbasetype;  /* domains: the base type OID (else 0) */
	int32_t typtypmod;     /* domains: the base type's typmod (else -1) */
	uint32_t typelem;      /* arrays (typcategory 'A' with typlen -1): the element OID (else 0) */
};

/*
 * The pg_type lookup the stream layer supplies. Returns 1 and fills *info
 * when found, 0 when the OID does not exist (the column becomes a text-form
 * string), -1 on failure with err set (the Relation is then refused). Called
 * at most once per OID per relcache (results are cached) and only while a
 * Relation message is applied, never while decoding tuples. Domains of
 * domains and arrays of domains are followed with further lookups.
 * `attndims` (optional, may be NULL): the declared array dimensions of a
 * column (pg_attribute.attndims) — when > 1 the column becomes a string in
 * text form instead of a list. Return 0 and set *ndims (0 = unknown).
 */
struct floe_pg_resolver {
	int (*lookup)(void *ctx, uint32_t type_oid, struct floe_pg_typeinfo *info, struct floe_err *err);
	int (*attndims)(void *ctx, uint32_t rel_oid, const char *column, int *ndims, struct floe_err *err);
	void *ctx;
};

struct floe_pg_column {
	char *name;
	uint32_t type_oid;       /* as sent in the Relation message */
	int32_t typmod;
	bool key;                /* flags & 1: part of the replica identity (every column under FULL) */
	struct floe_pgtype map;  /* Iceberg type (map.type) and decoder */
};

struct floe_pg_relation {
	uint32_t oid;
	char *nspname;           /* "pg_catalog" when the wire sent "" */
	char *relname;
	char replident;          /* 'd', 'n', 'f', 'i' */
	uint16_t ncols;
	struct floe_pg_column *cols;
	uint32_t version;        /* 1 for the first Relation of this OID, +1 each time it changes */
	bool binary_ok;          /* every column has a binary decoder (floe_pg_relcache_binary_ok) */
};

struct floe_pg_relcache;

/* A new empty cache, NULL when out of memory. `resolver` may be NULL (copied; its ctx must
 * outlive the cache). */
struct floe_pg_relcache *floe_pg_relcache_new(const struct floe_pg_resolver *resolver);
void floe_pg_relcache_free(struct floe_pg_relcache *rc);

/*
 * Applies a Relation ('R') or Type ('Y') message; other types are ignored
 * (returns 0). A Relation identical to the cached one (same names, flags,
 * types, typmods, replica identity) keeps the cached entry and version; a
 * different one replaces it with version + 1. The replaced entry stays
 * readable (pointers held by buffered changes stay valid) until
 * floe_pg_relcache_drop_retired() or floe_pg_relcache_free().
 */
int floe_pg_relcache_apply(struct floe_pg_relcache *rc, const struct floe_pg_msg *msg, struct floe_err *err);

/* The current entry for a relation OID, or NULL if no Relation message was seen. */
const struct floe_pg_relation *floe_pg_relcache_get(const struct floe_pg_relcache *rc, uint32_t oid);

/* Frees replaced entries; call when no change references an old version. */
void floe_pg_relcache_drop_retired(struct floe_pg_relcache *rc);

/* True if every column of the relation has a binary decoder. */
bool floe_pg_relcache_binary_ok(const struct floe_pg_relation *rel);

/*
 * Maps one type OID (+ typmod) like a Relation column would be mapped,
 * resolving OIDs ≥ 10000 through the resolver and Type messages. Use it to
 * decide binary vs text mode before any Relation arrives, and for COPY
 * snapshot columns (whose OIDs come from the catalog).
 */
int floe_pg_relcache_map_type(struct floe_pg_relcache *rc, uint32_t type_oid, int32_t typmod,
			      struct floe_pgtype *out, struct floe_err *err);

/*
 * The Iceberg schema view of a relation: fields[i] for column i (caller
 * array of rel->ncols) with id = i + 1 (the caller renumbers for the
 * table), name borrowed from rel, type = the column's Iceberg type,
 * required = key column (pgoutput does not say NOT NULL, so the others are
 * optional). key_ids (caller array of rel->ncols, may be NULL) gets the ids
 * of the key columns — the identifier/equality field ids; *nkeys their count.
 */
void floe_pg_relation_schema(const struct floe_pg_relation *rel, struct floe_field *fields, int *key_ids,
			     int *nkeys);

/*
 * The key floe uses for rows of `rel`, the one rule stream, snapshot and
 * preflight share: with REPLICA IDENTITY DEFAULT or INDEX, the columns the
 * Relation message flags as key (column order); with FULL or NOTHING, the
 * primary key `pk` (names in index order) when every one of its columns is
 * published — FULL without a primary key uses every column only when
 * full_fallback is set. keys gets column indexes (caller array of
 * rel->ncols); returns their count, or -1 with *unpublished naming a primary
 * key column the publication does not send. *is_pk: the key is the primary key.
 */
int floe_pg_relation_key(const struct floe_pg_relation *rel, const char *const *pk, int n_pk, bool full_fallback,
			 int *keys, bool *is_pk, const char **unpublished);

/*
 * Decodes a pgoutput tuple of `rel` into vals[0..rel->ncols): 'n' → is_null,
 * 't'/'b' → floe_pgvalue_decode, 'u' (unchanged TOAST) → is_null with
 * unchanged[i] = 1 (unchanged may be NULL, then 'u' is an error). Fails when
 * the tuple's column count differs from the relation's, naming both; value
 * errors are prefixed "relation 'ns.rel' column 'c': ". Values borrow from
 * the message bytes and `arena`.
 */
int floe_pg_tuple_decode(const struct floe_pg_relation *rel, const struct floe_pg_tuple *tup,
			 const struct floe_pg_policy *policy, struct floe_arena *arena, struct floe_value *vals,
			 uint8_t *unchanged, struct floe_err *err);

#endif
