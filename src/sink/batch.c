/*
 * batch.c — per-table collapse of changes by key, spill to sorted run files
 * and the merging iterator (see batch.h).
 */
#include "sink/batch.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "sink/rowcodec.h"

/* One spilled run: an unlinked temporary file of records sorted by (hash, key). */
struct floe_batch_run {
	FILE *f;
	uint64_t records;
	uint64_t bytes;
};

/* Record header in a run file (host byte order). */
struct run_hdr {
	uint64_t hash;
	uint64_t lsn;
	int64_t commit_ts;
	uint32_t key_len;
	uint32_t img_len;
	uint32_t flags;
	uint32_t pad;
};

int floe_batch_init(struct floe_batch *b, const struct floe_field *fields, size_t ncols, bool keyed,
		    const char *spill_dir, struct floe_err *err)
{
	memset(b, 0, sizeof(*b));
	b->fields = fields;
	b->ncols = ncols;
	b->keyed = keyed;
	floe_arena_init(&b->arena, 256 * 1024);
	floe_buf_init(&b->scratch);
	b->spill_dir = strdup(spill_dir && *spill_dir ? spill_dir : "/tmp");
	if (!b->spill_dir)
		return floe_err_set(err, "out of memory");
	return 0;
}

static void drop_runs(struct floe_batch *b)
{
	for (size_t i = 0; i < b->nruns; i++)
		if (b->runs[i].f)
			fclose(b->runs[i].f);
	free(b->runs);
	b->runs = NULL;
	b->nruns = 0;
}

static void clear_memory(struct floe_batch *b)
{
	floe_arena_reset(&b->arena);
	free(b->entries);
	free(b->slots);
	b->entries = NULL;
	b->slots = NULL;
	b->n = b->cap = 0;
	b->nslots = 0;
}

void floe_batch_reset(struct floe_batch *b)
{
	clear_memory(b);
	drop_runs(b);
	b->truncate = false;
	b->changes = 0;
	floe_buf_release(&b->scratch);
}

void floe_batch_release(struct floe_batch *b)
{
	floe_batch_reset(b);
	floe_arena_release(&b->arena);
	free(b->spill_dir);
	b->spill_dir = NULL;
}

size_t floe_batch_memory(const struct floe_batch *b)
{
	/* live bytes: an emptied batch keeps one arena block for reuse, which is not counted */
	return b->arena.used + b->cap * sizeof(struct floe_batch_entry) + b->nslots * sizeof(uint64_t);
}

bool floe_batch_empty(const struct floe_batch *b)
{
	return b->n == 0 && b->nruns == 0 && !b->truncate;
}

/* ---------- the in-memory map ---------- */

static int grow_entries(struct floe_batch *b, struct floe_err *err)
{
	size_t nc = b->cap ? b->cap * 2 : 1024;
	struct floe_batch_entry *ne;

	if (b->n < b->cap)
		return 0;
	ne = realloc(b->entries, nc * sizeof(*ne));
	if (!ne)
		return floe_err_set(err, "out of memory (batch of %zu keys)", b->n);
	b->entries = ne;
	b->cap = nc;
	return 0;
}

/* A slot: the hash's high 32 bits (a tag that spares most entry reads) and entry index + 1. */
static inline uint64_t slot_make(uint64_t hash, size_t idx)
{
	return (hash & UINT64_C(0xffffffff00000000)) | (uint64_t)(idx + 1);
}

static int rehash(struct floe_batch *b, struct floe_err *err)
{
	size_t ns = b->nslots ? b->nslots * 2 : 2048;
	uint64_t *s = calloc(ns, sizeof(*s));

	if (!s)
		return floe_err_set(err, "out of memory (batch of %zu keys)", b->n);
	for (size_t i = 0; i < b->n; i++) {
		size_t j = (size_t)b->entries[i].hash & (ns - 1);
		while (s[j])
			j = (j + 1) & (ns - 1);
		s[j] = slot_make(b->entries[i].hash, i);
	}
	free(b->slots);
	b->slots = s;
	b->nslots = ns;
	return 0;
}

/* The entry for key, or NULL; *slot gets the slot where it is or would go. */
static struct floe_batch_entry *lookup(struct floe_batch *b, uint64_t h, const uint8_t *key, size_t len,
				       size_t *slot)
{
	size_t j = (size_t)h & (b->nslots - 1);
	uint64_t tag = h & UINT64_C(0xffffffff00000000);

	while (b->slots[j]) {
		uint64_t sl = b->slots[j];
		if ((sl & UINT64_C(0xffffffff00000000)) != tag) {
			j = (j + 1) & (b->nslots - 1);
			continue;
		}
		struct floe_batch_entry *e = &b->entries[(uint32_t)sl - 1];
		if (e->hash == h && e->key_len == len && !memcmp(e->key, key, len)) {
			*slot = j;
			return e;
		}
		j = (j + 1) & (b->nslots - 1);
	}
	*slot = j;
	return NULL;
}

static struct floe_batch_entry *find_or_add(struct floe_batch *b, const uint8_t *key, size_t key_len, bool *added,
					    struct floe_err *err)
{
	uint64_t h = floe_rowcodec_hash(key, key_len);
	struct floe_batch_entry *e;
	size_t slot;

	*added = false;
	if (key_len > UINT32_MAX) {
		floe_err_set(err, "key of %zu bytes is too long", key_len);
		return NULL;
	}
	if ((b->n + 1) * 2 > b->nslots && rehash(b, err))
		return NULL;
	e = lookup(b, h, key, key_len, &slot);
	if (e)
		return e;
	if (grow_entries(b, err))
		return NULL;
	e = &b->entries[b->n];
	memset(e, 0, sizeof(*e));
	e->hash = h;
	e->key = floe_arena_memdup(&b->arena, key, key_len ? key_len : 1);
	if (!e->key) {
		floe_err_set(err, "out of memory");
		return NULL;
	}
	e->key_len = (uint32_t)key_len;
	b->slots[slot] = slot_make(h, b->n);
	b->n++;
	*added = true;
	return e;
}

static int set_image(struct floe_batch *b, struct floe_batch_entry *e, const uint8_t *img, size_t len, bool partial,
		     struct floe_err *err)
{
	if (len > UINT32_MAX)
		return floe_err_set(err, "row image of %zu bytes is too long", len);
	if (partial && (e->flags & FLOE_BATCH_IMAGE)) {
		/* unchanged TOAST columns: take them from the key's earlier image */
		bool still = false;
		floe_buf_reset(&b->scratch);
		if (floe_rowcodec_merge(b->fields, b->ncols, img, len, e->img, e->img_len, &b->scratch, &still, err))
			return -1;
		img = b->scratch.data;
		len = b->scratch.len;
		partial = still;
	}
	e->img = floe_arena_memdup(&b->arena, img, len ? len : 1);
	if (!e->img)
		return floe_err_set(err, "out of memory");
	e->img_len = (uint32_t)len;
	e->flags = (e->flags & FLOE_BATCH_NEED_DELETE) | FLOE_BATCH_IMAGE | (partial ? FLOE_BATCH_PARTIAL : 0u);
	return 0;
}

int floe_batch_upsert(struct floe_batch *b, const uint8_t *key, size_t key_len, const uint8_t *img, size_t img_len,
		      bool partial, bool insert_like, uint64_t lsn, int64_t commit_ts, struct floe_err *err)
{
	bool added;
	struct floe_batch_entry *e = find_or_add(b, key, key_len, &added, err);

	if (!e)
		return -1;
	if (added)
		e->flags = insert_like ? 0u : FLOE_BATCH_NEED_DELETE;
	if (set_image(b, e, img, img_len, partial, err))
		return -1;
	e->lsn = lsn;
	e->commit_ts = commit_ts;
	b->changes++;
	return 0;
}

int floe_batch_delete(struct floe_batch *b, const uint8_t *key, size_t key_len, uint64_t lsn, int64_t commit_ts,
		      struct floe_err *err)
{
	bool added;
	struct floe_batch_entry *e = find_or_add(b, key, key_len, &added, err);

	if (!e)
		return -1;
	if (added)
		e->flags = FLOE_BATCH_NEED_DELETE;
	e->flags &= FLOE_BATCH_NEED_DELETE;
	e->img = NULL;
	e->img_len = 0;
	e->lsn = lsn;
	e->commit_ts = commit_ts;
	b->changes++;
	return 0;
}

int floe_batch_append(struct floe_batch *b, const uint8_t *img, size_t img_len, uint64_t lsn, int64_t commit_ts,
		      struct floe_err *err)
{
	struct floe_batch_entry *e;

	if (img_len > UINT32_MAX)
		return floe_err_set(err, "row image of %zu bytes is too long", img_len);
	if (grow_entries(b, err))
		return -1;
	e = &b->entries[b->n];
	memset(e, 0, sizeof(*e));
	e->img = floe_arena_memdup(&b->arena, img, img_len ? img_len : 1);
	if (!e->img)
		return floe_err_set(err, "out of memory");
	e->img_len = (uint32_t)img_len;
	e->flags = FLOE_BATCH_IMAGE;
	e->lsn = lsn;
	e->commit_ts = commit_ts;
	b->n++;
	b->changes++;
	return 0;
}

void floe_batch_truncate(struct floe_batch *b)
{
	clear_memory(b);
	drop_runs(b);
	b->truncate = true;
	b->changes++;
}

/* ---------- spilling ---------- */

static int entry_cmp(const struct floe_batch_entry *a, const struct floe_batch_entry *b)
{
	size_t n;
	int c;

	if (a->hash != b->hash)
		return a->hash < b->hash ? -1 : 1;
	n = a->key_len < b->key_len ? a->key_len : b->key_len;
	c = n ? memcmp(a->key, b->key, n) : 0;
	if (c)
		return c;
	return a->key_len < b->key_len ? -1 : a->key_len > b->key_len ? 1 : 0;
}

/* Bottom-up merge sort of entry indexes (stable; no qsort_r in C11). */
static int sort_entries(const struct floe_batch *b, uint32_t **out, struct floe_err *err)
{
	uint32_t *a = malloc((b->n ? b->n : 1) * sizeof(*a)), *t = malloc((b->n ? b->n : 1) * sizeof(*t));

	*out = NULL;
	if (!a || !t) {
		free(a);
		free(t);
		return floe_err_set(err, "out of memory");
	}
	for (size_t i = 0; i < b->n; i++)
		a[i] = (uint32_t)i;
	for (size_t w = 1; w < b->n; w *= 2) {
		for (size_t lo = 0; lo < b->n; lo += 2 * w) {
			size_t mid = lo + w < b->n ? lo + w : b->n, hi = lo + 2 * w < b->n ? lo + 2 * w : b->n;
			size_t i = lo, j = mid, k = lo;
			while (i < mid && j < hi)
				t[k++] = entry_cmp(&b->entries[a[j]], &b->entries[a[i]]) < 0 ? a[j++] : a[i++];
			while (i < mid)
				t[k++] = a[i++];
			while (j < hi)
				t[k++] = a[j++];
		}
		uint32_t *x = a;
		a = t;
		t = x;
	}
	free(t);
	*out = a;
	return 0;
}

static FILE *spill_file(const char *dir, struct floe_err *err)
{
	size_t n = strlen(dir) + 32;
	char *path = malloc(n);
	FILE *f = NULL;
	int fd;

	if (!path) {
		floe_err_set(err, "out of memory");
		return NULL;
	}
	snprintf(path, n, "%s/floe-batch-XXXXXX", dir);
	fd = mkstemp(path);
	if (fd < 0) {
		floe_err_set(err, "cannot create a spill file in '%s': %s (set sink.spill_dir to a writable directory)",
			     dir, strerror(errno));
		free(path);
		return NULL;
	}
	unlink(path);
	free(path);
	f = fdopen(fd, "w+b");
	if (!f) {
		close(fd);
		floe_err_set(err, "cannot open a spill file: %s", strerror(errno));
	}
	return f;
}

int floe_batch_spill(struct floe_batch *b, struct floe_err *err)
{
	struct floe_batch_run *nr, *r;
	uint32_t *order = NULL;
	int rc = -1;

	if (b->n == 0)
		return 0;
	nr = realloc(b->runs, (b->nruns + 1) * sizeof(*nr));
	if (!nr)
		return floe_err_set(err, "out of memory");
	b->runs = nr;
	r = &b->runs[b->nruns];
	memset(r, 0, sizeof(*r));
	r->f = spill_file(b->spill_dir, err);
	if (!r->f)
		return -1;
	b->nruns++;
	if (b->keyed && sort_entries(b, &order, err))
		goto out;
	for (size_t i = 0; i < b->n; i++) {
		const struct floe_batch_entry *e = &b->entries[order ? order[i] : i];
		struct run_hdr h;
		memset(&h, 0, sizeof(h));
		h.hash = e->hash;
		h.lsn = e->lsn;
		h.commit_ts = e->commit_ts;
		h.key_len = e->key_len;
		h.img_len = (e->flags & FLOE_BATCH_IMAGE) ? e->img_len : 0;
		h.flags = e->flags;
		if (fwrite(&h, sizeof(h), 1, r->f) != 1 || (h.key_len && fwrite(e->key, h.key_len, 1, r->f) != 1) ||
		    (h.img_len && fwrite(e->img, h.img_len, 1, r->f) != 1)) {
			floe_err_set(err, "cannot write a spill file in '%s': %s", b->spill_dir, strerror(errno));
			goto out;
		}
		r->records++;
		r->bytes += sizeof(h) + h.key_len + h.img_len;
	}
	if (fflush(r->f) != 0) {
		floe_err_set(err, "cannot write a spill file in '%s': %s", b->spill_dir, strerror(errno));
		goto out;
	}
	b->spilled_bytes += r->bytes;
	clear_memory(b);
	rc = 0;
out:
	free(order);
	return rc;
}

/* ---------- lookups ---------- */

/* Scans a run for key; 1 = found (record bytes in buf, header in *h), 0 = not there. */
static int run_find(struct floe_batch_run *r, uint64_t hash, const uint8_t *key, size_t key_len, struct run_hdr *h,
		    struct floe_buf *buf, struct floe_err *err)
{
	if (fseek(r->f, 0, SEEK_SET) != 0)
		return floe_err_set(err, "cannot rewind a spill file: %s", strerror(errno));
	for (uint64_t i = 0; i < r->records; i++) {
		size_t n;
		if (fread(h, sizeof(*h), 1, r->f) != 1)
			return floe_err_set(err, "cannot read a spill file");
		n = (size_t)h->key_len + h->img_len;
		if (h->hash != hash || h->key_len != key_len) {
			if (fseek(r->f, (long)n, SEEK_CUR) != 0)
				return floe_err_set(err, "cannot seek in a spill file: %s", strerror(errno));
			continue;
		}
		floe_buf_reset(buf);
		if (!floe_buf_reserve(buf, n + 1))
			return floe_err_set(err, "out of memory");
		if (n && fread(buf->data, n, 1, r->f) != 1)
			return floe_err_set(err, "cannot read a spill file");
		buf->len = n;
		if (!memcmp(buf->data, key, key_len))
			return 1;
	}
	return 0;
}

int floe_batch_fill(struct floe_batch *b, const uint8_t *key, size_t key_len, const uint8_t *img, size_t img_len,
		    struct floe_buf *out, bool *partial, struct floe_err *err)
{
	struct floe_buf tmp = FLOE_BUF_INIT, rec = FLOE_BUF_INIT;
	uint64_t h = floe_rowcodec_hash(key, key_len);
	struct floe_batch_entry *e = NULL;
	size_t slot;
	int rc = -1;

	floe_buf_reset(out);
	floe_buf_append(out, img, img_len);
	*partial = true;
	if (b->keyed && b->nslots)
		e = lookup(b, h, key, key_len, &slot);
	if (e) {
		if (!(e->flags & FLOE_BATCH_IMAGE))
			goto done;
		floe_buf_reset(&tmp);
		if (floe_rowcodec_merge(b->fields, b->ncols, out->data, out->len, e->img, e->img_len, &tmp, partial,
					err))
			goto out;
		floe_buf_reset(out);
		floe_buf_append(out, tmp.data, tmp.len);
		if (!*partial)
			goto done;
	}
	for (size_t i = b->nruns; i-- > 0;) {
		struct run_hdr hd;
		int f = run_find(&b->runs[i], h, key, key_len, &hd, &rec, err);
		if (f < 0)
			goto out;
		if (!f)
			continue;
		if (!(hd.flags & FLOE_BATCH_IMAGE))
			break;
		floe_buf_reset(&tmp);
		if (floe_rowcodec_merge(b->fields, b->ncols, out->data, out->len, rec.data + hd.key_len, hd.img_len,
					&tmp, partial, err))
			goto out;
		floe_buf_reset(out);
		floe_buf_append(out, tmp.data, tmp.len);
		if (!*partial)
			break;
	}
done:
	rc = floe_buf_check(out, err);
out:
	floe_buf_release(&tmp);
	floe_buf_release(&rec);
	return rc;
}

/* ---------- iteration ---------- */

/* One source of records: a run file or the (sorted) memory. */
struct source {
	struct floe_batch_run *run;  /* NULL = memory */
	uint64_t left;               /* records not read yet */
	size_t mem_pos;
	bool has;                    /* cur is valid */
	struct floe_batch_entry cur;
	struct floe_buf buf;         /* run record bytes */
};

struct floe_batch_iter {
	struct floe_batch *b;
	uint32_t *order;             /* memory entries sorted (keyed tables) */
	struct source *src;
	size_t nsrc;
	size_t next_src;             /* unkeyed: the source being read */
	struct floe_buf acc_key, acc_img, tmp;
};

static int source_next(struct floe_batch_iter *it, struct source *s, struct floe_err *err)
{
	s->has = false;
	if (!s->run) {
		if (s->mem_pos >= it->b->n)
			return 0;
		s->cur = it->b->entries[it->order ? it->order[s->mem_pos] : s->mem_pos];
		s->mem_pos++;
		s->has = true;
		return 0;
	}
	if (!s->left)
		return 0;
	struct run_hdr h;
	if (fread(&h, sizeof(h), 1, s->run->f) != 1)
		return floe_err_set(err, "cannot read a spill file: %s", ferror(s->run->f) ? strerror(errno) : "short");
	floe_buf_reset(&s->buf);
	if (!floe_buf_reserve(&s->buf, (size_t)h.key_len + h.img_len + 1))
		return floe_err_set(err, "out of memory");
	if (h.key_len + (size_t)h.img_len &&
	    fread(s->buf.data, (size_t)h.key_len + h.img_len, 1, s->run->f) != 1)
		return floe_err_set(err, "cannot read a spill file: %s", ferror(s->run->f) ? strerror(errno) : "short");
	s->buf.len = (size_t)h.key_len + h.img_len;
	memset(&s->cur, 0, sizeof(s->cur));
	s->cur.hash = h.hash;
	s->cur.lsn = h.lsn;
	s->cur.commit_ts = h.commit_ts;
	s->cur.key = s->buf.data;
	s->cur.key_len = h.key_len;
	s->cur.img = s->buf.data + h.key_len;
	s->cur.img_len = h.img_len;
	s->cur.flags = h.flags;
	s->left--;
	s->has = true;
	return 0;
}

void floe_batch_iter_free(struct floe_batch_iter *it)
{
	if (!it)
		return;
	for (size_t i = 0; i < it->nsrc; i++)
		floe_buf_release(&it->src[i].buf);
	free(it->src);
	free(it->order);
	floe_buf_release(&it->acc_key);
	floe_buf_release(&it->acc_img);
	floe_buf_release(&it->tmp);
	free(it);
}

int floe_batch_iter_open(struct floe_batch *b, struct floe_batch_iter **out, struct floe_err *err)
{
	struct floe_batch_iter *it = calloc(1, sizeof(*it));

	*out = NULL;
	if (!it)
		return floe_err_set(err, "out of memory");
	it->b = b;
	it->src = calloc(b->nruns + 1, sizeof(*it->src));
	if (!it->src) {
		floe_err_set(err, "out of memory");
		goto fail;
	}
	it->nsrc = b->nruns + 1;
	for (size_t i = 0; i < b->nruns; i++) {
		it->src[i].run = &b->runs[i];
		it->src[i].left = b->runs[i].records;
		floe_buf_init(&it->src[i].buf);
		if (fseek(b->runs[i].f, 0, SEEK_SET) != 0) {
			floe_err_set(err, "cannot rewind a spill file: %s", strerror(errno));
			goto fail;
		}
	}
	floe_buf_init(&it->src[b->nruns].buf);
	if (b->keyed && b->nruns && sort_entries(b, &it->order, err))
		goto fail;
	floe_buf_init(&it->acc_key);
	floe_buf_init(&it->acc_img);
	floe_buf_init(&it->tmp);
	if (b->keyed)
		for (size_t i = 0; i < it->nsrc; i++)
			if (source_next(it, &it->src[i], err))
				goto fail;
	*out = it;
	return 0;
fail:
	floe_batch_iter_free(it);
	return -1;
}

static void fill_row(struct floe_batch_row *row, const struct floe_batch_entry *e)
{
	row->key = e->key;
	row->key_len = e->key_len;
	row->img = (e->flags & FLOE_BATCH_IMAGE) ? e->img : NULL;
	row->img_len = (e->flags & FLOE_BATCH_IMAGE) ? e->img_len : 0;
	row->need_delete = (e->flags & FLOE_BATCH_NEED_DELETE) != 0;
	row->partial = (e->flags & FLOE_BATCH_PARTIAL) != 0;
	row->lsn = e->lsn;
	row->commit_ts = e->commit_ts;
}

/* Unkeyed tables: the runs in order, then memory. */
static int next_unkeyed(struct floe_batch_iter *it, struct floe_batch_row *row, struct floe_err *err)
{
	while (it->next_src < it->nsrc) {
		struct source *s = &it->src[it->next_src];
		if (source_next(it, s, err))
			return -1;
		if (s->has) {
			fill_row(row, &s->cur);
			return 1;
		}
		it->next_src++;
	}
	return 0;
}

int floe_batch_iter_next(struct floe_batch_iter *it, struct floe_batch_row *row, struct floe_err *err)
{
	struct source *min = NULL;
	uint32_t flags = 0;
	uint64_t lsn = 0;
	int64_t ts = 0;
	bool first = true;

	memset(row, 0, sizeof(*row));
	if (!it->b->keyed)
		return next_unkeyed(it, row, err);
	if (it->nsrc == 1) {
		/* memory only: no merging, no copies */
		struct source *s = &it->src[0];
		if (!s->has)
			return 0;
		fill_row(row, &s->cur);
		if (source_next(it, s, err))
			return -1;
		/* the entry lives in the batch, not in the source: still valid */
		return 1;
	}
	for (size_t i = 0; i < it->nsrc; i++)
		if (it->src[i].has && (!min || entry_cmp(&it->src[i].cur, &min->cur) < 0))
			min = &it->src[i];
	if (!min)
		return 0;
	floe_buf_reset(&it->acc_key);
	floe_buf_append(&it->acc_key, min->cur.key, min->cur.key_len);
	struct floe_batch_entry key = min->cur;
	key.key = it->acc_key.data;
	if (floe_buf_check(&it->acc_key, err))
		return -1;
	/* fold the key's records oldest source first */
	for (size_t i = 0; i < it->nsrc; i++) {
		struct source *s = &it->src[i];
		if (!s->has || entry_cmp(&s->cur, &key) != 0)
			continue;
		const struct floe_batch_entry *e = &s->cur;
		if (first) {
			flags = e->flags;
			floe_buf_reset(&it->acc_img);
			if (e->flags & FLOE_BATCH_IMAGE)
				floe_buf_append(&it->acc_img, e->img, e->img_len);
			first = false;
		} else if (!(e->flags & FLOE_BATCH_IMAGE)) {
			flags &= FLOE_BATCH_NEED_DELETE;
		} else if ((e->flags & FLOE_BATCH_PARTIAL) && (flags & FLOE_BATCH_IMAGE)) {
			bool still = false;
			floe_buf_reset(&it->tmp);
			if (floe_rowcodec_merge(it->b->fields, it->b->ncols, e->img, e->img_len, it->acc_img.data,
						it->acc_img.len, &it->tmp, &still, err))
				return -1;
			struct floe_buf x = it->acc_img;
			it->acc_img = it->tmp;
			it->tmp = x;
			flags = (flags & FLOE_BATCH_NEED_DELETE) | FLOE_BATCH_IMAGE | (still ? FLOE_BATCH_PARTIAL : 0u);
		} else {
			floe_buf_reset(&it->acc_img);
			floe_buf_append(&it->acc_img, e->img, e->img_len);
			flags = (flags & FLOE_BATCH_NEED_DELETE) | (e->flags & ~FLOE_BATCH_NEED_DELETE);
		}
		lsn = e->lsn;
		ts = e->commit_ts;
		if (source_next(it, s, err))
			return -1;
	}
	if (floe_buf_check(&it->acc_img, err))
		return -1;
	row->key = it->acc_key.data;
	row->key_len = (uint32_t)it->acc_key.len;
	row->img = (flags & FLOE_BATCH_IMAGE) ? it->acc_img.data : NULL;
	row->img_len = (flags & FLOE_BATCH_IMAGE) ? (uint32_t)it->acc_img.len : 0;
	row->need_delete = (flags & FLOE_BATCH_NEED_DELETE) != 0;
	row->partial = (flags & FLOE_BATCH_PARTIAL) != 0;
	row->lsn = lsn;
	row->commit_ts = ts;
	return 1;
}
