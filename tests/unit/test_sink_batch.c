/*
 * test_sink_batch.c — the sink's row encoding (round trips over every type,
 * unchanged-TOAST merges, truncated input) and the per-table batch: collapse
 * of a key's changes to its final state, the equality-delete rule (first
 * change decides), TOAST filling from earlier images, append-only tables, and
 * a randomized model check with spills to run files at random moments.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "sink/batch.h"
#include "sink/rowcodec.h"

static struct floe_field all_fields[] = {
	{ 1, "b", false, { .id = FLOE_T_BOOLEAN } },
	{ 2, "i", true, { .id = FLOE_T_INT } },
	{ 3, "l", false, { .id = FLOE_T_LONG } },
	{ 4, "f", false, { .id = FLOE_T_FLOAT } },
	{ 5, "d", false, { .id = FLOE_T_DOUBLE } },
	{ 6, "dec", false, { .id = FLOE_T_DECIMAL, .precision = 38, .scale = 9 } },
	{ 7, "s", false, { .id = FLOE_T_STRING } },
	{ 8, "u", false, { .id = FLOE_T_UUID } },
	{ 9, "ts", false, { .id = FLOE_T_TIMESTAMPTZ } },
	{ 10, "arr", false, { .id = FLOE_T_LIST, .elem_id = FLOE_T_STRING, .elem_field_id = 11 } },
};
#define NALL (sizeof(all_fields) / sizeof(all_fields[0]))

static void test_roundtrip(void **state)
{
	struct floe_value v[NALL], back[NALL], items[3];
	uint8_t unch[NALL], uback[NALL];
	struct floe_buf b = FLOE_BUF_INIT;
	struct floe_arena a;
	struct floe_err err = { 0 };
	static const uint8_t uuid[16] = { 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16 };

	(void)state;
	floe_arena_init(&a, 0);
	memset(v, 0, sizeof(v));
	memset(unch, 0, sizeof(unch));
	v[0].u.b = true;
	v[1].u.i32 = -7;
	v[2].u.i64 = INT64_MIN;
	v[3].u.f32 = 1.5f;
	v[4].is_null = true;
	v[5].u.dec = -(floe_i128)123456789012345678;
	v[6].u.bytes.p = (const uint8_t *)"héllo";
	v[6].u.bytes.len = 6;
	v[7].u.bytes.p = uuid;
	v[7].u.bytes.len = 16;
	unch[8] = 1;
	memset(items, 0, sizeof(items));
	items[0].u.bytes.p = (const uint8_t *)"a";
	items[0].u.bytes.len = 1;
	items[1].is_null = true;
	items[2].u.bytes.p = (const uint8_t *)"";
	items[2].u.bytes.len = 0;
	v[9].u.list.items = items;
	v[9].u.list.n = 3;
	floe_rowcodec_encode(&b, all_fields, NULL, NALL, v, unch);
	assert_int_equal(floe_buf_check(&b, &err), 0);
	assert_int_equal(floe_rowcodec_decode(all_fields, NALL, b.data, b.len, back, uback, &a, &err), 0);
	for (size_t i = 0; i < NALL; i++) {
		if (i == 8) {
			assert_true(back[i].is_null);
			assert_int_equal(uback[i], 1);
			continue;
		}
		assert_int_equal(uback[i], 0);
		assert_true(floe_value_equal(&all_fields[i].type, &v[i], &back[i]));
	}
	bool partial = false;
	assert_int_equal(floe_rowcodec_partial(all_fields, NALL, b.data, b.len, &partial, &err), 0);
	assert_true(partial);
	/* every truncated prefix fails cleanly */
	for (size_t n = 0; n < b.len; n++)
		assert_int_equal(floe_rowcodec_decode(all_fields, NALL, b.data, n, back, NULL, &a, &err), -1);
	/* a key: columns 1 and 6 only */
	static const int keycols[] = { 1, 6 };
	struct floe_buf k1 = FLOE_BUF_INIT, k2 = FLOE_BUF_INIT;
	floe_rowcodec_encode(&k1, all_fields, keycols, 2, v, NULL);
	floe_rowcodec_encode(&k2, all_fields, keycols, 2, v, NULL);
	assert_int_equal(k1.len, k2.len);
	assert_memory_equal(k1.data, k2.data, k1.len);
	assert_int_equal(floe_rowcodec_hash(k1.data, k1.len), floe_rowcodec_hash(k2.data, k2.len));
	floe_buf_release(&k1);
	floe_buf_release(&k2);
	floe_buf_release(&b);
	floe_arena_release(&a);
}

/* Two-column rows: key int, value string; rows built in a scratch buffer. */
static struct floe_field kv_fields[] = {
	{ 1, "k", true, { .id = FLOE_T_INT } },
	{ 2, "v", false, { .id = FLOE_T_STRING } },
};
static const int kv_key[] = { 0 };

static void enc_key(struct floe_buf *b, int32_t k)
{
	struct floe_value v[2];
	memset(v, 0, sizeof(v));
	v[0].u.i32 = k;
	floe_buf_reset(b);
	floe_rowcodec_encode(b, kv_fields, kv_key, 1, v, NULL);
}

/* val NULL = unchanged TOAST */
static void enc_row(struct floe_buf *b, int32_t k, const char *val)
{
	struct floe_value v[2];
	uint8_t unch[2] = { 0, 0 };
	memset(v, 0, sizeof(v));
	v[0].u.i32 = k;
	if (val) {
		v[1].u.bytes.p = (const uint8_t *)val;
		v[1].u.bytes.len = (uint32_t)strlen(val);
	} else {
		v[1].is_null = true;
		unch[1] = 1;
	}
	floe_buf_reset(b);
	floe_rowcodec_encode(b, kv_fields, NULL, 2, v, unch);
}

static void test_merge(void **state)
{
	struct floe_buf n = FLOE_BUF_INIT, o = FLOE_BUF_INIT, out = FLOE_BUF_INIT;
	struct floe_err err = { 0 };
	struct floe_value back[2];
	struct floe_arena a;
	bool partial;

	(void)state;
	floe_arena_init(&a, 0);
	enc_row(&n, 5, NULL);
	enc_row(&o, 4, "old value");
	assert_int_equal(floe_rowcodec_merge(kv_fields, 2, n.data, n.len, o.data, o.len, &out, &partial, &err), 0);
	assert_false(partial);
	assert_int_equal(floe_rowcodec_decode(kv_fields, 2, out.data, out.len, back, NULL, &a, &err), 0);
	assert_int_equal(back[0].u.i32, 5);
	assert_int_equal(back[1].u.bytes.len, 9);
	assert_memory_equal(back[1].u.bytes.p, "old value", 9);
	/* older also unchanged: still partial */
	enc_row(&o, 4, NULL);
	floe_buf_reset(&out);
	assert_int_equal(floe_rowcodec_merge(kv_fields, 2, n.data, n.len, o.data, o.len, &out, &partial, &err), 0);
	assert_true(partial);
	floe_buf_release(&n);
	floe_buf_release(&o);
	floe_buf_release(&out);
	floe_arena_release(&a);
}

/* ---------- model check ---------- */

#define NKEYS 64

struct model_key {
	bool touched;
	bool need_delete;
	bool live;        /* final state: an image */
	char val[32];     /* "" + unknown = "?" when the value is unchanged and not known in the batch */
	bool unknown;     /* the value comes from the table (partial) */
	uint64_t lsn;
};

struct model {
	bool truncate;
	bool exists[NKEYS];   /* in the source right now */
	char table_val[NKEYS][32]; /* source value before the batch, for keys that existed */
	struct model_key k[NKEYS];
};

static void check_batch(struct floe_batch *b, struct model *m)
{
	struct floe_batch_iter *it = NULL;
	struct floe_batch_row row;
	struct floe_err err = { 0 };
	struct floe_arena a;
	bool seen[NKEYS];
	int r, n = 0;

	floe_arena_init(&a, 0);
	memset(seen, 0, sizeof(seen));
	assert_int_equal(b->truncate, m->truncate);
	assert_int_equal(floe_batch_iter_open(b, &it, &err), 0);
	while ((r = floe_batch_iter_next(it, &row, &err)) == 1) {
		struct floe_value kv[2];
		uint8_t unch[2];
		assert_int_equal(floe_rowcodec_decode(kv_fields, 1, row.key, row.key_len, kv, NULL, &a, &err), 0);
		int k = kv[0].u.i32;
		assert_true(k >= 0 && k < NKEYS);
		assert_false(seen[k]);
		seen[k] = true;
		n++;
		struct model_key *mk = &m->k[k];
		assert_true(mk->touched);
		assert_int_equal(row.need_delete, mk->need_delete);
		assert_int_equal(row.img != NULL, mk->live);
		assert_int_equal(row.lsn, mk->lsn);
		if (row.img) {
			assert_int_equal(floe_rowcodec_decode(kv_fields, 2, row.img, row.img_len, kv, unch, &a, &err), 0);
			assert_int_equal(kv[0].u.i32, k);
			assert_int_equal(row.partial, mk->unknown);
			assert_int_equal(unch[1], mk->unknown);
			if (!mk->unknown) {
				assert_int_equal(kv[1].u.bytes.len, strlen(mk->val));
				assert_memory_equal(kv[1].u.bytes.p, mk->val, kv[1].u.bytes.len);
			}
		}
	}
	assert_int_equal(r, 0);
	for (int k = 0; k < NKEYS; k++)
		assert_int_equal(seen[k], m->k[k].touched);
	floe_batch_iter_free(it);
	floe_arena_release(&a);
}

static void test_model(void **state)
{
	char dir[] = "/tmp/floe-test-batch-XXXXXX";
	struct floe_buf kb = FLOE_BUF_INIT, rb = FLOE_BUF_INIT, fb = FLOE_BUF_INIT;
	struct floe_err err = { 0 };
	struct floe_batch b;
	unsigned seed = 12345;

	(void)state;
	assert_non_null(mkdtemp(dir));
	assert_int_equal(floe_batch_init(&b, kv_fields, 2, true, dir, &err), 0);
	for (int round = 0; round < 200; round++) {
		struct model m;
		uint64_t lsn = 100;
		memset(&m, 0, sizeof(m));
		/* the table before the batch: random keys exist with known values */
		for (int k = 0; k < NKEYS; k++) {
			m.exists[k] = rand_r(&seed) % 2;
			snprintf(m.table_val[k], sizeof(m.table_val[k]), "t%d", k);
		}
		int nops = 1 + rand_r(&seed) % 300;
		for (int op = 0; op < nops; op++) {
			int k = rand_r(&seed) % NKEYS, what = rand_r(&seed) % 100;
			struct model_key *mk = &m.k[k];
			char val[32];
			lsn += 8;
			snprintf(val, sizeof(val), "v%d.%d", round, op);
			if (what < 1) {
				floe_batch_truncate(&b);
				m.truncate = true;
				memset(m.k, 0, sizeof(m.k));
				memset(m.exists, 0, sizeof(m.exists));
			} else if (what < 4) {
				assert_int_equal(floe_batch_spill(&b, &err), 0);
			} else if (!m.exists[k]) {
				/* insert */
				enc_key(&kb, k);
				enc_row(&rb, k, val);
				assert_int_equal(floe_batch_upsert(&b, kb.data, kb.len, rb.data, rb.len, false, true, lsn, 0,
								   &err),
						 0);
				if (!mk->touched)
					mk->need_delete = false;
				mk->touched = true;
				mk->live = true;
				mk->unknown = false;
				strcpy(mk->val, val);
				mk->lsn = lsn;
				m.exists[k] = true;
			} else if (what < 40) {
				/* delete */
				enc_key(&kb, k);
				assert_int_equal(floe_batch_delete(&b, kb.data, kb.len, lsn, 0, &err), 0);
				if (!mk->touched)
					mk->need_delete = true;
				mk->touched = true;
				mk->live = false;
				mk->lsn = lsn;
				m.exists[k] = false;
			} else {
				/* update, half of them leaving the value unchanged (TOAST) */
				bool unchanged = what < 70;
				enc_key(&kb, k);
				enc_row(&rb, k, unchanged ? NULL : val);
				assert_int_equal(floe_batch_upsert(&b, kb.data, kb.len, rb.data, rb.len, unchanged, false,
								   lsn, 0, &err),
						 0);
				if (!mk->touched) {
					mk->need_delete = true;
					mk->unknown = unchanged;
				} else if (!unchanged) {
					mk->unknown = false;
				}
				if (!unchanged)
					strcpy(mk->val, val);
				mk->touched = true;
				mk->live = true;
				mk->lsn = lsn;
			}
		}
		check_batch(&b, &m);
		/* floe_batch_fill finds a key's image through memory and runs */
		for (int k = 0; k < NKEYS; k++) {
			bool partial;
			enc_key(&kb, k);
			enc_row(&rb, k, NULL);
			assert_int_equal(floe_batch_fill(&b, kb.data, kb.len, rb.data, rb.len, &fb, &partial, &err), 0);
			assert_int_equal(partial, !(m.k[k].touched && m.k[k].live && !m.k[k].unknown));
		}
		floe_batch_reset(&b);
		assert_true(floe_batch_empty(&b));
	}
	floe_batch_release(&b);
	floe_buf_release(&kb);
	floe_buf_release(&rb);
	floe_buf_release(&fb);
	assert_int_equal(rmdir(dir), 0); /* spill files were unlinked */
}

static void test_append_only(void **state)
{
	struct floe_buf rb = FLOE_BUF_INIT;
	struct floe_err err = { 0 };
	struct floe_batch b;
	struct floe_batch_iter *it;
	struct floe_batch_row row;
	int n = 0;

	(void)state;
	assert_int_equal(floe_batch_init(&b, kv_fields, 2, false, NULL, &err), 0);
	for (int i = 0; i < 100; i++) {
		enc_row(&rb, 7, "same");
		assert_int_equal(floe_batch_append(&b, rb.data, rb.len, (uint64_t)i, 0, &err), 0);
		if (i == 40)
			assert_int_equal(floe_batch_spill(&b, &err), 0);
	}
	assert_int_equal(floe_batch_iter_open(&b, &it, &err), 0);
	while (floe_batch_iter_next(it, &row, &err) == 1) {
		assert_non_null(row.img);
		assert_false(row.need_delete);
		assert_int_equal(row.lsn, (uint64_t)n);
		n++;
	}
	assert_int_equal(n, 100);
	floe_batch_iter_free(it);
	floe_batch_release(&b);
	floe_buf_release(&rb);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_roundtrip),
		cmocka_unit_test(test_merge),
		cmocka_unit_test(test_model),
		cmocka_unit_test(test_append_only),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
