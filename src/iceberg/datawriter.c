/*
 * datawriter.c — Iceberg data / delete files through the Parquet writer
 * (see datawriter.h). Chooses the file's columns, adds the iceberg.schema key,
 * and maps the writer's per-column metrics to data_file metrics. Encoding and
 * bounds are the Parquet writer's; committing is table.c's.
 */
#include "iceberg/datawriter.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "iceberg/metadata.h"

struct floe_data_writer {
	struct floe_schema file_schema;  /* the columns in this file */
	enum floe_content content;
	int *equality_ids;
	size_t n_equality_ids;
	char *uri;
	struct floe_sink *sink;
	struct floe_pq_writer *pq;
	bool finished;
};

int floe_data_file_uri(const char *location, enum floe_content content, char **out, struct floe_err *err)
{
	char uuid[37];
	size_t n;

	*out = NULL;
	if (floe_uuid4(uuid, err) < 0)
		return -1;
	n = strlen(location) + 80;
	*out = malloc(n);
	if (!*out)
		return floe_err_set(err, "out of memory");
	snprintf(*out, n, "%s/data/%s%s.parquet", location, uuid,
		 content == FLOE_CONTENT_DATA ? "" : content == FLOE_CONTENT_EQUALITY_DELETES ? "-eq-del" : "-pos-del");
	return 0;
}

void floe_data_writer_free(struct floe_data_writer *w)
{
	if (!w)
		return;
	floe_pq_writer_free(w->pq);
	if (w->sink && !w->finished)
		w->sink->abort(w->sink);
	floe_schema_release(&w->file_schema);
	free(w->equality_ids);
	free(w->uri);
	free(w);
}

/* The columns this file holds: the schema, the equality columns, or file_path/pos. */
static int build_file_schema(struct floe_data_writer *w, const struct floe_schema *schema, enum floe_content content,
			     const int *equality_ids, size_t n_equality_ids, struct floe_err *err)
{
	struct floe_field *f = NULL, pos[2];
	size_t i;
	int rc = -1;

	if (content == FLOE_CONTENT_DATA)
		return floe_schema_copy(&w->file_schema, schema, err);
	if (content == FLOE_CONTENT_POSITION_DELETES) {
		memset(pos, 0, sizeof(pos));
		pos[0].id = FLOE_POS_DELETE_FILE_PATH_ID;
		pos[0].name = "file_path";
		pos[0].required = true;
		pos[0].type.id = FLOE_T_STRING;
		pos[1].id = FLOE_POS_DELETE_POS_ID;
		pos[1].name = "pos";
		pos[1].required = true;
		pos[1].type.id = FLOE_T_LONG;
		return floe_schema_init(&w->file_schema, 0, pos, 2, NULL, 0, err);
	}
	if (content != FLOE_CONTENT_EQUALITY_DELETES)
		return floe_err_set(err, "unknown file content %d", (int)content);
	if (!n_equality_ids)
		return floe_err_set(err, "an equality delete file needs equality field ids");
	f = calloc(n_equality_ids, sizeof(*f));
	w->equality_ids = malloc(n_equality_ids * sizeof(int));
	if (!f || !w->equality_ids) {
		floe_err_set(err, "out of memory");
		goto out;
	}
	for (i = 0; i < n_equality_ids; i++) {
		const struct floe_field *sf = floe_schema_field(schema, equality_ids[i]);
		if (!sf) {
			floe_err_set(err, "equality field id %d is not a column of the table", equality_ids[i]);
			goto out;
		}
		f[i] = *sf;
		w->equality_ids[i] = equality_ids[i];
	}
	w->n_equality_ids = n_equality_ids;
	rc = floe_schema_init(&w->file_schema, schema->schema_id, f, n_equality_ids, NULL, 0, err);
out:
	free(f);
	return rc;
}

int floe_data_writer_new(struct floe_data_writer **out, struct floe_storage *st, const char *uri,
			 const struct floe_schema *schema, enum floe_content content, const int *equality_ids,
			 size_t n_equality_ids, const struct floe_pq_options *opt, struct floe_err *err)
{
	struct floe_data_writer *w;
	struct floe_pq_options o;
	struct floe_pq_kv kv;
	struct floe_buf sj = FLOE_BUF_INIT;
	int rc = -1;

	*out = NULL;
	w = calloc(1, sizeof(*w));
	if (!w || !(w->uri = strdup(uri))) {
		floe_err_set(err, "out of memory");
		goto out;
	}
	w->content = content;
	if (build_file_schema(w, schema, content, equality_ids, n_equality_ids, err) < 0 ||
	    floe_schema_to_text(&w->file_schema, &sj, err) < 0)
		goto out;
	if (opt)
		o = *opt;
	else
		floe_pq_options_default(&o);
	kv.key = "iceberg.schema";
	kv.value = floe_buf_cstr(&sj);
	o.kv = &kv;
	o.n_kv = 1;
	if (floe_storage_put(st, uri, &w->sink, err) < 0)
		goto out;
	if (floe_pq_writer_new(&w->pq, w->file_schema.fields, w->file_schema.n_fields, &o, w->sink, err) < 0) {
		floe_err_prefix(err, "data file '%s': ", uri);
		goto out;
	}
	*out = w;
	w = NULL;
	rc = 0;
out:
	floe_buf_release(&sj);
	floe_data_writer_free(w);
	return rc;
}

const struct floe_field *floe_data_writer_fields(const struct floe_data_writer *w, size_t *n)
{
	*n = w->file_schema.n_fields;
	return w->file_schema.fields;
}

int floe_data_writer_write(struct floe_data_writer *w, const struct floe_value *row, struct floe_err *err)
{
	if (floe_pq_writer_write_row(w->pq, row, err) < 0)
		return floe_err_prefix(err, "data file '%s': ", w->uri);
	return 0;
}

int64_t floe_data_writer_rows(const struct floe_data_writer *w)
{
	return floe_pq_writer_rows(w->pq);
}

uint64_t floe_data_writer_estimated_size(const struct floe_data_writer *w)
{
	return floe_pq_writer_estimated_size(w->pq);
}

int floe_data_writer_finish(struct floe_data_writer *w, struct floe_arena *a, struct floe_data_file *out,
			    struct floe_err *err)
{
	struct floe_pq_file_info info;
	size_t i;

	memset(out, 0, sizeof(*out));
	if (floe_pq_writer_finish(w->pq, &info, err) < 0)
		return floe_err_prefix(err, "data file '%s': ", w->uri);
	out->content = w->content;
	out->file_path = floe_arena_strdup(a, w->uri);
	out->file_format = "PARQUET";
	out->record_count = info.num_rows;
	out->file_size_in_bytes = info.file_size;
	out->sort_order_id = -1;
	out->metrics = floe_arena_alloc(a, (info.n_metrics + 1) * sizeof(*out->metrics));
	out->split_offsets = floe_arena_alloc(a, (info.n_split_offsets + 1) * sizeof(int64_t));
	out->equality_ids = floe_arena_alloc(a, (w->n_equality_ids + 1) * sizeof(int));
	if (!out->file_path || !out->metrics || !out->split_offsets || !out->equality_ids)
		return floe_err_set(err, "out of memory");
	for (i = 0; i < info.n_metrics; i++) {
		const struct floe_pq_metrics *m = &info.metrics[i];
		struct floe_col_metric *c = &out->metrics[i];
		c->field_id = m->field_id;
		c->column_size = m->column_size;
		c->value_count = m->value_count;
		c->null_count = m->null_count;
		c->nan_count = m->nan_count;
		c->lower = m->lower ? floe_arena_memdup(a, m->lower, m->lower_len ? m->lower_len : 1) : NULL;
		c->lower_len = m->lower_len;
		c->upper = m->upper ? floe_arena_memdup(a, m->upper, m->upper_len ? m->upper_len : 1) : NULL;
		c->upper_len = m->upper_len;
		if ((m->lower && !c->lower) || (m->upper && !c->upper))
			return floe_err_set(err, "out of memory");
	}
	out->n_metrics = info.n_metrics;
	if (info.n_split_offsets)
		memcpy(out->split_offsets, info.split_offsets, info.n_split_offsets * sizeof(int64_t));
	out->n_split_offsets = info.n_split_offsets;
	if (w->n_equality_ids)
		memcpy(out->equality_ids, w->equality_ids, w->n_equality_ids * sizeof(int));
	out->n_equality_ids = w->n_equality_ids;
	if (!out->n_split_offsets)
		out->split_offsets = NULL;
	if (!out->n_equality_ids)
		out->equality_ids = NULL;
	w->finished = true;
	if (w->sink->finish(w->sink, err) < 0)
		return -1;
	return 0;
}
