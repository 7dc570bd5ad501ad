/*
 * rowdelta.c — rows → data file + equality-delete file → one commit (see
 * rowdelta.h). Writes at most one file of each kind per call (no rolling by
 * size) and deletes them again when the commit fails with a known outcome.
 * Key deduplication is the caller's job.
 */
#include "iceberg/rowdelta.h"

#include <stdlib.h>
#include <string.h>

#include "iceberg/datawriter.h"

static int write_file(struct floe_table *t, enum floe_content content, const struct floe_value *rows, size_t n,
		      const struct floe_pq_options *opt, struct floe_arena *a, struct floe_data_file *out,
		      char **uri, struct floe_err *err)
{
	const struct floe_schema *s = floe_metadata_current_schema(&t->md);
	struct floe_data_writer *w = NULL;
	size_t i, nf;
	int rc = -1;

	if (floe_data_file_uri(t->md.location, content, uri, err) < 0)
		return -1;
	if (floe_data_writer_new(&w, t->storage, *uri, s, content, s->identifier_ids, s->n_identifier_ids, opt,
				 err) < 0)
		goto out;
	floe_data_writer_fields(w, &nf);
	for (i = 0; i < n; i++)
		if (floe_data_writer_write(w, rows + i * nf, err) < 0)
			goto out;
	if (floe_data_writer_finish(w, a, out, err) < 0)
		goto out;
	rc = 0;
out:
	floe_data_writer_free(w);
	return rc;
}

int floe_table_write_rows(struct floe_table *t, const struct floe_row_batch *b, const struct floe_pq_options *opt,
			  int64_t *snapshot_id, struct floe_err *err)
{
	const struct floe_schema *s = floe_metadata_current_schema(&t->md);
	struct floe_arena a;
	struct floe_data_file data, del;
	struct floe_commit c;
	char *data_uri = NULL, *del_uri = NULL;
	struct floe_err e2;
	int rc = -1;

	floe_arena_init(&a, 0);
	memset(&c, 0, sizeof(c));
	if (b->n_delete_keys && !s->n_identifier_ids) {
		floe_err_set(err, "table '%s.%s' has no identifier fields, so keys cannot be deleted", t->ns, t->name);
		goto out;
	}
	if (b->n_rows) {
		if (write_file(t, FLOE_CONTENT_DATA, b->rows, b->n_rows, opt, &a, &data, &data_uri, err) < 0)
			goto out;
		c.data_files = &data;
		c.n_data_files = 1;
	}
	if (b->n_delete_keys) {
		if (write_file(t, FLOE_CONTENT_EQUALITY_DELETES, b->delete_keys, b->n_delete_keys, opt, &a, &del,
			       &del_uri, err) < 0)
			goto out;
		c.delete_files = &del;
		c.n_delete_files = 1;
	}
	c.truncate = b->truncate;
	c.summary = b->summary;
	c.n_summary = b->n_summary;
	if (floe_table_commit(t, &c, snapshot_id, err) == 0)
		rc = 0;
out:
	/* a failed commit leaves no data files, unless it may have landed */
	if (rc < 0 && err->code != FLOE_CATALOG_EUNKNOWN) {
		if (data_uri)
			floe_storage_delete(t->storage, data_uri, &e2);
		if (del_uri)
			floe_storage_delete(t->storage, del_uri, &e2);
	}
	free(data_uri);
	free(del_uri);
	floe_arena_release(&a);
	return rc;
}
