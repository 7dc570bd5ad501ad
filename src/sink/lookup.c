/*
 * lookup.c — completes images that lack unchanged TOAST values from the
 * live rows of the Iceberg table (see lookup.h).
 */
#include "sink/lookup.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/arena.h"
#include "iceberg/scan.h"
#include "sink/rowcodec.h"

struct pend {
	const uint8_t *key, *img;
	uint32_t key_len, img_len;
	uint64_t lsn;
	int64_t ts;
	uint64_t hash;
	bool done;
};

struct ctx {
	const struct floe_src_table *src;
	struct pend *p;
	size_t n;
	uint32_t *slots;
	size_t nslots;
	struct floe_lookup_rows *rows;
	struct floe_buf key, older, merged;
};

static struct pend *find(struct ctx *c, const uint8_t *key, size_t len)
{
	uint64_t h = floe_rowcodec_hash(key, len);
	size_t j = (size_t)h & (c->nslots - 1);

	while (c->slots[j]) {
		struct pend *p = &c->p[c->slots[j] - 1];
		if (p->hash == h && p->key_len == len && !memcmp(p->key, key, len))
			return p;
		j = (j + 1) & (c->nslots - 1);
	}
	return NULL;
}

static int on_row(void *arg, const struct floe_schema *schema, const struct floe_value *row, struct floe_err *err)
{
	struct ctx *c = arg;
	const struct floe_src_table *src = c->src;
	struct pend *p;
	bool partial;

	(void)schema;
	floe_buf_reset(&c->key);
	floe_rowcodec_encode(&c->key, src->fields, src->key_cols, (size_t)src->nkeys, row, NULL);
	if (floe_buf_check(&c->key, err) != 0)
		return -1;
	p = find(c, c->key.data, c->key.len);
	if (!p || p->done)
		return 0;
	floe_buf_reset(&c->older);
	floe_rowcodec_encode(&c->older, src->fields, NULL, src->ncols, row, NULL);
	floe_buf_reset(&c->merged);
	if (floe_buf_check(&c->older, err) != 0 ||
	    floe_rowcodec_merge(src->fields, src->ncols, p->img, p->img_len, c->older.data, c->older.len, &c->merged,
				&partial, err) != 0)
		return -1;
	size_t i = (size_t)(p - c->p);
	c->rows->off[i] = c->rows->store.len;
	c->rows->img_len[i] = (uint32_t)c->merged.len;
	floe_buf_append(&c->rows->store, c->merged.data, c->merged.len);
	p->done = true;
	return floe_buf_check(&c->rows->store, err);
}

void floe_lookup_rows_release(struct floe_lookup_rows *rows)
{
	floe_buf_release(&rows->store);
	free(rows->off);
	free(rows->img_len);
	free(rows->lsn);
	free(rows->ts);
	memset(rows, 0, sizeof(*rows));
}

int floe_lookup_table_rows(struct floe_storage *st, const struct floe_table *table, const struct floe_src_table *src,
			   const uint8_t *pend, size_t pend_len, size_t n, struct floe_lookup_rows *rows,
			   struct floe_err *err)
{
	struct ctx c;
	struct floe_arena a;
	struct floe_value *keys = NULL;
	size_t pos = 0, nk = (size_t)src->nkeys;
	int rc = -1;

	memset(&c, 0, sizeof(c));
	memset(rows, 0, sizeof(*rows));
	floe_arena_init(&a, 0);
	floe_buf_init(&rows->store);
	floe_buf_init(&c.key);
	floe_buf_init(&c.older);
	floe_buf_init(&c.merged);
	c.src = src;
	c.rows = rows;
	c.n = n;
	c.p = calloc(n + 1, sizeof(*c.p));
	for (c.nslots = 16; c.nslots < 2 * n; c.nslots *= 2)
		;
	c.slots = calloc(c.nslots, sizeof(*c.slots));
	keys = calloc(n * nk + 1, sizeof(*keys));
	rows->off = calloc(n + 1, sizeof(*rows->off));
	rows->img_len = calloc(n + 1, sizeof(*rows->img_len));
	rows->lsn = calloc(n + 1, sizeof(*rows->lsn));
	rows->ts = calloc(n + 1, sizeof(*rows->ts));
	rows->n = n;
	if (!c.p || !c.slots || !keys || !rows->off || !rows->img_len || !rows->lsn || !rows->ts) {
		floe_err_set(err, "out of memory");
		goto out;
	}
	if (nk == 0) {
		floe_err_set(err, "table '%s.%s' has no key to look unchanged values up by", src->schema, src->name);
		goto out;
	}
	for (size_t i = 0; i < n; i++) {
		struct pend *p = &c.p[i];
		if (pend_len - pos < 24) {
			floe_err_set(err, "pending TOAST rows are truncated");
			goto out;
		}
		memcpy(&p->key_len, pend + pos, 4);
		memcpy(&p->img_len, pend + pos + 4, 4);
		memcpy(&p->lsn, pend + pos + 8, 8);
		memcpy(&p->ts, pend + pos + 16, 8);
		pos += 24;
		if (pend_len - pos < (size_t)p->key_len + p->img_len) {
			floe_err_set(err, "pending TOAST rows are truncated");
			goto out;
		}
		p->key = pend + pos;
		p->img = pend + pos + p->key_len;
		pos += (size_t)p->key_len + p->img_len;
		p->hash = floe_rowcodec_hash(p->key, p->key_len);
		rows->lsn[i] = p->lsn;
		rows->ts[i] = p->ts;
		struct floe_field kf[64];
		const struct floe_field *kfp = kf;
		if (nk > 64) {
			floe_err_set(err, "table '%s.%s': a key of %zu columns is too wide", src->schema, src->name, nk);
			goto out;
		}
		for (size_t k = 0; k < nk; k++)
			kf[k] = src->fields[src->key_cols[k]];
		if (floe_rowcodec_decode(kfp, nk, p->key, p->key_len, &keys[i * nk], NULL, &a, err) != 0)
			goto out;
		size_t j = (size_t)p->hash & (c.nslots - 1);
		while (c.slots[j])
			j = (j + 1) & (c.nslots - 1);
		c.slots[j] = (uint32_t)(i + 1);
	}
	if (floe_scan_lookup(st, &table->md, floe_table_current_snapshot(table), keys, n, on_row, &c, NULL, err) != 0) {
		floe_err_prefix(err, "reading unchanged TOAST values back from the table: ");
		goto out;
	}
	for (size_t i = 0; i < n; i++)
		if (!c.p[i].done) {
			struct floe_buf k = FLOE_BUF_INIT;
			for (size_t j = 0; j < nk; j++) {
				if (j)
					floe_buf_putc(&k, ',');
				floe_value_to_json(&k, &src->fields[src->key_cols[j]].type, &keys[i * nk + j]);
			}
			floe_err_set(err, "table '%s.%s': an update left a TOASTed value unchanged for key (%s), but that row "
					  "is neither in this batch nor in the Iceberg table (ALTER TABLE ... REPLICA "
					  "IDENTITY FULL makes PostgreSQL send such values)",
				     src->schema, src->name, floe_buf_cstr(&k));
			floe_buf_release(&k);
			goto out;
		}
	rc = 0;
out:
	free(c.p);
	free(c.slots);
	free(keys);
	floe_buf_release(&c.key);
	floe_buf_release(&c.older);
	floe_buf_release(&c.merged);
	floe_arena_release(&a);
	if (rc)
		floe_lookup_rows_release(rows);
	return rc;
}
