/*
 * txbuf.c — per-xid record buffers that spill to unlinked temporary files.
 * A transaction's records live either all in memory (one buffer) or in its
 * file plus a small write buffer, in the same framing:
 *   u32 len | u32 subxid | u64 lsn | len bytes   (host byte order)
 * Offsets are logical (file bytes + buffered bytes), which is what
 * subtransaction aborts truncate to. Does not interpret record contents.
 */
#include "pg/txbuf.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define REC_HDR 16u
#define SPILL_CHUNK ((size_t)64 * 1024)  /* write buffer of a spilled transaction */
#define READ_CHUNK ((size_t)256 * 1024)

struct subx {
	uint32_t subxid;
	uint64_t off;             /* logical offset of its first record */
	uint64_t nrec;            /* records before it */
};

struct floe_txbuf_tx {
	uint32_t xid;
	struct floe_buf mem;      /* in memory: every record; spilled: the unwritten tail */
	int fd;                   /* -1 until spilled */
	uint64_t file_len;        /* bytes in the file */
	uint64_t nrec;
	struct subx *subs;
	size_t nsubs, capsubs;
	uint32_t last_subxid;     /* fast path for runs of one subxid */
};

int floe_txbuf_init(struct floe_txbuf *tb, size_t memory_limit, const char *spill_dir, struct floe_err *err)
{
	const char *dir = spill_dir;

	memset(tb, 0, sizeof(*tb));
	if (!dir || !dir[0])
		dir = getenv("TMPDIR");
	if (!dir || !dir[0])
		dir = "/tmp";
	tb->memory_limit = memory_limit ? memory_limit : 1;
	tb->spill_dir = strdup(dir);
	if (!tb->spill_dir)
		return floe_err_set(err, "out of memory");
	return 0;
}

static void tx_free(struct floe_txbuf *tb, struct floe_txbuf_tx *tx)
{
	tb->mem -= tx->mem.cap;
	floe_buf_release(&tx->mem);
	if (tx->fd >= 0)
		close(tx->fd);
	free(tx->subs);
	free(tx);
}

void floe_txbuf_clear(struct floe_txbuf *tb)
{
	for (size_t i = 0; i < tb->ntx; i++)
		tx_free(tb, tb->txs[i]);
	tb->ntx = 0;
}

void floe_txbuf_release(struct floe_txbuf *tb)
{
	floe_txbuf_clear(tb);
	free(tb->txs);
	free(tb->spill_dir);
	memset(tb, 0, sizeof(*tb));
}

static struct floe_txbuf_tx *find(const struct floe_txbuf *tb, uint32_t xid, size_t *idx)
{
	for (size_t i = 0; i < tb->ntx; i++)
		if (tb->txs[i]->xid == xid) {
			if (idx)
				*idx = i;
			return tb->txs[i];
		}
	return NULL;
}

static int write_all(int fd, const uint8_t *p, size_t n, struct floe_err *err)
{
	while (n > 0) {
		ssize_t w = write(fd, p, n);
		if (w < 0) {
			if (errno == EINTR)
				continue;
			return floe_err_set(err, "cannot write transaction spill file: %s (check sink.spill_dir)",
					    strerror(errno));
		}
		p += w;
		n -= (size_t)w;
	}
	return 0;
}

/* Writes the buffered tail to the file; keeps the buffer's memory only if small. */
static int tx_flush(struct floe_txbuf *tb, struct floe_txbuf_tx *tx, struct floe_err *err)
{
	if (tx->mem.len > 0) {
		if (write_all(tx->fd, tx->mem.data, tx->mem.len, err) != 0)
			return -1;
		tb->spilled_bytes += tx->mem.len;
		tx->file_len += tx->mem.len;
	}
	if (tx->mem.cap > SPILL_CHUNK * 2) {
		tb->mem -= tx->mem.cap;
		floe_buf_release(&tx->mem);
	} else {
		floe_buf_reset(&tx->mem);
	}
	return 0;
}

static int tx_spill(struct floe_txbuf *tb, struct floe_txbuf_tx *tx, struct floe_err *err)
{
	size_t n = strlen(tb->spill_dir) + 32;
	char *path = malloc(n);
	int fd;

	if (!path)
		return floe_err_set(err, "out of memory");
	snprintf(path, n, "%s/floe-spill-XXXXXX", tb->spill_dir);
	fd = mkstemp(path);
	if (fd < 0) {
		floe_err_set(err, "cannot create a spill file in '%s': %s (set sink.spill_dir to a writable directory)",
			     tb->spill_dir, strerror(errno));
		free(path);
		return -1;
	}
	/* unlinked at once: the file vanishes however the process ends */
	unlink(path);
	free(path);
	(void)fcntl(fd, F_SETFD, FD_CLOEXEC);
	tx->fd = fd;
	tx->file_len = 0;
	tb->spills++;
	return tx_flush(tb, tx, err);
}

/* Brings memory under the limit: spills the largest in-memory transaction, or
 * flushes the write buffers of spilled ones. */
static int enforce_limit(struct floe_txbuf *tb, struct floe_err *err)
{
	while (tb->mem > tb->memory_limit) {
		struct floe_txbuf_tx *big = NULL;

		for (size_t i = 0; i < tb->ntx; i++) {
			struct floe_txbuf_tx *t = tb->txs[i];
			if (t->fd < 0 && t->mem.cap > 0 && (!big || t->mem.cap > big->mem.cap))
				big = t;
		}
		if (big) {
			if (tx_spill(tb, big, err) != 0)
				return -1;
			continue;
		}
		for (size_t i = 0; i < tb->ntx; i++) {
			struct floe_txbuf_tx *t = tb->txs[i];
			if (t->fd >= 0 && t->mem.len > 0 && tx_flush(tb, t, err) != 0)
				return -1;
		}
		return 0;
	}
	return 0;
}

static int note_subxid(struct floe_txbuf_tx *tx, uint32_t subxid, uint64_t off, struct floe_err *err)
{
	if (subxid == tx->last_subxid && tx->nsubs > 0)
		return 0;
	tx->last_subxid = subxid;
	for (size_t i = tx->nsubs; i-- > 0;)
		if (tx->subs[i].subxid == subxid)
			return 0;
	if (tx->nsubs == tx->capsubs) {
		size_t nc = tx->capsubs ? tx->capsubs * 2 : 8;
		struct subx *ns = realloc(tx->subs, nc * sizeof(*ns));
		if (!ns)
			return floe_err_set(err, "out of memory");
		tx->subs = ns;
		tx->capsubs = nc;
	}
	tx->subs[tx->nsubs].subxid = subxid;
	tx->subs[tx->nsubs].off = off;
	tx->subs[tx->nsubs].nrec = tx->nrec;
	tx->nsubs++;
	return 0;
}

int floe_txbuf_append(struct floe_txbuf *tb, uint32_t xid, uint32_t subxid, uint64_t lsn, const void *p, size_t len,
		      struct floe_err *err)
{
	struct floe_txbuf_tx *tx = find(tb, xid, NULL);
	uint8_t hdr[REC_HDR];
	uint32_t len32 = (uint32_t)len;
	size_t before;

	if (len > UINT32_MAX - REC_HDR)
		return floe_err_set(err, "transaction %u: record of %zu bytes is too large to buffer", xid, len);
	if (!tx) {
		if (tb->ntx == tb->captx) {
			size_t nc = tb->captx ? tb->captx * 2 : 8;
			struct floe_txbuf_tx **nt = realloc(tb->txs, nc * sizeof(*nt));
			if (!nt)
				return floe_err_set(err, "out of memory");
			tb->txs = nt;
			tb->captx = nc;
		}
		tx = calloc(1, sizeof(*tx));
		if (!tx)
			return floe_err_set(err, "out of memory");
		floe_buf_init(&tx->mem);
		tx->fd = -1;
		tx->xid = xid;
		tb->txs[tb->ntx++] = tx;
	}
	if (note_subxid(tx, subxid, tx->file_len + tx->mem.len, err) != 0)
		return -1;
	memcpy(hdr, &len32, 4);
	memcpy(hdr + 4, &subxid, 4);
	memcpy(hdr + 8, &lsn, 8);
	before = tx->mem.cap;
	floe_buf_append(&tx->mem, hdr, sizeof(hdr));
	floe_buf_append(&tx->mem, p, len);
	tb->mem += tx->mem.cap - before;
	if (floe_buf_check(&tx->mem, err) != 0)
		return floe_err_prefix(err, "transaction %u: ", xid);
	tx->nrec++;
	if (tx->fd >= 0 && tx->mem.len >= SPILL_CHUNK && tx_flush(tb, tx, err) != 0)
		return -1;
	return enforce_limit(tb, err);
}

void floe_txbuf_discard(struct floe_txbuf *tb, uint32_t xid)
{
	size_t i;
	struct floe_txbuf_tx *tx = find(tb, xid, &i);

	if (!tx)
		return;
	tx_free(tb, tx);
	tb->txs[i] = tb->txs[--tb->ntx];
}

int floe_txbuf_abort(struct floe_txbuf *tb, uint32_t xid, uint32_t subxid, struct floe_err *err)
{
	struct floe_txbuf_tx *tx;
	uint64_t off = 0;
	size_t k;

	if (subxid == xid) {
		floe_txbuf_discard(tb, xid);
		return 0;
	}
	tx = find(tb, xid, NULL);
	if (!tx)
		return 0;
	for (k = 0; k < tx->nsubs; k++)
		if (tx->subs[k].subxid == subxid)
			break;
	if (k == tx->nsubs)
		return 0;
	off = tx->subs[k].off;
	if (off >= tx->file_len) {
		tx->mem.len = (size_t)(off - tx->file_len);
	} else {
		if (ftruncate(tx->fd, (off_t)off) != 0)
			return floe_err_set(err, "cannot truncate transaction spill file: %s", strerror(errno));
		if (lseek(tx->fd, 0, SEEK_END) < 0)
			return floe_err_set(err, "cannot seek transaction spill file: %s", strerror(errno));
		tx->file_len = off;
		tx->mem.len = 0;
	}
	/* every subtransaction that started at or after this point is gone too */
	tx->nsubs = k;
	tx->last_subxid = 0;
	tx->nrec = tx->subs[k].nrec;
	return 0;
}

bool floe_txbuf_has(const struct floe_txbuf *tb, uint32_t xid)
{
	return find(tb, xid, NULL) != NULL;
}

uint64_t floe_txbuf_count(const struct floe_txbuf *tb, uint32_t xid)
{
	struct floe_txbuf_tx *tx = find(tb, xid, NULL);
	return tx ? tx->nrec : 0;
}

bool floe_txbuf_is_spilled(const struct floe_txbuf *tb, uint32_t xid)
{
	struct floe_txbuf_tx *tx = find(tb, xid, NULL);
	return tx && tx->fd >= 0;
}

static int iter_init(struct floe_txbuf_tx *tx, struct floe_txbuf_iter *it, uint64_t end)
{
	memset(it, 0, sizeof(*it));
	floe_buf_init(&it->rdbuf);
	it->tx = tx;
	it->end = end;
	return 0;
}

int floe_txbuf_iter_open(struct floe_txbuf *tb, uint32_t xid, struct floe_txbuf_iter *it, struct floe_err *err)
{
	struct floe_txbuf_tx *tx = find(tb, xid, NULL);

	memset(it, 0, sizeof(*it));
	floe_buf_init(&it->rdbuf);
	if (!tx)
		return floe_err_set(err, "transaction %u is not buffered", xid);
	if (tx->fd >= 0 && tx_flush(tb, tx, err) != 0)
		return -1;
	return iter_init(tx, it, tx->file_len + tx->mem.len);
}

/* Makes file bytes [off, off+n) available in it->rdbuf; returns a pointer to them. */
static const uint8_t *file_bytes(struct floe_txbuf_iter *it, uint64_t off, size_t n, struct floe_err *err)
{
	size_t want;

	if (off >= it->rd_off && off + n <= it->rd_off + it->rdbuf.len)
		return it->rdbuf.data + (off - it->rd_off);
	want = n > READ_CHUNK ? n : READ_CHUNK;
	if (off + want > it->tx->file_len)
		want = (size_t)(it->tx->file_len - off);
	if (want < n) {
		floe_err_set(err, "transaction spill file is shorter than expected");
		return NULL;
	}
	floe_buf_reset(&it->rdbuf);
	if (!floe_buf_reserve(&it->rdbuf, want)) {
		floe_err_set(err, "out of memory reading a %zu-byte record from a spill file", n);
		return NULL;
	}
	size_t got = 0;
	while (got < want) {
		ssize_t r = pread(it->tx->fd, it->rdbuf.data + got, want - got, (off_t)(off + got));
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0) {
			floe_err_set(err, "cannot read transaction spill file: %s",
				     r < 0 ? strerror(errno) : "unexpected end of file");
			return NULL;
		}
		got += (size_t)r;
	}
	it->rdbuf.len = want;
	it->rd_off = off;
	return it->rdbuf.data;
}

static const uint8_t *bytes_at(struct floe_txbuf_iter *it, uint64_t off, size_t n, struct floe_err *err)
{
	struct floe_txbuf_tx *tx = it->tx;

	if (off >= tx->file_len)
		return tx->mem.data + (off - tx->file_len);
	return file_bytes(it, off, n, err);
}

int floe_txbuf_iter_next(struct floe_txbuf_iter *it, struct floe_txbuf_rec *rec, struct floe_err *err)
{
	const uint8_t *h, *p;
	uint32_t len;

	if (!it->tx || it->pos >= it->end)
		return 0;
	if (it->end - it->pos < REC_HDR)
		return floe_err_set(err, "transaction buffer is corrupt (truncated record header)");
	h = bytes_at(it, it->pos, REC_HDR, err);
	if (!h)
		return -1;
	memcpy(&len, h, 4);
	memcpy(&rec->subxid, h + 4, 4);
	memcpy(&rec->lsn, h + 8, 8);
	if (it->end - it->pos - REC_HDR < len)
		return floe_err_set(err, "transaction buffer is corrupt (truncated record)");
	p = bytes_at(it, it->pos + REC_HDR, len, err);
	if (!p)
		return -1;
	rec->p = p;
	rec->len = len;
	it->pos += REC_HDR + len;
	return 1;
}

void floe_txbuf_iter_release(struct floe_txbuf_iter *it)
{
	floe_buf_release(&it->rdbuf);
	memset(it, 0, sizeof(*it));
}
