/*
 * change.h — one committed row change as consumers see it (struct
 * floe_change), and its assembly from a decoded pgoutput Insert, Update,
 * Delete or Truncate with the relation cache.
 *
 * Values are in Iceberg representation (core/value.h). Assembly resolves the
 * unchanged-TOAST marker ('u'): under REPLICA IDENTITY FULL (or when the old
 * key tuple carries the column) the value comes from the old tuple; otherwise
 * the column is flagged in `unchanged` and its value is a NULL placeholder —
 * never a wrong value. Everything a change points to lives in the message
 * arena (or the message bytes) and is valid only during the consumer's
 * on_change call. No I/O here.
 */
#ifndef FLOE_PG_CHANGE_H
#define FLOE_PG_CHANGE_H

#include <stdbool.h>
#include <stdint.h>

#include "core/arena.h"
#include "core/err.h"
#include "core/value.h"
#include "pg/pgoutput.h"
#include "pg/pgvalue.h"
#include "pg/relcache.h"

enum floe_change_op {
	FLOE_OP_INSERT = 'I',
	FLOE_OP_UPDATE = 'U',
	FLOE_OP_DELETE = 'D',
	FLOE_OP_TRUNCATE = 'T'
};

/*
 * A relation as a consumer needs it: names, Iceberg fields, key columns.
 * Owned by the stream (one per relation version); valid until on_commit of
 * the transaction that used it returns.
 */
struct floe_change_rel {
	const struct floe_pg_relation *pg;  /* columns (type OIDs, decoders), replica identity, version */
	uint32_t oid;
	const char *schema;
	const char *table;
	uint16_t ncols;
	const struct floe_field *fields;    /* ncols fields, id = column index + 1, name = column name */
	int nkeys;
	const int *key_cols;                /* column indexes of the key: the primary key, else the replica
					       identity columns (FULL without a primary key: every column) */
	bool key_is_pk;                     /* key_cols is the table's primary key */
};

struct floe_change {
	enum floe_change_op op;
	const struct floe_change_rel *rel;
	/* key values (rel->nkeys, in key_cols order): after the change for insert/update,
	 * the deleted row's for delete; NULL for truncate */
	const struct floe_value *key;
	/* update that changed the key: the key before (rel->nkeys values); else NULL */
	const struct floe_value *old_key;
	/* all columns after the change (rel->ncols); NULL for delete and truncate */
	const struct floe_value *row;
	/* rel->ncols flags, 1 = unchanged TOASTed value that the source did not send and the old
	 * tuple could not supply (row[i] is a NULL placeholder); NULL when no column is flagged */
	const uint8_t *unchanged;
	/* old tuple as sent: 'O' = every column (REPLICA IDENTITY FULL), 'K' = identity columns
	 * only (the others NULL), 0 = none; `old` has rel->ncols values when old_kind != 0 */
	char old_kind;
	const struct floe_value *old;
	uint64_t lsn;         /* WAL position of the change as sent (0 when the server sent none) */
	uint32_t xid;         /* top-level transaction id */
	uint64_t commit_lsn;  /* the transaction's commit record */
	uint64_t end_lsn;     /* end of the commit record; 0 while unknown (non-streamed: see on_commit) */
	int64_t commit_ts;    /* Unix µs */
	uint8_t truncate_flags; /* TRUNCATE: 1 CASCADE, 2 RESTART IDENTITY */
	uint32_t nulled;      /* values of this change a types.* 'null' policy stored as NULL */
};

/*
 * Builds `ch` from an Insert/Update/Delete message of relation `rel`
 * (transaction fields are the caller's). Values are decoded with `policy`
 * into `arena`. A tuple that does not match the relation, a missing key, or a
 * bad value gives -1 with a one-line error naming the relation.
 */
int floe_change_build(const struct floe_change_rel *rel, const struct floe_pg_msg *msg,
		      const struct floe_pg_policy *policy, struct floe_arena *arena, struct floe_change *ch,
		      struct floe_err *err);

const char *floe_change_op_name(enum floe_change_op op);

#endif
