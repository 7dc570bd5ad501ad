/*
 * manifest_write.c — Iceberg v2 manifest and manifest-list writers (see
 * manifest.h). Records are encoded straight into the Avro container's block
 * buffer with the primitives of avro/binary.h, in the field order of the
 * schemas in manifest_schema.h. Validates the spec rules a reader relies on
 * (content per manifest, explicit sequence numbers on EXISTING/DELETED).
 * Does not write partitioned manifests yet. Reading is in manifest_read.c.
 */
#include "iceberg/manifest.h"

#include <inttypes.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "avro/binary.h"
#include "avro/container.h"
#include "iceberg/manifest_schema.h"

struct floe_manifest_writer {
	struct floe_avro_writer avro;
	bool avro_open;
	struct floe_manifest_opts opts;
	int32_t files[3];                 /* by status: existing, added, deleted */
	int64_t rows[3];
	bool have_min;
	int64_t min_seq;                  /* smallest explicit data sequence number of a live entry */
	bool live_inherits;               /* a live entry inherits the manifest's sequence number */
	size_t n;
};

static bool spec_is_unpartitioned(const char *spec_json, struct floe_err *err)
{
	json_error_t jerr;
	json_t *j;
	bool ok;

	if (!spec_json)
		return true;
	j = json_loads(spec_json, 0, &jerr);
	if (!j || !json_is_array(j)) {
		floe_err_set(err, "partition spec '%.100s' is not a json array of partition fields", spec_json);
		json_decref(j);
		return false;
	}
	ok = json_array_size(j) == 0;
	json_decref(j);
	if (!ok)
		floe_err_set(err, "partition spec '%.100s': floe writes only unpartitioned manifests (spec \"[]\")",
			     spec_json);
	return ok;
}

int floe_manifest_writer_new(struct floe_manifest_writer **out, struct floe_sink *sink,
			     const struct floe_manifest_opts *opts, struct floe_err *err)
{
	struct floe_manifest_writer *w = NULL;
	char schema_id[24], spec_id[24], version[24];
	struct floe_avro_meta meta[6];
	int rc = -1;

	*out = NULL;
	if (opts->format_version != 2) {
		floe_err_set(err, "manifest format version '%d' is not supported for writing (floe writes 2)",
			     opts->format_version);
		goto out;
	}
	if (opts->content != FLOE_MANIFEST_DATA && opts->content != FLOE_MANIFEST_DELETES) {
		floe_err_set(err, "manifest content '%d' is neither data (0) nor deletes (1)", (int)opts->content);
		goto out;
	}
	if (!opts->schema_json) {
		floe_err_set(err, "manifest needs the table schema json");
		goto out;
	}
	if (!spec_is_unpartitioned(opts->partition_spec_json, err))
		goto out;
	w = calloc(1, sizeof(*w));
	if (!w) {
		floe_err_set(err, "out of memory starting a manifest");
		goto out;
	}
	w->opts = *opts;
	snprintf(schema_id, sizeof(schema_id), "%d", opts->schema_id);
	snprintf(spec_id, sizeof(spec_id), "%d", opts->partition_spec_id);
	snprintf(version, sizeof(version), "%d", opts->format_version);
	meta[0] = (struct floe_avro_meta){ "schema", opts->schema_json };
	meta[1] = (struct floe_avro_meta){ "schema-id", schema_id };
	meta[2] = (struct floe_avro_meta){ "partition-spec", opts->partition_spec_json ? opts->partition_spec_json : "[]" };
	meta[3] = (struct floe_avro_meta){ "partition-spec-id", spec_id };
	meta[4] = (struct floe_avro_meta){ "format-version", version };
	meta[5] = (struct floe_avro_meta){ "content", opts->content == FLOE_MANIFEST_DELETES ? "deletes" : "data" };
	w->avro_open = true;
	if (floe_avro_writer_begin(&w->avro, sink, FLOE_MANIFEST_ENTRY_SCHEMA_V2, meta, 6,
				   opts->deflate ? FLOE_AVRO_CODEC_DEFLATE : FLOE_AVRO_CODEC_NULL, opts->sync, err)) {
		floe_err_prefix(err, "manifest: ");
		goto out;
	}
	*out = w;
	w = NULL;
	rc = 0;
out:
	floe_manifest_writer_free(w);
	return rc;
}

static void put_opt_long(struct floe_buf *b, bool has, int64_t v)
{
	if (!has) {
		floe_avro_put_long(b, 0);
		return;
	}
	floe_avro_put_long(b, 1);
	floe_avro_put_long(b, v);
}

enum metric_kind { M_SIZE, M_VALUES, M_NULLS, M_NANS, M_LOWER, M_UPPER };

static bool metric_present(const struct floe_col_metric *m, enum metric_kind k)
{
	switch (k) {
	case M_SIZE: return m->column_size >= 0;
	case M_VALUES: return m->value_count >= 0;
	case M_NULLS: return m->null_count >= 0;
	case M_NANS: return m->nan_count >= 0;
	case M_LOWER: return m->lower != NULL;
	case M_UPPER: return m->upper != NULL;
	}
	return false;
}

/* One optional int-keyed map (array of key/value records), null when empty. */
static void put_metric_map(struct floe_buf *b, const struct floe_data_file *f, enum metric_kind k)
{
	size_t i, n = 0;

	for (i = 0; i < f->n_metrics; i++)
		if (metric_present(&f->metrics[i], k))
			n++;
	if (n == 0) {
		floe_avro_put_long(b, 0);
		return;
	}
	floe_avro_put_long(b, 1);
	floe_avro_put_long(b, (int64_t)n);
	for (i = 0; i < f->n_metrics; i++) {
		const struct floe_col_metric *m = &f->metrics[i];

		if (!metric_present(m, k))
			continue;
		floe_avro_put_int(b, m->field_id);
		switch (k) {
		case M_SIZE: floe_avro_put_long(b, m->column_size); break;
		case M_VALUES: floe_avro_put_long(b, m->value_count); break;
		case M_NULLS: floe_avro_put_long(b, m->null_count); break;
		case M_NANS: floe_avro_put_long(b, m->nan_count); break;
		case M_LOWER: floe_avro_put_bytes(b, m->lower, m->lower_len); break;
		case M_UPPER: floe_avro_put_bytes(b, m->upper, m->upper_len); break;
		}
	}
	floe_avro_put_long(b, 0);
}

/* "scheme:..." — Iceberg v2 paths are full URIs (file:/..., s3://...), never relative. */
static bool is_uri(const char *s)
{
	size_t i = 0;

	if (!((s[0] >= 'a' && s[0] <= 'z') || (s[0] >= 'A' && s[0] <= 'Z')))
		return false;
	while (s[i] && s[i] != ':') {
		char ch = s[i];
		if (!((ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9') || ch == '+' ||
		      ch == '-' || ch == '.'))
			return false;
		i++;
	}
	return s[i] == ':' && s[i + 1] != '\0';
}

static int check_entry(const struct floe_manifest_writer *w, const struct floe_manifest_entry *e,
		       struct floe_err *err)
{
	const struct floe_data_file *f = &e->file;
	const char *path = f->file_path ? f->file_path : "(null)";
	size_t i;

	if (!f->file_path || !*f->file_path)
		return floe_err_set(err, "manifest entry %zu: data file has no file_path", w->n);
	if (!is_uri(f->file_path))
		return floe_err_set(err, "manifest entry '%s': file_path must be a full URI with a scheme (file:/..., s3://...)",
				    path);
	if (f->referenced_data_file && !is_uri(f->referenced_data_file))
		return floe_err_set(err, "manifest entry '%s': referenced_data_file '%s' must be a full URI with a scheme",
				    path, f->referenced_data_file);
	if (!f->file_format || !*f->file_format)
		return floe_err_set(err, "manifest entry '%s': file_format is not set", path);
	if (e->status != FLOE_ENTRY_EXISTING && e->status != FLOE_ENTRY_ADDED && e->status != FLOE_ENTRY_DELETED)
		return floe_err_set(err, "manifest entry '%s': status '%d' is not 0, 1 or 2", path, (int)e->status);
	if (f->content != FLOE_CONTENT_DATA && f->content != FLOE_CONTENT_POSITION_DELETES &&
	    f->content != FLOE_CONTENT_EQUALITY_DELETES)
		return floe_err_set(err, "manifest entry '%s': content '%d' is not 0, 1 or 2", path, (int)f->content);
	if ((f->content == FLOE_CONTENT_DATA) != (w->opts.content == FLOE_MANIFEST_DATA))
		return floe_err_set(err, "manifest entry '%s': a %s file cannot go into a %s manifest (write data and delete files to separate manifests)",
				    path, f->content == FLOE_CONTENT_DATA ? "data" : "delete",
				    w->opts.content == FLOE_MANIFEST_DATA ? "data" : "delete");
	if (e->status != FLOE_ENTRY_ADDED && (!e->has_sequence_number || !e->has_file_sequence_number))
		return floe_err_set(err, "manifest entry '%s': %s entries must carry both sequence numbers (only ADDED entries inherit them)",
				    path, e->status == FLOE_ENTRY_EXISTING ? "EXISTING" : "DELETED");
	if (f->record_count < 0 || f->file_size_in_bytes < 0)
		return floe_err_set(err, "manifest entry '%s': negative record_count '%" PRId64 "' or file_size_in_bytes '%" PRId64 "'",
				    path, f->record_count, f->file_size_in_bytes);
	if (f->content == FLOE_CONTENT_EQUALITY_DELETES && f->n_equality_ids == 0)
		return floe_err_set(err, "manifest entry '%s': an equality delete file needs equality_ids", path);
	if (f->content != FLOE_CONTENT_EQUALITY_DELETES && f->n_equality_ids)
		return floe_err_set(err, "manifest entry '%s': only equality delete files carry equality_ids", path);
	if (f->content == FLOE_CONTENT_POSITION_DELETES && f->sort_order_id >= 0)
		return floe_err_set(err, "manifest entry '%s': a position delete file has no sort order (set sort_order_id to -1)",
				    path);
	if (f->n_metrics && !f->metrics)
		return floe_err_set(err, "manifest entry '%s': n_metrics is set but metrics is NULL", path);
	for (i = 0; i < f->n_metrics; i++)
		if (f->metrics[i].field_id < 0)
			return floe_err_set(err, "manifest entry '%s': metric with negative field id '%d'", path,
					    f->metrics[i].field_id);
	if ((f->n_split_offsets && !f->split_offsets) || (f->n_equality_ids && !f->equality_ids))
		return floe_err_set(err, "manifest entry '%s': a list count is set but its array is NULL", path);
	return 0;
}

int floe_manifest_writer_add(struct floe_manifest_writer *w, const struct floe_manifest_entry *e,
			     struct floe_err *err)
{
	const struct floe_data_file *f = &e->file;
	struct floe_buf *b = floe_avro_writer_object(&w->avro);
	size_t i;

	if (check_entry(w, e, err))
		return -1;
	floe_avro_put_int(b, (int32_t)e->status);
	put_opt_long(b, e->has_snapshot_id, e->snapshot_id);
	put_opt_long(b, e->has_sequence_number, e->sequence_number);
	put_opt_long(b, e->has_file_sequence_number, e->file_sequence_number);
	/* data_file r2 */
	floe_avro_put_int(b, (int32_t)f->content);
	floe_avro_put_string(b, f->file_path);
	floe_avro_put_string(b, f->file_format);
	/* partition r102: no fields */
	floe_avro_put_long(b, f->record_count);
	floe_avro_put_long(b, f->file_size_in_bytes);
	put_metric_map(b, f, M_SIZE);
	put_metric_map(b, f, M_VALUES);
	put_metric_map(b, f, M_NULLS);
	put_metric_map(b, f, M_NANS);
	put_metric_map(b, f, M_LOWER);
	put_metric_map(b, f, M_UPPER);
	floe_avro_put_long(b, 0); /* key_metadata: null */
	if (f->n_split_offsets) {
		floe_avro_put_long(b, 1);
		floe_avro_put_long(b, (int64_t)f->n_split_offsets);
		for (i = 0; i < f->n_split_offsets; i++)
			floe_avro_put_long(b, f->split_offsets[i]);
		floe_avro_put_long(b, 0);
	} else {
		floe_avro_put_long(b, 0);
	}
	if (f->n_equality_ids) {
		floe_avro_put_long(b, 1);
		floe_avro_put_long(b, (int64_t)f->n_equality_ids);
		for (i = 0; i < f->n_equality_ids; i++)
			floe_avro_put_int(b, f->equality_ids[i]);
		floe_avro_put_long(b, 0);
	} else {
		floe_avro_put_long(b, 0);
	}
	put_opt_long(b, f->sort_order_id >= 0, f->sort_order_id);
	if (f->referenced_data_file) {
		floe_avro_put_long(b, 1);
		floe_avro_put_string(b, f->referenced_data_file);
	} else {
		floe_avro_put_long(b, 0);
	}
	if (floe_avro_writer_end_object(&w->avro, err))
		return floe_err_prefix(err, "manifest: ");

	{
		int idx = e->status == FLOE_ENTRY_EXISTING ? 0 : e->status == FLOE_ENTRY_ADDED ? 1 : 2;
		w->files[idx]++;
		w->rows[idx] += f->record_count;
		if (e->status != FLOE_ENTRY_DELETED) {
			if (e->has_sequence_number) {
				if (!w->have_min || e->sequence_number < w->min_seq)
					w->min_seq = e->sequence_number;
				w->have_min = true;
			} else {
				w->live_inherits = true;
			}
		}
	}
	w->n++;
	return 0;
}

int floe_manifest_writer_finish(struct floe_manifest_writer *w, struct floe_manifest_file *mf,
				struct floe_err *err)
{
	int64_t seq = w->opts.sequence_number;

	if (floe_avro_writer_finish(&w->avro, err))
		return floe_err_prefix(err, "manifest: ");
	memset(mf, 0, sizeof(*mf));
	mf->manifest_path = NULL;
	mf->manifest_length = (int64_t)w->avro.bytes;
	mf->partition_spec_id = w->opts.partition_spec_id;
	mf->content = (int)w->opts.content;
	mf->sequence_number = seq;
	if (!w->have_min)
		mf->min_sequence_number = seq;
	else if (w->live_inherits && seq != FLOE_SEQ_UNASSIGNED && seq < w->min_seq)
		mf->min_sequence_number = seq;
	else
		mf->min_sequence_number = w->min_seq;
	mf->added_snapshot_id = w->opts.snapshot_id;
	mf->existing_files_count = w->files[0];
	mf->added_files_count = w->files[1];
	mf->deleted_files_count = w->files[2];
	mf->existing_rows_count = w->rows[0];
	mf->added_rows_count = w->rows[1];
	mf->deleted_rows_count = w->rows[2];
	mf->partitions = NULL;
	mf->n_partitions = 0;
	return 0;
}

void floe_manifest_writer_free(struct floe_manifest_writer *w)
{
	if (!w)
		return;
	if (w->avro_open)
		floe_avro_writer_release(&w->avro);
	free(w);
}

int floe_manifest_write(struct floe_sink *sink, const struct floe_manifest_opts *opts,
			const struct floe_manifest_entry *entries, size_t n, struct floe_manifest_file *mf,
			struct floe_err *err)
{
	struct floe_manifest_writer *w = NULL;
	size_t i;
	int rc = -1;

	if (floe_manifest_writer_new(&w, sink, opts, err))
		goto out;
	for (i = 0; i < n; i++)
		if (floe_manifest_writer_add(w, &entries[i], err))
			goto out;
	if (floe_manifest_writer_finish(w, mf, err))
		goto out;
	rc = 0;
out:
	floe_manifest_writer_free(w);
	return rc;
}

/* ----------------------------------------------------------- manifest lists */

struct floe_manifest_list_writer {
	struct floe_avro_writer avro;
	bool avro_open;
	struct floe_manifest_list_opts opts;
};

int floe_manifest_list_writer_new(struct floe_manifest_list_writer **out, struct floe_sink *sink,
				  const struct floe_manifest_list_opts *opts, struct floe_err *err)
{
	struct floe_manifest_list_writer *w = NULL;
	char snap[24], parent[24], seq[24], version[24];
	struct floe_avro_meta meta[4];
	int rc = -1;

	*out = NULL;
	if (opts->format_version != 2) {
		floe_err_set(err, "manifest list format version '%d' is not supported for writing (floe writes 2)",
			     opts->format_version);
		goto out;
	}
	if (opts->sequence_number < 0) {
		floe_err_set(err, "manifest list sequence number '%" PRId64 "' is negative", opts->sequence_number);
		goto out;
	}
	w = calloc(1, sizeof(*w));
	if (!w) {
		floe_err_set(err, "out of memory starting a manifest list");
		goto out;
	}
	w->opts = *opts;
	snprintf(snap, sizeof(snap), "%" PRId64, opts->snapshot_id);
	if (opts->has_parent_snapshot_id)
		snprintf(parent, sizeof(parent), "%" PRId64, opts->parent_snapshot_id);
	else
		snprintf(parent, sizeof(parent), "null");
	snprintf(seq, sizeof(seq), "%" PRId64, opts->sequence_number);
	snprintf(version, sizeof(version), "%d", opts->format_version);
	meta[0] = (struct floe_avro_meta){ "snapshot-id", snap };
	meta[1] = (struct floe_avro_meta){ "parent-snapshot-id", parent };
	meta[2] = (struct floe_avro_meta){ "sequence-number", seq };
	meta[3] = (struct floe_avro_meta){ "format-version", version };
	w->avro_open = true;
	if (floe_avro_writer_begin(&w->avro, sink, FLOE_MANIFEST_FILE_SCHEMA_V2, meta, 4,
				   opts->deflate ? FLOE_AVRO_CODEC_DEFLATE : FLOE_AVRO_CODEC_NULL, opts->sync, err)) {
		floe_err_prefix(err, "manifest list: ");
		goto out;
	}
	*out = w;
	w = NULL;
	rc = 0;
out:
	floe_manifest_list_writer_free(w);
	return rc;
}

static void put_opt_bytes(struct floe_buf *b, const uint8_t *p, uint32_t n)
{
	if (!p) {
		floe_avro_put_long(b, 0);
		return;
	}
	floe_avro_put_long(b, 1);
	floe_avro_put_bytes(b, p, n);
}

int floe_manifest_list_writer_add(struct floe_manifest_list_writer *w, const struct floe_manifest_file *mf,
				  struct floe_err *err)
{
	struct floe_buf *b = floe_avro_writer_object(&w->avro);
	const char *path = mf->manifest_path ? mf->manifest_path : "(null)";
	int64_t seq = mf->sequence_number == FLOE_SEQ_UNASSIGNED ? w->opts.sequence_number : mf->sequence_number;
	int64_t min_seq = mf->min_sequence_number == FLOE_SEQ_UNASSIGNED ? w->opts.sequence_number
									  : mf->min_sequence_number;
	int64_t snap = mf->added_snapshot_id == FLOE_SEQ_UNASSIGNED ? w->opts.snapshot_id : mf->added_snapshot_id;
	size_t i;

	if (!mf->manifest_path || !*mf->manifest_path)
		return floe_err_set(err, "manifest list: a manifest_file has no manifest_path");
	if (!is_uri(mf->manifest_path))
		return floe_err_set(err, "manifest list entry '%s': manifest_path must be a full URI with a scheme", path);
	if (mf->manifest_length <= 0)
		return floe_err_set(err, "manifest list entry '%s': manifest_length '%" PRId64 "' is not positive", path,
				    mf->manifest_length);
	if (mf->content != 0 && mf->content != 1)
		return floe_err_set(err, "manifest list entry '%s': content '%d' is neither 0 (data) nor 1 (deletes)",
				    path, mf->content);
	if (mf->added_files_count < 0 || mf->existing_files_count < 0 || mf->deleted_files_count < 0 ||
	    mf->added_rows_count < 0 || mf->existing_rows_count < 0 || mf->deleted_rows_count < 0)
		return floe_err_set(err, "manifest list entry '%s': negative file or row count", path);
	if (seq < 0 || min_seq < 0 || min_seq > seq)
		return floe_err_set(err, "manifest list entry '%s': min_sequence_number '%" PRId64 "' must be between 0 and sequence_number '%" PRId64 "'",
				    path, min_seq, seq);
	if (mf->n_partitions && !mf->partitions)
		return floe_err_set(err, "manifest list entry '%s': n_partitions is set but partitions is NULL", path);

	floe_avro_put_string(b, mf->manifest_path);
	floe_avro_put_long(b, mf->manifest_length);
	floe_avro_put_int(b, mf->partition_spec_id);
	floe_avro_put_int(b, mf->content);
	floe_avro_put_long(b, seq);
	floe_avro_put_long(b, min_seq);
	floe_avro_put_long(b, snap);
	floe_avro_put_int(b, mf->added_files_count);
	floe_avro_put_int(b, mf->existing_files_count);
	floe_avro_put_int(b, mf->deleted_files_count);
	floe_avro_put_long(b, mf->added_rows_count);
	floe_avro_put_long(b, mf->existing_rows_count);
	floe_avro_put_long(b, mf->deleted_rows_count);
	/* partitions: always a list (empty for unpartitioned specs), as Java writes */
	floe_avro_put_long(b, 1);
	if (mf->n_partitions) {
		floe_avro_put_long(b, (int64_t)mf->n_partitions);
		for (i = 0; i < mf->n_partitions; i++) {
			const struct floe_field_summary *s = &mf->partitions[i];

			floe_avro_put_bool(b, s->contains_null);
			if (s->contains_nan < 0) {
				floe_avro_put_long(b, 0);
			} else {
				floe_avro_put_long(b, 1);
				floe_avro_put_bool(b, s->contains_nan != 0);
			}
			put_opt_bytes(b, s->lower, s->lower_len);
			put_opt_bytes(b, s->upper, s->upper_len);
		}
	}
	floe_avro_put_long(b, 0);
	floe_avro_put_long(b, 0); /* key_metadata: null */
	if (floe_avro_writer_end_object(&w->avro, err))
		return floe_err_prefix(err, "manifest list: ");
	return 0;
}

int floe_manifest_list_writer_finish(struct floe_manifest_list_writer *w, uint64_t *length, struct floe_err *err)
{
	if (floe_avro_writer_finish(&w->avro, err))
		return floe_err_prefix(err, "manifest list: ");
	if (length)
		*length = w->avro.bytes;
	return 0;
}

void floe_manifest_list_writer_free(struct floe_manifest_list_writer *w)
{
	if (!w)
		return;
	if (w->avro_open)
		floe_avro_writer_release(&w->avro);
	free(w);
}

int floe_manifest_list_write(struct floe_sink *sink, const struct floe_manifest_list_opts *opts,
			     const struct floe_manifest_file *files, size_t n, uint64_t *length,
			     struct floe_err *err)
{
	struct floe_manifest_list_writer *w = NULL;
	size_t i;
	int rc = -1;

	if (floe_manifest_list_writer_new(&w, sink, opts, err))
		goto out;
	for (i = 0; i < n; i++)
		if (floe_manifest_list_writer_add(w, &files[i], err))
			goto out;
	if (floe_manifest_list_writer_finish(w, length, err))
		goto out;
	rc = 0;
out:
	floe_manifest_list_writer_free(w);
	return rc;
}
