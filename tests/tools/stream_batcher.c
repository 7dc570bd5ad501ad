/*
 * stream_batcher.c — a test consumer of pg/stream.h that behaves like the later
 * Iceberg pipeline: it copies the changes of each committed transaction into its
 * own batch, "commits" the batch (prints it) every B transactions, every TICK_MS
 * (from on_idle) and when the stream stops, and only then confirms the last transaction's end_lsn. Transactions still in
 * the batch when the stream stops are never confirmed.
 *
 *   stream_batcher CONFIG BATCH TICK_MS [START_LSN]
 *
 * Output: "batch N: xid,commit_lsn,end_lsn,changes ..." lines, then
 * "confirmed END_LSN". Runs until caught up. Not part of floe itself.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/config.h"
#include "core/lsn.h"
#include "core/timeutil.h"
#include "pg/stream.h"

struct pending {
	uint32_t xid;
	uint64_t commit_lsn, end_lsn;
	uint64_t changes;
};

struct batcher {
	struct floe_stream *s;
	struct pending *txns;
	size_t n, cap;
	size_t batch;
	uint64_t open_changes;
	uint64_t confirmed;
	int batches;
	int ticks;
	int tick_ms;
	int64_t last_flush_us;
};

static int on_begin(void *ctx, const struct floe_txn *tx, struct floe_err *err)
{
	struct batcher *b = ctx;
	(void)tx;
	(void)err;
	b->open_changes = 0;
	return 0;
}

static int on_change(void *ctx, const struct floe_txn *tx, const struct floe_change *ch, struct floe_err *err)
{
	struct batcher *b = ctx;
	(void)tx;
	if (!ch->rel || (ch->op != FLOE_OP_TRUNCATE && !ch->key))
		return floe_err_set(err, "change without a relation or key");
	b->open_changes++;
	return 0;
}

static int flush_batch(struct batcher *b)
{
	char a[FLOE_LSN_STR_MAX], c[FLOE_LSN_STR_MAX];

	if (b->n == 0)
		return 0;
	printf("batch %d:", ++b->batches);
	for (size_t i = 0; i < b->n; i++)
		printf(" %u,%s,%s,%llu", b->txns[i].xid, floe_lsn_fmt(b->txns[i].commit_lsn, a),
		       floe_lsn_fmt(b->txns[i].end_lsn, c), (unsigned long long)b->txns[i].changes);
	printf("\n");
	fflush(stdout);
	/* the batch is durable now: confirm its last transaction */
	b->confirmed = b->txns[b->n - 1].end_lsn;
	floe_stream_confirm(b->s, b->confirmed);
	b->n = 0;
	return 0;
}

static int on_commit(void *ctx, const struct floe_txn *tx, struct floe_err *err)
{
	struct batcher *b = ctx;

	if (b->n == b->cap) {
		size_t nc = b->cap ? b->cap * 2 : 16;
		struct pending *np = realloc(b->txns, nc * sizeof(*np));
		if (!np)
			return floe_err_set(err, "out of memory");
		b->txns = np;
		b->cap = nc;
	}
	b->txns[b->n].xid = tx->xid;
	b->txns[b->n].commit_lsn = tx->commit_lsn;
	b->txns[b->n].end_lsn = tx->end_lsn;
	b->txns[b->n].changes = b->open_changes;
	b->n++;
	if (b->n >= b->batch)
		return flush_batch(b);
	return 0;
}

static void on_abort(void *ctx, const struct floe_txn *tx)
{
	struct batcher *b = ctx;
	(void)tx;
	b->open_changes = 0;
}

static int on_idle(void *ctx, bool stopping, struct floe_err *err)
{
	struct batcher *b = ctx;
	int64_t now = floe_mono_us();

	(void)err;
	if (!stopping && now - b->last_flush_us < (int64_t)b->tick_ms * 1000)
		return 0;
	b->ticks++;
	b->last_flush_us = now;
	return flush_batch(b);
}

int main(int argc, char **argv)
{
	struct floe_config cfg;
	struct floe_stream_opts opts;
	struct floe_stream_consumer cons;
	struct floe_err err = { 0 };
	struct batcher b;
	char a[FLOE_LSN_STR_MAX];
	int rc = 1;

	if (argc < 4) {
		fprintf(stderr, "usage: stream_batcher CONFIG BATCH TICK_MS [START_LSN]\n");
		return 2;
	}
	memset(&b, 0, sizeof(b));
	memset(&opts, 0, sizeof(opts));
	memset(&cons, 0, sizeof(cons));
	b.batch = (size_t)strtoul(argv[2], NULL, 10);
	if (floe_config_load(argv[1], &cfg, &err) != 0) {
		fprintf(stderr, "stream_batcher: %s\n", err.msg);
		return 1;
	}
	opts.cfg = &cfg;
	opts.ack = true;
	opts.until_caught_up = true;
	b.tick_ms = atoi(argv[3]);
	if (argc > 4 && floe_lsn_parse(argv[4], &opts.start_lsn) != 0) {
		fprintf(stderr, "stream_batcher: bad LSN '%s'\n", argv[4]);
		goto out;
	}
	cons.ctx = &b;
	cons.on_begin = on_begin;
	cons.on_change = on_change;
	cons.on_commit = on_commit;
	cons.on_abort = on_abort;
	cons.on_idle = b.tick_ms > 0 ? on_idle : NULL;
	if (floe_stream_open(&b.s, &opts, &cons, &err) != 0 || floe_stream_run(b.s, &err) != 0) {
		fprintf(stderr, "stream_batcher: %s\n", err.msg);
		goto out;
	}
	printf("system %s\n", floe_stream_system_id(b.s));
	printf("unconfirmed %zu\n", b.n);
	printf("ticks %d\n", b.ticks);
	printf("confirmed %s\n", floe_lsn_fmt(b.confirmed, a));
	rc = 0;
out:
	floe_stream_free(b.s);
	free(b.txns);
	floe_config_free(&cfg);
	return rc;
}
