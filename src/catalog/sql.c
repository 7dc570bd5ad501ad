/*
 * sql.c — the SQL catalog on SQLite or PostgreSQL (see catalog.h).
 *
 * One set of statements (written with $N parameters; rewritten to ?N for
 * SQLite) runs on either backend through a two-function shim: exec with text
 * parameters and text results. Tables follow the JDBC catalog layout; a
 * catalog whose iceberg_tables lacks iceberg_type (schema V0, as PyIceberg
 * creates it) is used without that column. Metadata files are read and
 * written through catalog.c's pointer-catalog helpers.
 */
#include "catalog/catalog.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <libpq-fe.h>
#include <sqlite3.h>

#include "core/log.h"
#include "iceberg/metadata.h"
#include "storage/storage.h"

struct sql_result {
	char **cells;   /* nrows * ncols, malloc'd strings (NULL for SQL NULL) */
	size_t nrows;
	size_t ncols;
	long affected;
};

struct sql_catalog {
	struct floe_catalog base;     /* first: the function table */
	char *name;
	char *where;          /* for messages: the sqlite path or the redacted DSN */
	sqlite3 *db;
	PGconn *pg;
	bool has_type_col;
};

static void result_free(struct sql_result *r)
{
	size_t i;

	for (i = 0; i < r->nrows * r->ncols; i++)
		free(r->cells[i]);
	free(r->cells);
	memset(r, 0, sizeof(*r));
}

static const char *cell(const struct sql_result *r, size_t row, size_t col)
{
	return r->cells[row * r->ncols + col];
}

static int add_row(struct sql_result *r, size_t ncols, struct floe_err *err)
{
	char **nc;

	r->ncols = ncols;
	nc = realloc(r->cells, (r->nrows + 1) * (ncols ? ncols : 1) * sizeof(char *));
	if (!nc)
		return floe_err_set(err, "out of memory");
	r->cells = nc;
	memset(r->cells + r->nrows * ncols, 0, ncols * sizeof(char *));
	r->nrows++;
	return 0;
}

/* ---------- SQLite ---------- */

static int lite_exec(struct sql_catalog *c, const char *sql, const char *const *params, int np,
		     struct sql_result *res, struct floe_err *err)
{
	char *q = malloc(strlen(sql) + 1), *d;
	const char *s;
	sqlite3_stmt *st = NULL;
	int rc, i, ret = -1;

	memset(res, 0, sizeof(*res));
	if (!q)
		return floe_err_set(err, "out of memory");
	for (s = sql, d = q; *s; s++)
		*d++ = (*s == '$' && s[1] >= '1' && s[1] <= '9') ? '?' : *s;
	*d = '\0';
	rc = sqlite3_prepare_v2(c->db, q, -1, &st, NULL);
	if (rc != SQLITE_OK) {
		floe_err_set(err, "sqlite catalog '%s': %s", c->where, sqlite3_errmsg(c->db));
		goto out;
	}
	for (i = 0; i < np; i++) {
		rc = params[i] ? sqlite3_bind_text(st, i + 1, params[i], -1, SQLITE_TRANSIENT)
			       : sqlite3_bind_null(st, i + 1);
		if (rc != SQLITE_OK) {
			floe_err_set(err, "sqlite catalog '%s': %s", c->where, sqlite3_errmsg(c->db));
			goto out;
		}
	}
	for (;;) {
		rc = sqlite3_step(st);
		if (rc == SQLITE_ROW) {
			int nc = sqlite3_column_count(st);
			if (add_row(res, (size_t)nc, err) < 0)
				goto out;
			for (i = 0; i < nc; i++) {
				const unsigned char *t = sqlite3_column_text(st, i);
				if (t && !(res->cells[(res->nrows - 1) * (size_t)nc + (size_t)i] = strdup((const char *)t))) {
					floe_err_set(err, "out of memory");
					goto out;
				}
			}
			continue;
		}
		if (rc == SQLITE_DONE)
			break;
		if (rc == SQLITE_CONSTRAINT)
			floe_err_setc(err, FLOE_CATALOG_EEXISTS, "sqlite catalog '%s': %s", c->where,
				      sqlite3_errmsg(c->db));
		else if (rc == SQLITE_BUSY || rc == SQLITE_LOCKED)
			floe_err_setc(err, FLOE_CATALOG_ECONFLICT, "sqlite catalog '%s': %s (another writer holds the lock)",
				      c->where, sqlite3_errmsg(c->db));
		else
			floe_err_set(err, "sqlite catalog '%s': %s", c->where, sqlite3_errmsg(c->db));
		goto out;
	}
	res->affected = sqlite3_changes(c->db);
	ret = 0;
out:
	sqlite3_finalize(st);
	free(q);
	if (ret < 0)
		result_free(res);
	return ret;
}

/* ---------- PostgreSQL ---------- */

/* libpq messages span lines ("...\n\tIs the server running..."): make them one line */
static void one_line(char *out, size_t outsz, const char *msg)
{
	size_t n = 0;
	bool space = false;

	for (; *msg && n + 1 < outsz; msg++) {
		if (*msg == '\n' || *msg == '\t' || *msg == '\r' || *msg == ' ') {
			space = n > 0;
			continue;
		}
		if (space && n + 2 < outsz)
			out[n++] = ' ';
		space = false;
		out[n++] = *msg;
	}
	out[n] = '\0';
}

static int pg_exec(struct sql_catalog *c, const char *sql, const char *const *params, int np,
		   struct sql_result *res, struct floe_err *err)
{
	PGresult *r;
	ExecStatusType st;
	int ret = -1, i, j;

	memset(res, 0, sizeof(*res));
	if (PQstatus(c->pg) != CONNECTION_OK) {
		PQreset(c->pg);
		if (PQstatus(c->pg) != CONNECTION_OK)
			return floe_err_set(err, "postgresql catalog '%s': connection lost: %s", c->where,
					    PQerrorMessage(c->pg));
	}
	r = PQexecParams(c->pg, sql, np, NULL, params, NULL, NULL, 0);
	st = PQresultStatus(r);
	if (st != PGRES_COMMAND_OK && st != PGRES_TUPLES_OK) {
		const char *state = PQresultErrorField(r, PG_DIAG_SQLSTATE);
		char msg[512];
		one_line(msg, sizeof(msg), PQerrorMessage(c->pg));
		if (state && !strcmp(state, "23505"))
			floe_err_setc(err, FLOE_CATALOG_EEXISTS, "postgresql catalog '%s': %s", c->where, msg);
		else if (state && (!strcmp(state, "40001") || !strcmp(state, "40P01")))
			floe_err_setc(err, FLOE_CATALOG_ECONFLICT, "postgresql catalog '%s': %s", c->where, msg);
		else if (PQstatus(c->pg) != CONNECTION_OK)
			floe_err_setc(err, FLOE_CATALOG_EUNKNOWN, "postgresql catalog '%s': connection lost: %s", c->where,
				      msg);
		else
			floe_err_set(err, "postgresql catalog '%s': %s", c->where, msg);
		goto out;
	}
	for (i = 0; i < PQntuples(r); i++) {
		if (add_row(res, (size_t)PQnfields(r), err) < 0)
			goto out;
		for (j = 0; j < PQnfields(r); j++) {
			if (PQgetisnull(r, i, j))
				continue;
			if (!(res->cells[(size_t)i * res->ncols + (size_t)j] = strdup(PQgetvalue(r, i, j)))) {
				floe_err_set(err, "out of memory");
				goto out;
			}
		}
	}
	res->affected = strtol(PQcmdTuples(r), NULL, 10);
	ret = 0;
out:
	PQclear(r);
	if (ret < 0)
		result_free(res);
	return ret;
}

static int run(struct sql_catalog *c, const char *sql, const char *const *params, int np,
	       struct sql_result *res, struct floe_err *err)
{
	struct sql_result tmp;
	int rc;

	rc = c->pg ? pg_exec(c, sql, params, np, res ? res : &tmp, err)
		   : lite_exec(c, sql, params, np, res ? res : &tmp, err);
	if (rc == 0 && !res)
		result_free(&tmp);
	return rc;
}

/* ---------- open / close ---------- */

bool floe_catalog_is_postgres_uri(const char *uri)
{
	return !strncmp(uri, "postgresql://", 13) || !strncmp(uri, "postgres://", 11) || strchr(uri, '=') != NULL;
}

static const char *const create_sql[] = {
	"CREATE TABLE IF NOT EXISTS iceberg_tables ("
	"catalog_name VARCHAR(255) NOT NULL, table_namespace VARCHAR(255) NOT NULL, "
	"table_name VARCHAR(255) NOT NULL, metadata_location VARCHAR(1000), "
	"previous_metadata_location VARCHAR(1000), iceberg_type VARCHAR(5), "
	"PRIMARY KEY (catalog_name, table_namespace, table_name))",
	"CREATE TABLE IF NOT EXISTS iceberg_namespace_properties ("
	"catalog_name VARCHAR(255) NOT NULL, namespace VARCHAR(255) NOT NULL, "
	"property_key VARCHAR(255), property_value VARCHAR(1000), "
	"PRIMARY KEY (catalog_name, namespace, property_key))",
};

static const struct floe_catalog_ops sql_ops;
static void sql_close(struct floe_catalog *base);

int floe_catalog_sql_open(const char *uri, const char *name, struct floe_catalog **out, struct floe_err *err)
{
	struct sql_catalog *c;
	struct sql_result r;
	size_t i;
	int rc = -1;
	bool oom = false;

	*out = NULL;
	if (!uri || !*uri)
		return floe_err_set(err, "catalog.uri is empty; give a SQLite file path or a postgresql:// DSN");
	c = calloc(1, sizeof(*c));
	if (!c)
		return floe_err_set(err, "out of memory");
	c->base.ops = &sql_ops;
	c->name = strdup(name && *name ? name : "floe");
	if (!c->name) {
		oom = true;
		goto out;
	}
	if (floe_catalog_is_postgres_uri(uri)) {
		char red[512];
		floe_log_redact_dsn(uri, red, sizeof(red));
		c->where = strdup(red);
		if (!c->where) {
			oom = true;
			goto out;
		}
		c->pg = PQconnectdb(uri);
		if (!c->pg) {
			oom = true;
			goto out;
		}
		if (PQstatus(c->pg) != CONNECTION_OK) {
			char msg[512];
			one_line(msg, sizeof(msg), PQerrorMessage(c->pg));
			floe_err_set(err, "postgresql catalog '%s': cannot connect: %s", c->where, msg);
			goto out;
		}
		/* quiet the NOTICE of CREATE TABLE IF NOT EXISTS */
		PQclear(PQexec(c->pg, "SET client_min_messages = warning"));
	} else {
		const char *path = !strncmp(uri, "sqlite:", 7) ? uri + 7 : uri;
		if (!strncmp(path, "//", 2))
			path += 2; /* sqlite:///abs/path */
		c->where = strdup(path);
		if (!c->where) {
			oom = true;
			goto out;
		}
		if (sqlite3_open_v2(path, &c->db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_FULLMUTEX,
				    NULL) != SQLITE_OK) {
			int e = access(path, F_OK) == 0 ? access(path, W_OK) : 0;
			char dir[4096];
			const char *slash = strrchr(path, '/');
			snprintf(dir, sizeof(dir), "%.*s", slash && slash != path ? (int)(slash - path) : 1,
				 slash ? path : ".");
			if (e != 0 || (access(path, F_OK) != 0 && access(dir, W_OK) != 0))
				floe_err_set(err, "sqlite catalog '%s': cannot open: %s is read-only for this user (fix its "
						  "permissions, run floe as its owner, or point catalog.uri elsewhere)",
					     path, e != 0 ? "the file" : "its directory");
			else
				floe_err_set(err, "sqlite catalog '%s': cannot open: %s", path,
					     c->db ? sqlite3_errmsg(c->db) : "out of memory");
			goto out;
		}
		sqlite3_busy_timeout(c->db, 30000);
	}
	for (i = 0; i < sizeof(create_sql) / sizeof(create_sql[0]); i++)
		if (run(c, create_sql[i], NULL, 0, NULL, err) < 0)
			goto out;
	if (run(c, "SELECT iceberg_type FROM iceberg_tables WHERE 1 = 0", NULL, 0, &r, err) == 0) {
		c->has_type_col = true;
		result_free(&r);
	}
	floe_err_clear(err);
	*out = &c->base;
	c = NULL;
	rc = 0;
out:
	if (oom)
		floe_err_set(err, "out of memory");
	if (c)
		sql_close(&c->base);
	return rc;
}

static void sql_close(struct floe_catalog *base)
{
	struct sql_catalog *c = (struct sql_catalog *)base;

	if (!c)
		return;
	if (c->db)
		sqlite3_close(c->db);
	if (c->pg)
		PQfinish(c->pg);
	free(c->name);
	free(c->where);
	free(c);
}

static const char *sql_backend(const struct floe_catalog *base)
{
	const struct sql_catalog *c = (const struct sql_catalog *)base;

	return c->pg ? "postgresql" : "sqlite";
}

/* ---------- namespaces ---------- */

static int check_name(const char *what, const char *s, struct floe_err *err)
{
	if (!s || !*s)
		return floe_err_set(err, "%s name is empty", what);
	if (strlen(s) > 255)
		return floe_err_set(err, "%s name '%s' is longer than 255 bytes", what, s);
	return 0;
}

static int sql_create_namespace(struct floe_catalog *base, const char *ns, struct floe_err *err)
{
	struct sql_catalog *c = (struct sql_catalog *)base;
	const char *p[] = { c->name, ns };

	if (check_name("namespace", ns, err) < 0)
		return -1;
	return run(c,
		   "INSERT INTO iceberg_namespace_properties (catalog_name, namespace, property_key, property_value) "
		   "VALUES ($1, $2, 'exists', 'true') ON CONFLICT DO NOTHING",
		   p, 2, NULL, err);
}

static int sql_namespace_exists(struct floe_catalog *base, const char *ns, bool *exists, struct floe_err *err)
{
	struct sql_catalog *c = (struct sql_catalog *)base;
	const char *p[] = { c->name, ns };
	struct sql_result r;

	*exists = false;
	if (run(c,
		"SELECT 1 FROM iceberg_namespace_properties WHERE catalog_name = $1 AND namespace = $2 "
		"UNION ALL SELECT 1 FROM iceberg_tables WHERE catalog_name = $1 AND table_namespace = $2",
		p, 2, &r, err) < 0)
		return -1;
	*exists = r.nrows > 0;
	result_free(&r);
	return 0;
}

static int strings_from(struct sql_result *r, char ***out, size_t *n, struct floe_err *err)
{
	size_t i;

	*out = calloc(r->nrows ? r->nrows : 1, sizeof(char *));
	*n = 0;
	if (!*out)
		return floe_err_set(err, "out of memory");
	for (i = 0; i < r->nrows; i++) {
		(*out)[i] = r->cells[i * r->ncols];
		r->cells[i * r->ncols] = NULL;
		if (!(*out)[i])
			(*out)[i] = strdup("");
		(*n)++;
	}
	return 0;
}

static int sql_list_namespaces(struct floe_catalog *base, char ***out, size_t *n, struct floe_err *err)
{
	struct sql_catalog *c = (struct sql_catalog *)base;
	const char *p[] = { c->name };
	struct sql_result r;
	int rc;

	if (run(c,
		"SELECT namespace FROM iceberg_namespace_properties WHERE catalog_name = $1 "
		"UNION SELECT table_namespace FROM iceberg_tables WHERE catalog_name = $1 ORDER BY 1",
		p, 1, &r, err) < 0)
		return -1;
	rc = strings_from(&r, out, n, err);
	result_free(&r);
	return rc;
}

static int sql_drop_namespace(struct floe_catalog *base, const char *ns, struct floe_err *err)
{
	struct sql_catalog *c = (struct sql_catalog *)base;
	const char *p[] = { c->name, ns };
	struct sql_result r;
	size_t ntab;

	if (run(c, "SELECT table_name FROM iceberg_tables WHERE catalog_name = $1 AND table_namespace = $2", p, 2, &r,
		err) < 0)
		return -1;
	ntab = r.nrows;
	result_free(&r);
	if (ntab)
		return floe_err_set(err, "namespace '%s' still has %zu table(s); drop them first", ns, ntab);
	if (run(c, "DELETE FROM iceberg_namespace_properties WHERE catalog_name = $1 AND namespace = $2", p, 2, &r,
		err) < 0)
		return -1;
	ntab = (size_t)r.affected;
	result_free(&r);
	if (!ntab)
		return floe_err_setc(err, FLOE_CATALOG_ENOTFOUND, "namespace '%s' does not exist", ns);
	return 0;
}

/* ---------- tables ---------- */

static int insert_table(struct sql_catalog *c, const char *ns, const char *name, const char *metadata_location,
			struct floe_err *err)
{
	const char *p[] = { c->name, ns, name, metadata_location };

	if (check_name("namespace", ns, err) < 0 || check_name("table", name, err) < 0)
		return -1;
	if (run(c,
		c->has_type_col ? "INSERT INTO iceberg_tables (catalog_name, table_namespace, table_name, "
				  "metadata_location, previous_metadata_location, iceberg_type) "
				  "VALUES ($1, $2, $3, $4, NULL, 'TABLE')"
				: "INSERT INTO iceberg_tables (catalog_name, table_namespace, table_name, "
				  "metadata_location, previous_metadata_location) VALUES ($1, $2, $3, $4, NULL)",
		p, 4, NULL, err) < 0) {
		if (err->code == FLOE_CATALOG_EEXISTS)
			return floe_err_setc(err, FLOE_CATALOG_EEXISTS, "table '%s.%s' already exists in catalog '%s'",
					     ns, name, c->name);
		return -1;
	}
	return 0;
}

static int load_pointer(struct sql_catalog *c, const char *ns, const char *name, char **metadata_location,
			struct floe_err *err)
{
	const char *p[] = { c->name, ns, name };
	struct sql_result r;
	int rc = -1;

	*metadata_location = NULL;
	if (run(c,
		c->has_type_col ? "SELECT metadata_location FROM iceberg_tables WHERE catalog_name = $1 AND "
				  "table_namespace = $2 AND table_name = $3 AND "
				  "(iceberg_type = 'TABLE' OR iceberg_type IS NULL)"
				: "SELECT metadata_location FROM iceberg_tables WHERE catalog_name = $1 AND "
				  "table_namespace = $2 AND table_name = $3",
		p, 3, &r, err) < 0)
		return -1;
	if (r.nrows == 0) {
		floe_err_setc(err, FLOE_CATALOG_ENOTFOUND, "table '%s.%s' does not exist in catalog '%s'", ns, name,
			      c->name);
		goto out;
	}
	if (!cell(&r, 0, 0) || !*cell(&r, 0, 0)) {
		floe_err_set(err, "table '%s.%s' has no metadata_location in catalog '%s'", ns, name, c->name);
		goto out;
	}
	*metadata_location = r.cells[0];
	r.cells[0] = NULL;
	rc = 0;
out:
	result_free(&r);
	return rc;
}

static int swap_pointer(struct floe_catalog *base, const char *ns, const char *name, const char *old_location,
			const char *new_location, struct floe_err *err)
{
	struct sql_catalog *c = (struct sql_catalog *)base;
	const char *p[] = { new_location, old_location, c->name, ns, name };
	struct sql_result r;
	long n;
	char *cur = NULL;

	if (run(c,
		c->has_type_col ? "UPDATE iceberg_tables SET metadata_location = $1, previous_metadata_location = $2 "
				  "WHERE catalog_name = $3 AND table_namespace = $4 AND table_name = $5 AND "
				  "metadata_location = $2 AND (iceberg_type = 'TABLE' OR iceberg_type IS NULL)"
				: "UPDATE iceberg_tables SET metadata_location = $1, previous_metadata_location = $2 "
				  "WHERE catalog_name = $3 AND table_namespace = $4 AND table_name = $5 AND "
				  "metadata_location = $2",
		p, 5, &r, err) < 0)
		return floe_err_prefix(err, "commit of '%s.%s': ", ns, name);
	n = r.affected;
	result_free(&r);
	if (n == 1)
		return 0;
	if (n > 1)
		return floe_err_setc(err, FLOE_CATALOG_EUNKNOWN, "commit of '%s.%s' updated %ld rows", ns, name, n);
	if (load_pointer(c, ns, name, &cur, err) < 0)
		return err->code == FLOE_CATALOG_ENOTFOUND ? floe_err_prefix(err, "commit: ") : -1;
	floe_err_setc(err, FLOE_CATALOG_ECONFLICT,
		      "commit of '%s.%s' lost a race: the table now points at '%s', not '%s'", ns, name, cur,
		      old_location);
	free(cur);
	return -1;
}

static int sql_list_tables(struct floe_catalog *base, const char *ns, struct floe_catalog_table **out, size_t *n,
			     struct floe_err *err)
{
	struct sql_catalog *c = (struct sql_catalog *)base;
	const char *p[] = { c->name, ns };
	struct sql_result r;
	size_t i;

	*out = NULL;
	*n = 0;
	if (run(c,
		ns ? "SELECT table_namespace, table_name, metadata_location FROM iceberg_tables "
		     "WHERE catalog_name = $1 AND table_namespace = $2 ORDER BY 1, 2"
		   : "SELECT table_namespace, table_name, metadata_location FROM iceberg_tables "
		     "WHERE catalog_name = $1 ORDER BY 1, 2",
		p, ns ? 2 : 1, &r, err) < 0)
		return -1;
	*out = calloc(r.nrows ? r.nrows : 1, sizeof(**out));
	if (!*out) {
		result_free(&r);
		return floe_err_set(err, "out of memory");
	}
	for (i = 0; i < r.nrows; i++) {
		(*out)[i].namespace_ = r.cells[i * 3];
		(*out)[i].name = r.cells[i * 3 + 1];
		(*out)[i].metadata_location = r.cells[i * 3 + 2];
		r.cells[i * 3] = r.cells[i * 3 + 1] = r.cells[i * 3 + 2] = NULL;
	}
	*n = r.nrows;
	result_free(&r);
	return 0;
}

static int sql_drop_table(struct floe_catalog *base, const char *ns, const char *name, struct floe_err *err)
{
	struct sql_catalog *c = (struct sql_catalog *)base;
	const char *p[] = { c->name, ns, name };
	struct sql_result r;
	long n;

	if (run(c, "DELETE FROM iceberg_tables WHERE catalog_name = $1 AND table_namespace = $2 AND table_name = $3",
		p, 3, &r, err) < 0)
		return -1;
	n = r.affected;
	result_free(&r);
	if (n == 0)
		return floe_err_setc(err, FLOE_CATALOG_ENOTFOUND, "table '%s.%s' does not exist in catalog '%s'", ns,
				     name, c->name);
	return 0;
}

/* ---------- tables through the function table ---------- */

static int sql_create_table(struct floe_catalog *base, struct floe_storage *st, const char *ns, const char *name,
			    const struct floe_table_metadata *md, char **location, struct floe_err *err)
{
	struct sql_catalog *c = (struct sql_catalog *)base;
	char *uri = NULL;

	if (check_name("namespace", ns, err) < 0 || check_name("table", name, err) < 0)
		return -1;
	if (floe_catalog_write_metadata(st, md, 0, &uri, err) < 0)
		return floe_err_prefix(err, "create table '%s.%s': ", ns, name);
	if (insert_table(c, ns, name, uri, err) < 0) {
		struct floe_err e2;
		if (floe_storage_delete(st, uri, &e2) < 0)
			floe_log_warn("removing the metadata file of a table not created: %s", e2.msg);
		free(uri);
		return -1;
	}
	*location = uri;
	return 0;
}

static int sql_load_table(struct floe_catalog *base, struct floe_storage *st, const char *ns, const char *name,
			  const char *known, char **location, struct floe_table_metadata *md, bool *unchanged,
			  struct floe_err *err)
{
	struct sql_catalog *c = (struct sql_catalog *)base;
	char *loc = NULL;

	if (load_pointer(c, ns, name, &loc, err) < 0)
		return -1;
	if (known && !strcmp(known, loc)) {
		*unchanged = true;
		*location = loc;
		return 0;
	}
	if (floe_catalog_read_metadata(st, loc, md, err) < 0) {
		free(loc);
		return -1;
	}
	*location = loc;
	return 0;
}

static int sql_commit_table(struct floe_catalog *base, struct floe_storage *st, const struct floe_catalog_commit *cc,
			    char **location, struct floe_table_metadata *md, struct floe_err *err)
{
	return floe_catalog_pointer_commit(base, st, cc, swap_pointer, location, md, err);
}

static const struct floe_catalog_ops sql_ops = {
	.backend = sql_backend,
	.close = sql_close,
	.create_namespace = sql_create_namespace,
	.namespace_exists = sql_namespace_exists,
	.list_namespaces = sql_list_namespaces,
	.drop_namespace = sql_drop_namespace,
	.list_tables = sql_list_tables,
	.drop_table = sql_drop_table,
	.create_table = sql_create_table,
	.load_table = sql_load_table,
	.commit_table = sql_commit_table,
};
