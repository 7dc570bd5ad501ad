/*
 * stream.h — the change stream: turns a logical replication slot (pgoutput)
 * into committed transactions delivered to a consumer, in commit order.
 *
 * The driver opens a SQL connection (checks, type and key lookups) and a
 * replication connection, negotiates pgoutput (highest proto_version the
 * server has, binary when every published column type has a binary decoder,
 * streaming of large transactions), buffers streamed transactions per xid
 * (txbuf.h, spilling past sink.memory_limit), and calls the consumer:
 *
 *   on_begin(tx) → on_change(change)* → on_commit(tx)       (one transaction)
 *   on_abort(tx)   instead of on_commit when an open transaction will not
 *                  complete (connection lost mid-transaction, or stop): the
 *                  consumer discards what it got since on_begin.
 *
 * Only committed transactions reach on_commit, in commit order; a
 * transaction's changes arrive in WAL order. Non-streamed transactions are
 * delivered while they are received (so a consumer must not act before
 * on_commit); streamed ones are replayed after their Stream Commit. Changes
 * and their values are valid only during on_change.
 *
 * Acknowledgement: nothing is acknowledged unless opts.ack. With ack, the
 * consumer calls floe_stream_confirm(end_lsn) once a transaction is durable
 * on its side (it may do that later, for several transactions at once); the
 * flush position sent to PostgreSQL is the highest confirmed end_lsn, and,
 * while everything delivered is confirmed and no transaction is open, the
 * latest position received (keepalive walEnd), so an idle slot never holds
 * WAL. Redelivery after a crash starts from the slot's confirmed position;
 * consumers de-duplicate on commit_lsn. Not thread-safe: call everything from
 * the thread that runs floe_stream_run.
 */
#ifndef FLOE_PG_STREAM_H
#define FLOE_PG_STREAM_H

#include <signal.h>
#include <stdbool.h>
#include <stdint.h>

#include "core/config.h"
#include "core/err.h"
#include "pg/change.h"

struct floe_txn {
	uint32_t xid;
	uint64_t commit_lsn;
	uint64_t end_lsn;     /* 0 in on_begin/on_change of a non-streamed transaction */
	int64_t commit_ts;    /* Unix µs */
	bool streamed;        /* replayed from the stream buffer after Stream Commit */
};

/* Callbacks return 0 to go on, -1 (with err) to stop the stream with that error. */
struct floe_stream_consumer {
	void *ctx;
	int (*on_begin)(void *ctx, const struct floe_txn *tx, struct floe_err *err);
	int (*on_change)(void *ctx, const struct floe_txn *tx, const struct floe_change *ch, struct floe_err *err);
	int (*on_commit)(void *ctx, const struct floe_txn *tx, struct floe_err *err);
	void (*on_abort)(void *ctx, const struct floe_txn *tx);
	/* Optional. Called from the receive loop whenever no transaction is open:
	 * after each message or wait of at most 1 s (stopping = false), and once
	 * right before a clean stop (stop requested or caught up; stopping = true;
	 * a transaction the stop cut short gets on_abort first),
	 * so a consumer can flush on a timer and confirm before the last status
	 * update is sent. -1 stops the stream with that error. */
	int (*on_idle)(void *ctx, bool stopping, struct floe_err *err);
};

struct floe_stream_opts {
	const struct floe_config *cfg;  /* source.*, sink.memory_limit/spill_dir, types.* (borrowed) */
	bool ack;                       /* send flush positions (else flush = 0: the slot never moves) */
	bool until_caught_up;           /* stop after every commit below pg_current_wal_insert_lsn() at start */
	volatile sig_atomic_t *stop;    /* optional: set (e.g. by a signal handler) to stop cleanly */
	int reconnect_max_ms;           /* backoff cap when the connection drops; 0 = 30 s */
	int status_interval_ms;         /* standby status update period; 0 = 10 s */
	bool text_only;                 /* never ask for binary values (tests) */
	uint64_t start_lsn;             /* 0 = the slot's confirmed position; transactions that commit
					   before a later position are skipped by the server */
	int64_t memory_limit;           /* streamed-transaction buffer; 0 = cfg sink.memory_limit */
};

struct floe_stream_stats {
	uint64_t messages;         /* pgoutput messages received */
	uint64_t bytes;            /* their bytes */
	uint64_t changes;          /* changes delivered */
	uint64_t txns;             /* transactions committed to the consumer */
	uint64_t streamed_txns;    /* of which streamed */
	uint64_t spills;           /* streamed transactions that went to disk */
	uint64_t reconnects;
	uint64_t busy_keepalives;  /* status updates sent by the keepalive thread during flushes */
	uint32_t proto_version;
	bool binary;
};

struct floe_stream;

/* Checks the source (slot, publication) and prepares; does not start streaming yet. */
int floe_stream_open(struct floe_stream **out, const struct floe_stream_opts *opts,
		     const struct floe_stream_consumer *consumer, struct floe_err *err);
/* Streams until stopped (opts.stop, floe_stream_request_stop, caught up) or a
 * fatal error. Dropped connections are retried with capped backoff. */
int floe_stream_run(struct floe_stream *s, struct floe_err *err);
/* The consumer's durable position (end_lsn of its last durable transaction). */
void floe_stream_confirm(struct floe_stream *s, uint64_t lsn);
/* Around long work in a callback (a flush: Parquet files, the Iceberg commit): a
 * thread sends standby status updates (same positions as before) every
 * status_interval (at most 10 s) so wal_sender_timeout does not end the session.
 * The callback must not use the stream between the two calls. busy_end returns
 * the number of updates sent. No-ops offline or outside streaming. */
void floe_stream_busy_begin(struct floe_stream *s);
int floe_stream_busy_end(struct floe_stream *s);
/* Stops after the current callback returns (callable from callbacks). */
void floe_stream_request_stop(struct floe_stream *s);
const struct floe_stream_stats *floe_stream_stats(const struct floe_stream *s);
/* The WAL position floe_stream_run stops at with until_caught_up (0 otherwise). */
uint64_t floe_stream_target_lsn(const struct floe_stream *s);
/* The source's system identifier (IDENTIFY_SYSTEM), known after floe_stream_open. */
const char *floe_stream_system_id(const struct floe_stream *s);
void floe_stream_free(struct floe_stream *s);

/*
 * Offline use (tests, fuzzing, replaying a captured stream): a stream without
 * connections that is fed pgoutput messages one at a time. opts.cfg supplies
 * the policies, memory limit and spill directory; `resolver` (may be NULL)
 * answers pg_type lookups. Without a catalog, REPLICA IDENTITY FULL tables are
 * keyed by every column. floe_stream_feed handles one message exactly as if it
 * had arrived in XLogData with dataStart = lsn (consumer callbacks included).
 */
int floe_stream_open_offline(struct floe_stream **out, const struct floe_stream_opts *opts, uint32_t proto_version,
			     bool parallel, const struct floe_pg_resolver *resolver,
			     const struct floe_stream_consumer *consumer, struct floe_err *err);
int floe_stream_feed(struct floe_stream *s, uint64_t lsn, const uint8_t *p, size_t len, struct floe_err *err);

#endif
