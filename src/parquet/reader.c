/*
 * reader.c — opens Parquet files through a byte-range source, validates the
 * magic and footer, and reads column values through per-(row group, field)
 * cursors: one column chunk in memory, one decompressed page at a time, levels
 * decoded in small batches, rows assembled from definition/repetition levels
 * (primitives and single-level lists). Errors carry the file name, row group,
 * column and page offset. Does not parse Thrift itself (meta_read.c) nor
 * decode values (page_dec.c).
 */
#include "parquet/reader.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "parquet/compress.h"
#include "parquet/page_dec.h"
#include "parquet/reader_int.h"

#define MAX_PAGE_BYTES ((size_t)256 << 20)   /* one decompressed page */
#define MAX_LIST_ITEMS ((size_t)1 << 24)     /* elements of one list value */
#define LBUF 1024                            /* level entries decoded at a time */

struct floe_pq_reader {
	char *name;
	struct floe_pq_source src;
	const uint8_t *mem;          /* whole file when opened from memory */
	uint8_t *footer;
	struct floe_arena arena;     /* metadata */
	struct floe_pq_meta meta;
	uint64_t data_end;           /* first byte of the footer */
};

struct floe_pq_cursor {
	struct floe_pq_reader *r;
	const struct floe_pq_field *f;
	const struct floe_pq_column *col;
	const struct floe_pq_chunk *ch;
	struct floe_pq_colinfo ci;
	size_t rg;
	int64_t rows_total, rows_done;
	/* the column chunk */
	uint8_t *chunk_buf;
	const uint8_t *chunk;
	size_t chunk_len;
	uint64_t chunk_off;
	size_t pos;
	int64_t values_seen;
	struct floe_codec_ctx codec;
	uint8_t *page_buf;
	size_t page_cap;
	/* dictionary */
	struct floe_arena dict_arena;
	uint8_t *dict_buf;
	struct floe_value *dict;
	uint32_t dict_n;
	bool have_dict;
	/* current page */
	uint64_t page_off;
	int64_t page_left;
	bool has_rep, has_def;
	struct floe_rle_dec rep, def;
	struct floe_pq_vdec vd;
	/* levels */
	uint32_t lrep[LBUF], ldef[LBUF];
	size_t lpos, lcnt;
	/* list assembly */
	struct floe_value *items;
	size_t items_cap;
};

/* ------------------------------------------------------------ names */

const char *floe_pq_type_name(int type)
{
	static const char *const n[] = { "BOOLEAN", "INT32", "INT64", "INT96", "FLOAT", "DOUBLE", "BYTE_ARRAY",
					  "FIXED_LEN_BYTE_ARRAY" };
	return type >= 0 && type <= 7 ? n[type] : "UNKNOWN";
}

const char *floe_pq_encoding_name(int enc)
{
	static const char *const n[] = { "PLAIN", "GROUP_VAR_INT", "PLAIN_DICTIONARY", "RLE", "BIT_PACKED",
					  "DELTA_BINARY_PACKED", "DELTA_LENGTH_BYTE_ARRAY", "DELTA_BYTE_ARRAY",
					  "RLE_DICTIONARY", "BYTE_STREAM_SPLIT", "ALP" };
	return enc >= 0 && enc <= 10 ? n[enc] : "UNKNOWN";
}

const char *floe_pq_converted_name(int ct)
{
	static const char *const n[] = { "UTF8", "MAP", "MAP_KEY_VALUE", "LIST", "ENUM", "DECIMAL", "DATE",
					  "TIME_MILLIS", "TIME_MICROS", "TIMESTAMP_MILLIS", "TIMESTAMP_MICROS",
					  "UINT_8", "UINT_16", "UINT_32", "UINT_64", "INT_8", "INT_16", "INT_32",
					  "INT_64", "JSON", "BSON", "INTERVAL" };
	return ct >= 0 && ct <= 21 ? n[ct] : "UNKNOWN";
}

const char *floe_pq_page_type_name(int type)
{
	static const char *const n[] = { "DATA_PAGE", "INDEX_PAGE", "DICTIONARY_PAGE", "DATA_PAGE_V2" };
	return type >= 0 && type <= 3 ? n[type] : "UNKNOWN";
}

const char *floe_pq_repetition_name(int rep)
{
	static const char *const n[] = { "REQUIRED", "OPTIONAL", "REPEATED" };
	return rep >= 0 && rep <= 2 ? n[rep] : "UNSET";
}

/* ------------------------------------------------------------ sources */

struct file_src {
	int fd;
};

static int file_read(void *ctx, uint64_t off, void *dst, size_t len, struct floe_err *err)
{
	struct file_src *f = ctx;
	size_t done = 0;

	while (done < len) {
		ssize_t n = pread(f->fd, (uint8_t *)dst + done, len - done, (off_t)(off + done));
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return floe_err_set(err, "read at offset %llu failed: %s", (unsigned long long)(off + done),
					    strerror(errno));
		if (n == 0)
			return floe_err_set(err, "read at offset %llu: file ended (was it truncated while reading?)",
					    (unsigned long long)(off + done));
		done += (size_t)n;
	}
	return 0;
}

static void file_close(void *ctx)
{
	struct file_src *f = ctx;

	close(f->fd);
	free(f);
}

struct mem_src {
	const uint8_t *p;
};

static int mem_read(void *ctx, uint64_t off, void *dst, size_t len, struct floe_err *err)
{
	struct mem_src *m = ctx;

	(void)err;
	if (len)
		memcpy(dst, m->p + off, len);
	return 0;
}

static void mem_close(void *ctx)
{
	free(ctx);
}

/* ------------------------------------------------------------ open */

static int src_read(struct floe_pq_reader *r, uint64_t off, void *dst, size_t len, struct floe_err *err)
{
	if (off > r->src.size || len > r->src.size - off)
		return floe_err_set(err, "read of %zu bytes at offset %llu is past the end of the file (%llu bytes)",
				    len, (unsigned long long)off, (unsigned long long)r->src.size);
	return r->src.read(r->src.ctx, off, dst, len, err);
}

static int open_footer(struct floe_pq_reader *r, struct floe_err *err)
{
	uint8_t tail[8], head[4];
	uint64_t size = r->src.size;
	uint32_t flen;

	if (size < 12)
		return floe_err_set(err, "file of %llu bytes is too small to be parquet (at least 12)",
				    (unsigned long long)size);
	if (src_read(r, 0, head, 4, err) != 0 || src_read(r, size - 8, tail, 8, err) != 0)
		return -1;
	if (memcmp(tail + 4, "PARE", 4) == 0)
		return floe_err_set(err, "the footer is encrypted (magic 'PARE'); encrypted parquet is not supported");
	if (memcmp(head, "PAR1", 4) != 0)
		return floe_err_set(err, "not a parquet file: magic 'PAR1' missing at offset 0");
	if (memcmp(tail + 4, "PAR1", 4) != 0)
		return floe_err_set(err, "magic 'PAR1' missing at the end (offset %llu): the file is truncated or "
				    "was not finished", (unsigned long long)(size - 4));
	flen = floe_load_u32le(tail);
	if ((uint64_t)flen > size - 12)
		return floe_err_set(err, "footer at offset %llu: length '%u' exceeds the file size %llu (truncated "
				    "file?)", (unsigned long long)(size - 8), flen, (unsigned long long)size);
	r->data_end = size - 8 - flen;
	r->meta.file_size = size;
	r->meta.footer_len = flen;
	r->footer = malloc(flen ? flen : 1);
	if (!r->footer)
		return floe_err_set(err, "out of memory for a footer of %u bytes", flen);
	if (src_read(r, r->data_end, r->footer, flen, err) != 0)
		return -1;
	if (floe_pq_parse_footer(r->footer, flen, &r->meta, &r->arena, err) != 0)
		return floe_err_prefix(err, "footer at offset %llu: ", (unsigned long long)r->data_end);
	return 0;
}

int floe_pq_open(struct floe_pq_reader **out, const char *name, const struct floe_pq_source *src,
		 struct floe_err *err)
{
	struct floe_pq_reader *r;

	*out = NULL;
	r = calloc(1, sizeof(*r));
	if (!r) {
		if (src->close)
			src->close(src->ctx);
		return floe_err_set(err, "out of memory opening parquet file '%s'", name);
	}
	r->src = *src;
	floe_arena_init(&r->arena, 16 * 1024);
	r->name = strdup(name ? name : "");
	if (!r->name) {
		floe_pq_close(r);
		return floe_err_set(err, "out of memory opening parquet file");
	}
	if (open_footer(r, err) != 0) {
		floe_err_prefix(err, "parquet file '%s': ", r->name);
		floe_pq_close(r);
		return -1;
	}
	*out = r;
	return 0;
}

int floe_pq_open_file(struct floe_pq_reader **out, const char *path, struct floe_err *err)
{
	struct floe_pq_source s;
	struct file_src *f;
	struct stat st;
	int fd;

	*out = NULL;
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return floe_err_set(err, "parquet file '%s': cannot open: %s", path, strerror(errno));
	if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
		close(fd);
		return floe_err_set(err, "parquet file '%s': not a regular file", path);
	}
	f = malloc(sizeof(*f));
	if (!f) {
		close(fd);
		return floe_err_set(err, "out of memory");
	}
	f->fd = fd;
	s.ctx = f;
	s.size = (uint64_t)st.st_size;
	s.read = file_read;
	s.close = file_close;
	return floe_pq_open(out, path, &s, err);
}

int floe_pq_open_mem(struct floe_pq_reader **out, const char *name, const void *p, size_t len,
		     struct floe_err *err)
{
	struct floe_pq_source s;
	struct mem_src *m = malloc(sizeof(*m));

	*out = NULL;
	if (!m)
		return floe_err_set(err, "out of memory");
	m->p = p;
	s.ctx = m;
	s.size = len;
	s.read = mem_read;
	s.close = mem_close;
	if (floe_pq_open(out, name, &s, err) != 0)
		return -1;
	(*out)->mem = p;
	return 0;
}

void floe_pq_close(struct floe_pq_reader *r)
{
	if (!r)
		return;
	if (r->src.close)
		r->src.close(r->src.ctx);
	floe_arena_release(&r->arena);
	free(r->footer);
	free(r->name);
	free(r);
}

const struct floe_pq_meta *floe_pq_meta(const struct floe_pq_reader *r)
{
	return &r->meta;
}

const char *floe_pq_name(const struct floe_pq_reader *r)
{
	return r->name;
}

int floe_pq_field_by_id(const struct floe_pq_reader *r, int field_id)
{
	size_t i;

	for (i = 0; i < r->meta.n_fields; i++)
		if (r->meta.fields[i].f.id == field_id && r->meta.nodes[r->meta.fields[i].node].has_field_id)
			return (int)i;
	return -1;
}

int floe_pq_field_by_name(const struct floe_pq_reader *r, const char *name)
{
	size_t i;

	for (i = 0; i < r->meta.n_fields; i++)
		if (strcmp(r->meta.fields[i].f.name, name) == 0)
			return (int)i;
	return -1;
}

static void colinfo_of(const struct floe_pq_field *f, const struct floe_pq_column *c, struct floe_pq_colinfo *ci)
{
	ci->ptype = c->type;
	ci->type_length = c->type_length;
	ci->conv = f->conv;
	ci->out = f->f.type.id == FLOE_T_LIST ? f->f.type.elem_id : f->f.type.id;
}

int floe_pq_stat_value(const struct floe_pq_reader *r, size_t column, const uint8_t *p, uint32_t len,
		       struct floe_value *out, struct floe_arena *arena, struct floe_err *err)
{
	const struct floe_pq_column *c;
	const struct floe_pq_field *f;
	struct floe_pq_colinfo ci;

	if (column >= r->meta.n_columns)
		return floe_err_set(err, "no leaf column %zu", column);
	c = &r->meta.columns[column];
	f = &r->meta.fields[c->field];
	if (f->leaf != (int)column)
		return floe_err_set(err, "column '%s': %s", c->path, f->unsupported ? f->unsupported : "not readable");
	colinfo_of(f, c, &ci);
	if (floe_pq_plain_single(&ci, p, len, out, arena, err) != 0)
		return floe_err_prefix(err, "column '%s' statistics: ", c->path);
	return 0;
}

/* ------------------------------------------------------------ cursor: pages */

static int page_room(uint8_t **buf, size_t *cap, size_t n, struct floe_err *err)
{
	uint8_t *p;

	if (n > MAX_PAGE_BYTES)
		return floe_err_set(err, "page of %zu bytes is over floe's limit of %zu bytes", n, MAX_PAGE_BYTES);
	if (n <= *cap && *buf)
		return 0;
	p = realloc(*buf, n ? n : 1);
	if (!p)
		return floe_err_set(err, "out of memory for a page of %zu bytes", n);
	*buf = p;
	*cap = n;
	return 0;
}

/* Decompresses into *buf (or borrows src when uncompressed); *out/len = result. */
static int inflate_to(struct floe_pq_cursor *c, const uint8_t *src, size_t n, size_t want, uint8_t **buf,
		      size_t *cap, const uint8_t **out, struct floe_err *err)
{
	if (c->ch->codec == FLOE_CODEC_UNCOMPRESSED) {
		if (n != want)
			return floe_err_set(err, "uncompressed page stores %zu bytes but declares %zu", n, want);
		*out = src;
		return 0;
	}
	if (page_room(buf, cap, want, err) != 0)
		return -1;
	if (floe_decompress(&c->codec, c->ch->codec, src, n, *buf, want, err) != 0)
		return -1;
	*out = *buf;
	return 0;
}

static int level_stream(struct floe_rle_dec *d, int encoding, unsigned width, const uint8_t **p, size_t *len,
			int32_t num_values, const char *what, struct floe_err *err)
{
	size_t l;

	if (encoding == FLOE_PQE_RLE) {
		if (*len < 4)
			return floe_err_set(err, "%s levels: length prefix truncated", what);
		l = floe_load_u32le(*p);
		if (l > *len - 4)
			return floe_err_set(err, "%s levels: length '%zu' exceeds the %zu bytes left", what, l, *len - 4);
		if (floe_rle_dec_init(d, *p + 4, l, width, err) != 0)
			return -1;
		*p += 4 + l;
		*len -= 4 + l;
		return 0;
	}
	if (encoding == FLOE_PQE_BIT_PACKED) {
		l = (size_t)(((uint64_t)num_values * width + 7) / 8);
		if (l > *len)
			return floe_err_set(err, "%s levels: %zu bit-packed bytes exceed the %zu bytes left", what, l,
					    *len);
		if (floe_rle_dec_init_bitpacked(d, *p, l, width, err) != 0)
			return -1;
		*p += l;
		*len -= l;
		return 0;
	}
	return floe_err_set(err, "unsupported %s level encoding '%s'", what, floe_pq_encoding_name(encoding));
}

static int load_dict(struct floe_pq_cursor *c, const struct floe_pq_page_header *h, const uint8_t *body,
		     struct floe_err *err)
{
	const uint8_t *p;
	size_t cap = 0;

	if (!h->has_dict)
		return floe_err_set(err, "dictionary page without a dictionary page header");
	if (c->have_dict || c->values_seen > 0)
		return floe_err_set(err, "a second dictionary page, or one after data pages");
	if (h->dict_encoding != FLOE_PQE_PLAIN && h->dict_encoding != FLOE_PQE_PLAIN_DICTIONARY)
		return floe_err_set(err, "unsupported dictionary encoding '%s'",
				    floe_pq_encoding_name(h->dict_encoding));
	if (h->dict_num_values < 0)
		return floe_err_set(err, "dictionary with '%d' entries", h->dict_num_values);
	if (inflate_to(c, body, (size_t)h->compressed_size, (size_t)h->uncompressed_size, &c->dict_buf, &cap, &p,
		       err) != 0)
		return -1;
	if (floe_pq_dict_decode(&c->ci, p, (size_t)h->uncompressed_size, (uint32_t)h->dict_num_values, &c->dict,
				&c->dict_arena, err) != 0)
		return -1;
	c->dict_n = (uint32_t)h->dict_num_values;
	c->have_dict = true;
	return 0;
}

static int setup_data_page(struct floe_pq_cursor *c, const struct floe_pq_page_header *h, const uint8_t *body,
			   struct floe_err *err)
{
	unsigned wr = floe_rle_bit_width((uint32_t)c->col->max_rep);
	unsigned wd = floe_rle_bit_width((uint32_t)c->col->max_def);
	const uint8_t *p, *lv;
	size_t len;

	c->has_rep = c->col->max_rep > 0;
	c->has_def = c->col->max_def > 0;
	if (h->type == FLOE_PQP_DATA) {
		if (!h->has_data)
			return floe_err_set(err, "data page without a data page header");
		if (h->num_values < 0)
			return floe_err_set(err, "data page with '%d' values", h->num_values);
		if (inflate_to(c, body, (size_t)h->compressed_size, (size_t)h->uncompressed_size, &c->page_buf,
			       &c->page_cap, &p, err) != 0)
			return -1;
		len = (size_t)h->uncompressed_size;
		if (c->has_rep && level_stream(&c->rep, h->rep_encoding, wr, &p, &len, h->num_values, "repetition",
					       err) != 0)
			return -1;
		if (c->has_def && level_stream(&c->def, h->def_encoding, wd, &p, &len, h->num_values, "definition",
					       err) != 0)
			return -1;
	} else {
		size_t rl, dl, vlen, vwant;
		if (!h->has_v2)
			return floe_err_set(err, "data page v2 without a v2 header");
		if (h->num_values < 0 || h->rep_len < 0 || h->def_len < 0 || h->num_nulls < 0)
			return floe_err_set(err, "data page v2 with negative counts or lengths");
		rl = (size_t)h->rep_len;
		dl = (size_t)h->def_len;
		if (rl + dl > (size_t)h->compressed_size || rl + dl > (size_t)h->uncompressed_size)
			return floe_err_set(err, "data page v2: level lengths %zu + %zu exceed the page size", rl, dl);
		lv = body;
		if (c->has_rep && floe_rle_dec_init(&c->rep, lv, rl, wr, err) != 0)
			return -1;
		if (c->has_def && floe_rle_dec_init(&c->def, lv + rl, dl, wd, err) != 0)
			return -1;
		vlen = (size_t)h->compressed_size - rl - dl;
		vwant = (size_t)h->uncompressed_size - rl - dl;
		if (h->is_compressed && c->ch->codec != FLOE_CODEC_UNCOMPRESSED && vlen > 0) {
			if (inflate_to(c, body + rl + dl, vlen, vwant, &c->page_buf, &c->page_cap, &p, err) != 0)
				return -1;
			len = vwant;
		} else {
			p = body + rl + dl;
			len = vlen;
		}
	}
	if (floe_pq_vdec_init(&c->vd, &c->ci, h->encoding, p, len, (uint64_t)h->num_values, c->dict, c->dict_n,
			      err) != 0)
		return -1;
	c->page_left = h->num_values;
	c->values_seen += h->num_values;
	return 0;
}

/* Moves to the next data page; *eof when the chunk has no more. */
static int next_page(struct floe_pq_cursor *c, bool *eof, struct floe_err *err)
{
	*eof = false;
	for (;;) {
		struct floe_pq_page_header h;
		struct floe_rd rd;
		const uint8_t *body;
		size_t hl;

		if (c->pos >= c->chunk_len || (c->ch->num_values > 0 && c->values_seen >= c->ch->num_values)) {
			*eof = true;
			return 0;
		}
		c->page_off = c->chunk_off + c->pos;
		floe_rd_init(&rd, c->chunk + c->pos, c->chunk_len - c->pos);
		if (floe_pq_parse_page_header(&rd, &h, err) != 0)
			return floe_err_prefix(err, "page header: ");
		hl = rd.pos;
		if ((size_t)h.compressed_size > c->chunk_len - c->pos - hl)
			return floe_err_set(err, "page body of %d bytes runs past the end of the column chunk (%zu "
					    "bytes left): truncated", h.compressed_size, c->chunk_len - c->pos - hl);
		body = c->chunk + c->pos + hl;
		c->pos += hl + (size_t)h.compressed_size;
		switch (h.type) {
		case FLOE_PQP_DICTIONARY:
			if (load_dict(c, &h, body, err) != 0)
				return -1;
			break;
		case FLOE_PQP_DATA:
		case FLOE_PQP_DATA_V2:
			if (setup_data_page(c, &h, body, err) != 0)
				return -1;
			if (c->page_left > 0)
				return 0;
			break;
		default:
			break; /* index pages and unknown page types are skipped */
		}
	}
}

/* Makes sure level entries are buffered; returns 1, or 0 at the end of the chunk, -1 on error. */
static int fill_levels(struct floe_pq_cursor *c, struct floe_err *err)
{
	size_t k, i;
	uint32_t md = (uint32_t)c->col->max_def, mr = (uint32_t)c->col->max_rep;

	if (c->lpos < c->lcnt)
		return 1;
	while (c->page_left == 0) {
		bool eof;
		if (next_page(c, &eof, err) != 0)
			return -1;
		if (eof)
			return 0;
	}
	k = c->page_left < LBUF ? (size_t)c->page_left : LBUF;
	if (c->has_rep) {
		if (floe_rle_dec_get(&c->rep, c->lrep, k, err) != 0)
			return floe_err_prefix(err, "repetition levels: ");
		for (i = 0; i < k; i++)
			if (c->lrep[i] > mr)
				return floe_err_set(err, "repetition level '%u' above the maximum %u", c->lrep[i], mr);
	} else {
		memset(c->lrep, 0, k * sizeof(uint32_t));
	}
	if (c->has_def) {
		if (floe_rle_dec_get(&c->def, c->ldef, k, err) != 0)
			return floe_err_prefix(err, "definition levels: ");
		for (i = 0; i < k; i++)
			if (c->ldef[i] > md)
				return floe_err_set(err, "definition level '%u' above the maximum %u", c->ldef[i], md);
	} else {
		for (i = 0; i < k; i++)
			c->ldef[i] = md;
	}
	c->lpos = 0;
	c->lcnt = k;
	c->page_left -= (int64_t)k;
	return 1;
}

/* ------------------------------------------------------------ cursor: rows */

static int read_prim(struct floe_pq_cursor *c, struct floe_value *out, size_t max, size_t *n,
		     struct floe_arena *arena, struct floe_err *err)
{
	uint32_t md = (uint32_t)c->col->max_def;
	size_t done = 0;

	while (done < max && c->rows_done < c->rows_total) {
		size_t k, i, nn = 0, j;
		int rc = fill_levels(c, err);
		if (rc < 0)
			return -1;
		if (rc == 0)
			break;
		k = c->lcnt - c->lpos;
		if (k > max - done)
			k = max - done;
		if ((int64_t)k > c->rows_total - c->rows_done)
			k = (size_t)(c->rows_total - c->rows_done);
		for (i = 0; i < k; i++)
			nn += c->ldef[c->lpos + i] == md;
		if (floe_pq_vdec_get(&c->vd, out + done, nn, arena, err) != 0)
			return -1;
		if (nn < k) {
			/* spread the nn values to their slots, back to front */
			j = nn;
			for (i = k; i-- > 0;) {
				if (c->ldef[c->lpos + i] == md) {
					out[done + i] = out[done + --j];
				} else {
					memset(&out[done + i], 0, sizeof(out[0]));
					out[done + i].is_null = true;
				}
			}
		}
		c->lpos += k;
		done += k;
		c->rows_done += (int64_t)k;
	}
	*n = done;
	return 0;
}

static int read_list(struct floe_pq_cursor *c, struct floe_value *out, size_t max, size_t *n,
		     struct floe_arena *arena, struct floe_err *err)
{
	uint32_t md = (uint32_t)c->col->max_def;
	uint32_t ld = (uint32_t)c->f->list_def, ed = (uint32_t)c->f->elem_def;
	size_t done = 0;

	while (done < max && c->rows_done < c->rows_total) {
		size_t items = 0;
		bool null_list = false, first = true;
		int rc = fill_levels(c, err);

		if (rc < 0)
			return -1;
		if (rc == 0)
			break;
		if (c->lrep[c->lpos] != 0)
			return floe_err_set(err, "row %lld does not start at repetition level 0",
					    (long long)c->rows_done);
		for (;;) {
			uint32_t d = c->ldef[c->lpos++];
			if (!first && (null_list || items == 0))
				return floe_err_set(err, "row %lld: a null or empty list continues",
						    (long long)c->rows_done);
			first = false;
			if (d < ld) {
				null_list = true;
			} else if (d >= ed) {
				if (items == c->items_cap) {
					size_t nc = c->items_cap ? c->items_cap * 2 : 16;
					struct floe_value *ni;
					if (nc > MAX_LIST_ITEMS)
						return floe_err_set(err, "row %lld: list of more than %zu elements",
								    (long long)c->rows_done, MAX_LIST_ITEMS);
					ni = realloc(c->items, nc * sizeof(*ni));
					if (!ni)
						return floe_err_set(err, "out of memory assembling a list");
					c->items = ni;
					c->items_cap = nc;
				}
				if (d == md) {
					if (floe_pq_vdec_get(&c->vd, &c->items[items], 1, arena, err) != 0)
						return -1;
				} else {
					memset(&c->items[items], 0, sizeof(c->items[0]));
					c->items[items].is_null = true;
				}
				items++;
			}
			rc = fill_levels(c, err);
			if (rc < 0)
				return -1;
			if (rc == 0 || c->lrep[c->lpos] == 0)
				break;
		}
		memset(&out[done], 0, sizeof(out[0]));
		if (null_list) {
			out[done].is_null = true;
		} else {
			out[done].u.list.n = (uint32_t)items;
			out[done].u.list.items = floe_arena_alloc(arena, items * sizeof(*c->items) + 1);
			if (!out[done].u.list.items)
				return floe_err_set(err, "out of memory assembling a list");
			if (items)
				memcpy(out[done].u.list.items, c->items, items * sizeof(*c->items));
		}
		done++;
		c->rows_done++;
	}
	*n = done;
	return 0;
}

/* Reads (or, for memory files, borrows) a column chunk after checking its range. */
static int load_chunk(struct floe_pq_reader *r, const struct floe_pq_chunk *ch, uint8_t **buf, const uint8_t **p,
		      uint64_t *off, size_t *len, struct floe_err *err)
{
	int64_t start = ch->data_page_offset, n = ch->total_compressed_size;

	if (ch->dictionary_page_offset > 0 && ch->dictionary_page_offset < start)
		start = ch->dictionary_page_offset;
	if (start < 4 || n < 0 || (uint64_t)start > r->data_end || (uint64_t)n > r->data_end - (uint64_t)start)
		return floe_err_set(err, "column chunk at offset %lld of %lld bytes lies outside the data section "
				    "[4, %llu) (truncated or corrupt file)", (long long)start, (long long)n,
				    (unsigned long long)r->data_end);
	*off = (uint64_t)start;
	*len = (size_t)n;
	if (r->mem) {
		*p = r->mem + start;
		return 0;
	}
	*buf = malloc(*len ? *len : 1);
	if (!*buf)
		return floe_err_set(err, "out of memory for a column chunk of %zu bytes", *len);
	if (src_read(r, *off, *buf, *len, err) != 0)
		return -1;
	*p = *buf;
	return 0;
}

int floe_pq_chunk_pages(struct floe_pq_reader *r, size_t row_group, size_t column,
			int (*cb)(void *ctx, const struct floe_pq_page_info *page), void *ctx, struct floe_err *err)
{
	const struct floe_pq_chunk *ch;
	const uint8_t *p = NULL;
	uint8_t *buf = NULL;
	uint64_t off = 0;
	size_t len = 0, pos = 0;
	int rc = -1;

	if (row_group >= r->meta.n_row_groups || column >= r->meta.n_columns)
		return floe_err_set(err, "parquet file '%s': no row group %zu / column %zu", r->name, row_group, column);
	ch = &r->meta.row_groups[row_group].chunks[column];
	if (load_chunk(r, ch, &buf, &p, &off, &len, err) != 0)
		goto out;
	while (pos < len) {
		struct floe_pq_page_header h;
		struct floe_pq_page_info pi;
		struct floe_rd rd;
		floe_rd_init(&rd, p + pos, len - pos);
		if (floe_pq_parse_page_header(&rd, &h, err) != 0) {
			floe_err_prefix(err, "page header at offset %llu: ", (unsigned long long)(off + pos));
			goto out;
		}
		memset(&pi, 0, sizeof(pi));
		pi.offset = off + pos;
		pi.type = h.type;
		pi.encoding = h.has_dict ? h.dict_encoding : (h.has_data || h.has_v2) ? h.encoding : -1;
		pi.num_values = h.has_dict ? h.dict_num_values : (h.has_data || h.has_v2) ? h.num_values : -1;
		pi.num_nulls = h.has_v2 ? h.num_nulls : -1;
		pi.num_rows = h.has_v2 ? h.num_rows : -1;
		pi.compressed_size = h.compressed_size;
		pi.uncompressed_size = h.uncompressed_size;
		pi.is_compressed = h.has_v2 ? h.is_compressed : ch->codec != FLOE_CODEC_UNCOMPRESSED;
		if ((size_t)h.compressed_size > len - pos - rd.pos) {
			floe_err_set(err, "page at offset %llu: body of %d bytes runs past the end of the column chunk: "
				     "truncated", (unsigned long long)(off + pos), h.compressed_size);
			goto out;
		}
		pos += rd.pos + (size_t)h.compressed_size;
		if (cb(ctx, &pi) != 0)
			break;
	}
	rc = 0;
out:
	free(buf);
	if (rc)
		floe_err_prefix(err, "parquet file '%s': row group %zu, column '%s': ", r->name, row_group,
				r->meta.columns[column].path);
	return rc;
}

/* ------------------------------------------------------------ cursor API */

static int cursor_fail(struct floe_pq_cursor *c, struct floe_err *err)
{
	if (c->page_off)
		return floe_err_prefix(err, "parquet file '%s': row group %zu, column '%s', page at offset %llu: ",
				       c->r->name, c->rg, c->col->path, (unsigned long long)c->page_off);
	return floe_err_prefix(err, "parquet file '%s': row group %zu, column '%s': ", c->r->name, c->rg,
			       c->col->path);
}

void floe_pq_cursor_free(struct floe_pq_cursor *c)
{
	if (!c)
		return;
	floe_codec_ctx_release(&c->codec);
	floe_arena_release(&c->dict_arena);
	free(c->chunk_buf);
	free(c->page_buf);
	free(c->dict_buf);
	free(c->items);
	free(c);
}

int floe_pq_cursor_open(struct floe_pq_reader *r, size_t row_group, size_t field, struct floe_pq_cursor **out,
			struct floe_err *err)
{
	const struct floe_pq_meta *m = &r->meta;
	struct floe_pq_cursor *c;
	const struct floe_pq_field *f;
	const struct floe_pq_chunk *ch;

	*out = NULL;
	if (row_group >= m->n_row_groups || field >= m->n_fields)
		return floe_err_set(err, "parquet file '%s': no row group %zu / field %zu", r->name, row_group, field);
	f = &m->fields[field];
	if (f->leaf < 0)
		return floe_err_set(err, "parquet file '%s': column '%s' cannot be read: %s", r->name, f->f.name,
				    f->unsupported ? f->unsupported : "unsupported");
	c = calloc(1, sizeof(*c));
	if (!c)
		return floe_err_set(err, "out of memory");
	c->r = r;
	c->f = f;
	c->rg = row_group;
	c->col = &m->columns[f->leaf];
	ch = c->ch = &m->row_groups[row_group].chunks[f->leaf];
	c->rows_total = m->row_groups[row_group].num_rows;
	colinfo_of(f, c->col, &c->ci);
	floe_arena_init(&c->dict_arena, 4096);
	floe_codec_ctx_init(&c->codec, FLOE_CODEC_UNCOMPRESSED, 0);
	if (ch->file_path) {
		floe_err_set(err, "column chunk stored in another file ('%s') is not supported", ch->file_path);
		goto fail;
	}
	if (strcmp(ch->path, c->col->path) != 0) {
		floe_err_set(err, "column chunk path '%s' does not match the schema's column '%s'", ch->path,
			     c->col->path);
		goto fail;
	}
	if (ch->type != c->col->type) {
		floe_err_set(err, "column chunk type '%s' differs from the schema's '%s'", floe_pq_type_name(ch->type),
			     floe_pq_type_name(c->col->type));
		goto fail;
	}
	if (!floe_codec_supported(ch->codec)) {
		floe_err_set(err, "unsupported compression codec '%s' (%d)", floe_codec_name(ch->codec), ch->codec);
		goto fail;
	}
	if (load_chunk(r, ch, &c->chunk_buf, &c->chunk, &c->chunk_off, &c->chunk_len, err) != 0)
		goto fail;
	*out = c;
	return 0;
fail:
	cursor_fail(c, err);
	floe_pq_cursor_free(c);
	return -1;
}

int floe_pq_cursor_read(struct floe_pq_cursor *c, struct floe_value *out, size_t max, size_t *n,
			struct floe_arena *arena, struct floe_err *err)
{
	int rc;

	*n = 0;
	if (c->f->f.type.id == FLOE_T_LIST)
		rc = read_list(c, out, max, n, arena, err);
	else
		rc = read_prim(c, out, max, n, arena, err);
	if (rc != 0)
		return cursor_fail(c, err);
	if (*n == 0 && max > 0 && c->rows_done < c->rows_total) {
		floe_err_set(err, "column chunk ends after %lld of the row group's %lld rows",
			     (long long)c->rows_done, (long long)c->rows_total);
		return cursor_fail(c, err);
	}
	return 0;
}

int floe_pq_read_column(struct floe_pq_reader *r, size_t row_group, size_t field, struct floe_value *out,
			struct floe_arena *arena, struct floe_err *err)
{
	struct floe_pq_cursor *c;
	size_t n;
	int64_t total;

	if (floe_pq_cursor_open(r, row_group, field, &c, err) != 0)
		return -1;
	total = c->rows_total;
	for (;;) {
		if (floe_pq_cursor_read(c, out, (size_t)(total - c->rows_done), &n, arena, err) != 0) {
			floe_pq_cursor_free(c);
			return -1;
		}
		out += n;
		if (n == 0)
			break;
	}
	floe_pq_cursor_free(c);
	return 0;
}
