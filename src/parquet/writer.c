/*
 * writer.c — the streaming Parquet writer (see writer.h).
 *
 * One struct leaf per schema column (a list column has one leaf: its element).
 * Each leaf builds its current page (levels as bytes, PLAIN values and/or
 * dictionary indices), turns full pages into compressed v1 data pages kept in
 * its chunk buffer, and at the end of a row group writes [dictionary page]
 * + data pages to the sink. The first page of a chunk is encoded both ways
 * and the dictionary is kept only if it is smaller than PLAIN; a dictionary
 * that outgrows its limit makes the chunk fall back to PLAIN pages. The
 * RowGroup metadata is serialized when the row group is written; the footer
 * concatenates it. Does not write v2 pages, page statistics or page indexes.
 */
#include "parquet/writer.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "parquet/rle_enc.h"
#include "parquet/stats.h"
#include "parquet/thrift.h"

/* parquet.thrift enums */
enum { PT_BOOLEAN = 0, PT_INT32 = 1, PT_INT64 = 2, PT_FLOAT = 4, PT_DOUBLE = 5, PT_BYTE_ARRAY = 6, PT_FLBA = 7 };
enum { ENC_PLAIN = 0, ENC_RLE = 3, ENC_RLE_DICTIONARY = 8 };
enum { PAGE_DATA = 0, PAGE_DICT = 2 };
enum { CT_UTF8 = 0, CT_LIST = 3, CT_DECIMAL = 5, CT_DATE = 6, CT_TIME_MICROS = 8, CT_TIMESTAMP_MICROS = 10 };
enum { REP_REQUIRED = 0, REP_OPTIONAL = 1, REP_REPEATED = 2 };

enum dict_state { DICT_TRY, DICT_ON, DICT_OFF };

#define STATS_MAX_LEN 4096
#define SLICE_ROWS 128

struct leaf {
	const struct floe_field *field;
	struct floe_type t;      /* primitive type of the stored values */
	bool is_list;
	int max_def, max_rep;
	int def_empty;           /* list: def level of an empty list */
	int field_id;            /* metrics key: column id or element id */
	int ptype, type_length, dec_bytes;
	floe_i128 dec_limit;     /* 10^precision */
	bool stats_by_dict;      /* min/max from new dictionary entries only */

	/* current page */
	struct floe_buf def, rep;   /* one byte per level entry */
	struct floe_buf plain;      /* PLAIN values (bools: one byte each) */
	uint32_t *idx;
	size_t n_idx, cap_idx;
	size_t page_entries, page_rows, page_values;

	/* dictionary of the current chunk */
	enum dict_state dict;
	bool dict_used;             /* some data page of this chunk is dictionary-encoded */
	struct floe_buf dict_plain;
	uint32_t *d_off, *d_len, *d_hash;
	uint32_t n_dict, cap_dict;
	int dict_bits;              /* floe_bit_width(n_dict) */
	uint32_t *slots;
	uint32_t n_slots;

	/* current chunk */
	struct floe_buf chunk;
	int64_t c_values, c_nulls, c_uncomp, c_comp;
	int32_t c_dict_pages, c_plain_pages;
	struct floe_pq_acc c_stats;

	/* file totals */
	int64_t f_values, f_nulls, f_size;
	struct floe_pq_acc f_stats;
};

struct floe_pq_writer {
	struct floe_sink *sink;
	struct floe_pq_options opt;
	struct floe_field *fields;
	size_t n_fields;
	struct leaf *leaves;
	struct floe_pq_kv *kv;
	struct floe_codec_ctx codec;
	bool failed, finished;
	int64_t rows, rg_rows;
	size_t unchecked;          /* value bytes added since the last row-group size check */
	size_t check_bytes;        /* check after this many: min(1 MiB, row group / 16) */
	struct floe_buf body, cbody, hdr, rg_meta, scratch;
	int n_rgs;
	int64_t *splits;
	size_t cap_splits;
	struct floe_pq_metrics *metrics;
	struct floe_buf *bounds;   /* 2 per leaf */
};

void floe_pq_options_default(struct floe_pq_options *o)
{
	memset(o, 0, sizeof(*o));
	o->codec = FLOE_CODEC_ZSTD;
	o->row_group_bytes = 128u << 20;
	o->page_bytes = 1u << 20;
	o->page_rows = 20000;
	o->dict_bytes = 1u << 20;
	o->bound_truncate = 16;
}

/* ------------------------------------------------------------ schema */

static int physical(const struct floe_type *t, int *type_length)
{
	*type_length = 0;
	switch (t->id) {
	case FLOE_T_BOOLEAN: return PT_BOOLEAN;
	case FLOE_T_INT:
	case FLOE_T_DATE: return PT_INT32;
	case FLOE_T_LONG:
	case FLOE_T_TIME:
	case FLOE_T_TIMESTAMP:
	case FLOE_T_TIMESTAMPTZ: return PT_INT64;
	case FLOE_T_FLOAT: return PT_FLOAT;
	case FLOE_T_DOUBLE: return PT_DOUBLE;
	case FLOE_T_DECIMAL:
		if (t->precision <= 9)
			return PT_INT32;
		if (t->precision <= 18)
			return PT_INT64;
		*type_length = floe_pq_decimal_bytes(t->precision);
		return PT_FLBA;
	case FLOE_T_STRING:
	case FLOE_T_BINARY: return PT_BYTE_ARRAY;
	case FLOE_T_UUID: *type_length = 16; return PT_FLBA;
	case FLOE_T_FIXED: *type_length = t->length; return PT_FLBA;
	case FLOE_T_LIST:
	default: return -1;
	}
}

static int check_prim(const struct floe_field *f, const struct floe_type *t, struct floe_err *err)
{
	if (t->id < FLOE_T_BOOLEAN || t->id >= FLOE_T_LIST)
		return floe_err_set(err, "parquet schema: column '%s' has unsupported type id '%d'", f->name, (int)t->id);
	if (t->id == FLOE_T_DECIMAL && (t->precision < 1 || t->precision > 38 || t->scale < 0 || t->scale > t->precision))
		return floe_err_set(err, "parquet schema: column '%s' has bad decimal(%d,%d): precision must be 1..38 and scale 0..precision",
				    f->name, t->precision, t->scale);
	if (t->id == FLOE_T_FIXED && (t->length < 1 || t->length > (1 << 24)))
		return floe_err_set(err, "parquet schema: column '%s' has bad fixed length '%d'", f->name, t->length);
	return 0;
}

/* SchemaElement fields 1..10 for a primitive (leaf). */
static void schema_leaf(struct floe_thrift_w *w, const char *name, const struct floe_type *t, bool required,
			int field_id)
{
	int tl, pt = physical(t, &tl);

	floe_thrift_w_elem_struct(w);
	floe_thrift_w_i32(w, 1, pt);
	if (pt == PT_FLBA)
		floe_thrift_w_i32(w, 2, tl);
	floe_thrift_w_i32(w, 3, required ? REP_REQUIRED : REP_OPTIONAL);
	floe_thrift_w_string(w, 4, name);
	switch (t->id) {
	case FLOE_T_STRING: floe_thrift_w_i32(w, 6, CT_UTF8); break;
	case FLOE_T_DECIMAL: floe_thrift_w_i32(w, 6, CT_DECIMAL); break;
	case FLOE_T_DATE: floe_thrift_w_i32(w, 6, CT_DATE); break;
	case FLOE_T_TIME: floe_thrift_w_i32(w, 6, CT_TIME_MICROS); break;
	case FLOE_T_TIMESTAMP:
	case FLOE_T_TIMESTAMPTZ: floe_thrift_w_i32(w, 6, CT_TIMESTAMP_MICROS); break;
	default: break;
	}
	if (t->id == FLOE_T_DECIMAL) {
		floe_thrift_w_i32(w, 7, t->scale);
		floe_thrift_w_i32(w, 8, t->precision);
	}
	floe_thrift_w_i32(w, 9, field_id);
	switch (t->id) {
	case FLOE_T_STRING:
		floe_thrift_w_struct(w, 10);
		floe_thrift_w_struct(w, 1);
		floe_thrift_w_end(w);
		floe_thrift_w_end(w);
		break;
	case FLOE_T_DECIMAL:
		floe_thrift_w_struct(w, 10);
		floe_thrift_w_struct(w, 5);
		floe_thrift_w_i32(w, 1, t->scale);
		floe_thrift_w_i32(w, 2, t->precision);
		floe_thrift_w_end(w);
		floe_thrift_w_end(w);
		break;
	case FLOE_T_DATE:
		floe_thrift_w_struct(w, 10);
		floe_thrift_w_struct(w, 6);
		floe_thrift_w_end(w);
		floe_thrift_w_end(w);
		break;
	case FLOE_T_TIME:
	case FLOE_T_TIMESTAMP:
	case FLOE_T_TIMESTAMPTZ:
		floe_thrift_w_struct(w, 10);
		floe_thrift_w_struct(w, t->id == FLOE_T_TIME ? 7 : 8);
		floe_thrift_w_bool(w, 1, t->id == FLOE_T_TIMESTAMPTZ);
		floe_thrift_w_struct(w, 2);   /* TimeUnit */
		floe_thrift_w_struct(w, 2);   /* MICROS */
		floe_thrift_w_end(w);
		floe_thrift_w_end(w);
		floe_thrift_w_end(w);
		floe_thrift_w_end(w);
		break;
	case FLOE_T_UUID:
		floe_thrift_w_struct(w, 10);
		floe_thrift_w_struct(w, 14);
		floe_thrift_w_end(w);
		floe_thrift_w_end(w);
		break;
	default:
		break;
	}
	floe_thrift_w_end(w);
}

static void write_schema(struct floe_pq_writer *pw, struct floe_thrift_w *w)
{
	size_t i, n = 1;

	for (i = 0; i < pw->n_fields; i++)
		n += pw->fields[i].type.id == FLOE_T_LIST ? 3 : 1;
	floe_thrift_w_list(w, 2, FLOE_TT_STRUCT, (uint32_t)n);
	floe_thrift_w_elem_struct(w);
	floe_thrift_w_string(w, 4, "table");
	floe_thrift_w_i32(w, 5, (int32_t)pw->n_fields);
	floe_thrift_w_end(w);
	for (i = 0; i < pw->n_fields; i++) {
		const struct floe_field *f = &pw->fields[i];
		struct floe_type et;
		if (f->type.id != FLOE_T_LIST) {
			schema_leaf(w, f->name, &f->type, f->required, f->id);
			continue;
		}
		floe_thrift_w_elem_struct(w);
		floe_thrift_w_i32(w, 3, f->required ? REP_REQUIRED : REP_OPTIONAL);
		floe_thrift_w_string(w, 4, f->name);
		floe_thrift_w_i32(w, 5, 1);
		floe_thrift_w_i32(w, 6, CT_LIST);
		floe_thrift_w_i32(w, 9, f->id);
		floe_thrift_w_struct(w, 10);
		floe_thrift_w_struct(w, 3);
		floe_thrift_w_end(w);
		floe_thrift_w_end(w);
		floe_thrift_w_end(w);
		floe_thrift_w_elem_struct(w);
		floe_thrift_w_i32(w, 3, REP_REPEATED);
		floe_thrift_w_string(w, 4, "list");
		floe_thrift_w_i32(w, 5, 1);
		floe_thrift_w_end(w);
		et = floe_type_elem(&f->type);
		schema_leaf(w, "element", &et, f->type.elem_required, f->type.elem_field_id);
	}
}

/* ------------------------------------------------------------ lifecycle */

static void leaf_release(struct leaf *l)
{
	floe_buf_release(&l->def);
	floe_buf_release(&l->rep);
	floe_buf_release(&l->plain);
	floe_buf_release(&l->dict_plain);
	floe_buf_release(&l->chunk);
	free(l->idx);
	free(l->d_off);
	free(l->d_len);
	free(l->d_hash);
	free(l->slots);
	floe_pq_acc_release(&l->c_stats);
	floe_pq_acc_release(&l->f_stats);
}

void floe_pq_writer_free(struct floe_pq_writer *w)
{
	size_t i;

	if (!w)
		return;
	if (w->leaves)
		for (i = 0; i < w->n_fields; i++)
			leaf_release(&w->leaves[i]);
	if (w->bounds)
		for (i = 0; i < 2 * w->n_fields; i++)
			floe_buf_release(&w->bounds[i]);
	if (w->fields)
		for (i = 0; i < w->n_fields; i++)
			free((char *)w->fields[i].name);
	if (w->kv)
		for (i = 0; i < w->opt.n_kv; i++) {
			free((char *)w->kv[i].key);
			free((char *)w->kv[i].value);
		}
	free(w->kv);
	free(w->bounds);
	free(w->metrics);
	free(w->splits);
	free(w->leaves);
	free(w->fields);
	floe_buf_release(&w->body);
	floe_buf_release(&w->cbody);
	floe_buf_release(&w->hdr);
	floe_buf_release(&w->rg_meta);
	floe_buf_release(&w->scratch);
	floe_codec_ctx_release(&w->codec);
	free(w);
}

static void leaf_init(struct floe_pq_writer *w, struct leaf *l, const struct floe_field *f)
{
	memset(l, 0, sizeof(*l));
	l->field = f;
	floe_buf_init(&l->def);
	floe_buf_init(&l->rep);
	floe_buf_init(&l->plain);
	floe_buf_init(&l->dict_plain);
	floe_buf_init(&l->chunk);
	if (f->type.id == FLOE_T_LIST) {
		l->is_list = true;
		l->t = floe_type_elem(&f->type);
		l->def_empty = f->required ? 0 : 1;
		l->max_def = l->def_empty + 1 + (f->type.elem_required ? 0 : 1);
		l->max_rep = 1;
		l->field_id = f->type.elem_field_id;
	} else {
		l->t = f->type;
		l->max_def = f->required ? 0 : 1;
		l->field_id = f->id;
	}
	l->ptype = physical(&l->t, &l->type_length);
	if (l->t.id == FLOE_T_DECIMAL) {
		int i;
		l->dec_bytes = floe_pq_decimal_bytes(l->t.precision);
		l->dec_limit = 1;
		for (i = 0; i < l->t.precision; i++)
			l->dec_limit *= 10;
	}
	l->dict = (w->opt.no_dictionary || l->ptype == PT_BOOLEAN) ? DICT_OFF : DICT_TRY;
	l->stats_by_dict = floe_type_is_bytes(l->t.id) || l->t.id == FLOE_T_DECIMAL;
	floe_pq_acc_init(&l->c_stats, &l->t);
	floe_pq_acc_init(&l->f_stats, &l->t);
}

static char *dupstr(const char *s)
{
	size_t n = strlen(s) + 1;
	char *d = malloc(n);

	if (d)
		memcpy(d, s, n);
	return d;
}

int floe_pq_writer_new(struct floe_pq_writer **out, const struct floe_field *fields, size_t n_fields,
		       const struct floe_pq_options *opt, struct floe_sink *sink, struct floe_err *err)
{
	struct floe_pq_writer *w;
	size_t i, j;
	int rc = -1;

	*out = NULL;
	w = calloc(1, sizeof(*w));
	if (!w)
		return floe_err_set(err, "parquet writer: out of memory");
	floe_buf_init(&w->body);
	floe_buf_init(&w->cbody);
	floe_buf_init(&w->hdr);
	floe_buf_init(&w->rg_meta);
	floe_buf_init(&w->scratch);
	w->sink = sink;
	if (opt)
		w->opt = *opt;
	else
		floe_pq_options_default(&w->opt);
	if (!w->opt.row_group_bytes)
		w->opt.row_group_bytes = 128u << 20;
	if (!w->opt.page_bytes)
		w->opt.page_bytes = 1u << 20;
	if (!w->opt.page_rows)
		w->opt.page_rows = 20000;
	if (!w->opt.dict_bytes)
		w->opt.dict_bytes = 1u << 20;
	if (w->opt.dict_bytes > (1u << 30))
		w->opt.dict_bytes = 1u << 30;
	w->check_bytes = w->opt.row_group_bytes / 16 < (1u << 20) ? w->opt.row_group_bytes / 16 : (1u << 20);
	floe_codec_ctx_init(&w->codec, w->opt.codec, w->opt.level);
	if (w->opt.codec != FLOE_CODEC_ZSTD && w->opt.codec != FLOE_CODEC_SNAPPY && w->opt.codec != FLOE_CODEC_GZIP &&
	    w->opt.codec != FLOE_CODEC_UNCOMPRESSED) {
		floe_err_set(err, "parquet writer: codec '%s' is not supported: use zstd, snappy, gzip or none",
			     floe_codec_name((int)w->opt.codec));
		goto out;
	}
	if (n_fields == 0) {
		floe_err_set(err, "parquet schema: no columns");
		goto out;
	}
	w->n_fields = n_fields;
	w->fields = calloc(n_fields, sizeof(*w->fields));
	w->leaves = calloc(n_fields, sizeof(*w->leaves));
	w->metrics = calloc(n_fields, sizeof(*w->metrics));
	w->bounds = calloc(2 * n_fields, sizeof(*w->bounds));
	if (!w->fields || !w->leaves || !w->metrics || !w->bounds) {
		floe_err_set(err, "parquet writer: out of memory");
		goto out;
	}
	for (i = 0; i < 2 * n_fields; i++)
		floe_buf_init(&w->bounds[i]);
	for (i = 0; i < n_fields; i++) {
		const struct floe_field *f = &fields[i];
		if (!f->name || !f->name[0]) {
			floe_err_set(err, "parquet schema: column %zu has no name", i);
			goto out;
		}
		for (j = 0; j < i; j++)
			if (!strcmp(fields[j].name, f->name)) {
				floe_err_set(err, "parquet schema: duplicate column name '%s'", f->name);
				goto out;
			}
		if (f->type.id == FLOE_T_LIST) {
			struct floe_type et = floe_type_elem(&f->type);
			if (check_prim(f, &et, err) < 0)
				goto out;
		} else if (check_prim(f, &f->type, err) < 0) {
			goto out;
		}
		w->fields[i] = *f;
		w->fields[i].name = dupstr(f->name);
		if (!w->fields[i].name) {
			floe_err_set(err, "parquet writer: out of memory");
			goto out;
		}
	}
	for (i = 0; i < n_fields; i++)
		leaf_init(w, &w->leaves[i], &w->fields[i]);
	if (w->opt.n_kv) {
		w->kv = calloc(w->opt.n_kv, sizeof(*w->kv));
		if (!w->kv) {
			w->opt.n_kv = 0;
			floe_err_set(err, "parquet writer: out of memory");
			goto out;
		}
		for (i = 0; i < w->opt.n_kv; i++) {
			w->kv[i].key = dupstr(opt->kv[i].key);
			w->kv[i].value = opt->kv[i].value ? dupstr(opt->kv[i].value) : NULL;
			if (!w->kv[i].key || (opt->kv[i].value && !w->kv[i].value)) {
				floe_err_set(err, "parquet writer: out of memory");
				goto out;
			}
		}
	}
	w->opt.kv = NULL;
	if (floe_sink_write(sink, "PAR1", 4, err) < 0)
		goto out;
	*out = w;
	rc = 0;
out:
	if (rc < 0)
		floe_pq_writer_free(w);
	return rc;
}

/* ------------------------------------------------------------ dictionary */

static uint32_t hash_bytes(const uint8_t *p, size_t n)
{
	uint64_t h = 0x9E3779B97F4A7C15ull ^ n, x;

	while (n >= 8) {
		memcpy(&x, p, 8);
		h = (h ^ x) * 0xff51afd7ed558ccdull;
		h ^= h >> 32;
		p += 8;
		n -= 8;
	}
	if (n) {
		x = 0;
		memcpy(&x, p, n);
		h = (h ^ x) * 0xc4ceb9fe1a85ec53ull;
	}
	h ^= h >> 29;
	h *= 0x9E3779B97F4A7C15ull;
	return (uint32_t)(h >> 32);
}

static int dict_grow_slots(struct leaf *l)
{
	uint32_t n = l->n_slots ? l->n_slots * 2 : 1024, i, mask = n - 1;
	uint32_t *s = calloc(n, sizeof(*s));

	if (!s)
		return -1;
	for (i = 0; i < l->n_dict; i++) {
		uint32_t k = l->d_hash[i] & mask;
		while (s[k])
			k = (k + 1) & mask;
		s[k] = i + 1;
	}
	free(l->slots);
	l->slots = s;
	l->n_slots = n;
	return 0;
}

static void dict_clear(struct leaf *l)
{
	l->n_dict = 0;
	l->dict_bits = 0;
	floe_buf_reset(&l->dict_plain);
	if (l->slots)
		memset(l->slots, 0, l->n_slots * sizeof(*l->slots));
}

/* Index of the value with PLAIN payload key[0..n) (BYTE_ARRAY: without the length),
 * adding it if new; -1 when out of memory. */
static int64_t dict_index(struct leaf *l, const uint8_t *key, size_t n, bool *added)
{
	uint32_t h = hash_bytes(key, n), mask, k, e;

	if ((l->n_dict + 1) * 2 > l->n_slots && dict_grow_slots(l) < 0)
		return -1;
	mask = l->n_slots - 1;
	for (k = h & mask; (e = l->slots[k]) != 0; k = (k + 1) & mask) {
		e--;
		if (l->d_hash[e] == h && l->d_len[e] == n && !memcmp(l->dict_plain.data + l->d_off[e], key, n))
			return e;
	}
	if (l->n_dict == l->cap_dict) {
		uint32_t cap = l->cap_dict ? l->cap_dict * 2 : 256;
		uint32_t *a = realloc(l->d_off, cap * sizeof(*a));
		if (!a)
			return -1;
		l->d_off = a;
		a = realloc(l->d_len, cap * sizeof(*a));
		if (!a)
			return -1;
		l->d_len = a;
		a = realloc(l->d_hash, cap * sizeof(*a));
		if (!a)
			return -1;
		l->d_hash = a;
		l->cap_dict = cap;
	}
	if (l->ptype == PT_BYTE_ARRAY)
		floe_buf_put_u32le(&l->dict_plain, (uint32_t)n);
	e = l->n_dict++;
	if ((l->n_dict >> l->dict_bits) != 0)
		l->dict_bits++;
	l->d_off[e] = (uint32_t)l->dict_plain.len;
	l->d_len[e] = (uint32_t)n;
	l->d_hash[e] = h;
	floe_buf_append(&l->dict_plain, key, n);
	if (l->dict_plain.failed)
		return -1;
	l->slots[k] = e + 1;
	*added = true;
	return e;
}

/* ------------------------------------------------------------ values */

/* One level byte: inline fast path, floe_buf_putc (sticky failure) when it must grow. */
static inline void put_level(struct floe_buf *b, uint8_t v)
{
	if (b->len < b->cap)
		b->data[b->len++] = v;
	else
		floe_buf_putc(b, v);
}

static int bad_length(struct floe_pq_writer *w, struct leaf *l, uint32_t got, struct floe_err *err)
{
	w->failed = true;
	return floe_err_set(err, "parquet column '%s': value of '%u' bytes, the column holds exactly %d bytes",
			    l->field->name, got, l->type_length);
}

/* The PLAIN payload of one non-null value into key (<= 16 bytes) or borrowed *p. */
static int value_key(struct floe_pq_writer *w, struct leaf *l, const struct floe_value *v, uint8_t key[16],
		     const uint8_t **p, size_t *n, struct floe_err *err)
{
	switch (l->t.id) {
	case FLOE_T_INT:
	case FLOE_T_DATE:
		floe_store_u32le(key, (uint32_t)v->u.i32);
		*n = 4;
		break;
	case FLOE_T_FLOAT:
		memcpy(key, &v->u.f32, 4);
		*n = 4;
		break;
	case FLOE_T_DOUBLE:
		memcpy(key, &v->u.f64, 8);
		*n = 8;
		break;
	case FLOE_T_DECIMAL: {
		floe_i128 m = l->dec_limit;
		if (v->u.dec >= m || v->u.dec <= -m) {
			w->failed = true;
			floe_buf_reset(&w->scratch);
			floe_decimal_to_text(&w->scratch, v->u.dec, l->t.scale);
			return floe_err_set(err, "parquet column '%s': decimal value '%s' does not fit decimal(%d,%d)",
					    l->field->name, floe_buf_cstr(&w->scratch), l->t.precision, l->t.scale);
		}
		if (l->ptype == PT_INT32) {
			floe_store_u32le(key, (uint32_t)(int32_t)v->u.dec);
			*n = 4;
		} else if (l->ptype == PT_INT64) {
			floe_store_u64le(key, (uint64_t)(int64_t)v->u.dec);
			*n = 8;
		} else {
			floe_pq_decimal_be(v->u.dec, l->dec_bytes, key);
			*n = (size_t)l->dec_bytes;
		}
		break;
	}
	case FLOE_T_STRING:
	case FLOE_T_BINARY:
		*p = v->u.bytes.p;
		*n = v->u.bytes.len;
		return 0;
	case FLOE_T_UUID:
	case FLOE_T_FIXED:
		if (v->u.bytes.len != (uint32_t)l->type_length)
			return bad_length(w, l, v->u.bytes.len, err);
		*p = v->u.bytes.p;
		*n = v->u.bytes.len;
		return 0;
	case FLOE_T_LONG:
	case FLOE_T_TIME:
	case FLOE_T_TIMESTAMP:
	case FLOE_T_TIMESTAMPTZ:
	default:
		floe_store_u64le(key, (uint64_t)v->u.i64);
		*n = 8;
		break;
	}
	*p = key;
	return 0;
}

static int add_value(struct floe_pq_writer *w, struct leaf *l, const struct floe_value *v, struct floe_err *err)
{
	uint8_t key[16];
	const uint8_t *p = NULL;
	size_t n = 0;
	bool added = false;

	l->page_values++;
	if (l->ptype == PT_BOOLEAN) {
		floe_pq_acc_add(&l->c_stats, v);
		put_level(&l->plain, v->u.b ? 1 : 0);
		return 0;
	}
	if (value_key(w, l, v, key, &p, &n, err) < 0)
		return -1;
	w->unchecked += n;
	/* Byte and decimal min/max: while a dictionary is kept, only new entries can move
	 * them (min/max over the distinct values is the same); other types are cheap. */
	if (l->dict == DICT_OFF || !l->stats_by_dict)
		floe_pq_acc_add(&l->c_stats, v);
	if (l->dict != DICT_ON) {
		if (l->ptype == PT_BYTE_ARRAY)
			floe_buf_put_u32le(&l->plain, (uint32_t)n);
		floe_buf_append(&l->plain, p, n);
	}
	if (l->dict != DICT_OFF) {
		int64_t e = dict_index(l, p, n, &added);
		if (e < 0) {
			w->failed = true;
			return floe_err_set(err, "parquet writer: out of memory for the dictionary of '%s'", l->field->name);
		}
		if (l->n_idx == l->cap_idx) {
			size_t cap = l->cap_idx ? l->cap_idx * 2 : 1024;
			uint32_t *a = realloc(l->idx, cap * sizeof(*a));
			if (!a) {
				w->failed = true;
				return floe_err_set(err, "parquet writer: out of memory");
			}
			l->idx = a;
			l->cap_idx = cap;
		}
		l->idx[l->n_idx++] = (uint32_t)e;
		if (added && l->stats_by_dict)
			floe_pq_acc_add(&l->c_stats, v);
	}
	return 0;
}

/* ------------------------------------------------------------ pages */

static void put_levels(struct floe_buf *body, const struct floe_buf *lev, int max)
{
	size_t at = body->len;

	floe_buf_put_u32le(body, 0);
	floe_rle_encode_u8(body, lev->data, lev->len, floe_bit_width((uint32_t)max));
	if (!body->failed)
		floe_store_u32le(body->data + at, (uint32_t)(body->len - at - 4));
}

static void page_header(struct floe_buf *out, int type, size_t usize, size_t csize, int32_t num_values,
			int encoding)
{
	struct floe_thrift_w t;

	floe_thrift_w_init(&t, out);
	floe_thrift_w_i32(&t, 1, type);
	floe_thrift_w_i32(&t, 2, (int32_t)usize);
	floe_thrift_w_i32(&t, 3, (int32_t)csize);
	if (type == PAGE_DATA) {
		floe_thrift_w_struct(&t, 5);
		floe_thrift_w_i32(&t, 1, num_values);
		floe_thrift_w_i32(&t, 2, encoding);
		floe_thrift_w_i32(&t, 3, ENC_RLE);
		floe_thrift_w_i32(&t, 4, ENC_RLE);
		floe_thrift_w_end(&t);
	} else {
		floe_thrift_w_struct(&t, 7);
		floe_thrift_w_i32(&t, 1, num_values);
		floe_thrift_w_i32(&t, 2, ENC_PLAIN);
		floe_thrift_w_end(&t);
	}
	floe_thrift_w_end(&t);
}

/* Compresses w->body and appends header + stored body to out; returns the byte counts. */
static int emit_page(struct floe_pq_writer *w, struct floe_buf *out, const struct floe_buf *src, int type,
		     int32_t num_values, int encoding, int64_t *usize, int64_t *csize, struct floe_err *err)
{
	size_t before = out->len, hl;

	if (floe_buf_check(src, err) < 0)
		return -1;
	if (src->len > INT32_MAX)
		return floe_err_set(err, "parquet writer: page of %zu bytes is too large", src->len);
	floe_buf_reset(&w->cbody);
	if (floe_compress(&w->codec, src->data, src->len, &w->cbody, err) < 0)
		return -1;
	if (w->cbody.len > INT32_MAX)
		return floe_err_set(err, "parquet writer: page of %zu bytes is too large", w->cbody.len);
	page_header(out, type, src->len, w->cbody.len, num_values, encoding);
	hl = out->len - before;
	floe_buf_append(out, w->cbody.data, w->cbody.len);
	if (floe_buf_check(out, err) < 0)
		return -1;
	*usize += (int64_t)(hl + src->len);
	*csize += (int64_t)(hl + w->cbody.len);
	return 0;
}

static size_t page_estimate(const struct leaf *l)
{
	size_t lev = (l->def.len + l->rep.len) / 4;

	if (l->dict == DICT_ON)
		return lev + l->n_idx * (size_t)l->dict_bits / 8;
	if (l->ptype == PT_BOOLEAN)
		return lev + l->plain.len / 8;
	return lev + l->plain.len;
}

static int flush_page(struct floe_pq_writer *w, struct leaf *l, struct floe_err *err)
{
	bool use_dict;
	int rc;

	if (!l->page_entries)
		return 0;
	if (l->plain.failed || l->def.failed || l->rep.failed) {
		w->failed = true;
		return floe_err_set(err, "parquet writer: out of memory buffering a page of column '%s'", l->field->name);
	}
	if (l->dict == DICT_TRY) {
		/* Decide on the first page: keep the dictionary only when it is smaller. */
		size_t dict_size = l->dict_plain.len + l->n_idx * (size_t)floe_bit_width(l->n_dict) / 8 + 1;
		if (l->n_dict && dict_size < l->plain.len && l->dict_plain.len <= w->opt.dict_bytes) {
			l->dict = DICT_ON;
		} else {
			l->dict = DICT_OFF;
			dict_clear(l);
		}
	}
	use_dict = l->dict == DICT_ON;
	floe_buf_reset(&w->body);
	if (l->max_rep > 0)
		put_levels(&w->body, &l->rep, l->max_rep);
	if (l->max_def > 0)
		put_levels(&w->body, &l->def, l->max_def);
	if (use_dict) {
		int bw = l->n_dict <= 1 ? 1 : floe_bit_width(l->n_dict - 1);
		floe_buf_putc(&w->body, (uint8_t)bw);
		floe_rle_encode_u32(&w->body, l->idx, l->n_idx, bw);
		l->dict_used = true;
		l->c_dict_pages++;
	} else if (l->ptype == PT_BOOLEAN) {
		floe_bitpack_bool(&w->body, l->plain.data, l->plain.len);
		l->c_plain_pages++;
	} else {
		floe_buf_append(&w->body, l->plain.data, l->plain.len);
		l->c_plain_pages++;
	}
	rc = emit_page(w, &l->chunk, &w->body, PAGE_DATA, (int32_t)l->page_entries, use_dict ? ENC_RLE_DICTIONARY : ENC_PLAIN,
		       &l->c_uncomp, &l->c_comp, err);
	if (rc < 0) {
		w->failed = true;
		return -1;
	}
	l->c_values += (int64_t)l->page_entries;
	floe_buf_reset(&l->def);
	floe_buf_reset(&l->rep);
	floe_buf_reset(&l->plain);
	l->n_idx = 0;
	l->page_entries = l->page_rows = l->page_values = 0;
	return 0;
}

/* After each row: page full? dictionary too big? */
static int after_row(struct floe_pq_writer *w, struct leaf *l, struct floe_err *err)
{
	l->page_rows++;
	if (l->dict == DICT_ON && l->dict_plain.len > w->opt.dict_bytes) {
		/* fall back: this page is the last dictionary page of the chunk */
		if (flush_page(w, l, err) < 0)
			return -1;
		l->dict = DICT_OFF;
		return 0;
	}
	if (l->dict == DICT_TRY && l->dict_plain.len > w->opt.dict_bytes) {
		/* the first page alone outgrew the dictionary: decide now */
		return flush_page(w, l, err);
	}
	if (l->page_rows >= w->opt.page_rows || page_estimate(l) >= w->opt.page_bytes)
		return flush_page(w, l, err);
	return 0;
}

static int null_err(struct floe_pq_writer *w, struct leaf *l, const char *what, struct floe_err *err)
{
	w->failed = true;
	return floe_err_set(err, "parquet column '%s': NULL %s in a required %s", l->field->name, what,
			    strcmp(what, "element") ? "column" : "list element");
}

static int add_row(struct floe_pq_writer *w, struct leaf *l, const struct floe_value *v, struct floe_err *err)
{
	uint32_t k;

	if (!l->is_list) {
		if (v->is_null) {
			if (l->max_def == 0)
				return null_err(w, l, "value", err);
			put_level(&l->def, 0);
			l->c_nulls++;
		} else {
			if (l->max_def)
				put_level(&l->def, 1);
			if (add_value(w, l, v, err) < 0)
				return -1;
		}
		l->page_entries++;
		return after_row(w, l, err);
	}
	if (v->is_null || v->u.list.n == 0) {
		if (v->is_null && l->def_empty == 0)
			return null_err(w, l, "list", err);
		put_level(&l->rep, 0);
		put_level(&l->def, (uint8_t)(v->is_null ? 0 : l->def_empty));
		l->c_nulls++;
		l->page_entries++;
		return after_row(w, l, err);
	}
	for (k = 0; k < v->u.list.n; k++) {
		const struct floe_value *e = &v->u.list.items[k];
		put_level(&l->rep, k ? 1 : 0);
		if (e->is_null) {
			if (l->max_def == l->def_empty + 1)
				return null_err(w, l, "element", err);
			put_level(&l->def, (uint8_t)(l->def_empty + 1));
			l->c_nulls++;
		} else {
			put_level(&l->def, (uint8_t)l->max_def);
			if (add_value(w, l, e, err) < 0)
				return -1;
		}
		l->page_entries++;
	}
	return after_row(w, l, err);
}

/* ------------------------------------------------------------ row groups */

static void chunk_meta(struct floe_pq_writer *w, struct floe_thrift_w *t, struct leaf *l, int64_t dict_off,
		       int64_t data_off, int64_t dict_usize, int64_t dict_csize)
{
	int n_enc = 1 + (l->dict_used || l->c_plain_pages ? 1 : 0) + (l->dict_used ? 1 : 0);
	int n_stats = (l->dict_used ? 2 : 0) + (l->c_plain_pages ? 1 : 0);

	floe_thrift_w_elem_struct(t);               /* ColumnChunk */
	floe_thrift_w_i64(t, 2, 0);
	floe_thrift_w_struct(t, 3);                 /* ColumnMetaData */
	floe_thrift_w_i32(t, 1, l->ptype);
	floe_thrift_w_list(t, 2, FLOE_TT_I32, (uint32_t)n_enc);
	if (l->dict_used || l->c_plain_pages)
		floe_thrift_w_elem_i32(t, ENC_PLAIN);
	floe_thrift_w_elem_i32(t, ENC_RLE);
	if (l->dict_used)
		floe_thrift_w_elem_i32(t, ENC_RLE_DICTIONARY);
	if (l->is_list) {
		floe_thrift_w_list(t, 3, FLOE_TT_BINARY, 3);
		floe_thrift_w_elem_string(t, l->field->name);
		floe_thrift_w_elem_string(t, "list");
		floe_thrift_w_elem_string(t, "element");
	} else {
		floe_thrift_w_list(t, 3, FLOE_TT_BINARY, 1);
		floe_thrift_w_elem_string(t, l->field->name);
	}
	floe_thrift_w_i32(t, 4, (int32_t)w->opt.codec);
	floe_thrift_w_i64(t, 5, l->c_values);
	floe_thrift_w_i64(t, 6, l->c_uncomp + dict_usize);
	floe_thrift_w_i64(t, 7, l->c_comp + dict_csize);
	floe_thrift_w_i64(t, 9, data_off);
	if (dict_off >= 0)
		floe_thrift_w_i64(t, 11, dict_off);
	floe_thrift_w_struct(t, 12);                /* Statistics */
	floe_thrift_w_i64(t, 3, l->c_nulls);
	floe_buf_reset(&w->body);
	floe_buf_reset(&w->cbody);
	if (floe_pq_acc_parquet(&l->c_stats, STATS_MAX_LEN, &w->body, &w->cbody)) {
		floe_thrift_w_binary(t, 5, w->cbody.data, w->cbody.len);
		floe_thrift_w_binary(t, 6, w->body.data, w->body.len);
		floe_thrift_w_bool(t, 7, true);
		floe_thrift_w_bool(t, 8, true);
	}
	if (l->t.id == FLOE_T_FLOAT || l->t.id == FLOE_T_DOUBLE)
		floe_thrift_w_i64(t, 9, l->c_stats.nans);
	floe_thrift_w_end(t);
	floe_thrift_w_list(t, 13, FLOE_TT_STRUCT, (uint32_t)n_stats);
	if (l->dict_used) {
		floe_thrift_w_elem_struct(t);
		floe_thrift_w_i32(t, 1, PAGE_DICT);
		floe_thrift_w_i32(t, 2, ENC_PLAIN);
		floe_thrift_w_i32(t, 3, 1);
		floe_thrift_w_end(t);
		floe_thrift_w_elem_struct(t);
		floe_thrift_w_i32(t, 1, PAGE_DATA);
		floe_thrift_w_i32(t, 2, ENC_RLE_DICTIONARY);
		floe_thrift_w_i32(t, 3, l->c_dict_pages);
		floe_thrift_w_end(t);
	}
	if (l->c_plain_pages) {
		floe_thrift_w_elem_struct(t);
		floe_thrift_w_i32(t, 1, PAGE_DATA);
		floe_thrift_w_i32(t, 2, ENC_PLAIN);
		floe_thrift_w_i32(t, 3, l->c_plain_pages);
		floe_thrift_w_end(t);
	}
	floe_thrift_w_end(t);                       /* ColumnMetaData */
	floe_thrift_w_end(t);                       /* ColumnChunk */
}

static int flush_row_group(struct floe_pq_writer *w, struct floe_err *err)
{
	struct floe_thrift_w t;
	int64_t rg_start = (int64_t)w->sink->written, total_u = 0, total_c = 0;
	size_t i;

	if (!w->rg_rows)
		return 0;
	for (i = 0; i < w->n_fields; i++)
		if (flush_page(w, &w->leaves[i], err) < 0)
			return -1;
	floe_thrift_w_init(&t, &w->rg_meta);
	floe_thrift_w_elem_struct(&t);   /* RowGroup: list element */
	floe_thrift_w_list(&t, 1, FLOE_TT_STRUCT, (uint32_t)w->n_fields);
	for (i = 0; i < w->n_fields; i++) {
		struct leaf *l = &w->leaves[i];
		int64_t dict_off = -1, data_off, du = 0, dc = 0;
		floe_buf_reset(&w->hdr);
		if (l->dict_used) {
			if (emit_page(w, &w->hdr, &l->dict_plain, PAGE_DICT, (int32_t)l->n_dict, ENC_PLAIN, &du, &dc, err) < 0)
				goto fail;
			dict_off = (int64_t)w->sink->written;
			if (floe_sink_write(w->sink, w->hdr.data, w->hdr.len, err) < 0)
				goto fail;
		}
		data_off = (int64_t)w->sink->written;
		if (floe_sink_write(w->sink, l->chunk.data, l->chunk.len, err) < 0)
			goto fail;
		chunk_meta(w, &t, l, dict_off, data_off, du, dc);
		total_u += l->c_uncomp + du;
		total_c += l->c_comp + dc;
		/* file totals, then reset the chunk */
		l->f_values += l->c_values;
		l->f_nulls += l->c_nulls;
		l->f_size += l->c_comp + dc;
		floe_pq_acc_merge(&l->f_stats, &l->c_stats);
		floe_pq_acc_reset(&l->c_stats);
		floe_buf_reset(&l->chunk);
		l->c_values = l->c_nulls = l->c_uncomp = l->c_comp = 0;
		l->c_dict_pages = l->c_plain_pages = 0;
		l->dict_used = false;
		dict_clear(l);
		l->dict = (w->opt.no_dictionary || l->ptype == PT_BOOLEAN) ? DICT_OFF : DICT_TRY;
	}
	floe_thrift_w_i64(&t, 2, total_u);
	floe_thrift_w_i64(&t, 3, w->rg_rows);
	floe_thrift_w_i64(&t, 5, rg_start);
	floe_thrift_w_i64(&t, 6, total_c);
	floe_thrift_w_i16(&t, 7, (int16_t)w->n_rgs);
	floe_thrift_w_end(&t);
	if (floe_buf_check(&w->rg_meta, err) < 0)
		goto fail;
	if ((size_t)w->n_rgs == w->cap_splits) {
		size_t cap = w->cap_splits ? w->cap_splits * 2 : 8;
		int64_t *a = realloc(w->splits, cap * sizeof(*a));
		if (!a) {
			floe_err_set(err, "parquet writer: out of memory");
			goto fail;
		}
		w->splits = a;
		w->cap_splits = cap;
	}
	if (w->n_rgs >= INT16_MAX) {
		floe_err_set(err, "parquet writer: more than %d row groups: raise the row group size", INT16_MAX);
		goto fail;
	}
	w->splits[w->n_rgs++] = rg_start;
	w->rg_rows = 0;
	return 0;
fail:
	w->failed = true;
	return -1;
}

static uint64_t buffered(const struct floe_pq_writer *w)
{
	uint64_t n = 0;
	size_t i;

	for (i = 0; i < w->n_fields; i++) {
		const struct leaf *l = &w->leaves[i];
		n += l->chunk.len + l->dict_plain.len + page_estimate(l);
	}
	return n;
}

static int check_usable(struct floe_pq_writer *w, struct floe_err *err)
{
	if (w->failed)
		return floe_err_set(err, "parquet writer: an earlier error made this file unusable");
	if (w->finished)
		return floe_err_set(err, "parquet writer: the file is already finished");
	return 0;
}

int floe_pq_writer_write_row(struct floe_pq_writer *w, const struct floe_value *row, struct floe_err *err)
{
	size_t i;

	if (check_usable(w, err) < 0)
		return -1;
	for (i = 0; i < w->n_fields; i++)
		if (add_row(w, &w->leaves[i], &row[i], err) < 0) {
			w->failed = true;
			return -1;
		}
	w->rows++;
	w->rg_rows++;
	/* summing the buffers costs O(columns): do it every 64 rows or check_bytes of values */
	if ((w->rg_rows & 63) == 0 || w->unchecked >= w->check_bytes) {
		w->unchecked = 0;
		if (buffered(w) >= w->opt.row_group_bytes)
			return flush_row_group(w, err);
	}
	return 0;
}

/* Bytes a row adds, roughly (fixed-width values count 16). */
static size_t row_weight(const struct floe_pq_writer *w, const struct floe_value *const *cols, size_t r)
{
	size_t i, k, n = 0;

	for (i = 0; i < w->n_fields; i++) {
		const struct floe_value *v = &cols[i][r];
		if (v->is_null)
			continue;
		if (w->leaves[i].is_list) {
			for (k = 0; k < v->u.list.n; k++)
				n += floe_type_is_bytes(w->leaves[i].t.id) && !v->u.list.items[k].is_null
					     ? v->u.list.items[k].u.bytes.len : 16;
		} else {
			n += floe_type_is_bytes(w->leaves[i].t.id) ? v->u.bytes.len : 16;
		}
	}
	return n;
}

/* How many of the next `max` rows to take as one slice: all of them unless their
 * values pass check_bytes (wide strings or lists), so row groups overshoot little. */
static size_t slice_rows(const struct floe_pq_writer *w, const struct floe_value *const *cols, size_t start,
			 size_t max)
{
	size_t m, bytes = 0;

	for (m = 0; m < max; m++) {
		bytes += row_weight(w, cols, start + m);
		if (bytes > w->check_bytes)
			return m + 1;
	}
	return max;
}

int floe_pq_writer_write_columns(struct floe_pq_writer *w, const struct floe_value *const *cols, size_t n_rows,
				 struct floe_err *err)
{
	size_t start, r, i, m;

	if (check_usable(w, err) < 0)
		return -1;
	for (start = 0; start < n_rows; start += m) {
		m = slice_rows(w, cols, start, n_rows - start < SLICE_ROWS ? n_rows - start : SLICE_ROWS);
		for (i = 0; i < w->n_fields; i++)
			for (r = start; r < start + m; r++)
				if (add_row(w, &w->leaves[i], &cols[i][r], err) < 0) {
					w->failed = true;
					return -1;
				}
		w->rows += (int64_t)m;
		w->rg_rows += (int64_t)m;
		if (buffered(w) >= w->opt.row_group_bytes && flush_row_group(w, err) < 0)
			return -1;
	}
	return 0;
}

int64_t floe_pq_writer_rows(const struct floe_pq_writer *w)
{
	return w->rows;
}

uint64_t floe_pq_writer_estimated_size(const struct floe_pq_writer *w)
{
	return w->sink->written + buffered(w);
}

/* ------------------------------------------------------------ footer */

static void fill_metrics(struct floe_pq_writer *w)
{
	size_t i;

	for (i = 0; i < w->n_fields; i++) {
		struct leaf *l = &w->leaves[i];
		struct floe_pq_metrics *m = &w->metrics[i];
		struct floe_buf *lo = &w->bounds[2 * i], *hi = &w->bounds[2 * i + 1];
		m->field_id = l->field_id;
		m->column_size = l->f_size;
		m->value_count = l->f_values;
		m->null_count = l->f_nulls;
		m->nan_count = (l->t.id == FLOE_T_FLOAT || l->t.id == FLOE_T_DOUBLE) ? l->f_stats.nans : -1;
		m->lower = m->upper = NULL;
		m->lower_len = m->upper_len = 0;
		if (l->is_list)
			continue;
		floe_buf_reset(lo);
		floe_buf_reset(hi);
		if (floe_pq_acc_iceberg_lower(&l->f_stats, w->opt.bound_truncate, lo) && !lo->failed) {
			m->lower = lo->data;
			m->lower_len = (uint32_t)lo->len;
		}
		if (floe_pq_acc_iceberg_upper(&l->f_stats, w->opt.bound_truncate, hi) && !hi->failed) {
			m->upper = hi->data;
			m->upper_len = (uint32_t)hi->len;
		}
	}
}

int floe_pq_writer_finish(struct floe_pq_writer *w, struct floe_pq_file_info *info, struct floe_err *err)
{
	struct floe_thrift_w t;
	struct floe_buf *f = &w->body;
	size_t i;
	uint8_t tail[8];

	if (check_usable(w, err) < 0)
		return -1;
	if (flush_row_group(w, err) < 0)
		return -1;
	floe_buf_reset(f);
	floe_thrift_w_init(&t, f);
	floe_thrift_w_i32(&t, 1, 1);
	write_schema(w, &t);
	floe_thrift_w_i64(&t, 3, w->rows);
	floe_thrift_w_list(&t, 4, FLOE_TT_STRUCT, (uint32_t)w->n_rgs);
	floe_buf_append(f, w->rg_meta.data, w->rg_meta.len);
	if (w->opt.n_kv) {
		floe_thrift_w_list(&t, 5, FLOE_TT_STRUCT, (uint32_t)w->opt.n_kv);
		for (i = 0; i < w->opt.n_kv; i++) {
			floe_thrift_w_elem_struct(&t);
			floe_thrift_w_string(&t, 1, w->kv[i].key);
			if (w->kv[i].value)
				floe_thrift_w_string(&t, 2, w->kv[i].value);
			floe_thrift_w_end(&t);
		}
	}
	floe_thrift_w_string(&t, 6, "floe version " FLOE_VERSION);
	floe_thrift_w_list(&t, 7, FLOE_TT_STRUCT, (uint32_t)w->n_fields);
	for (i = 0; i < w->n_fields; i++) {
		floe_thrift_w_elem_struct(&t);
		floe_thrift_w_struct(&t, 1);
		floe_thrift_w_end(&t);
		floe_thrift_w_end(&t);
	}
	floe_thrift_w_end(&t);
	if (floe_buf_check(f, err) < 0)
		goto fail;
	if (f->len > UINT32_MAX) {
		floe_err_set(err, "parquet writer: footer of %zu bytes is too large", f->len);
		goto fail;
	}
	floe_store_u32le(tail, (uint32_t)f->len);
	memcpy(tail + 4, "PAR1", 4);
	if (floe_sink_write(w->sink, f->data, f->len, err) < 0 || floe_sink_write(w->sink, tail, 8, err) < 0)
		goto fail;
	fill_metrics(w);
	w->finished = true;
	if (info) {
		info->num_rows = w->rows;
		info->file_size = (int64_t)w->sink->written;
		info->metrics = w->metrics;
		info->n_metrics = w->n_fields;
		info->split_offsets = w->splits;
		info->n_split_offsets = (size_t)w->n_rgs;
	}
	return 0;
fail:
	w->failed = true;
	return -1;
}
