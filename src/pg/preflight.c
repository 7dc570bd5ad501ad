/*
 * preflight.c — the read-only checks of `floe check` (see preflight.h):
 * connection, server version, wal_level, slot and walsender capacity,
 * replication privilege, the publication and the tables it covers (SELECT
 * rights, primary key or REPLICA IDENTITY FULL, TOAST columns), and the slot
 * (plugin, database, wal_status, retained WAL). Every query runs on one
 * ordinary connection; nothing is created or changed.
 */
#include "pg/preflight.h"

#include <inttypes.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "pg/conn.h"

#define MIN_SERVER_VERSION 140000
#define WAL_RETAINED_WARN (1024LL * 1048576LL)

struct ctx {
	const struct floe_config *cfg;
	struct floe_conn conn;
	floe_preflight_emit_fn emit;
	floe_preflight_warehouse_fn wh;
	void *arg;
	struct floe_preflight_report *rep;
	char *q_pub;           /* publication as a quoted identifier */
	char *q_slot, *lit_slot;
	char *q_role;          /* current_user, quoted */
	char *oids;            /* "{1,2,3}": the tables to check, for = ANY($1::oid[]) */
	bool oom;
};

static void report(struct ctx *c, enum floe_check_level lvl, const char *fix, const char *fmt, ...)
	FLOE_PRINTF(4, 5);

static void report(struct ctx *c, enum floe_check_level lvl, const char *fix, const char *fmt, ...)
{
	char what[2048];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(what, sizeof(what), fmt, ap);
	va_end(ap);
	if (lvl == FLOE_CHECK_OK)
		c->rep->n_ok++;
	else if (lvl == FLOE_CHECK_WARN)
		c->rep->n_warn++;
	else
		c->rep->n_fail++;
	c->emit(c->arg, lvl, what, lvl == FLOE_CHECK_OK ? NULL : fix);
}

void floe_preflight_pretty_bytes(int64_t n, char *out, size_t outsz)
{
	static const char *const units[] = { "KiB", "MiB", "GiB", "TiB", "PiB" };
	double v = (double)n;
	size_t u = 0;

	if (n < 1024) {
		snprintf(out, outsz, "%" PRId64 " bytes", n);
		return;
	}
	v /= 1024.0;
	while (v >= 1024.0 && u + 1 < sizeof(units) / sizeof(units[0])) {
		v /= 1024.0;
		u++;
	}
	snprintf(out, outsz, "%.1f %s", v, units[u]);
}

int floe_preflight_split_table(const char *qualified, char *schema, size_t schema_sz, char *table, size_t table_sz,
			       struct floe_err *err)
{
	const char *dot = strchr(qualified, '.');
	size_t sl;

	if (!dot || dot == qualified || !dot[1])
		return floe_err_set(err, "'%s' is not a 'schema.table' name", qualified);
	sl = (size_t)(dot - qualified);
	if (sl >= schema_sz || strlen(dot + 1) >= table_sz)
		return floe_err_set(err, "table name '%s' is too long", qualified);
	memcpy(schema, qualified, sl);
	schema[sl] = '\0';
	memcpy(table, dot + 1, strlen(dot + 1) + 1);
	return 0;
}

/* A query whose failure becomes a fail line about `what`. */
static PGresult *query(struct ctx *c, const char *what, const char *sql, int n, const char *const *params)
{
	PGresult *r = NULL;
	struct floe_err e = { 0 };

	if (floe_conn_execp(&c->conn, sql, n, params, &r, &e) != 0) {
		report(c, FLOE_CHECK_FAIL, "run 'floe check' as a role that can read the system catalogs",
		       "cannot check %s: %s", what, e.msg);
		return NULL;
	}
	return r;
}

enum floe_check_level floe_preflight_version(int server_version, char *what, size_t what_sz, const char **fix)
{
	char v[32];

	floe_conn_version_text(server_version, v, sizeof(v));
	if (server_version < MIN_SERVER_VERSION) {
		snprintf(what, what_sz, "server version %s is not supported (floe needs PostgreSQL 14 or later)", v);
		*fix = "upgrade the source to PostgreSQL 14 or later";
		return FLOE_CHECK_FAIL;
	}
	snprintf(what, what_sz, "server version %s", v);
	*fix = NULL;
	return FLOE_CHECK_OK;
}

static void check_version(struct ctx *c)
{
	char what[128];
	const char *fix = NULL;
	enum floe_check_level lvl = floe_preflight_version(c->conn.server_version, what, sizeof(what), &fix);

	report(c, lvl, fix, "%s", what);
}

static void check_settings(struct ctx *c)
{
	PGresult *r;
	const char *wal_level;
	long max_slots, used_slots, max_senders, used_senders;
	bool slot_exists, slot_sender;
	const char *params[1] = { c->cfg->source.slot };
	char fix[256];

	r = query(c, "server settings",
		  "SELECT current_setting('wal_level'), current_setting('max_replication_slots')::int, "
		  "(SELECT count(*) FROM pg_replication_slots), current_setting('max_wal_senders')::int, "
		  "(SELECT count(*) FROM pg_stat_activity WHERE backend_type = 'walsender'), "
		  "EXISTS (SELECT 1 FROM pg_replication_slots WHERE slot_name = $1), "
		  "EXISTS (SELECT 1 FROM pg_replication_slots s JOIN pg_stat_activity a ON a.pid = s.active_pid "
		  "WHERE s.slot_name = $1 AND a.backend_type = 'walsender')",
		  1, params);
	if (!r)
		return;
	wal_level = PQgetvalue(r, 0, 0);
	max_slots = strtol(PQgetvalue(r, 0, 1), NULL, 10);
	used_slots = strtol(PQgetvalue(r, 0, 2), NULL, 10);
	max_senders = strtol(PQgetvalue(r, 0, 3), NULL, 10);
	used_senders = strtol(PQgetvalue(r, 0, 4), NULL, 10);
	slot_exists = PQgetvalue(r, 0, 5)[0] == 't';
	slot_sender = PQgetvalue(r, 0, 6)[0] == 't';

	if (!strcmp(wal_level, "logical"))
		report(c, FLOE_CHECK_OK, NULL, "wal_level = logical");
	else
		report(c, FLOE_CHECK_FAIL, "ALTER SYSTEM SET wal_level = logical; then restart PostgreSQL",
		       "wal_level is '%s', logical decoding needs 'logical'", wal_level);

	if (slot_exists || used_slots < max_slots) {
		report(c, FLOE_CHECK_OK, NULL, "max_replication_slots = %ld (%ld in use%s)", max_slots, used_slots,
		       slot_exists ? ", one of them floe's" : "");
	} else {
		snprintf(fix, sizeof(fix), "ALTER SYSTEM SET max_replication_slots = %ld; then restart PostgreSQL "
			 "(or drop an unused slot)", used_slots + 2);
		report(c, FLOE_CHECK_FAIL, fix, "max_replication_slots = %ld and all %ld are in use", max_slots,
		       used_slots);
	}
	/* a WAL sender already streaming floe's slot is the one floe would use */
	if (used_senders < max_senders || slot_sender) {
		report(c, FLOE_CHECK_OK, NULL, "max_wal_senders = %ld (%ld in use%s)", max_senders, used_senders,
		       slot_sender ? ", one of them on floe's slot" : "");
	} else {
		snprintf(fix, sizeof(fix), "ALTER SYSTEM SET max_wal_senders = %ld; then restart PostgreSQL",
			 used_senders + 2);
		report(c, FLOE_CHECK_FAIL, fix, "max_wal_senders = %ld and all %ld are in use", max_senders,
		       used_senders);
	}
	PQclear(r);
}

static void check_role(struct ctx *c)
{
	PGresult *r;
	char fix[512];
	const char *user;
	bool super, repl, rds;

	r = query(c, "the role's privileges",
		  "SELECT current_user, quote_ident(current_user), r.rolsuper, r.rolreplication, "
		  "EXISTS (SELECT 1 FROM pg_roles g WHERE g.rolname = 'rds_replication' "
		  "AND pg_has_role(current_user, g.oid, 'member')) "
		  "FROM pg_roles r WHERE r.rolname = current_user",
		  0, NULL);
	if (!r)
		return;
	if (PQntuples(r) != 1) {
		report(c, FLOE_CHECK_FAIL, "connect as an ordinary login role", "cannot find the current role in pg_roles");
		PQclear(r);
		return;
	}
	user = PQgetvalue(r, 0, 0);
	c->q_role = strdup(PQgetvalue(r, 0, 1));
	if (!c->q_role)
		c->oom = true;
	super = PQgetvalue(r, 0, 2)[0] == 't';
	repl = PQgetvalue(r, 0, 3)[0] == 't';
	rds = PQgetvalue(r, 0, 4)[0] == 't';
	if (super)
		report(c, FLOE_CHECK_OK, NULL, "role '%s' is a superuser", user);
	else if (repl)
		report(c, FLOE_CHECK_OK, NULL, "role '%s' has REPLICATION", user);
	else if (rds)
		report(c, FLOE_CHECK_OK, NULL, "role '%s' is a member of rds_replication", user);
	else {
		snprintf(fix, sizeof(fix), "ALTER ROLE %s REPLICATION; (on Amazon RDS: GRANT rds_replication TO %s;)",
			 PQgetvalue(r, 0, 1), PQgetvalue(r, 0, 1));
		report(c, FLOE_CHECK_FAIL, fix, "role '%s' may not use replication (neither REPLICATION nor superuser)",
		       user);
	}
	PQclear(r);
}

/* Appends "a, b, c" (at most `max` names, then "and N more"). */
static void name_list(struct floe_buf *b, PGresult *r, int col, int max)
{
	int i, n = PQntuples(r);

	for (i = 0; i < n && i < max; i++) {
		if (i)
			floe_buf_puts(b, ", ");
		floe_buf_puts(b, PQgetvalue(r, i, col));
	}
	if (n > max)
		floe_buf_printf(b, " and %d more", n - max);
}

/* The publication, its tables and the source.tables it must cover. Leaves
 * c->oids = the tables whose rights and identity are then checked. */
int floe_preflight_publish_mismatch(bool ins, bool upd, bool del, bool trunc, bool strict,
				    const struct floe_config *cfg, char *what, size_t what_sz, char *fix, size_t fix_sz)
{
	const char *pub = cfg->source.publication;
	char has[64] = "", lacks[64] = "";

	snprintf(has, sizeof(has), "%s%s%s%s", ins ? ", insert" : "", upd ? ", update" : "", del ? ", delete" : "",
		 trunc ? ", truncate" : "");
	snprintf(lacks, sizeof(lacks), "%s%s%s%s", ins ? "" : ", inserts", upd ? "" : ", updates",
		 del ? "" : ", deletes", trunc ? "" : ", truncates");
	if (!ins) {
		snprintf(what, what_sz, "publication '%s' does not publish inserts (publish = '%s'), so floe would "
			 "receive no new rows", pub, has[0] ? has + 2 : "");
		snprintf(fix, fix_sz, "ALTER PUBLICATION \"%s\" SET (publish = '%s');", pub,
			 cfg->source.insert_only ? "insert" : "insert, update, delete, truncate");
		return -1;
	}
	if (!cfg->source.insert_only && (!upd || !del || !trunc)) {
		snprintf(what, what_sz, "publication '%s' publishes only '%s', so floe would silently miss the %s made "
			 "at the source", pub, has + 2, lacks + 2);
		snprintf(fix, fix_sz, "ALTER PUBLICATION \"%s\" SET (publish = 'insert, update, delete, truncate'); (each "
			 "table then needs a replica identity), or, if the tables are append-only, set "
			 "source.publish: insert", pub);
		return -1;
	}
	if (strict && cfg->source.insert_only && (upd || del)) {
		snprintf(what, what_sz, "publication '%s' publishes '%s', but source.publish is 'insert'", pub, has + 2);
		snprintf(fix, fix_sz, "ALTER PUBLICATION \"%s\" SET (publish = 'insert'); or remove source.publish", pub);
		return -1;
	}
	return 0;
}

static void check_publication(struct ctx *c)
{
	const struct floe_config *cfg = c->cfg;
	const char *pub = cfg->source.publication;
	const char *params[2] = { pub, NULL };
	struct floe_buf oids = FLOE_BUF_INIT, fix = FLOE_BUF_INIT, names = FLOE_BUF_INIT;
	PGresult *r = NULL, *t = NULL;
	bool exists = false, all_tables = false;
	size_t i;
	int k;

	floe_buf_putc(&oids, '{');
	r = query(c, "the publication",
		  "SELECT puballtables, pubinsert, pubupdate, pubdelete, pubtruncate FROM pg_publication "
		  "WHERE pubname = $1",
		  1, params);
	if (!r)
		goto out;
	exists = PQntuples(r) == 1;
	if (!exists) {
		floe_buf_printf(&fix, "run 'floe setup -c %s', or CREATE PUBLICATION %s FOR TABLE ...;", cfg->path,
				c->q_pub);
		report(c, FLOE_CHECK_FAIL, floe_buf_cstr(&fix), "publication '%s' does not exist", pub);
	} else {
		bool ins = PQgetvalue(r, 0, 1)[0] == 't', upd = PQgetvalue(r, 0, 2)[0] == 't',
		     del = PQgetvalue(r, 0, 3)[0] == 't', trunc = PQgetvalue(r, 0, 4)[0] == 't';
		char what[512], pfix[512];
		all_tables = PQgetvalue(r, 0, 0)[0] == 't';
		if (floe_preflight_publish_mismatch(ins, upd, del, trunc, true, cfg, what, sizeof(what), pfix,
						    sizeof(pfix)) != 0) {
			/* insert-only wanted, more published: works, but PostgreSQL needs the identities */
			report(c, cfg->source.insert_only && ins ? FLOE_CHECK_WARN : FLOE_CHECK_FAIL, pfix, "%s", what);
		} else if (cfg->source.insert_only) {
			report(c, FLOE_CHECK_WARN, "nothing, if the tables are append-only; else remove source.publish "
			       "and give each table a replica identity",
			       "publication '%s' publishes inserts only (source.publish: insert): UPDATE, DELETE and "
			       "TRUNCATE at the source are not mirrored", pub);
		}
	}
	PQclear(r);
	r = NULL;

	if (exists) {
		r = query(c, "the publication's tables",
			  "SELECT c.oid, format('%I.%I', pt.schemaname, pt.tablename), pt.schemaname || '.' || pt.tablename "
			  "FROM pg_publication_tables pt "
			  "JOIN pg_namespace n ON n.nspname = pt.schemaname "
			  "JOIN pg_class c ON c.relnamespace = n.oid AND c.relname = pt.tablename "
			  "WHERE pt.pubname = $1 ORDER BY 3",
			  1, params);
		if (!r)
			goto out;
		floe_buf_reset(&names);
		name_list(&names, r, 2, 10);
		if (PQntuples(r) == 0) {
			floe_buf_reset(&fix);
			floe_buf_printf(&fix, "ALTER PUBLICATION %s ADD TABLE <schema.table>;", c->q_pub);
			report(c, FLOE_CHECK_WARN, floe_buf_cstr(&fix), "publication '%s'%s covers no tables yet", pub,
			       all_tables ? " (FOR ALL TABLES)" : "");
		} else {
			report(c, FLOE_CHECK_OK, NULL, "publication '%s'%s covers %d table%s: %s", pub,
			       all_tables ? " (FOR ALL TABLES)" : "", PQntuples(r), PQntuples(r) == 1 ? "" : "s",
			       floe_buf_cstr(&names));
		}
		if (cfg->source.n_tables == 0) {
			for (k = 0; k < PQntuples(r); k++)
				floe_buf_printf(&oids, "%s%s", k ? "," : "", PQgetvalue(r, k, 0));
		}
	}

	/* every table in source.tables must exist and be published */
	for (i = 0; i < cfg->source.n_tables; i++) {
		char schema[256], table[256];
		const char *p2[2];
		struct floe_err e = { 0 };
		bool covered = false;

		if (floe_preflight_split_table(cfg->source.tables[i], schema, sizeof(schema), table, sizeof(table), &e)) {
			report(c, FLOE_CHECK_FAIL, "fix source.tables in the config file", "%s", e.msg);
			continue;
		}
		p2[0] = schema;
		p2[1] = table;
		t = query(c, "source.tables",
			  "SELECT c.oid, format('%I.%I', n.nspname, c.relname), c.relkind FROM pg_class c "
			  "JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = $1 AND c.relname = $2",
			  2, p2);
		if (!t)
			goto out;
		if (PQntuples(t) == 1 && !strchr("rp", PQgetvalue(t, 0, 2)[0])) {
			report(c, FLOE_CHECK_FAIL, "list only tables in source.tables (views and other relations "
						   "cannot be published)",
			       "'%s' from source.tables is not a table (relkind '%s')", cfg->source.tables[i],
			       PQgetvalue(t, 0, 2));
			PQclear(t);
			t = NULL;
			continue;
		}
		if (PQntuples(t) != 1) {
			report(c, FLOE_CHECK_FAIL, "create it, or fix source.tables (names are case-sensitive, as in the "
						   "catalog)",
			       "table '%s' from source.tables does not exist", cfg->source.tables[i]);
			PQclear(t);
			t = NULL;
			continue;
		}
		floe_buf_printf(&oids, "%s%s", oids.len > 1 ? "," : "", PQgetvalue(t, 0, 0));
		if (exists && r) {
			for (k = 0; k < PQntuples(r); k++)
				if (!strcmp(PQgetvalue(r, k, 0), PQgetvalue(t, 0, 0)))
					covered = true;
			if (!covered) {
				floe_buf_reset(&fix);
				floe_buf_printf(&fix, "ALTER PUBLICATION %s ADD TABLE %s; (or run 'floe setup -c %s')",
						c->q_pub, PQgetvalue(t, 0, 1), cfg->path);
				report(c, FLOE_CHECK_FAIL, floe_buf_cstr(&fix),
				       "table '%s' from source.tables is not in publication '%s'", cfg->source.tables[i],
				       pub);
			}
		}
		PQclear(t);
		t = NULL;
	}
	floe_buf_putc(&oids, '}');
	if (oids.failed || fix.failed || names.failed) {
		c->oom = true;
		goto out;
	}
	c->oids = floe_buf_detach(&oids, NULL);
	if (!c->oids)
		c->oom = true;
out:
	if (r)
		PQclear(r);
	if (t)
		PQclear(t);
	floe_buf_release(&oids);
	floe_buf_release(&fix);
	floe_buf_release(&names);
}

static void check_tables(struct ctx *c)
{
	const char *params[1] = { c->oids };
	struct floe_buf fix = FLOE_BUF_INIT;
	PGresult *r;
	int i, n_ok = 0;

	if (!c->oids || !strcmp(c->oids, "{}"))
		return;
	r = query(c, "the published tables",
		  "SELECT n.nspname || '.' || c.relname, format('%I.%I', n.nspname, c.relname), c.relreplident, "
		  "EXISTS (SELECT 1 FROM pg_index i WHERE i.indrelid = c.oid AND i.indisprimary), "
		  "has_table_privilege(c.oid, 'SELECT'), "
		  "(SELECT string_agg(a.attname, ', ' ORDER BY a.attnum) FROM pg_attribute a "
		  " WHERE a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped AND a.attlen = -1 "
		  " AND a.attstorage <> 'p' AND a.attgenerated = '' "
		  /* bounded well below the TOAST threshold: numeric(p,s), varchar(n)/char(n) up to 500 */
		  " AND NOT (a.atttypid = 'numeric'::regtype AND a.atttypmod <> -1) "
		  " AND NOT (a.atttypid IN ('varchar'::regtype, 'bpchar'::regtype) AND a.atttypmod BETWEEN 5 AND 504)), "
		  "(SELECT string_agg(a.attname, ', ' ORDER BY a.attnum) FROM pg_attribute a "
		  " WHERE a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped AND a.attgenerated <> '') "
		  "FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
		  "WHERE c.oid = ANY($1::oid[]) ORDER BY 1",
		  1, params);
	if (!r)
		return;
	for (i = 0; i < PQntuples(r); i++) {
		const char *name = PQgetvalue(r, i, 0), *q = PQgetvalue(r, i, 1);
		char ident = PQgetvalue(r, i, 2)[0];
		bool pk = PQgetvalue(r, i, 3)[0] == 't', sel = PQgetvalue(r, i, 4)[0] == 't';
		bool toast = !PQgetisnull(r, i, 5);
		bool bad = false;

		if (!sel) {
			floe_buf_reset(&fix);
			floe_buf_printf(&fix, "GRANT SELECT ON %s TO %s;", q, c->q_role ? c->q_role : "<role>");
			report(c, FLOE_CHECK_FAIL, floe_buf_cstr(&fix), "role cannot SELECT from table '%s'", name);
			bad = true;
		}
		if ((ident == 'n' || (ident == 'd' && !pk)) && c->cfg->source.insert_only) {
			/* inserts only (source.publish: insert): PostgreSQL needs no identity, floe appends */
		} else if (ident == 'n' || (ident == 'd' && !pk)) {
			floe_buf_reset(&fix);
			if (ident == 'n' && pk)
				floe_buf_printf(&fix, "ALTER TABLE %s REPLICA IDENTITY DEFAULT;", q);
			else
				floe_buf_printf(&fix, "ALTER TABLE %s ADD PRIMARY KEY (<columns>); or ALTER TABLE %s "
						      "REPLICA IDENTITY USING INDEX <a unique index>;",
						q, q);
			report(c, FLOE_CHECK_FAIL, floe_buf_cstr(&fix),
			       "table '%s' has %s, so its updates and deletes cannot be mirrored", name,
			       ident == 'n' ? "REPLICA IDENTITY NOTHING" : "no primary key and REPLICA IDENTITY DEFAULT");
			bad = true;
		} else if (ident == 'f' && !pk) {
			/* floe run refuses it: equal rows cannot be told apart by an equality delete */
			floe_buf_reset(&fix);
			floe_buf_printf(&fix, "ALTER TABLE %s ADD PRIMARY KEY (<columns>); or ALTER TABLE %s REPLICA "
					      "IDENTITY USING INDEX <a unique index>;",
					q, q);
			report(c, FLOE_CHECK_FAIL, floe_buf_cstr(&fix),
			       "table '%s' has REPLICA IDENTITY FULL but no primary key: its rows need not be unique, so "
			       "floe cannot remove exactly the changed row from Iceberg",
			       name);
			bad = true;
		} else if (ident != 'f' && toast) {
			floe_buf_reset(&fix);
			floe_buf_printf(&fix, "nothing required; ALTER TABLE %s REPLICA IDENTITY FULL; avoids it at the "
					      "cost of more WAL",
					q);
			report(c, FLOE_CHECK_WARN, floe_buf_cstr(&fix),
			       "table '%s' has TOAST-able columns (%s) and REPLICA IDENTITY %s: updates that leave a "
			       "large value unchanged do not send it, so floe takes the slower path to fill it in",
			       name, PQgetvalue(r, i, 5), ident == 'i' ? "USING INDEX" : "DEFAULT");
		}
		if (!PQgetisnull(r, i, 6)) {
			floe_buf_reset(&fix);
			floe_buf_printf(&fix, "nothing required; compute them in the query engine if needed");
			report(c, FLOE_CHECK_WARN, floe_buf_cstr(&fix),
			       "table '%s' has generated columns (%s): pgoutput on PostgreSQL 15 does not send them, so "
			       "the Iceberg table leaves them out",
			       name, PQgetvalue(r, i, 6));
		}
		if (!bad)
			n_ok++;
	}
	if (fix.failed)
		c->oom = true;
	if (n_ok > 0)
		report(c, FLOE_CHECK_OK, NULL, "%d of %d table%s readable, with a primary key or REPLICA IDENTITY FULL",
		       n_ok, PQntuples(r), PQntuples(r) == 1 ? "" : "s");
	PQclear(r);
	floe_buf_release(&fix);
}

static void check_slot(struct ctx *c)
{
	const char *slot = c->cfg->source.slot;
	const char *params[1] = { slot };
	struct floe_buf fix = FLOE_BUF_INIT;
	PGresult *r;
	const char *plugin, *type, *db, *status;
	char pretty[64];
	int64_t retained;

	r = query(c, "the replication slot",
		  "SELECT coalesce(s.plugin, ''), s.slot_type, coalesce(s.database::text, ''), "
		  "current_database(), s.active, coalesce(s.wal_status, ''), "
		  "coalesce(pg_wal_lsn_diff(CASE WHEN pg_is_in_recovery() THEN pg_last_wal_replay_lsn() "
		  "ELSE pg_current_wal_lsn() END, s.restart_lsn), 0)::bigint, coalesce(s.active_pid::text, '') "
		  "FROM pg_replication_slots s WHERE s.slot_name = $1",
		  1, params);
	if (!r)
		return;
	if (PQntuples(r) == 0) {
		struct floe_preflight_warehouse w;
		memset(&w, 0, sizeof(w));
		if (c->wh && c->wh(c->arg, &w) != 0) {
			floe_buf_printf(&fix, "make the warehouse readable, then run floe check again");
			report(c, FLOE_CHECK_FAIL, floe_buf_cstr(&fix),
			       "replication slot '%s' does not exist, and the warehouse cannot be read to tell whether "
			       "a new one would miss changes: %s", slot, w.first);
		} else if (w.replicated) {
			floe_buf_printf(&fix, "'floe setup -c %s --resnapshot' (the next floe run copies the tables again "
					      "from a new slot and replaces their contents)", c->cfg->path);
			report(c, FLOE_CHECK_FAIL, floe_buf_cstr(&fix),
			       "replication slot '%s' does not exist, but Iceberg table '%s'%s was replicated through it "
			       "up to %s: the changes made since are in no slot", slot, w.first,
			       w.replicated > 1 ? " (and others)" : "", w.lsn);
		} else if (w.marked) {
			floe_buf_printf(&fix, "run 'floe run -c %s': it creates the slot and copies them", c->cfg->path);
			report(c, FLOE_CHECK_WARN, floe_buf_cstr(&fix),
			       "replication slot '%s' does not exist yet; %zu Iceberg table%s marked for a new copy", slot,
			       w.marked, w.marked == 1 ? " is" : "s are");
		} else {
			floe_buf_printf(&fix, "run 'floe setup -c %s' to create it", c->cfg->path);
			report(c, FLOE_CHECK_WARN, floe_buf_cstr(&fix), "replication slot '%s' does not exist yet", slot);
		}
		goto out;
	}
	plugin = PQgetvalue(r, 0, 0);
	type = PQgetvalue(r, 0, 1);
	db = PQgetvalue(r, 0, 2);
	status = PQgetvalue(r, 0, 5);
	retained = strtoll(PQgetvalue(r, 0, 6), NULL, 10);
	floe_preflight_pretty_bytes(retained, pretty, sizeof(pretty));
	floe_buf_printf(&fix, "SELECT pg_drop_replication_slot(%s); then 'floe setup -c %s' (or set source.slot to "
			      "another name)",
			c->lit_slot, c->cfg->path);
	if (strcmp(type, "logical") != 0) {
		report(c, FLOE_CHECK_FAIL, floe_buf_cstr(&fix), "replication slot '%s' is a %s slot, floe needs a "
								 "logical one", slot, type);
	} else if (strcmp(plugin, "pgoutput") != 0) {
		report(c, FLOE_CHECK_FAIL, floe_buf_cstr(&fix),
		       "replication slot '%s' uses plugin '%s', floe needs 'pgoutput'", slot, plugin);
	} else if (strcmp(db, PQgetvalue(r, 0, 3)) != 0) {
		report(c, FLOE_CHECK_FAIL, "point source.dsn at that database, or set source.slot to another name",
		       "replication slot '%s' belongs to database '%s', not '%s'", slot, db, PQgetvalue(r, 0, 3));
	} else if (!strcmp(status, "lost")) {
		floe_buf_reset(&fix);
		floe_buf_printf(&fix, "'floe setup -c %s --resnapshot' (drops the slot; the next floe run copies the "
				      "tables again from a new one and replaces their contents)",
				c->cfg->path);
		report(c, FLOE_CHECK_FAIL, floe_buf_cstr(&fix),
		       "replication slot '%s' has lost WAL it needs (wal_status = lost) and can no longer be used", slot);
	} else if (!strcmp(status, "unreserved")) {
		report(c, FLOE_CHECK_WARN, "start 'floe run' now so it catches up, or raise max_slot_wal_keep_size",
		       "replication slot '%s' retains %s of WAL and is about to lose it (wal_status = unreserved)", slot,
		       pretty);
	} else if (retained >= WAL_RETAINED_WARN) {
		report(c, FLOE_CHECK_WARN, "start 'floe run' so it catches up, or drop the slot if it is abandoned",
		       "replication slot '%s' (pgoutput) retains %s of WAL (wal_status = %s)", slot, pretty, status);
	} else {
		report(c, FLOE_CHECK_OK, NULL, "replication slot '%s' (pgoutput) retains %s of WAL (wal_status = %s%s%s)",
		       slot, pretty, status, PQgetvalue(r, 0, 4)[0] == 't' ? ", in use by pid " : "",
		       PQgetvalue(r, 0, 7));
	}
out:
	if (fix.failed)
		c->oom = true;
	PQclear(r);
	floe_buf_release(&fix);
}

int floe_preflight_run(const struct floe_config *cfg, floe_preflight_emit_fn emit, floe_preflight_warehouse_fn wh,
		       void *arg, struct floe_preflight_report *rep, struct floe_err *err)
{
	struct ctx c;
	struct floe_err e = { 0 };
	int rc = -1;

	memset(&c, 0, sizeof(c));
	memset(rep, 0, sizeof(*rep));
	c.cfg = cfg;
	c.emit = emit;
	c.wh = wh;
	c.arg = arg;
	c.rep = rep;
	if (floe_conn_open(&c.conn, cfg->source.dsn, FLOE_CONN_NORMAL, &e) != 0) {
		const char *fix = "correct source.dsn";
		if (e.code == FLOE_CONN_EAUTH)
			fix = "give the right password: PGPASSWORD, a ~/.pgpass entry, or password=${VAR} in source.dsn";
		else if (e.code == FLOE_CONN_EUNREACHABLE)
			fix = "start the server, or correct host and port in source.dsn";
		report(&c, FLOE_CHECK_FAIL, fix, "%s", e.msg);
		rc = 0;
		goto out;
	}
	report(&c, FLOE_CHECK_OK, NULL, "connected to %s (database '%s', user '%s')", c.conn.where, PQdb(c.conn.pg),
	       PQuser(c.conn.pg));
	c.q_pub = floe_conn_quote_ident(&c.conn, cfg->source.publication, err);
	c.q_slot = floe_conn_quote_ident(&c.conn, cfg->source.slot, err);
	c.lit_slot = floe_conn_quote_literal(&c.conn, cfg->source.slot, err);
	if (!c.q_pub || !c.q_slot || !c.lit_slot)
		goto out;
	check_version(&c);
	check_settings(&c);
	check_role(&c);
	check_publication(&c);
	check_tables(&c);
	check_slot(&c);
	if (c.oom) {
		floe_err_set(err, "out of memory");
		goto out;
	}
	rc = 0;
out:
	floe_conn_close(&c.conn);
	free(c.q_pub);
	free(c.q_slot);
	free(c.lit_slot);
	free(c.q_role);
	free(c.oids);
	return rc;
}
