/*
 * parquet_dump.c — `floe parquet-dump [--values N|all] FILE`.
 *
 * Without --values: what `parquet-tools meta` shows — created_by, rows, key-value
 * metadata (long values shortened), the schema tree (field ids, repetition,
 * physical and logical types, and the Iceberg type floe maps each column to),
 * then per row group its size and per column chunk the path, type, encodings,
 * codec, sizes, value count, page offsets and decoded statistics; --pages adds
 * every page header (type, encoding, counts, sizes).
 * With --values: only the first N rows (or all), one JSON object per line, in
 * the form floe_value_to_json gives; unreadable columns are named on stderr.
 * With --check: decodes every value of every readable column and prints counts
 * (a readability check, and what bench/parquet_read.sh times).
 */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "cli/config_opt.h"
#include "core/arena.h"
#include "core/buf.h"
#include "parquet/compress.h"
#include "parquet/reader.h"

#define KV_SHOW 200
#define BATCH 1024

static void put_hex(struct floe_buf *b, const uint8_t *p, uint32_t n)
{
	static const char hex[] = "0123456789abcdef";
	uint32_t i, show = n > 64 ? 64 : n;

	floe_buf_puts(b, "0x");
	for (i = 0; i < show; i++) {
		floe_buf_putc(b, (uint8_t)hex[p[i] >> 4]);
		floe_buf_putc(b, (uint8_t)hex[p[i] & 15]);
	}
	if (show < n)
		floe_buf_printf(b, "... (%u bytes)", n);
}

static void put_logical(struct floe_buf *b, const struct floe_pq_node *n)
{
	static const char *const units[] = { "?", "MILLIS", "MICROS", "NANOS" };
	const char *u = n->lt_unit >= 1 && n->lt_unit <= 3 ? units[n->lt_unit] : "?";

	switch (n->logical) {
	case FLOE_PQL_NONE: return;
	case FLOE_PQL_STRING: floe_buf_puts(b, " STRING"); return;
	case FLOE_PQL_MAP: floe_buf_puts(b, " MAP"); return;
	case FLOE_PQL_LIST: floe_buf_puts(b, " LIST"); return;
	case FLOE_PQL_ENUM: floe_buf_puts(b, " ENUM"); return;
	case FLOE_PQL_DECIMAL: floe_buf_printf(b, " DECIMAL(%d,%d)", n->lt_precision, n->lt_scale); return;
	case FLOE_PQL_DATE: floe_buf_puts(b, " DATE"); return;
	case FLOE_PQL_TIME: floe_buf_printf(b, " TIME(%s,utc=%s)", u, n->lt_utc ? "true" : "false"); return;
	case FLOE_PQL_TIMESTAMP:
		floe_buf_printf(b, " TIMESTAMP(%s,utc=%s)", u, n->lt_utc ? "true" : "false");
		return;
	case FLOE_PQL_INTEGER:
		floe_buf_printf(b, " INTEGER(%d,%s)", n->lt_bit_width, n->lt_signed ? "signed" : "unsigned");
		return;
	case FLOE_PQL_UNKNOWN: floe_buf_puts(b, " UNKNOWN"); return;
	case FLOE_PQL_JSON: floe_buf_puts(b, " JSON"); return;
	case FLOE_PQL_BSON: floe_buf_puts(b, " BSON"); return;
	case FLOE_PQL_UUID: floe_buf_puts(b, " UUID"); return;
	case FLOE_PQL_FLOAT16: floe_buf_puts(b, " FLOAT16"); return;
	case FLOE_PQL_VARIANT: floe_buf_puts(b, " VARIANT"); return;
	case FLOE_PQL_GEOMETRY: floe_buf_puts(b, " GEOMETRY"); return;
	case FLOE_PQL_GEOGRAPHY: floe_buf_puts(b, " GEOGRAPHY"); return;
	default: floe_buf_printf(b, " LOGICAL(%d)", n->logical); return;
	}
}

static void put_node(struct floe_buf *b, const struct floe_pq_meta *m, int idx, int depth)
{
	const struct floe_pq_node *n = &m->nodes[idx];
	int i;

	floe_buf_fill(b, ' ', (size_t)(2 * depth + 2));
	if (n->parent < 0)
		floe_buf_printf(b, "message %s", n->name);
	else if (n->leaf >= 0)
		floe_buf_printf(b, "%s %s", floe_pq_repetition_name(n->repetition), floe_pq_type_name(n->type));
	else
		floe_buf_printf(b, "%s group", floe_pq_repetition_name(n->repetition));
	if (n->type == FLOE_PQ_FLBA)
		floe_buf_printf(b, "(%d)", n->type_length);
	if (n->parent >= 0)
		floe_buf_printf(b, " %s", n->name);
	put_logical(b, n);
	if (n->converted_type >= 0)
		floe_buf_printf(b, " (%s)", floe_pq_converted_name(n->converted_type));
	if (n->converted_type == 5 && n->logical == FLOE_PQL_NONE)
		floe_buf_printf(b, " precision=%d scale=%d", n->precision, n->scale);
	if (n->has_field_id)
		floe_buf_printf(b, " field_id=%d", (int)n->field_id);
	if (n->leaf < 0) {
		floe_buf_puts(b, " {\n");
		for (i = 0; i < n->num_children; i++)
			put_node(b, m, n->children[i], depth + 1);
		floe_buf_fill(b, ' ', (size_t)(2 * depth + 2));
		floe_buf_puts(b, "}\n");
	} else {
		floe_buf_puts(b, ";\n");
	}
}

static void put_bound(struct floe_buf *b, const struct floe_pq_reader *r, size_t col, const uint8_t *p,
		      uint32_t n, struct floe_arena *a)
{
	const struct floe_pq_meta *m = floe_pq_meta(r);
	const struct floe_pq_field *f = &m->fields[m->columns[col].field];
	struct floe_value v;
	struct floe_err err;

	if (f->leaf == (int)col && floe_pq_stat_value(r, col, p, n, &v, a, &err) == 0) {
		struct floe_type t = f->f.type.id == FLOE_T_LIST ? floe_type_elem(&f->f.type) : f->f.type;
		floe_value_to_json(b, &t, &v);
		return;
	}
	put_hex(b, p, n);
}

static int put_page(void *ctx, const struct floe_pq_page_info *pi)
{
	struct floe_buf *b = ctx;

	floe_buf_printf(b, "    page @%llu %s", (unsigned long long)pi->offset, floe_pq_page_type_name(pi->type));
	if (pi->encoding >= 0)
		floe_buf_printf(b, " %s", floe_pq_encoding_name(pi->encoding));
	if (pi->num_values >= 0)
		floe_buf_printf(b, " values=%d", (int)pi->num_values);
	if (pi->num_nulls >= 0)
		floe_buf_printf(b, " nulls=%d rows=%d", (int)pi->num_nulls, (int)pi->num_rows);
	floe_buf_printf(b, " compressed=%d uncompressed=%d%s\n", (int)pi->compressed_size, (int)pi->uncompressed_size,
			pi->type == 3 && !pi->is_compressed ? " (values stored uncompressed)" : "");
	return 0;
}

static int put_meta(struct floe_buf *b, struct floe_pq_reader *r, bool pages, struct floe_err *err)
{
	const struct floe_pq_meta *m = floe_pq_meta(r);
	struct floe_arena a;
	size_t i, j;
	int k;

	floe_arena_init(&a, 4096);
	floe_buf_printf(b, "file: %s\n", floe_pq_name(r));
	floe_buf_printf(b, "file_size: %llu\nfooter_length: %u\n", (unsigned long long)m->file_size, m->footer_len);
	floe_buf_printf(b, "created_by: %s\n", m->created_by ? m->created_by : "(absent)");
	floe_buf_printf(b, "version: %d\nnum_rows: %lld\nrow_groups: %zu\n", m->version, (long long)m->num_rows,
			m->n_row_groups);
	floe_buf_printf(b, "key_value_metadata: %zu\n", m->n_kv);
	for (i = 0; i < m->n_kv; i++) {
		const struct floe_pq_kv *kv = &m->kv[i];
		floe_buf_printf(b, "  %s = ", kv->key);
		if (!kv->value) {
			floe_buf_puts(b, "(unset)\n");
			continue;
		}
		floe_buf_append(b, kv->value, kv->value_len > KV_SHOW ? KV_SHOW : kv->value_len);
		if (kv->value_len > KV_SHOW)
			floe_buf_printf(b, "... (%u bytes)", kv->value_len);
		floe_buf_putc(b, '\n');
	}
	floe_buf_puts(b, "schema:\n");
	put_node(b, m, 0, 0);
	floe_buf_puts(b, "iceberg columns:\n");
	for (i = 0; i < m->n_fields; i++) {
		const struct floe_pq_field *f = &m->fields[i];
		char ts[96];
		floe_buf_printf(b, "  %s: ", f->f.name);
		if (f->unsupported) {
			floe_buf_printf(b, "unsupported (%s)\n", f->unsupported);
			continue;
		}
		floe_buf_printf(b, "%s %s", floe_type_str(&f->f.type, ts, sizeof(ts)),
				f->f.required ? "required" : "optional");
		if (f->f.id >= 0)
			floe_buf_printf(b, " id=%d", f->f.id);
		if (f->f.type.id == FLOE_T_LIST) {
			floe_buf_printf(b, " element %s", f->f.type.elem_required ? "required" : "optional");
			if (f->f.type.elem_field_id >= 0)
				floe_buf_printf(b, " id=%d", f->f.type.elem_field_id);
		}
		floe_buf_putc(b, '\n');
	}
	for (i = 0; i < m->n_row_groups; i++) {
		const struct floe_pq_row_group *g = &m->row_groups[i];
		floe_buf_printf(b, "row group %zu: rows=%lld total_byte_size=%lld", i, (long long)g->num_rows,
				(long long)g->total_byte_size);
		if (g->total_compressed_size >= 0)
			floe_buf_printf(b, " total_compressed_size=%lld", (long long)g->total_compressed_size);
		if (g->file_offset >= 0)
			floe_buf_printf(b, " file_offset=%lld", (long long)g->file_offset);
		if (g->ordinal >= 0)
			floe_buf_printf(b, " ordinal=%d", g->ordinal);
		floe_buf_putc(b, '\n');
		for (j = 0; j < m->n_columns; j++) {
			const struct floe_pq_chunk *c = &g->chunks[j];
			const struct floe_pq_stats *s = &c->stats;
			floe_buf_printf(b, "  column %s: %s encodings=", c->path, floe_pq_type_name(c->type));
			for (k = 0; k < c->n_encodings; k++)
				floe_buf_printf(b, "%s%s", k ? "," : "", floe_pq_encoding_name(c->encodings[k]));
			floe_buf_printf(b, " codec=%s values=%lld compressed=%lld uncompressed=%lld data_page_offset=%lld",
					floe_codec_name(c->codec), (long long)c->num_values,
					(long long)c->total_compressed_size, (long long)c->total_uncompressed_size,
					(long long)c->data_page_offset);
			if (c->dictionary_page_offset >= 0)
				floe_buf_printf(b, " dictionary_page_offset=%lld", (long long)c->dictionary_page_offset);
			floe_buf_putc(b, '\n');
			if (s->present) {
				floe_buf_puts(b, "    statistics:");
				if (s->has_min) {
					floe_buf_puts(b, " min=");
					put_bound(b, r, j, s->min, s->min_len, &a);
				}
				if (s->has_max) {
					floe_buf_puts(b, " max=");
					put_bound(b, r, j, s->max, s->max_len, &a);
				}
				if (s->legacy)
					floe_buf_puts(b, " (legacy min/max)");
				if (s->null_count >= 0)
					floe_buf_printf(b, " null_count=%lld", (long long)s->null_count);
				if (s->distinct_count >= 0)
					floe_buf_printf(b, " distinct_count=%lld", (long long)s->distinct_count);
				if (s->nan_count >= 0)
					floe_buf_printf(b, " nan_count=%lld", (long long)s->nan_count);
				if (s->min_exact == 0 || s->max_exact == 0)
					floe_buf_printf(b, " exact=%s/%s", s->min_exact == 0 ? "no" : "yes",
							s->max_exact == 0 ? "no" : "yes");
				floe_buf_putc(b, '\n');
			}
			if (pages && floe_pq_chunk_pages(r, i, j, put_page, b, err) != 0) {
				floe_arena_release(&a);
				return -1;
			}
			floe_arena_reset(&a);
		}
	}
	floe_arena_release(&a);
	return 0;
}

static int flush(struct floe_buf *b, struct floe_err *err)
{
	if (floe_buf_check(b, err) != 0)
		return -1;
	if (b->len && fwrite(b->data, 1, b->len, stdout) != b->len)
		return floe_err_set(err, "writing to stdout failed");
	floe_buf_reset(b);
	return 0;
}

static int dump_values(struct floe_pq_reader *r, long long limit, struct floe_buf *b, struct floe_err *err)
{
	const struct floe_pq_meta *m = floe_pq_meta(r);
	size_t nf = m->n_fields, i, g;
	struct floe_pq_cursor **cur = calloc(nf + 1, sizeof(*cur));
	struct floe_value *vals = calloc((nf + 1) * BATCH, sizeof(*vals));
	struct floe_arena a;
	long long printed = 0;
	int rc = -1;

	floe_arena_init(&a, 64 * 1024);
	if (!cur || !vals) {
		floe_err_set(err, "out of memory");
		goto out;
	}
	for (i = 0; i < nf; i++)
		if (m->fields[i].unsupported)
			fprintf(stderr, "floe parquet-dump: column '%s' skipped: %s\n", m->fields[i].f.name,
				m->fields[i].unsupported);
	for (g = 0; g < m->n_row_groups && (limit < 0 || printed < limit); g++) {
		int64_t left = m->row_groups[g].num_rows;
		for (i = 0; i < nf; i++)
			if (!m->fields[i].unsupported && floe_pq_cursor_open(r, g, i, &cur[i], err) != 0)
				goto out;
		while (left > 0 && (limit < 0 || printed < limit)) {
			size_t want = left < BATCH ? (size_t)left : BATCH, row;
			if (limit >= 0 && (long long)want > limit - printed)
				want = (size_t)(limit - printed);
			for (i = 0; i < nf; i++) {
				size_t got;
				if (!cur[i])
					continue;
				if (floe_pq_cursor_read(cur[i], vals + i * BATCH, want, &got, &a, err) != 0)
					goto out;
				if (got != want) {
					floe_err_set(err, "parquet file '%s': column '%s' gave %zu rows, expected %zu",
						     floe_pq_name(r), m->fields[i].f.name, got, want);
					goto out;
				}
			}
			for (row = 0; row < want; row++) {
				bool first = true;
				floe_buf_putc(b, '{');
				for (i = 0; i < nf; i++) {
					if (!cur[i])
						continue;
					if (!first)
						floe_buf_putc(b, ',');
					first = false;
					floe_json_put_string(b, (const uint8_t *)m->fields[i].f.name,
							     strlen(m->fields[i].f.name));
					floe_buf_putc(b, ':');
					floe_value_to_json(b, &m->fields[i].f.type, &vals[i * BATCH + row]);
				}
				floe_buf_puts(b, "}\n");
			}
			if (flush(b, err) != 0)
				goto out;
			floe_arena_reset(&a);
			left -= (int64_t)want;
			printed += (long long)want;
		}
		for (i = 0; i < nf; i++) {
			floe_pq_cursor_free(cur[i]);
			cur[i] = NULL;
		}
	}
	rc = 0;
out:
	if (cur)
		for (i = 0; i < nf; i++)
			floe_pq_cursor_free(cur[i]);
	free(cur);
	free(vals);
	floe_arena_release(&a);
	return rc;
}

/* Decodes every value of every readable column, counting rows and nulls. */
static int check_all(struct floe_pq_reader *r, struct floe_buf *b, struct floe_err *err)
{
	const struct floe_pq_meta *m = floe_pq_meta(r);
	struct floe_value *vals = calloc(BATCH, sizeof(*vals));
	struct floe_arena a;
	long long values = 0, nulls = 0;
	size_t g, f, skipped = 0;
	int rc = -1;

	floe_arena_init(&a, 256 * 1024);
	if (!vals) {
		floe_err_set(err, "out of memory");
		goto out;
	}
	for (f = 0; f < m->n_fields; f++)
		skipped += m->fields[f].unsupported != NULL;
	for (g = 0; g < m->n_row_groups; g++) {
		for (f = 0; f < m->n_fields; f++) {
			struct floe_pq_cursor *c;
			long long rows = 0;
			size_t n, k;
			if (m->fields[f].unsupported)
				continue;
			if (floe_pq_cursor_open(r, g, f, &c, err) != 0)
				goto out;
			for (;;) {
				if (floe_pq_cursor_read(c, vals, BATCH, &n, &a, err) != 0) {
					floe_pq_cursor_free(c);
					goto out;
				}
				if (n == 0)
					break;
				for (k = 0; k < n; k++)
					nulls += vals[k].is_null;
				rows += (long long)n;
				floe_arena_reset(&a);
			}
			floe_pq_cursor_free(c);
			values += rows;
		}
	}
	floe_buf_printf(b, "ok: %lld rows, %zu row groups, %zu of %zu columns read (%lld values, %lld null), %zu "
			"unsupported skipped\n", (long long)m->num_rows, m->n_row_groups, m->n_fields - skipped,
			m->n_fields, values, nulls, skipped);
	rc = 0;
out:
	free(vals);
	floe_arena_release(&a);
	return rc;
}

int floe_cli_parquet_dump(int argc, char **argv)
{
	struct floe_pq_reader *r = NULL;
	struct floe_buf b = FLOE_BUF_INIT;
	struct floe_err err;
	const char *path = NULL;
	long long values = -2; /* -2: metadata; -1: all rows */
	bool check = false, pages = false;
	int rc = 1;

	floe_err_clear(&err);
	{
		static const char usage_text[] = "[--pages | --values N|all | --check] FILE\n"
						 "  without options:  footer metadata, schema, row groups, column chunks, statistics\n"
						 "  --pages:          the same, plus every page header of every column chunk\n"
						 "  --values N|all:   the first N (or all) rows as JSON lines instead\n"
						 "  --check:          decode every value of every column and print counts";
		const char *vals_arg = NULL;
		const struct floe_cli_opt opts[] = {
			{ "--check", 0, NULL, &check, NULL },
			{ "--pages", 0, NULL, &pages, NULL },
			{ "--values", 0, "a row count or 'all'", NULL, &vals_arg },
			{ NULL, 0, NULL, NULL, NULL },
		};
		struct floe_cli_args a = { usage_text, opts, &path, 1, 0 };
		if ((rc = floe_cli_parse(argc, argv, &a)) != 0)
			return rc == 1 ? 0 : 2;
		rc = 1;
		if (vals_arg && !strcmp(vals_arg, "all")) {
			values = -1;
		} else if (vals_arg) {
			char *end;
			values = strtoll(vals_arg, &end, 10);
			if (!*vals_arg || *end || values < 0) {
				fprintf(stderr, "floe parquet-dump: --values takes a row count or 'all', not '%s'\n", vals_arg);
				return 2;
			}
		}
		if (!path)
			return floe_cli_usage_error("parquet-dump", usage_text, "no file given");
	}
	if (floe_pq_open_file(&r, path, &err) != 0)
		goto out;
	if (check) {
		if (check_all(r, &b, &err) != 0 || flush(&b, &err) != 0)
			goto out;
	} else if (values == -2) {
		if (put_meta(&b, r, pages, &err) != 0 || flush(&b, &err) != 0)
			goto out;
	} else if (dump_values(r, values, &b, &err) != 0) {
		goto out;
	}
	rc = 0;
out:
	if (rc)
		fprintf(stderr, "floe parquet-dump: %s\n", err.msg);
	fflush(stdout);
	floe_pq_close(r);
	floe_buf_release(&b);
	return rc;
}
