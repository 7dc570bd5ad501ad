/*
 * meta_read.c — decodes Parquet's Thrift metadata: FileMetaData (schema
 * elements, row groups, column chunks, statistics, key-value metadata, column
 * orders) and PageHeader, following parquet.thrift field ids. Unknown fields
 * and fields of an unexpected wire type are skipped. Strings are copied
 * NUL-terminated into the reader's arena; statistics bounds borrow the
 * footer bytes. It does not interpret the schema (schema_read.c does).
 */
#include <string.h>

#include "parquet/reader_int.h"
#include "parquet/thrift.h"

#define SKIP_UNLESS(tt)                                                   \
	if (t != (tt)) {                                                  \
		if (floe_thrift_r_skip(r, t, err) != 0)                   \
			return -1;                                        \
		continue;                                                 \
	}

static int oom(struct floe_err *err)
{
	return floe_err_set(err, "out of memory while reading parquet metadata");
}

static int rd_str(struct floe_thrift_r *r, struct floe_arena *a, const char **out, struct floe_err *err)
{
	const uint8_t *p;
	uint32_t n;
	char *s;

	if (floe_thrift_r_binary(r, &p, &n, err) != 0)
		return -1;
	s = floe_arena_alloc(a, (size_t)n + 1);
	if (!s)
		return oom(err);
	if (n)
		memcpy(s, p, n);
	s[n] = 0;
	*out = s;
	return 0;
}

static int rd_enum(struct floe_thrift_r *r, int *out, struct floe_err *err)
{
	int32_t v;

	if (floe_thrift_r_i32(r, &v, err) != 0)
		return -1;
	*out = v;
	return 0;
}

/* An empty-struct union member, or a union whose member id is the answer. */
static int rd_union_id(struct floe_thrift_r *r, int *member, struct floe_err *err)
{
	int16_t id;
	enum floe_tt t;

	*member = 0;
	if (floe_thrift_r_struct_begin(r, err) != 0)
		return -1;
	for (;;) {
		if (floe_thrift_r_field(r, &id, &t, err) != 0)
			return -1;
		if (t == FLOE_TT_STOP)
			return 0;
		if (*member == 0 && t == FLOE_TT_STRUCT)
			*member = id;
		if (floe_thrift_r_skip(r, t, err) != 0)
			return -1;
	}
}

/* ------------------------------------------------------------ LogicalType */

static int rd_time_params(struct floe_thrift_r *r, struct floe_pq_node *n, struct floe_err *err)
{
	int16_t id;
	enum floe_tt t;

	if (floe_thrift_r_struct_begin(r, err) != 0)
		return -1;
	for (;;) {
		if (floe_thrift_r_field(r, &id, &t, err) != 0)
			return -1;
		if (t == FLOE_TT_STOP)
			return 0;
		if (id == 1 && (t == FLOE_TT_TRUE || t == FLOE_TT_FALSE)) {
			n->lt_utc = floe_thrift_r_bool_of(t);
		} else if (id == 2 && t == FLOE_TT_STRUCT) {
			if (rd_union_id(r, &n->lt_unit, err) != 0)
				return -1;
		} else if (floe_thrift_r_skip(r, t, err) != 0) {
			return -1;
		}
	}
}

static int rd_logical(struct floe_thrift_r *r, struct floe_pq_node *n, struct floe_err *err)
{
	int16_t id;
	enum floe_tt t;

	if (floe_thrift_r_struct_begin(r, err) != 0)
		return -1;
	for (;;) {
		if (floe_thrift_r_field(r, &id, &t, err) != 0)
			return -1;
		if (t == FLOE_TT_STOP)
			return 0;
		if (t != FLOE_TT_STRUCT || n->logical != FLOE_PQL_NONE) {
			if (floe_thrift_r_skip(r, t, err) != 0)
				return -1;
			continue;
		}
		n->logical = id;
		if (id == FLOE_PQL_TIME || id == FLOE_PQL_TIMESTAMP) {
			if (rd_time_params(r, n, err) != 0)
				return -1;
		} else if (id == FLOE_PQL_DECIMAL || id == FLOE_PQL_INTEGER) {
			int16_t fid;
			enum floe_tt ft;
			if (floe_thrift_r_struct_begin(r, err) != 0)
				return -1;
			for (;;) {
				if (floe_thrift_r_field(r, &fid, &ft, err) != 0)
					return -1;
				if (ft == FLOE_TT_STOP)
					break;
				if (id == FLOE_PQL_DECIMAL && ft == FLOE_TT_I32 && (fid == 1 || fid == 2)) {
					if (rd_enum(r, fid == 1 ? &n->lt_scale : &n->lt_precision, err) != 0)
						return -1;
				} else if (id == FLOE_PQL_INTEGER && fid == 1 && ft == FLOE_TT_I8) {
					int8_t bw;
					if (floe_thrift_r_i8(r, &bw, err) != 0)
						return -1;
					n->lt_bit_width = bw;
				} else if (id == FLOE_PQL_INTEGER && fid == 2 &&
					   (ft == FLOE_TT_TRUE || ft == FLOE_TT_FALSE)) {
					n->lt_signed = floe_thrift_r_bool_of(ft);
				} else if (floe_thrift_r_skip(r, ft, err) != 0) {
					return -1;
				}
			}
		} else if (floe_thrift_r_skip(r, t, err) != 0) {
			return -1;
		}
	}
}

/* ------------------------------------------------------------ SchemaElement */

static int rd_schema_element(struct floe_thrift_r *r, struct floe_pq_node *n, struct floe_arena *a,
			     struct floe_err *err)
{
	int16_t id;
	enum floe_tt t;
	bool has_name = false;

	memset(n, 0, sizeof(*n));
	n->type = -1;
	n->repetition = -1;
	n->converted_type = -1;
	n->scale = -1;
	n->precision = -1;
	n->leaf = -1;
	n->lt_scale = -1;
	n->lt_precision = -1;
	if (floe_thrift_r_struct_begin(r, err) != 0)
		return -1;
	for (;;) {
		int32_t v;
		if (floe_thrift_r_field(r, &id, &t, err) != 0)
			return -1;
		if (t == FLOE_TT_STOP)
			break;
		if (id == 4) {
			SKIP_UNLESS(FLOE_TT_BINARY);
			if (rd_str(r, a, &n->name, err) != 0)
				return -1;
			has_name = true;
			continue;
		}
		if (id == 10) {
			SKIP_UNLESS(FLOE_TT_STRUCT);
			if (rd_logical(r, n, err) != 0)
				return -1;
			continue;
		}
		if (id < 1 || id > 9) {
			if (floe_thrift_r_skip(r, t, err) != 0)
				return -1;
			continue;
		}
		SKIP_UNLESS(FLOE_TT_I32);
		if (floe_thrift_r_i32(r, &v, err) != 0)
			return -1;
		switch (id) {
		case 1: n->type = v; break;
		case 2: n->type_length = v; break;
		case 3: n->repetition = v; break;
		case 5: n->num_children = v; break;
		case 6: n->converted_type = v; break;
		case 7: n->scale = v; break;
		case 8: n->precision = v; break;
		case 9: n->has_field_id = true; n->field_id = v; break;
		default: break;
		}
	}
	if (!has_name)
		return floe_err_set(err, "schema element without a name");
	return 0;
}

/* ------------------------------------------------------------ Statistics */

static int rd_stats(struct floe_thrift_r *r, struct floe_pq_stats *s, struct floe_err *err)
{
	int16_t id;
	enum floe_tt t;
	const uint8_t *lmin = NULL, *lmax = NULL;
	uint32_t lmin_len = 0, lmax_len = 0;
	bool has_lmin = false, has_lmax = false;

	memset(s, 0, sizeof(*s));
	s->present = true;
	s->null_count = s->distinct_count = s->nan_count = -1;
	s->min_exact = s->max_exact = -1;
	if (floe_thrift_r_struct_begin(r, err) != 0)
		return -1;
	for (;;) {
		if (floe_thrift_r_field(r, &id, &t, err) != 0)
			return -1;
		if (t == FLOE_TT_STOP)
			break;
		switch (id) {
		case 1: case 2: case 5: case 6: {
			const uint8_t *p;
			uint32_t n;
			SKIP_UNLESS(FLOE_TT_BINARY);
			if (floe_thrift_r_binary(r, &p, &n, err) != 0)
				return -1;
			if (id == 1) { lmax = p; lmax_len = n; has_lmax = true; }
			if (id == 2) { lmin = p; lmin_len = n; has_lmin = true; }
			if (id == 5) { s->max = p; s->max_len = n; s->has_max = true; }
			if (id == 6) { s->min = p; s->min_len = n; s->has_min = true; }
			break;
		}
		case 3: case 4: case 9: {
			int64_t v;
			SKIP_UNLESS(FLOE_TT_I64);
			if (floe_thrift_r_i64(r, &v, err) != 0)
				return -1;
			if (id == 3) s->null_count = v;
			if (id == 4) s->distinct_count = v;
			if (id == 9) s->nan_count = v;
			break;
		}
		case 7: case 8:
			if (t != FLOE_TT_TRUE && t != FLOE_TT_FALSE) {
				if (floe_thrift_r_skip(r, t, err) != 0)
					return -1;
				break;
			}
			if (id == 7) s->max_exact = floe_thrift_r_bool_of(t);
			else s->min_exact = floe_thrift_r_bool_of(t);
			break;
		default:
			if (floe_thrift_r_skip(r, t, err) != 0)
				return -1;
		}
	}
	if (!s->has_min && !s->has_max && (has_lmin || has_lmax)) {
		s->legacy = true;
		s->has_min = has_lmin;
		s->min = lmin;
		s->min_len = lmin_len;
		s->has_max = has_lmax;
		s->max = lmax;
		s->max_len = lmax_len;
	}
	return 0;
}

/* ------------------------------------------------------------ ColumnChunk */

static int rd_path(struct floe_thrift_r *r, struct floe_arena *a, const char **out, struct floe_err *err)
{
	enum floe_tt et;
	uint32_t n, i;
	struct floe_buf b = FLOE_BUF_INIT;
	int rc = -1;

	if (floe_thrift_r_list(r, &et, &n, err) != 0)
		return -1;
	for (i = 0; i < n; i++) {
		const uint8_t *p;
		uint32_t l;
		if (et != FLOE_TT_BINARY) {
			if (floe_thrift_r_skip_elem(r, et, err) != 0)
				goto out;
			continue;
		}
		if (floe_thrift_r_binary(r, &p, &l, err) != 0)
			goto out;
		if (i)
			floe_buf_putc(&b, '.');
		floe_buf_append(&b, p, l);
	}
	if (floe_buf_check(&b, err) != 0)
		goto out;
	*out = floe_arena_strdup(a, floe_buf_cstr(&b));
	if (!*out) {
		oom(err);
		goto out;
	}
	rc = 0;
out:
	floe_buf_release(&b);
	return rc;
}

static int rd_column_meta(struct floe_thrift_r *r, struct floe_pq_chunk *c, struct floe_arena *a,
			  struct floe_err *err)
{
	int16_t id;
	enum floe_tt t;

	if (floe_thrift_r_struct_begin(r, err) != 0)
		return -1;
	for (;;) {
		if (floe_thrift_r_field(r, &id, &t, err) != 0)
			return -1;
		if (t == FLOE_TT_STOP)
			return 0;
		switch (id) {
		case 1:
			SKIP_UNLESS(FLOE_TT_I32);
			if (rd_enum(r, &c->type, err) != 0)
				return -1;
			break;
		case 2: {
			enum floe_tt et;
			uint32_t n, i;
			SKIP_UNLESS(FLOE_TT_LIST);
			if (floe_thrift_r_list(r, &et, &n, err) != 0)
				return -1;
			c->encodings = floe_arena_alloc(a, ((size_t)n + 1) * sizeof(int));
			if (!c->encodings)
				return oom(err);
			c->n_encodings = 0;
			for (i = 0; i < n; i++) {
				if (et != FLOE_TT_I32) {
					if (floe_thrift_r_skip_elem(r, et, err) != 0)
						return -1;
					continue;
				}
				if (rd_enum(r, &c->encodings[c->n_encodings++], err) != 0)
					return -1;
			}
			break;
		}
		case 3:
			SKIP_UNLESS(FLOE_TT_LIST);
			if (rd_path(r, a, &c->path, err) != 0)
				return -1;
			break;
		case 4:
			SKIP_UNLESS(FLOE_TT_I32);
			if (rd_enum(r, &c->codec, err) != 0)
				return -1;
			break;
		case 5: case 6: case 7: case 9: case 10: case 11: {
			int64_t v;
			SKIP_UNLESS(FLOE_TT_I64);
			if (floe_thrift_r_i64(r, &v, err) != 0)
				return -1;
			if (id == 5) c->num_values = v;
			if (id == 6) c->total_uncompressed_size = v;
			if (id == 7) c->total_compressed_size = v;
			if (id == 9) c->data_page_offset = v;
			if (id == 10) c->index_page_offset = v;
			if (id == 11) c->dictionary_page_offset = v > 0 ? v : -1;
			break;
		}
		case 12:
			SKIP_UNLESS(FLOE_TT_STRUCT);
			if (rd_stats(r, &c->stats, err) != 0)
				return -1;
			break;
		default:
			if (floe_thrift_r_skip(r, t, err) != 0)
				return -1;
		}
	}
}

static int rd_column_chunk(struct floe_thrift_r *r, struct floe_pq_chunk *c, struct floe_arena *a,
			   struct floe_err *err)
{
	int16_t id;
	enum floe_tt t;
	bool has_meta = false;

	memset(c, 0, sizeof(*c));
	c->dictionary_page_offset = -1;
	c->index_page_offset = -1;
	c->type = -1;
	c->stats.null_count = c->stats.distinct_count = c->stats.nan_count = -1;
	if (floe_thrift_r_struct_begin(r, err) != 0)
		return -1;
	for (;;) {
		if (floe_thrift_r_field(r, &id, &t, err) != 0)
			return -1;
		if (t == FLOE_TT_STOP)
			break;
		if (id == 1 && t == FLOE_TT_BINARY) {
			if (rd_str(r, a, &c->file_path, err) != 0)
				return -1;
		} else if (id == 3 && t == FLOE_TT_STRUCT) {
			if (rd_column_meta(r, c, a, err) != 0)
				return -1;
			has_meta = true;
		} else if (id == 8 || id == 9) {
			return floe_err_set(err, "column chunk is encrypted; encrypted parquet files are not supported");
		} else if (floe_thrift_r_skip(r, t, err) != 0) {
			return -1;
		}
	}
	if (!has_meta)
		return floe_err_set(err, "column chunk without meta_data");
	if (!c->path)
		return floe_err_set(err, "column chunk without path_in_schema");
	return 0;
}

static int rd_row_group(struct floe_thrift_r *r, struct floe_pq_row_group *g, size_t n_columns,
			struct floe_arena *a, struct floe_err *err)
{
	int16_t id;
	enum floe_tt t;
	bool has_cols = false;

	memset(g, 0, sizeof(*g));
	g->total_compressed_size = -1;
	g->file_offset = -1;
	g->ordinal = -1;
	g->num_rows = -1;
	if (floe_thrift_r_struct_begin(r, err) != 0)
		return -1;
	for (;;) {
		if (floe_thrift_r_field(r, &id, &t, err) != 0)
			return -1;
		if (t == FLOE_TT_STOP)
			break;
		if (id == 1 && t == FLOE_TT_LIST) {
			enum floe_tt et;
			uint32_t n, i;
			if (floe_thrift_r_list(r, &et, &n, err) != 0)
				return -1;
			if (et != FLOE_TT_STRUCT || n != n_columns)
				return floe_err_set(err, "row group has %u column chunks but the schema has %zu leaf "
						    "columns", n, n_columns);
			g->chunks = floe_arena_alloc(a, ((size_t)n + 1) * sizeof(*g->chunks));
			if (!g->chunks)
				return oom(err);
			for (i = 0; i < n; i++)
				if (rd_column_chunk(r, &g->chunks[i], a, err) != 0)
					return floe_err_prefix(err, "column chunk %u: ", i);
			has_cols = true;
		} else if ((id == 2 || id == 3 || id == 5 || id == 6) && t == FLOE_TT_I64) {
			int64_t v;
			if (floe_thrift_r_i64(r, &v, err) != 0)
				return -1;
			if (id == 2) g->total_byte_size = v;
			if (id == 3) g->num_rows = v;
			if (id == 5) g->file_offset = v;
			if (id == 6) g->total_compressed_size = v;
		} else if (id == 7 && t == FLOE_TT_I16) {
			int16_t v;
			if (floe_thrift_r_i16(r, &v, err) != 0)
				return -1;
			g->ordinal = v;
		} else if (floe_thrift_r_skip(r, t, err) != 0) {
			return -1;
		}
	}
	if (!has_cols)
		return floe_err_set(err, "row group without columns");
	if (g->num_rows < 0)
		return floe_err_set(err, "row group without a valid num_rows");
	return 0;
}

/* ------------------------------------------------------------ FileMetaData */

static int rd_kv(struct floe_thrift_r *r, struct floe_pq_kv *kv, struct floe_arena *a, struct floe_err *err)
{
	int16_t id;
	enum floe_tt t;

	memset(kv, 0, sizeof(*kv));
	if (floe_thrift_r_struct_begin(r, err) != 0)
		return -1;
	for (;;) {
		if (floe_thrift_r_field(r, &id, &t, err) != 0)
			return -1;
		if (t == FLOE_TT_STOP)
			break;
		if (id == 1 && t == FLOE_TT_BINARY) {
			if (rd_str(r, a, &kv->key, err) != 0)
				return -1;
		} else if (id == 2 && t == FLOE_TT_BINARY) {
			const uint8_t *p;
			uint32_t n;
			char *s;
			if (floe_thrift_r_binary(r, &p, &n, err) != 0)
				return -1;
			s = floe_arena_alloc(a, (size_t)n + 1);
			if (!s)
				return oom(err);
			if (n)
				memcpy(s, p, n);
			s[n] = 0;
			kv->value = s;
			kv->value_len = n;
		} else if (floe_thrift_r_skip(r, t, err) != 0) {
			return -1;
		}
	}
	if (!kv->key)
		return floe_err_set(err, "key-value metadata entry without a key");
	return 0;
}

static int rd_footer_lists(struct floe_thrift_r *r, struct floe_pq_meta *m, struct floe_arena *a,
			   size_t rg_pos, size_t co_pos, struct floe_err *err)
{
	enum floe_tt et;
	uint32_t n, i;

	if (rg_pos) {
		r->rd->pos = rg_pos;
		if (floe_thrift_r_list(r, &et, &n, err) != 0)
			return -1;
		if (n && et != FLOE_TT_STRUCT)
			return floe_err_set(err, "row_groups is not a list of structs");
		m->row_groups = floe_arena_alloc(a, ((size_t)n + 1) * sizeof(*m->row_groups));
		if (!m->row_groups)
			return oom(err);
		for (i = 0; i < n; i++) {
			if (rd_row_group(r, &m->row_groups[i], m->n_columns, a, err) != 0)
				return floe_err_prefix(err, "row group %u: ", i);
			m->n_row_groups++;
		}
	}
	if (co_pos) {
		r->rd->pos = co_pos;
		if (floe_thrift_r_list(r, &et, &n, err) != 0)
			return -1;
		for (i = 0; i < n; i++) {
			int member = 0;
			if (et != FLOE_TT_STRUCT) {
				if (floe_thrift_r_skip_elem(r, et, err) != 0)
					return -1;
				continue;
			}
			if (rd_union_id(r, &member, err) != 0)
				return -1;
			if (i < m->n_columns)
				m->columns[i].column_order = member;
		}
	}
	return 0;
}

int floe_pq_parse_footer(const uint8_t *p, size_t len, struct floe_pq_meta *m, struct floe_arena *a,
			 struct floe_err *err)
{
	struct floe_rd rd;
	struct floe_thrift_r tr, *r = &tr;
	int16_t id;
	enum floe_tt t;
	size_t rg_pos = 0, co_pos = 0;
	bool has_schema = false, has_rows = false;

	floe_rd_init(&rd, p, len);
	floe_thrift_r_init(r, &rd);
	for (;;) {
		if (floe_thrift_r_field(r, &id, &t, err) != 0)
			return -1;
		if (t == FLOE_TT_STOP)
			break;
		switch (id) {
		case 1:
			SKIP_UNLESS(FLOE_TT_I32);
			if (rd_enum(r, &m->version, err) != 0)
				return -1;
			break;
		case 2: {
			enum floe_tt et;
			uint32_t n, i;
			SKIP_UNLESS(FLOE_TT_LIST);
			if (floe_thrift_r_list(r, &et, &n, err) != 0)
				return -1;
			if (et != FLOE_TT_STRUCT || n == 0 || has_schema)
				return floe_err_set(err, "schema is not a non-empty list of schema elements");
			m->nodes = floe_arena_alloc(a, (size_t)n * sizeof(*m->nodes));
			if (!m->nodes)
				return oom(err);
			for (i = 0; i < n; i++)
				if (rd_schema_element(r, &m->nodes[i], a, err) != 0)
					return floe_err_prefix(err, "schema element %u: ", i);
			m->n_nodes = n;
			has_schema = true;
			break;
		}
		case 3:
			SKIP_UNLESS(FLOE_TT_I64);
			if (floe_thrift_r_i64(r, &m->num_rows, err) != 0)
				return -1;
			has_rows = true;
			break;
		case 4:
		case 7:
			/* parsed after the schema, whatever the field order */
			SKIP_UNLESS(FLOE_TT_LIST);
			if (id == 4)
				rg_pos = rd.pos;
			else
				co_pos = rd.pos;
			if (floe_thrift_r_skip(r, t, err) != 0)
				return -1;
			break;
		case 5: {
			enum floe_tt et;
			uint32_t n, i;
			SKIP_UNLESS(FLOE_TT_LIST);
			if (floe_thrift_r_list(r, &et, &n, err) != 0)
				return -1;
			m->kv = floe_arena_alloc(a, ((size_t)n + 1) * sizeof(*m->kv));
			if (!m->kv)
				return oom(err);
			for (i = 0; i < n; i++) {
				if (et != FLOE_TT_STRUCT) {
					if (floe_thrift_r_skip_elem(r, et, err) != 0)
						return -1;
					continue;
				}
				if (rd_kv(r, &m->kv[m->n_kv], a, err) != 0)
					return floe_err_prefix(err, "key-value metadata %u: ", i);
				m->n_kv++;
			}
			break;
		}
		case 6:
			SKIP_UNLESS(FLOE_TT_BINARY);
			if (rd_str(r, a, &m->created_by, err) != 0)
				return -1;
			break;
		case 8:
		case 9:
			return floe_err_set(err, "encrypted parquet files are not supported");
		default:
			if (floe_thrift_r_skip(r, t, err) != 0)
				return -1;
		}
	}
	if (!has_schema)
		return floe_err_set(err, "file metadata has no schema");
	if (!has_rows || m->num_rows < 0)
		return floe_err_set(err, "file metadata has no valid num_rows");
	if (!rg_pos)
		return floe_err_set(err, "file metadata has no row_groups");
	if (floe_pq_schema_build(m, a, err) != 0)
		return floe_err_prefix(err, "schema: ");
	/* a fresh decoder for the lists: the top-level struct has been closed */
	floe_thrift_r_init(r, &rd);
	return rd_footer_lists(r, m, a, rg_pos, co_pos, err);
}

/* ------------------------------------------------------------ PageHeader */

static int rd_page_sub(struct floe_thrift_r *r, struct floe_pq_page_header *h, int16_t which,
		       struct floe_err *err)
{
	int16_t id;
	enum floe_tt t;

	if (floe_thrift_r_struct_begin(r, err) != 0)
		return -1;
	for (;;) {
		int32_t v;
		if (floe_thrift_r_field(r, &id, &t, err) != 0)
			return -1;
		if (t == FLOE_TT_STOP)
			return 0;
		if (which == 8 && id == 7 && (t == FLOE_TT_TRUE || t == FLOE_TT_FALSE)) {
			h->is_compressed = floe_thrift_r_bool_of(t);
			continue;
		}
		if (t != FLOE_TT_I32 || id < 1 || id > 6) {
			if (floe_thrift_r_skip(r, t, err) != 0)
				return -1;
			continue;
		}
		if (floe_thrift_r_i32(r, &v, err) != 0)
			return -1;
		if (which == 5) {
			if (id == 1) h->num_values = v;
			if (id == 2) h->encoding = v;
			if (id == 3) h->def_encoding = v;
			if (id == 4) h->rep_encoding = v;
		} else if (which == 7) {
			if (id == 1) h->dict_num_values = v;
			if (id == 2) h->dict_encoding = v;
		} else {
			if (id == 1) h->num_values = v;
			if (id == 2) h->num_nulls = v;
			if (id == 3) h->num_rows = v;
			if (id == 4) h->encoding = v;
			if (id == 5) h->def_len = v;
			if (id == 6) h->rep_len = v;
		}
	}
}

int floe_pq_parse_page_header(struct floe_rd *rd, struct floe_pq_page_header *h, struct floe_err *err)
{
	struct floe_thrift_r tr, *r = &tr;
	int16_t id;
	enum floe_tt t;
	bool has_type = false, has_u = false, has_c = false;

	memset(h, 0, sizeof(*h));
	h->is_compressed = true;
	h->def_encoding = h->rep_encoding = 3;
	floe_thrift_r_init(r, rd);
	for (;;) {
		if (floe_thrift_r_field(r, &id, &t, err) != 0)
			return -1;
		if (t == FLOE_TT_STOP)
			break;
		if (id >= 1 && id <= 3 && t == FLOE_TT_I32) {
			int32_t v;
			if (floe_thrift_r_i32(r, &v, err) != 0)
				return -1;
			if (id == 1) { h->type = v; has_type = true; }
			if (id == 2) { h->uncompressed_size = v; has_u = true; }
			if (id == 3) { h->compressed_size = v; has_c = true; }
		} else if ((id == 5 || id == 7 || id == 8) && t == FLOE_TT_STRUCT) {
			if (rd_page_sub(r, h, id, err) != 0)
				return -1;
			if (id == 5) h->has_data = true;
			if (id == 7) h->has_dict = true;
			if (id == 8) h->has_v2 = true;
		} else if (floe_thrift_r_skip(r, t, err) != 0) {
			return -1;
		}
	}
	if (!has_type || !has_u || !has_c)
		return floe_err_set(err, "page header lacks type or sizes");
	if (h->uncompressed_size < 0 || h->compressed_size < 0)
		return floe_err_set(err, "page header has negative sizes");
	return 0;
}
