/*
 * txn.h — floe_table_transact: the one retry loop every table change runs in.
 *
 * A change is built as updates + requirements (update.h) on top of the
 * table's current metadata, then committed through the catalog. On a
 * conflict the table is reloaded and the change rebuilt, with jittered
 * exponential backoff, up to t->max_attempts. On an unknown outcome every
 * file is kept and the table reloaded: if the change is there (our metadata
 * file is current, or ops->landed finds it) the transaction succeeded;
 * otherwise it fails with FLOE_EUNKNOWN, files kept (not retried here: a late
 * landing cannot be ruled out for every catalog). Files the build writes are tracked: those of a
 * lost attempt are deleted (unless marked kept), all of them when the
 * transaction fails for good — never those of an attempt whose outcome was
 * unknown. Snapshot commits (table.c) and expiry (expire.c) are callers.
 */
#ifndef FLOE_ICEBERG_TXN_H
#define FLOE_ICEBERG_TXN_H

#include <stdbool.h>
#include <stddef.h>

#include "core/arena.h"
#include "core/err.h"
#include "iceberg/update.h"

struct floe_table;
struct floe_txn;

struct floe_txn_ops {
	/* Optional, once before the first attempt: files written once for every
	 * attempt (e.g. the new manifests), tracked with keep = true. */
	int (*prepare)(struct floe_txn *tx, struct floe_table *t, void *arg, struct floe_err *err);
	/* Optional, on every base before build: an error ends the transaction
	 * (a conflicting change that a rebuild cannot absorb). */
	int (*validate)(struct floe_txn *tx, struct floe_table *t, void *arg, struct floe_err *err);
	/* Adds this attempt's updates and requirements on top of t->md. No update
	 * at all = nothing to do (the transaction succeeds without a commit). */
	int (*build)(struct floe_txn *tx, struct floe_table *t, void *arg, struct floe_err *err);
	/* Optional: after an unknown outcome and a reload, is our change in t->md?
	 * (Without it only "the catalog points at the metadata file we wrote" counts.) */
	bool (*landed)(struct floe_table *t, void *arg);
};

/* Runs the transaction; on success t holds the new metadata. Errors keep their
 * codes: FLOE_ECONFLICT after max_attempts lost races, FLOE_EUNKNOWN when the
 * reload failed or does not show the change (files kept; t is reloaded when it could be). */
int floe_table_transact(struct floe_table *t, const struct floe_txn_ops *ops, void *arg, struct floe_err *err);

/* ---------- for build / prepare ---------- */

/* Memory that lives until the end of this attempt (updates may point into it). */
struct floe_arena *floe_txn_arena(struct floe_txn *tx);
/* 1 for the first attempt. */
int floe_txn_attempt(const struct floe_txn *tx);
/* Copies *u (not what it points at). */
int floe_txn_update(struct floe_txn *tx, const struct floe_update *u, struct floe_err *err);
int floe_txn_require(struct floe_txn *tx, const struct floe_requirement *r, struct floe_err *err);
/* assert-table-uuid + assert-ref-snapshot-id(main) on t->md, plus schema / spec ids when asked. */
int floe_txn_require_base(struct floe_txn *tx, const struct floe_table *t, bool schema, bool spec,
			  struct floe_err *err);
/* A file this transaction wrote: deleted after a lost attempt unless keep, and on final failure. */
int floe_txn_track(struct floe_txn *tx, const char *uri, bool keep, struct floe_err *err);
/* A file written before an unknown outcome is never deleted; after a success, whether a
 * given tracked file stays is the caller's business. */

#endif
