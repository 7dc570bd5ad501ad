/*
 * catalog.c — dispatch over the catalog function table, and the commit path
 * shared by catalogs that keep a pointer to a metadata file (see catalog.h):
 * check the requirements against the base, apply the updates, write metadata
 * version N+1, swap the pointer. Which backend a URI opens is decided here;
 * the SQL itself is in sql.c.
 */
#include "catalog/catalog.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/crash.h"
#include "core/log.h"
#include "iceberg/metadata.h"
#include "iceberg/update.h"
#include "storage/storage.h"

int floe_catalog_open(const char *uri, const char *name, struct floe_catalog **out, struct floe_err *err)
{
	return floe_catalog_sql_open(uri, name, out, err);
}

void floe_catalog_close(struct floe_catalog *c)
{
	if (c)
		c->ops->close(c);
}

const char *floe_catalog_backend(const struct floe_catalog *c)
{
	return c->ops->backend(c);
}

int floe_catalog_create_namespace(struct floe_catalog *c, const char *ns, struct floe_err *err)
{
	return c->ops->create_namespace(c, ns, err);
}

int floe_catalog_namespace_exists(struct floe_catalog *c, const char *ns, bool *exists, struct floe_err *err)
{
	return c->ops->namespace_exists(c, ns, exists, err);
}

int floe_catalog_list_namespaces(struct floe_catalog *c, char ***out, size_t *n, struct floe_err *err)
{
	return c->ops->list_namespaces(c, out, n, err);
}

int floe_catalog_drop_namespace(struct floe_catalog *c, const char *ns, struct floe_err *err)
{
	return c->ops->drop_namespace(c, ns, err);
}

int floe_catalog_create_table(struct floe_catalog *c, struct floe_storage *st, const char *ns, const char *name,
			      const struct floe_table_metadata *md, char **location, struct floe_err *err)
{
	*location = NULL;
	return c->ops->create_table(c, st, ns, name, md, location, err);
}

int floe_catalog_load_table(struct floe_catalog *c, struct floe_storage *st, const char *ns, const char *name,
			    const char *known, char **location, struct floe_table_metadata *md, bool *unchanged,
			    struct floe_err *err)
{
	*location = NULL;
	*unchanged = false;
	return c->ops->load_table(c, st, ns, name, known, location, md, unchanged, err);
}

int floe_catalog_commit_table(struct floe_catalog *c, struct floe_storage *st, const struct floe_catalog_commit *cc,
			      char **location, struct floe_table_metadata *md, struct floe_err *err)
{
	*location = NULL;
	return c->ops->commit_table(c, st, cc, location, md, err);
}

int floe_catalog_list_tables(struct floe_catalog *c, const char *ns, struct floe_catalog_table **out, size_t *n,
			     struct floe_err *err)
{
	return c->ops->list_tables(c, ns, out, n, err);
}

int floe_catalog_drop_table(struct floe_catalog *c, const char *ns, const char *name, struct floe_err *err)
{
	return c->ops->drop_table(c, ns, name, err);
}

void floe_catalog_tables_free(struct floe_catalog_table *t, size_t n)
{
	for (size_t i = 0; t && i < n; i++) {
		free(t[i].namespace_);
		free(t[i].name);
		free(t[i].metadata_location);
	}
	free(t);
}

void floe_catalog_strings_free(char **s, size_t n)
{
	for (size_t i = 0; s && i < n; i++)
		free(s[i]);
	free(s);
}

/* ---------- pointer catalogs ---------- */

int floe_catalog_read_metadata(struct floe_storage *st, const char *uri, struct floe_table_metadata *md,
			       struct floe_err *err)
{
	struct floe_buf b = FLOE_BUF_INIT;
	int rc = -1;

	memset(md, 0, sizeof(*md));
	if (floe_storage_get(st, uri, &b, err) < 0) {
		if (err->code == FLOE_STORAGE_ENOENT)
			floe_err_setc(err, FLOE_STORAGE_ENOENT, "metadata file '%s' does not exist", uri);
		goto out;
	}
	if (floe_metadata_parse(md, (const char *)b.data, b.len, err) < 0) {
		floe_err_prefix(err, "metadata file '%s': ", uri);
		goto out;
	}
	rc = 0;
out:
	floe_buf_release(&b);
	return rc;
}

int floe_catalog_write_metadata(struct floe_storage *st, const struct floe_table_metadata *md, int version,
				char **uri_out, struct floe_err *err)
{
	struct floe_buf b = FLOE_BUF_INIT;
	char uuid[37];
	char *uri = NULL;
	size_t n;
	int rc = -1;

	*uri_out = NULL;
	if (floe_uuid4(uuid, err) < 0)
		goto out;
	n = strlen(md->location) + 80;
	if (!(uri = malloc(n))) {
		floe_err_set(err, "out of memory");
		goto out;
	}
	snprintf(uri, n, "%s/metadata/%05d-%s.metadata.json", md->location, version, uuid);
	if (floe_metadata_write(md, &b, err) < 0)
		goto out;
	if (floe_storage_put_bytes(st, uri, b.data, b.len, err) < 0) {
		struct floe_err e2;
		/* a put can fail after the object became visible: leave no orphan behind */
		if (floe_storage_delete(st, uri, &e2) < 0)
			floe_log_warn("removing a metadata file whose write failed: %s", e2.msg);
		goto out;
	}
	*uri_out = uri;
	uri = NULL;
	rc = 0;
out:
	free(uri);
	floe_buf_release(&b);
	return rc;
}

int floe_catalog_next_version(const char *base_location, const struct floe_table_metadata *base)
{
	int v = base_location ? floe_metadata_file_version(base_location) : -1;

	return v < 0 ? (int)base->n_metadata_log + 1 : v + 1;
}

int floe_catalog_pointer_commit(struct floe_catalog *c, struct floe_storage *st, const struct floe_catalog_commit *cc,
				floe_catalog_swap_fn swap, char **location, struct floe_table_metadata *md,
				struct floe_err *err)
{
	struct floe_table_metadata next;
	char *uri = NULL;
	int rc = -1;

	*location = NULL;
	memset(&next, 0, sizeof(next));
	if (floe_requirements_check(cc->base, cc->reqs, cc->n_reqs, err) < 0)
		goto out;
	if (floe_metadata_apply(&next, cc->base, cc->base_location, cc->ups, cc->n_ups, err) < 0)
		goto out;
	if (floe_catalog_write_metadata(st, &next, floe_catalog_next_version(cc->base_location, cc->base), &uri, err) < 0)
		goto out;
	floe_crash_point("before-pointer-swap");
	if (swap(c, cc->ns, cc->name, cc->base_location, uri, err) < 0) {
		struct floe_err e2;
		if (err->code == FLOE_EUNKNOWN) {
			floe_err_prefix(err, "outcome unknown: metadata file '%s' is kept; ", uri);
			*location = uri; /* the caller looks for it after a reload */
			uri = NULL;
		} else if (floe_storage_delete(st, uri, &e2) < 0)
			floe_log_warn("removing the metadata file of a failed commit: %s", e2.msg);
		goto out;
	}
	*md = next;
	memset(&next, 0, sizeof(next));
	*location = uri;
	uri = NULL;
	rc = 0;
out:
	if (next.schemas)
		floe_metadata_release(&next);
	free(uri);
	return rc;
}
