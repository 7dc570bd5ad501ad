/*
 * source.c — discovery of the published tables and their stream-identical
 * column mapping (see source.h).
 */
#include "pg/source.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/arena.h"
#include "core/buf.h"
#include "core/log.h"
#include "pg/pgoutput.h"
#include "pg/typelookup.h"

/* ---------- discovery ---------- */

static bool wanted(const struct floe_config *cfg, const char *schema, const char *table)
{
	if (cfg->source.n_tables == 0)
		return true;
	for (size_t i = 0; i < cfg->source.n_tables; i++) {
		const char *t = cfg->source.tables[i], *dot = strchr(t, '.');
		if (!dot) {
			if (!strcmp(schema, "public") && !strcmp(t, table))
				return true;
		} else if ((size_t)(dot - t) == strlen(schema) && !strncmp(t, schema, (size_t)(dot - t)) &&
			   !strcmp(dot + 1, table)) {
			return true;
		}
	}
	return false;
}

static void table_release(struct floe_src_table *t)
{
	free(t->schema);
	free(t->name);
	free(t->fields);
	free(t->key_cols);
	memset(t, 0, sizeof(*t));
}

void floe_src_release(struct floe_src *src)
{
	for (size_t i = 0; i < src->n; i++)
		table_release(&src->tables[i]);
	free(src->tables);
	if (src->rc)
		floe_pg_relcache_free(src->rc);
	memset(src, 0, sizeof(*src));
}

struct floe_src_table *floe_src_find(struct floe_src *src, uint32_t oid)
{
	for (size_t i = 0; i < src->n; i++)
		if (src->tables[i].oid == oid)
			return &src->tables[i];
	return NULL;
}

/* Column names of an index (primary key or replica identity), in index order. */
static int index_columns(struct floe_src *src, uint32_t oid, const char *which, PGresult **res, struct floe_err *err)
{
	char sql[400];

	snprintf(sql, sizeof(sql),
		 "SELECT a.attname FROM pg_catalog.pg_index i JOIN pg_catalog.pg_attribute a "
		 "ON a.attrelid = i.indrelid AND a.attnum = ANY (i.indkey) "
		 "WHERE i.indrelid = %u AND i.%s ORDER BY array_position(i.indkey, a.attnum)",
		 oid, which);
	return floe_conn_exec(src->conn, sql, res, err);
}

static int find_col(const struct floe_pg_relation *rel, const char *name)
{
	for (int c = 0; c < rel->ncols; c++)
		if (!strcmp(rel->cols[c].name, name))
			return c;
	return -1;
}

static int describe(struct floe_src *src, struct floe_src_table *t, const char *publication, struct floe_err *err)
{
	struct floe_arena a;
	struct floe_pg_msg msg;
	PGresult *cols = NULL, *pk = NULL, *ri = NULL, *key = NULL;
	char oid[16];
	const char *params[4] = { oid, publication, t->schema, t->name };
	int n, rc = -1;
	bool has_pk;

	floe_arena_init(&a, 0);
	/* published columns in attnum order (PG15+: the publication's column list); generated columns are never sent */
	snprintf(oid, sizeof(oid), "%u", t->oid);
	if (floe_conn_execp(src->conn,
			    src->conn->server_version >= 150000
				    ? "SELECT a.attname, a.atttypid, a.atttypmod FROM pg_catalog.pg_attribute a "
				      "WHERE a.attrelid = $1::oid AND a.attnum > 0 AND NOT a.attisdropped AND a.attgenerated = '' "
				      "AND a.attname::text = ANY ((SELECT pt.attnames FROM pg_catalog.pg_publication_tables pt "
				      "WHERE pt.pubname = $2 AND pt.schemaname = $3 AND pt.tablename = $4)::text[]) "
				      "ORDER BY a.attnum"
				    : "SELECT a.attname, a.atttypid, a.atttypmod FROM pg_catalog.pg_attribute a "
				      "WHERE a.attrelid = $1::oid AND a.attnum > 0 AND NOT a.attisdropped AND a.attgenerated = '' "
				      "AND $2::text IS NOT NULL AND $3::text IS NOT NULL AND $4::text IS NOT NULL "
				      "ORDER BY a.attnum",
			    4, params, &cols, err) != 0)
		goto out;
	n = PQntuples(cols);
	if (n == 0 || n > 1600) {
		floe_err_set(err, "table '%s.%s' has %d columns to replicate", t->schema, t->name, n);
		goto out;
	}
	if (index_columns(src, t->oid, "indisprimary", &pk, err) != 0 ||
	    index_columns(src, t->oid, "indisreplident", &ri, err) != 0)
		goto out;
	has_pk = PQntuples(pk) > 0;
	/* the Relation message pgoutput would send */
	memset(&msg, 0, sizeof(msg));
	msg.type = FLOE_PGM_RELATION;
	msg.u.relation.oid = t->oid;
	msg.u.relation.nspname = t->schema;
	msg.u.relation.relname = t->name;
	msg.u.relation.replident = t->replident;
	msg.u.relation.ncols = (uint16_t)n;
	msg.u.relation.cols = floe_arena_alloc(&a, (size_t)n * sizeof(struct floe_pg_relcol));
	if (!msg.u.relation.cols) {
		floe_err_set(err, "out of memory");
		goto out;
	}
	key = t->replident == 'i' ? ri : t->replident == 'd' ? pk : NULL;
	for (int i = 0; i < n; i++) {
		struct floe_pg_relcol *c = &msg.u.relation.cols[i];
		c->name = PQgetvalue(cols, i, 0);
		c->type_oid = (uint32_t)strtoul(PQgetvalue(cols, i, 1), NULL, 10);
		c->typmod = (int32_t)strtol(PQgetvalue(cols, i, 2), NULL, 10);
		c->flags = t->replident == 'f' ? 1 : 0;
		if (key)
			for (int k = 0; k < PQntuples(key); k++)
				if (!strcmp(PQgetvalue(key, k, 0), c->name))
					c->flags = 1;
	}
	if (floe_pg_relcache_apply(src->rc, &msg, err) != 0)
		goto out;
	t->rel = floe_pg_relcache_get(src->rc, t->oid);
	if (!t->rel) {
		floe_err_set(err, "table '%s.%s': relation cache lost it", t->schema, t->name);
		goto out;
	}
	t->ncols = t->rel->ncols;
	t->fields = calloc(t->ncols, sizeof(*t->fields));
	t->key_cols = calloc(t->ncols, sizeof(*t->key_cols));
	if (!t->fields || !t->key_cols) {
		floe_err_set(err, "out of memory");
		goto out;
	}
	floe_pg_relation_schema(t->rel, t->fields, NULL, NULL);
	/* the key exactly as the stream determines it (floe_pg_relation_key, shared with stream.c) */
	{
		const char *names[64], *unpublished;
		int n_pk = 0;
		bool is_pk;
		for (int k = 0; k < PQntuples(pk) && k < 64; k++)
			names[n_pk++] = PQgetvalue(pk, k, 0);
		/* the identity's columns must all be published (the Relation message only flags those that are) */
		key = t->replident == 'i' ? ri : pk;
		for (int k = 0; k < PQntuples(key); k++)
			if (find_col(t->rel, PQgetvalue(key, k, 0)) < 0) {
				floe_err_set(err, "table '%s.%s': key column '%s' is not published (add it to the "
						  "publication's column list)",
					     t->schema, t->name, PQgetvalue(key, k, 0));
				goto out;
			}
		t->nkeys = floe_pg_relation_key(t->rel, names, n_pk, false, t->key_cols, &is_pk, &unpublished);
		if (t->nkeys < 0) {
			floe_err_set(err, "table '%s.%s': key column '%s' is not published (add it to the publication's "
					  "column list)",
				     t->schema, t->name, unpublished);
			goto out;
		}
	}
	if (t->replident == 'f' && !has_pk) {
		floe_err_set(err, "table '%s.%s' has REPLICA IDENTITY FULL but no primary key: its rows need not be "
				  "unique, so floe cannot delete exactly the changed row in Iceberg (add a primary key, or "
				  "ALTER TABLE %s.%s REPLICA IDENTITY USING INDEX <a unique index>)",
			     t->schema, t->name, t->schema, t->name);
		goto out;
	}
	for (int i = 0; i < t->ncols; i++)
		t->fields[i].required = false;
	for (int k = 0; k < t->nkeys; k++) {
		struct floe_field *f = &t->fields[t->key_cols[k]];
		f->required = true;
		if (f->type.id == FLOE_T_FLOAT || f->type.id == FLOE_T_DOUBLE || f->type.id == FLOE_T_LIST) {
			floe_err_set(err, "table '%s.%s': key column '%s' maps to Iceberg %s, which cannot be an "
					  "identifier field (use a key of another type)",
				     t->schema, t->name, f->name, f->type.id == FLOE_T_LIST ? "list" : "float/double");
			goto out;
		}
	}
	rc = 0;
out:
	PQclear(cols);
	PQclear(pk);
	PQclear(ri);
	floe_arena_release(&a);
	return rc;
}

int floe_src_discover(struct floe_src *src, struct floe_conn *conn, const struct floe_config *cfg,
		      struct floe_err *err)
{
	struct floe_pg_resolver res;
	const char *params[1] = { cfg->source.publication };
	PGresult *r = NULL;
	int rc = -1;

	memset(src, 0, sizeof(*src));
	src->conn = conn;
	floe_pg_catalog_resolver(src->conn, &res);
	src->rc = floe_pg_relcache_new(&res);
	if (!src->rc)
		return floe_err_set(err, "out of memory");
	if (floe_conn_execp(conn,
			    "SELECT c.oid, n.nspname, c.relname, c.relreplident, c.reltuples::bigint, "
			    "pg_catalog.pg_relation_size(c.oid) / current_setting('block_size')::bigint, c.relkind, "
			    "rn.nspname, rc.relname "
			    "FROM pg_catalog.pg_publication_tables pt "
			    "JOIN pg_catalog.pg_namespace n ON n.nspname = pt.schemaname "
			    "JOIN pg_catalog.pg_class c ON c.relnamespace = n.oid AND c.relname = pt.tablename "
			    "JOIN pg_catalog.pg_class rc ON rc.oid = coalesce(pg_catalog.pg_partition_root(c.oid), c.oid) "
			    "JOIN pg_catalog.pg_namespace rn ON rn.oid = rc.relnamespace "
			    "WHERE pt.pubname = $1 ORDER BY 2, 3",
			    1, params, &r, err) != 0) {
		floe_err_prefix(err, "listing the tables of publication '%s': ", cfg->source.publication);
		goto out;
	}
	src->tables = calloc((size_t)PQntuples(r) + 1, sizeof(*src->tables));
	if (!src->tables) {
		floe_err_set(err, "out of memory");
		goto out;
	}
	for (int i = 0; i < PQntuples(r); i++) {
		struct floe_src_table *t;
		if (!wanted(cfg, PQgetvalue(r, i, 1), PQgetvalue(r, i, 2))) {
			/* source.tables names a partitioned root whose publication publishes the partitions
			 * (publish_via_partition_root = false): each partition is a table of its own */
			if (!cfg->source.n_tables || strcmp(PQgetvalue(r, i, 2), PQgetvalue(r, i, 8)) == 0 ||
			    !wanted(cfg, PQgetvalue(r, i, 7), PQgetvalue(r, i, 8)))
				continue;
			floe_log_info("source.tables names partitioned table %s.%s; publication '%s' publishes its "
				      "partitions (publish_via_partition_root = false), so partition %s.%s is replicated "
				      "as a table of its own",
				      PQgetvalue(r, i, 7), PQgetvalue(r, i, 8), cfg->source.publication,
				      PQgetvalue(r, i, 1), PQgetvalue(r, i, 2));
		}
		t = &src->tables[src->n++];
		t->oid = (uint32_t)strtoul(PQgetvalue(r, i, 0), NULL, 10);
		t->schema = strdup(PQgetvalue(r, i, 1));
		t->name = strdup(PQgetvalue(r, i, 2));
		t->replident = PQgetvalue(r, i, 3)[0];
		t->est_rows = strtoll(PQgetvalue(r, i, 4), NULL, 10);
		t->pages = strtoll(PQgetvalue(r, i, 5), NULL, 10);
		t->partitioned = PQgetvalue(r, i, 6)[0] == 'p';
		if (!t->schema || !t->name) {
			floe_err_set(err, "out of memory");
			goto out;
		}
		if (describe(src, t, cfg->source.publication, err) != 0)
			goto out;
	}
	for (size_t i = 0; i < cfg->source.n_tables; i++) {
		bool found = false;
		const struct floe_config one = { .source = { .tables = &cfg->source.tables[i], .n_tables = 1 } };
		for (size_t j = 0; j < src->n && !found; j++)
			found = wanted(&one, src->tables[j].schema, src->tables[j].name);
		for (int j = 0; j < PQntuples(r) && !found; j++)
			found = wanted(&one, PQgetvalue(r, j, 7), PQgetvalue(r, j, 8));
		if (!found) {
			floe_err_set(err, "table '%s' of source.tables is not in publication '%s' (run floe setup to add "
					  "it)",
				     cfg->source.tables[i], cfg->source.publication);
			goto out;
		}
	}
	rc = 0;
out:
	PQclear(r);
	if (rc)
		floe_src_release(src);
	return rc;
}

int floe_src_check_relation(const struct floe_src_table *t, const struct floe_field *fields, uint16_t ncols,
			    const int *key_cols, int nkeys, struct floe_err *err)
{
	char a[64], b[64];

	for (uint16_t i = 0; i < ncols && i < t->ncols; i++) {
		if (strcmp(fields[i].name, t->fields[i].name) != 0)
			return floe_err_set(err, "table '%s.%s' changed: column %u is now '%s', was '%s'; schema changes "
						 "are not supported yet (nothing after this change was written; restore "
						 "the column or re-create the Iceberg table)",
					    t->schema, t->name, i + 1, fields[i].name, t->fields[i].name);
		if (!floe_type_equal(&fields[i].type, &t->fields[i].type))
			return floe_err_set(err, "table '%s.%s' changed: column '%s' is now %s, was %s; schema changes are "
						 "not supported yet (nothing after this change was written)",
					    t->schema, t->name, fields[i].name, floe_type_str(&fields[i].type, a, sizeof(a)),
					    floe_type_str(&t->fields[i].type, b, sizeof(b)));
	}
	if (ncols > t->ncols)
		return floe_err_set(err, "table '%s.%s' changed: column '%s' was added; schema changes are not supported "
					 "yet (nothing after this change was written)",
				    t->schema, t->name, fields[t->ncols].name);
	if (ncols < t->ncols)
		return floe_err_set(err, "table '%s.%s' changed: column '%s' was dropped; schema changes are not "
					 "supported yet (nothing after this change was written)",
				    t->schema, t->name, t->fields[ncols].name);
	if (nkeys != t->nkeys || (nkeys && memcmp(key_cols, t->key_cols, (size_t)nkeys * sizeof(int)) != 0))
		return floe_err_set(err, "table '%s.%s' changed its key (primary key or replica identity); key changes "
					 "are not supported yet (nothing after this change was written)",
				    t->schema, t->name);
	return 0;
}
