/*
 * taskwriter.c — rolling data files, metadata columns and cleanup for one
 * stream of rows (see taskwriter.h). The crash point "during-write" fires
 * before each file is finished.
 */
#include "iceberg/taskwriter.h"

#include <stdlib.h>
#include <string.h>

#include "core/crash.h"
#include "core/log.h"
#include "iceberg/datawriter.h"

struct floe_taskwriter {
	struct floe_taskwriter_opts o;
	const char *location;          /* borrowed from o.md */
	struct floe_data_writer *dw;   /* the open file, or NULL */
	struct floe_data_file *done;   /* finished files not yet handed over (records in o.records) */
	size_t n_done, cap_done;
	int64_t rows;
};

static uint64_t target_bytes(const struct floe_taskwriter_opts *o)
{
	const char *v = o->md ? floe_metadata_property(o->md, "write.target-file-size-bytes") : NULL;
	char *end;
	unsigned long long n;

	if (o->target_file_bytes)
		return o->target_file_bytes;
	if (!v)
		return FLOE_TARGET_FILE_BYTES_DEFAULT;
	n = strtoull(v, &end, 10);
	if (*end || n < 1024 * 1024) {
		floe_log_warn("table property write.target-file-size-bytes='%s' is not a size of at least 1 MiB; "
			      "using %llu", v, (unsigned long long)FLOE_TARGET_FILE_BYTES_DEFAULT);
		return FLOE_TARGET_FILE_BYTES_DEFAULT;
	}
	return n;
}

int floe_taskwriter_new(struct floe_taskwriter **out, const struct floe_taskwriter_opts *o, struct floe_err *err)
{
	struct floe_taskwriter *w = calloc(1, sizeof(*w));

	*out = NULL;
	if (!w)
		return floe_err_set(err, "out of memory");
	w->o = *o;
	w->o.target_file_bytes = target_bytes(o);
	w->location = o->md->location;
	*out = w;
	return 0;
}

static int finish_file(struct floe_taskwriter *w, struct floe_err *err)
{
	if (!w->dw)
		return 0;
	if (w->n_done == w->cap_done) {
		size_t nc = w->cap_done ? w->cap_done * 2 : 4;
		struct floe_data_file *nd = realloc(w->done, nc * sizeof(*nd));
		if (!nd)
			return floe_err_set(err, "out of memory");
		w->done = nd;
		w->cap_done = nc;
	}
	floe_crash_point("during-write");
	if (floe_data_writer_finish(w->dw, w->o.records, &w->done[w->n_done], err) < 0)
		return -1;
	w->n_done++;
	floe_data_writer_free(w->dw);
	w->dw = NULL;
	return 0;
}

int floe_taskwriter_write(struct floe_taskwriter *w, struct floe_value *row, uint64_t lsn, int64_t ts,
			  struct floe_err *err)
{
	if (!w->dw) {
		char *uri = NULL;
		int rc;
		if (floe_data_file_uri(w->location, w->o.content, &uri, err) < 0)
			return -1;
		rc = floe_data_writer_new(&w->dw, w->o.st, uri, w->o.schema, w->o.content, w->o.equality_ids,
					  w->o.n_equality_ids, w->o.pq, err);
		free(uri);
		if (rc < 0)
			return -1;
	}
	if (w->o.content == FLOE_CONTENT_DATA) {
		if (w->o.lsn_idx >= 0) {
			row[w->o.lsn_idx].is_null = false;
			row[w->o.lsn_idx].u.i64 = (int64_t)lsn;
		}
		if (w->o.ts_idx >= 0) {
			row[w->o.ts_idx].is_null = ts == INT64_MIN;
			row[w->o.ts_idx].u.i64 = ts;
		}
	}
	if (floe_data_writer_write(w->dw, row, err) < 0)
		return -1;
	w->rows++;
	if (floe_data_writer_estimated_size(w->dw) >= w->o.target_file_bytes)
		return finish_file(w, err);
	return 0;
}

int floe_taskwriter_close(struct floe_taskwriter *w, struct floe_data_file **files, size_t *n, size_t *cap,
			  struct floe_err *err)
{
	if (finish_file(w, err) < 0)
		return -1;
	if (*n + w->n_done > *cap) {
		size_t nc = *cap ? *cap : 4;
		struct floe_data_file *nf;
		while (nc < *n + w->n_done)
			nc *= 2;
		if (!(nf = realloc(*files, nc * sizeof(*nf))))
			return floe_err_set(err, "out of memory");
		*files = nf;
		*cap = nc;
	}
	if (w->n_done)
		memcpy(*files + *n, w->done, w->n_done * sizeof(*w->done));
	*n += w->n_done;
	w->n_done = 0;
	return 0;
}

int64_t floe_taskwriter_rows(const struct floe_taskwriter *w)
{
	return w->rows;
}

void floe_taskwriter_free(struct floe_taskwriter *w)
{
	if (!w)
		return;
	floe_data_writer_free(w->dw);
	floe_taskwriter_discard(w->o.st, w->done, w->n_done);
	free(w->done);
	free(w);
}

void floe_taskwriter_discard(struct floe_storage *st, const struct floe_data_file *files, size_t n)
{
	struct floe_err e;

	for (size_t i = 0; i < n; i++)
		if (floe_storage_delete(st, files[i].file_path, &e) < 0)
			floe_log_warn("removing '%s' of a change that was not committed: %s", files[i].file_path, e.msg);
}
