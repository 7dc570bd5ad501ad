/*
 * txbuf.h — per-transaction record buffers with spill to disk.
 *
 * Holds the raw messages of transactions that are not committed yet (pgoutput
 * streamed transactions, or any byte records a consumer wants to keep until a
 * commit), keyed by top-level xid. Each record remembers its subtransaction id
 * so aborting a subtransaction drops exactly the records from its first one on
 * (the order pgoutput guarantees). Past `memory_limit` bytes held in memory
 * over all transactions, the largest one moves to an unlinked temporary file
 * in `spill_dir`, so memory stays bounded whatever the transaction size; files
 * disappear on discard, release and process exit. Records come back in append
 * order through an iterator. Does not parse the records.
 */
#ifndef FLOE_PG_TXBUF_H
#define FLOE_PG_TXBUF_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/buf.h"
#include "core/err.h"

struct floe_txbuf_tx;

struct floe_txbuf {
	size_t memory_limit;      /* bytes of records held in memory before spilling (≥ 1) */
	char *spill_dir;
	struct floe_txbuf_tx **txs;
	size_t ntx, captx;
	size_t mem;               /* bytes currently allocated for records in memory */
	uint64_t spilled_bytes;   /* statistics: bytes ever written to spill files */
	uint64_t spills;          /* statistics: transactions moved to disk */
};

struct floe_txbuf_rec {
	uint32_t subxid;
	uint64_t lsn;
	const uint8_t *p;         /* valid until the next floe_txbuf_iter_next */
	size_t len;
};

struct floe_txbuf_iter {
	struct floe_txbuf_tx *tx;
	uint64_t pos;             /* logical offset of the next record */
	uint64_t end;
	struct floe_buf rdbuf;    /* spilled transactions: file bytes [rd_off, rd_off + rdbuf.len) */
	uint64_t rd_off;
};

/* spill_dir NULL = $TMPDIR or /tmp. */
int floe_txbuf_init(struct floe_txbuf *tb, size_t memory_limit, const char *spill_dir, struct floe_err *err);
/* Discards every transaction and closes every spill file. */
void floe_txbuf_release(struct floe_txbuf *tb);
/* Discards every transaction (for example after a reconnect). */
void floe_txbuf_clear(struct floe_txbuf *tb);

/* Appends one record to transaction `xid` (created on first use). */
int floe_txbuf_append(struct floe_txbuf *tb, uint32_t xid, uint32_t subxid, uint64_t lsn, const void *p, size_t len,
		      struct floe_err *err);
/* Drops the whole transaction when subxid == xid, else the records from the
 * subtransaction's first record on. Unknown xids/subxids are a no-op. */
int floe_txbuf_abort(struct floe_txbuf *tb, uint32_t xid, uint32_t subxid, struct floe_err *err);
/* Forgets transaction `xid` (after it was replayed). */
void floe_txbuf_discard(struct floe_txbuf *tb, uint32_t xid);

bool floe_txbuf_has(const struct floe_txbuf *tb, uint32_t xid);
/* Records / bytes of transaction xid (0 if unknown); whether it is on disk. */
uint64_t floe_txbuf_count(const struct floe_txbuf *tb, uint32_t xid);
bool floe_txbuf_is_spilled(const struct floe_txbuf *tb, uint32_t xid);

/* Starts reading transaction xid from its first record; -1 if unknown. The
 * transaction must not change until the iterator is released. */
int floe_txbuf_iter_open(struct floe_txbuf *tb, uint32_t xid, struct floe_txbuf_iter *it, struct floe_err *err);
/* 1 = *rec filled, 0 = end, -1 = read error. */
int floe_txbuf_iter_next(struct floe_txbuf_iter *it, struct floe_txbuf_rec *rec, struct floe_err *err);
void floe_txbuf_iter_release(struct floe_txbuf_iter *it);

#endif
