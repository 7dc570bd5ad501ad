/*
 * fuzz_txbuf.c — drives the transaction buffer with an operation sequence taken
 * from the input (append, subtransaction abort, whole abort, replay, discard) under
 * a tiny memory limit so transactions spill, and compares every replay with a
 * simple in-memory model. Any difference aborts.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pg/txbuf.h"

#define MAXREC 512

struct model_rec {
	uint32_t subxid;
	uint8_t len, seed;
};

struct model_tx {
	struct model_rec recs[MAXREC];
	size_t n;
	int exists;
};

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void fill(uint8_t *p, uint8_t len, uint8_t seed)
{
	for (uint8_t i = 0; i < len; i++)
		p[i] = (uint8_t)(seed + i * 7);
}

static void check(struct floe_txbuf *tb, struct model_tx *m, uint32_t xid)
{
	struct floe_txbuf_iter it;
	struct floe_txbuf_rec rec;
	struct floe_err err;
	uint8_t want[256];
	size_t k = 0;
	int r;

	if (!m->exists) {
		if (floe_txbuf_has(tb, xid))
			abort();
		return;
	}
	if (floe_txbuf_iter_open(tb, xid, &it, &err) != 0)
		abort();
	while ((r = floe_txbuf_iter_next(&it, &rec, &err)) == 1) {
		if (k >= m->n || rec.len != m->recs[k].len || rec.subxid != m->recs[k].subxid)
			abort();
		fill(want, m->recs[k].len, m->recs[k].seed);
		if (rec.len && memcmp(rec.p, want, rec.len) != 0)
			abort();
		if (rec.lsn != (uint64_t)m->recs[k].seed * 3)
			abort();
		k++;
	}
	if (r != 0 || k != m->n || floe_txbuf_count(tb, xid) != m->n)
		abort();
	floe_txbuf_iter_release(&it);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct floe_txbuf tb;
	struct floe_err err;
	struct model_tx *m = calloc(4, sizeof(*m));
	uint8_t buf[256];

	if (!m || floe_txbuf_init(&tb, 300, "/tmp", &err) != 0)
		abort();
	for (size_t i = 0; i + 1 < size; i += 2) {
		uint8_t op = data[i] % 5, arg = data[i + 1];
		uint32_t xid = (uint32_t)(data[i] / 5) % 3 + 1;
		struct model_tx *t = &m[xid];
		uint32_t sub = (arg % 4 == 0) ? xid : xid * 100 + arg % 4;

		switch (op) {
		case 0: /* append */
			if (t->n == MAXREC)
				break;
			t->recs[t->n].subxid = sub;
			t->recs[t->n].len = (uint8_t)(arg % 97);
			t->recs[t->n].seed = arg;
			fill(buf, t->recs[t->n].len, arg);
			if (floe_txbuf_append(&tb, xid, sub, (uint64_t)arg * 3, buf, t->recs[t->n].len, &err) != 0)
				abort();
			t->n++;
			t->exists = 1;
			break;
		case 1: /* subtransaction abort: drop from its first record on */
			if (sub == xid)
				break;
			for (size_t k = 0; k < t->n; k++)
				if (t->recs[k].subxid == sub) {
					t->n = k;
					break;
				}
			if (floe_txbuf_abort(&tb, xid, sub, &err) != 0)
				abort();
			break;
		case 2: /* whole abort */
			t->n = 0;
			t->exists = 0;
			if (floe_txbuf_abort(&tb, xid, xid, &err) != 0)
				abort();
			break;
		case 3: /* commit: replay and forget */
			check(&tb, t, xid);
			floe_txbuf_discard(&tb, xid);
			t->n = 0;
			t->exists = 0;
			break;
		case 4:
			check(&tb, t, xid);
			break;
		}
	}
	for (uint32_t x = 1; x <= 3; x++)
		check(&tb, &m[x], x);
	floe_txbuf_release(&tb);
	free(m);
	return 0;
}
