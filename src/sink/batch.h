/*
 * batch.h — one table's pending changes between two Iceberg commits, with
 * the changes of each key collapsed to its final state.
 *
 * Keys and row images arrive encoded (rowcodec.h). Per key the batch keeps
 * the final image (or "deleted"), whether the key existed before the batch
 * (its first change was an update or delete, so the commit needs an
 * equality delete; a key first inserted here needs none), the commit LSN and
 * time of its last change, and whether the image still lacks an unchanged
 * TOAST value (filled from the key's earlier image when there is one).
 * Tables without a key only append. When the caller finds the batch too big
 * in the middle of a transaction it spills the in-memory state to a sorted
 * run file (unlinked temporary file); iteration merges the runs and memory
 * by key, so memory stays bounded. No Parquet, no Iceberg here.
 */
#ifndef FLOE_SINK_BATCH_H
#define FLOE_SINK_BATCH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "core/arena.h"
#include "core/buf.h"
#include "core/err.h"
#include "core/value.h"

#define FLOE_BATCH_NEED_DELETE 1u /* the key existed before the batch */
#define FLOE_BATCH_IMAGE 2u       /* final state is a row image (else: deleted) */
#define FLOE_BATCH_PARTIAL 4u     /* the image has UNCHANGED columns */

struct floe_batch_entry {
	uint64_t hash;
	const uint8_t *key;
	const uint8_t *img;
	uint32_t key_len;
	uint32_t img_len;
	uint64_t lsn;          /* commit LSN of the last change */
	int64_t commit_ts;     /* Unix µs of that commit */
	uint32_t flags;
};

struct floe_batch_run;

struct floe_batch {
	const struct floe_field *fields;  /* ncols source columns (borrowed) */
	size_t ncols;
	bool keyed;                       /* false: append-only table (no key) */
	char *spill_dir;
	struct floe_arena arena;          /* keys and images */
	struct floe_batch_entry *entries; /* in first-change order */
	size_t n, cap;
	uint64_t *slots;                  /* open addressing: hash tag | entry index + 1, 0 = empty */
	size_t nslots;
	bool truncate;                    /* a TRUNCATE happened: drop the table's live files first */
	struct floe_batch_run *runs;      /* spilled, oldest first */
	size_t nruns;
	uint64_t changes;                 /* changes applied since the last reset */
	uint64_t spilled_bytes;
	struct floe_buf scratch;
};

int floe_batch_init(struct floe_batch *b, const struct floe_field *fields, size_t ncols, bool keyed,
		    const char *spill_dir, struct floe_err *err);
void floe_batch_release(struct floe_batch *b);
/* Forgets everything (after a commit, or to abandon the batch). */
void floe_batch_reset(struct floe_batch *b);

/* Insert or update of `key` to `img`. insert_like: the source says the key did
 * not exist right before (an INSERT, or the new key of a key change). */
int floe_batch_upsert(struct floe_batch *b, const uint8_t *key, size_t key_len, const uint8_t *img, size_t img_len,
		      bool partial, bool insert_like, uint64_t lsn, int64_t commit_ts, struct floe_err *err);
int floe_batch_delete(struct floe_batch *b, const uint8_t *key, size_t key_len, uint64_t lsn, int64_t commit_ts,
		      struct floe_err *err);
/* Append-only tables: one more row. */
int floe_batch_append(struct floe_batch *b, const uint8_t *img, size_t img_len, uint64_t lsn, int64_t commit_ts,
		      struct floe_err *err);
/* TRUNCATE: everything before is gone, the commit drops every live file. */
void floe_batch_truncate(struct floe_batch *b);

/*
 * Fills the UNCHANGED columns of `img` from the newest images of `key` in the
 * batch (memory, then runs newest first) into `out` (reset first). *partial
 * says whether some column is still UNCHANGED afterwards (the key had no
 * earlier image here, or was deleted). Used for a key change, whose unchanged
 * values belong to the old key.
 */
int floe_batch_fill(struct floe_batch *b, const uint8_t *key, size_t key_len, const uint8_t *img, size_t img_len,
		    struct floe_buf *out, bool *partial, struct floe_err *err);

/* Bytes of memory the batch holds. */
size_t floe_batch_memory(const struct floe_batch *b);
/* True when there is nothing to commit. */
bool floe_batch_empty(const struct floe_batch *b);
/* Moves the in-memory state to a run file (sorted by key) and frees the memory. */
int floe_batch_spill(struct floe_batch *b, struct floe_err *err);

/* The final state of every key, keys in an unspecified but stable order. */
struct floe_batch_row {
	const uint8_t *key;
	uint32_t key_len;
	const uint8_t *img;    /* NULL: the key's final state is deleted */
	uint32_t img_len;
	bool need_delete;
	bool partial;
	uint64_t lsn;
	int64_t commit_ts;
};

struct floe_batch_iter;

int floe_batch_iter_open(struct floe_batch *b, struct floe_batch_iter **out, struct floe_err *err);
/* 1 = *row filled (valid until the next call), 0 = end, -1 = error. */
int floe_batch_iter_next(struct floe_batch_iter *it, struct floe_batch_row *row, struct floe_err *err);
void floe_batch_iter_free(struct floe_batch_iter *it);

#endif
