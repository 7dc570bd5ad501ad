/*
 * cursor.c — reads the values of one top-level column of one row group: the
 * column chunk in memory, one decompressed page at a time (dictionary, v1 and
 * v2 data pages), levels decoded in small batches, rows assembled from
 * definition/repetition levels (primitives and single-level lists). Errors
 * carry the file name, row group, column and page offset. Value encodings are
 * page_dec.c's; opening files and chunk ranges are reader.c's.
 */
#include <stdlib.h>
#include <string.h>

#include "parquet/compress.h"
#include "parquet/page_dec.h"
#include "parquet/reader.h"
#include "parquet/reader_int.h"

#define MAX_PAGE_BYTES ((size_t)256 << 20)   /* one decompressed page */
#define MAX_LIST_ITEMS ((size_t)1 << 24)     /* elements of one list value */
#define LBUF 1024                            /* level entries decoded at a time */

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
	floe_pq_colinfo_of(f, c->col, &c->ci);
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
	if (floe_pq_load_chunk(r, ch, &c->chunk_buf, &c->chunk, &c->chunk_off, &c->chunk_len, err) != 0)
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
