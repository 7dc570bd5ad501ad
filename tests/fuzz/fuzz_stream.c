/*
 * fuzz_stream.c — libFuzzer target for the stream driver's message handling
 * (stream.c through floe_stream_feed): transaction and Stream Start/Stop/
 * Commit/Abort state, per-xid buffering with spill (a 2 KiB memory limit),
 * replay, change assembly and JSON rendering of every value. Checks the
 * consumer protocol: on_change only inside on_begin…on_commit/on_abort, never
 * nested, and relation views stay readable until the transaction ends. Input: the format of fuzz_pgoutput (byte 0 = options: bits 0-1
 * proto_version-1, bit 2 parallel, bit 3 policy null; then frames of a
 * big-endian u16 length and the message bytes); seeds are its captures.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "core/config.h"
#include "core/value.h"
#include "pg/stream.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

struct state {
	int open;
	struct floe_buf out;
	const struct floe_change_rel *rels[64]; /* views seen in the open transaction */
	size_t nrels;
};

static int on_begin(void *ctx, const struct floe_txn *tx, struct floe_err *err)
{
	struct state *st = ctx;
	(void)tx;
	(void)err;
	if (st->open)
		abort();
	st->open = 1;
	return 0;
}

static int on_change(void *ctx, const struct floe_txn *tx, const struct floe_change *ch, struct floe_err *err)
{
	struct state *st = ctx;
	const struct floe_change_rel *rel = ch->rel;

	(void)tx;
	(void)err;
	if (!st->open || !rel)
		abort();
	if (st->nrels < 64)
		st->rels[st->nrels++] = rel;
	floe_buf_reset(&st->out);
	for (int i = 0; ch->key && i < rel->nkeys; i++)
		floe_value_to_json(&st->out, &rel->fields[rel->key_cols[i]].type, &ch->key[i]);
	for (int i = 0; i < rel->ncols; i++) {
		if (ch->row && (!ch->unchanged || !ch->unchanged[i]))
			floe_value_to_json(&st->out, &rel->fields[i].type, &ch->row[i]);
		if (ch->old)
			floe_value_to_json(&st->out, &rel->fields[i].type, &ch->old[i]);
	}
	return 0;
}

static int on_commit(void *ctx, const struct floe_txn *tx, struct floe_err *err)
{
	struct state *st = ctx;
	(void)tx;
	(void)err;
	if (!st->open)
		abort();
	/* relation views stay valid until the transaction ends (ASan checks) */
	floe_buf_reset(&st->out);
	for (size_t i = 0; i < st->nrels; i++)
		for (int c = 0; c < st->rels[i]->ncols; c++)
			floe_buf_puts(&st->out, st->rels[i]->fields[c].name);
	st->nrels = 0;
	st->open = 0;
	return 0;
}

static void on_abort(void *ctx, const struct floe_txn *tx)
{
	struct state *st = ctx;
	(void)tx;
	st->nrels = 0;
	st->open = 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct floe_config cfg;
	struct floe_stream_opts opts;
	struct floe_stream_consumer cons;
	struct floe_stream *s = NULL;
	struct floe_err err;
	struct state st;
	size_t pos = 1;
	uint64_t lsn = 0x1000000;

	if (size < 1)
		return 0;
	memset(&cfg, 0, sizeof(cfg));
	memset(&opts, 0, sizeof(opts));
	memset(&cons, 0, sizeof(cons));
	memset(&st, 0, sizeof(st));
	floe_buf_init(&st.out);
	cfg.sink.memory_limit = 2048;
	cfg.sink.spill_dir = (char *)"/tmp";
	cfg.types.numeric_overflow = cfg.types.infinity = (data[0] & 8) ? FLOE_POLICY_NULL : FLOE_POLICY_FAIL;
	opts.cfg = &cfg;
	cons.ctx = &st;
	cons.on_begin = on_begin;
	cons.on_change = on_change;
	cons.on_commit = on_commit;
	cons.on_abort = on_abort;
	if (floe_stream_open_offline(&s, &opts, (uint32_t)(data[0] & 3) + 1, (data[0] & 4) != 0, NULL, &cons, &err) != 0)
		abort();
	while (pos + 2 <= size) {
		size_t len = (size_t)data[pos] << 8 | data[pos + 1];
		uint8_t *m;

		pos += 2;
		if (len > size - pos)
			break;
		m = malloc(len ? len : 1); /* exact-size copy so ASan sees overreads */
		if (!m)
			abort();
		memcpy(m, data + pos, len);
		pos += len;
		lsn += 64;
		int rc = floe_stream_feed(s, lsn, m, len, &err);
		free(m);
		if (rc != 0)
			break; /* the real stream stops at the first error too */
	}
	floe_stream_free(s);
	floe_buf_release(&st.out);
	return 0;
}
