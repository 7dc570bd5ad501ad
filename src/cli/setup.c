/*
 * setup.c — `floe setup -c FILE`: creates what streaming needs on the source,
 * idempotently: the publication (FOR TABLE source.tables, or FOR ALL TABLES
 * when none are listed; tables later added to source.tables are added to it)
 * and then the logical replication slot with pgoutput. Prints what it did or
 * that it already existed; errors are one line on stderr (exit 1). It checks
 * every prerequisite before it changes anything, refuses tables whose UPDATEs
 * PostgreSQL would reject once published, and never creates a slot that would
 * skip changes the warehouse still needs. `--resnapshot` marks the replicated
 * tables for a new copy and drops the slot, for the next `floe run`. It does
 * not take snapshots itself.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "cli/config_opt.h"
#include "cli/slotguard.h"
#include "core/buf.h"
#include "pg/conn.h"
#include "pg/preflight.h"

#define SETUP_USAGE                                                                                               \
	"-c FILE [--resnapshot]\n"                                                                                  \
	"  -c, --config FILE  the configuration file\n"                                                            \
	"  --resnapshot       after a lost or dropped slot: mark the Iceberg tables replicated through it for a\n" \
	"                     new copy and drop the slot; the next floe run copies them again from a new slot\n"  \
	"  -h, --help         this help"

/* Appends "schema"."table" quoted for SQL. */
static int append_table(struct floe_conn *c, struct floe_buf *b, const char *qualified, struct floe_err *err)
{
	char schema[256], table[256];

	if (floe_preflight_split_table(qualified, schema, sizeof(schema), table, sizeof(table), err) != 0)
		return -1;
	if (floe_conn_append_ident(c, b, schema, err) != 0)
		return -1;
	floe_buf_putc(b, '.');
	return floe_conn_append_ident(c, b, table, err);
}

/* After a failed statement that creates or extends the publication: when it was a
 * permission error (42501), appends what the role needs, with its real name and the
 * database's. */
static void privilege_advice(struct floe_conn *c, struct floe_err *err)
{
	PGresult *r = NULL;
	struct floe_err e2 = { 0 };
	size_t l = strlen(err->msg);

	if (strcmp(floe_conn_last_sqlstate(), "42501") != 0)
		return;
	if (floe_conn_exec(c, "SELECT quote_ident(current_user), quote_ident(current_database())", &r, &e2) != 0 ||
	    PQntuples(r) != 1) {
		if (r)
			PQclear(r);
		return;
	}
	snprintf(err->msg + l, sizeof(err->msg) - l,
		 " (publishing a table needs its ownership, and a new publication CREATE on the database: GRANT "
		 "CREATE ON DATABASE %s TO %s; and ALTER TABLE <table> OWNER TO %s; or run floe setup as the tables' "
		 "owner)",
		 PQgetvalue(r, 0, 1), PQgetvalue(r, 0, 0), PQgetvalue(r, 0, 0));
	PQclear(r);
}

static int create_publication(struct floe_conn *c, const struct floe_config *cfg, struct floe_err *err)
{
	const char *pub = cfg->source.publication;
	const char *params[3] = { pub, NULL, NULL };
	struct floe_buf sql = FLOE_BUF_INIT;
	PGresult *r = NULL;
	size_t i;
	int rc = -1;

	if (floe_conn_execp(c, "SELECT puballtables, pubinsert, pubupdate, pubdelete, pubtruncate FROM pg_publication "
			       "WHERE pubname = $1",
			    1, params, &r, err) != 0)
		goto out;
	if (PQntuples(r) == 0) {
		floe_buf_puts(&sql, "CREATE PUBLICATION ");
		if (floe_conn_append_ident(c, &sql, pub, err) != 0)
			goto out;
		if (cfg->source.n_tables == 0) {
			floe_buf_puts(&sql, " FOR ALL TABLES");
		} else {
			floe_buf_puts(&sql, " FOR TABLE ");
			for (i = 0; i < cfg->source.n_tables; i++) {
				if (i)
					floe_buf_puts(&sql, ", ");
				if (append_table(c, &sql, cfg->source.tables[i], err) != 0)
					goto out;
			}
		}
		if (cfg->source.insert_only)
			floe_buf_puts(&sql, " WITH (publish = 'insert')");
		if (floe_buf_check(&sql, err) != 0)
			goto out;
		if (floe_conn_exec(c, floe_buf_cstr(&sql), NULL, err) != 0) {
			if (cfg->source.n_tables == 0 && !strcmp(floe_conn_last_sqlstate(), "42501"))
				floe_err_prefix(err, "cannot create publication '%s' FOR ALL TABLES (that needs a "
						     "superuser; list the tables in source.tables instead, or run floe "
						     "setup as a superuser): ", pub);
			else {
				floe_err_prefix(err, "cannot create publication '%s': ", pub);
				privilege_advice(c, err);
			}
			goto out;
		}
		if (cfg->source.n_tables == 0)
			printf("created publication '%s' for all tables%s\n", pub,
			       cfg->source.insert_only ? ", inserts only" : "");
		else
			printf("created publication '%s' for %zu table%s%s\n", pub, cfg->source.n_tables,
			       cfg->source.n_tables == 1 ? "" : "s", cfg->source.insert_only ? ", inserts only" : "");
		rc = 0;
		goto out;
	}
	{
		char what[512], fix[512];
		if (floe_preflight_publish_mismatch(PQgetvalue(r, 0, 1)[0] == 't', PQgetvalue(r, 0, 2)[0] == 't',
						    PQgetvalue(r, 0, 3)[0] == 't', PQgetvalue(r, 0, 4)[0] == 't', true,
						    cfg, what, sizeof(what), fix, sizeof(fix)) != 0) {
			floe_err_set(err, "%s; %s; nothing was changed", what, fix);
			goto out;
		}
	}
	printf("publication '%s' already exists\n", pub);
	if (PQgetvalue(r, 0, 0)[0] == 't') {
		rc = 0;
		goto out;
	}
	/* a FOR TABLE publication: add the tables of source.tables it lacks */
	for (i = 0; i < cfg->source.n_tables; i++) {
		char schema[256], table[256];
		PGresult *t = NULL;
		bool covered;

		if (floe_preflight_split_table(cfg->source.tables[i], schema, sizeof(schema), table, sizeof(table),
					       err) != 0)
			goto out;
		params[1] = schema;
		params[2] = table;
		/* a partitioned table is a member itself even when its partitions are what is listed */
		if (floe_conn_execp(c, "SELECT 1 FROM pg_publication_tables WHERE pubname = $1 AND schemaname = $2 "
				       "AND tablename = $3 UNION ALL SELECT 1 FROM pg_publication_rel pr JOIN "
				       "pg_publication p ON p.oid = pr.prpubid JOIN pg_class c ON c.oid = pr.prrelid "
				       "JOIN pg_namespace n ON n.oid = c.relnamespace WHERE p.pubname = $1 AND "
				       "n.nspname = $2 AND c.relname = $3",
				    3, params, &t, err) != 0)
			goto out;
		covered = PQntuples(t) > 0;
		PQclear(t);
		if (covered)
			continue;
		floe_buf_reset(&sql);
		floe_buf_puts(&sql, "ALTER PUBLICATION ");
		if (floe_conn_append_ident(c, &sql, pub, err) != 0)
			goto out;
		floe_buf_puts(&sql, " ADD TABLE ");
		if (append_table(c, &sql, cfg->source.tables[i], err) != 0 || floe_buf_check(&sql, err) != 0)
			goto out;
		if (floe_conn_exec(c, floe_buf_cstr(&sql), NULL, err) != 0) {
			floe_err_prefix(err, "cannot add table '%s' to publication '%s': ", cfg->source.tables[i], pub);
			privilege_advice(c, err);
			goto out;
		}
		printf("added table '%s' to publication '%s'\n", cfg->source.tables[i], pub);
	}
	rc = 0;
out:
	if (r)
		PQclear(r);
	floe_buf_release(&sql);
	return rc;
}

/* A new slot starts at the current WAL position: refuses when an Iceberg table
 * of this warehouse was replicated through a slot of this name (floe.lsn) and is
 * not marked for a new copy, since the changes between its watermark and now
 * would be missed. */
static int guard_new_slot(const struct floe_config *cfg, struct floe_err *err)
{
	struct floe_preflight_warehouse hit;

	if (floe_slotguard_scan(cfg, &hit, err) < 0)
		return floe_err_prefix(err, "before creating a slot: ");
	if (hit.replicated == 0)
		return 0;
	return floe_err_set(err, "replication slot '%s' does not exist, but Iceberg table '%s'%s was replicated "
				 "through it up to %s: a new slot would miss every change made since; to recover "
				 "exactly, run 'floe setup -c %s --resnapshot' (the next floe run copies the tables "
				 "again from the new slot and replaces their contents)",
			    cfg->source.slot, hit.first, hit.replicated > 1 ? " (and others)" : "", hit.lsn, cfg->path);
}

static int create_slot(struct floe_conn *c, const struct floe_config *cfg, struct floe_err *err)
{
	const char *slot = cfg->source.slot;
	const char *params[1] = { slot };
	PGresult *r = NULL;
	int rc = -1;

	if (floe_conn_execp(c, "SELECT coalesce(plugin, ''), slot_type, coalesce(database::text, ''), "
			       "current_database(), coalesce(wal_status, '') FROM pg_replication_slots WHERE slot_name = $1",
			    1, params, &r, err) != 0)
		goto out;
	if (PQntuples(r) == 1) {
		if (strcmp(PQgetvalue(r, 0, 1), "logical") != 0 || strcmp(PQgetvalue(r, 0, 0), "pgoutput") != 0) {
			floe_err_set(err, "replication slot '%s' already exists but is a %s slot with plugin '%s'; floe "
					  "needs a logical pgoutput slot (drop it with 'floe teardown -c %s', or set "
					  "source.slot to another name)",
				     slot, PQgetvalue(r, 0, 1), PQgetvalue(r, 0, 0), cfg->path);
			goto out;
		}
		if (strcmp(PQgetvalue(r, 0, 2), PQgetvalue(r, 0, 3)) != 0) {
			floe_err_set(err, "replication slot '%s' already exists in database '%s', not '%s' (set "
					  "source.slot to another name)",
				     slot, PQgetvalue(r, 0, 2), PQgetvalue(r, 0, 3));
			goto out;
		}
		if (!strcmp(PQgetvalue(r, 0, 4), "lost")) {
			floe_err_set(err, "replication slot '%s' exists but has lost WAL it needs (wal_status = lost): the "
					  "changes since floe's last commit are gone with it; run 'floe setup -c %s "
					  "--resnapshot' to drop it and copy the tables again from a new slot",
				     slot, cfg->path);
			goto out;
		}
		printf("replication slot '%s' already exists\n", slot);
		rc = 0;
		goto out;
	}
	PQclear(r);
	r = NULL;
	if (guard_new_slot(cfg, err) != 0)
		goto out;
	if (floe_conn_execp(c, "SELECT lsn FROM pg_create_logical_replication_slot($1, 'pgoutput')", 1, params, &r,
			    err) != 0) {
		if (!strcmp(floe_conn_last_sqlstate(), "42710")) {
			printf("replication slot '%s' already exists\n", slot);
			rc = 0;
			goto out;
		}
		floe_err_prefix(err, "cannot create replication slot '%s': ", slot);
		if (!strcmp(floe_conn_last_sqlstate(), "55000") || !strcmp(floe_conn_last_sqlstate(), "53400"))
			snprintf(err->msg + strlen(err->msg), sizeof(err->msg) - strlen(err->msg),
				 " (run 'floe check -c %s' for the fix)", cfg->path);
		goto out;
	}
	printf("created replication slot '%s' (pgoutput) at %s\n", slot, PQgetvalue(r, 0, 0));
	rc = 0;
out:
	if (r)
		PQclear(r);
	return rc;
}

/* Appends the table to *bad when PostgreSQL would reject UPDATE/DELETE on it once it
 * is published (no primary key and REPLICA IDENTITY DEFAULT, or NOTHING), or when
 * floe run would refuse it (FULL without a primary key: rows need not be unique). */
static void note_identity(PGresult *r, int row, bool insert_only, struct floe_buf *bad, int *nbad)
{
	const char *name = PQgetvalue(r, row, 0), ident = PQgetvalue(r, row, 1)[0];
	bool pk = PQgetvalue(r, row, 2)[0] == 't';

	if (ident == 'i' || pk)
		if (ident != 'n')
			return;
	/* an insert-only publication publishes no UPDATE or DELETE: PostgreSQL never needs
	 * the identity, and floe appends the rows */
	if (insert_only && !(ident == 'f' && !pk))
		return;
	if (*nbad < 8)
		floe_buf_printf(bad, "%s%s (%s)", *nbad ? ", " : "", name,
				ident == 'n'   ? (pk ? "REPLICA IDENTITY NOTHING: ALTER TABLE ... REPLICA IDENTITY DEFAULT"
						     : "REPLICA IDENTITY NOTHING")
				: ident == 'f' ? "REPLICA IDENTITY FULL without a primary key: floe cannot key its rows"
					       : "no primary key");
	(*nbad)++;
}

/* Tables setup would publish must have a usable replica identity: publishing one
 * without makes PostgreSQL reject the application's UPDATE and DELETE on it. */
static int check_identities(struct floe_conn *c, const struct floe_config *cfg, struct floe_err *err)
{
	static const char cols[] = "SELECT format('%I.%I', n.nspname, c.relname), c.relreplident, "
				   "EXISTS (SELECT 1 FROM pg_index i WHERE i.indrelid = c.oid AND i.indisprimary) "
				   "FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace ";
	const char *params[3] = { cfg->source.publication, NULL, NULL };
	struct floe_buf q = FLOE_BUF_INIT, bad = FLOE_BUF_INIT;
	PGresult *r = NULL;
	int nbad = 0, rc = -1;
	bool pub_exists;

	if (floe_conn_execp(c, "SELECT 1 FROM pg_publication WHERE pubname = $1", 1, params, &r, err) != 0)
		goto out;
	pub_exists = PQntuples(r) > 0;
	PQclear(r);
	r = NULL;
	if (cfg->source.n_tables == 0) {
		if (pub_exists) {
			rc = 0;
			goto out;
		}
		floe_buf_printf(&q, "%sWHERE c.relkind = 'r' AND n.nspname NOT IN ('pg_catalog', 'information_schema') "
				    "AND n.nspname NOT LIKE 'pg\\_%%' ORDER BY 1",
				cols);
		if (floe_buf_check(&q, err) != 0 || floe_conn_exec(c, floe_buf_cstr(&q), &r, err) != 0)
			goto out;
		for (int i = 0; i < PQntuples(r); i++)
			note_identity(r, i, cfg->source.insert_only, &bad, &nbad);
	} else {
		char schema[256], table[256];

		floe_buf_printf(&q, "%sWHERE n.nspname = $2 AND c.relname = $3 AND c.relkind IN ('r', 'p') AND NOT "
				    "EXISTS (SELECT 1 FROM pg_publication_tables p WHERE p.pubname = $1 AND "
				    "p.schemaname = n.nspname AND p.tablename = c.relname)",
				cols);
		if (floe_buf_check(&q, err) != 0)
			goto out;
		for (size_t i = 0; i < cfg->source.n_tables; i++) {
			if (floe_preflight_split_table(cfg->source.tables[i], schema, sizeof(schema), table,
						       sizeof(table), err) != 0)
				goto out;
			params[1] = schema;
			params[2] = table;
			if (floe_conn_execp(c, floe_buf_cstr(&q), 3, params, &r, err) != 0)
				goto out;
			if (PQntuples(r) == 1)
				note_identity(r, 0, cfg->source.insert_only, &bad, &nbad);
			PQclear(r);
			r = NULL;
		}
	}
	if (nbad) {
		if (floe_buf_check(&bad, err) != 0)
			goto out;
		floe_err_set(err, "%d table%s cannot be replicated (PostgreSQL rejects UPDATE and DELETE on a published "
				  "table without a replica identity): %s%s; "
				  "give each a primary key (or ALTER TABLE ... REPLICA IDENTITY USING INDEX <unique "
				  "index>), or leave it out of source.tables, or, for append-only tables, set "
				  "source.publish: insert; nothing was changed",
			     nbad, nbad == 1 ? "" : "s", floe_buf_cstr(&bad), nbad > 8 ? ", ..." : "");
		goto out;
	}
	rc = 0;
out:
	if (r)
		PQclear(r);
	floe_buf_release(&q);
	floe_buf_release(&bad);
	return rc;
}

/* What would make the slot creation fail after the publication was made:
 * checked first so setup either does everything or nothing. */
static int precheck(struct floe_conn *c, const struct floe_config *cfg, struct floe_err *err)
{
	PGresult *r = NULL;
	int rc = -1;

	if (floe_conn_exec(c, "SELECT current_setting('wal_level'), r.rolsuper OR r.rolreplication OR "
			      "EXISTS (SELECT 1 FROM pg_roles g WHERE g.rolname = 'rds_replication' "
			      "AND pg_has_role(current_user, g.oid, 'member')), quote_ident(current_user), current_user "
			      "FROM pg_roles r WHERE r.rolname = current_user",
			   &r, err) != 0)
		goto out;
	if (PQntuples(r) != 1) {
		floe_err_set(err, "cannot find the current role in pg_roles");
		goto out;
	}
	if (strcmp(PQgetvalue(r, 0, 0), "logical") != 0) {
		floe_err_set(err, "wal_level is '%s', logical decoding needs 'logical' (ALTER SYSTEM SET wal_level = "
				  "logical; then restart PostgreSQL; 'floe check -c %s' lists everything else)",
			     PQgetvalue(r, 0, 0), cfg->path);
		goto out;
	}
	if (PQgetvalue(r, 0, 1)[0] != 't') {
		floe_err_set(err, "role '%s' may not create replication slots (ALTER ROLE %s REPLICATION; on Amazon "
				  "RDS: GRANT rds_replication TO %s;)",
			     PQgetvalue(r, 0, 3), PQgetvalue(r, 0, 2), PQgetvalue(r, 0, 2));
		goto out;
	}
	PQclear(r);
	r = NULL;
	{
		const char *params[1] = { cfg->source.slot };

		/* a new slot needs a free one: checked before the publication is made */
		if (floe_conn_execp(c, "SELECT current_setting('max_replication_slots')::int, "
				       "(SELECT count(*) FROM pg_replication_slots), "
				       "EXISTS (SELECT 1 FROM pg_replication_slots WHERE slot_name = $1)",
				    1, params, &r, err) != 0)
			goto out;
		long max = strtol(PQgetvalue(r, 0, 0), NULL, 10), used = strtol(PQgetvalue(r, 0, 1), NULL, 10);
		if (PQgetvalue(r, 0, 2)[0] != 't' && used >= max) {
			floe_err_set(err, "no free replication slot: max_replication_slots = %s and %s in use (ALTER SYSTEM "
					  "SET max_replication_slots = %ld; then restart PostgreSQL, or drop an unused "
					  "slot); nothing was changed",
				     PQgetvalue(r, 0, 0), PQgetvalue(r, 0, 1), used + 2);
			goto out;
		}
	}
	rc = 0;
out:
	if (r)
		PQclear(r);
	return rc;
}

/* --resnapshot: marks every table replicated through the slot for a new copy, then
 * drops the slot (lost, or healthy: the copy replaces what it streamed). The next
 * `floe run` creates the slot with an exported snapshot and copies the marked tables
 * from it. Marking comes first: a crash in between leaves marked tables and the old
 * slot, and running setup --resnapshot again finishes the job. *done is false when
 * nothing was replicated yet (the caller then creates the slot as usual). */
static int resnapshot(struct floe_conn *c, const struct floe_config *cfg, bool *done, struct floe_err *err)
{
	const char *params[1] = { cfg->source.slot };
	PGresult *r = NULL;
	size_t marked = 0;
	int rc = -1;

	*done = false;
	if (floe_conn_execp(c, "SELECT coalesce(active_pid::text, ''), coalesce(wal_status, '') "
			       "FROM pg_replication_slots WHERE slot_name = $1",
			    1, params, &r, err) != 0)
		goto out;
	if (PQntuples(r) == 1 && PQgetvalue(r, 0, 0)[0]) {
		floe_err_set(err, "replication slot '%s' is in use by PID %s (a floe run still streaming?); stop it, "
				  "then run floe setup --resnapshot again; nothing was changed",
			     cfg->source.slot, PQgetvalue(r, 0, 0));
		goto out;
	}
	if (floe_slotguard_mark(cfg, &marked, err) < 0)
		goto out;
	if (marked == 0) {
		printf("no Iceberg table was replicated through slot '%s' yet: nothing to copy again\n",
		       cfg->source.slot);
		rc = 0;
		goto out;
	}
	if (PQntuples(r) == 1) {
		PGresult *d = NULL;
		if (floe_conn_execp(c, "SELECT pg_drop_replication_slot($1)", 1, params, &d, err) != 0) {
			floe_err_prefix(err, "the tables are marked for a new copy, but dropping replication slot '%s' "
					     "failed: ", cfg->source.slot);
			goto out;
		}
		PQclear(d);
		printf("dropped replication slot '%s'%s%s%s\n", cfg->source.slot, PQgetvalue(r, 0, 1)[0] ? " (wal_status = " : "",
		       PQgetvalue(r, 0, 1), PQgetvalue(r, 0, 1)[0] ? ")" : "");
	}
	printf("next: 'floe run -c %s' creates replication slot '%s', copies the %zu marked table%s again from its "
	       "snapshot and replaces each one's contents in one commit (older snapshots stay readable)\n",
	       cfg->path, cfg->source.slot, marked, marked == 1 ? "" : "s");
	*done = true;
	rc = 0;
out:
	if (r)
		PQclear(r);
	return rc;
}

int floe_cli_setup(int argc, char **argv)
{
	struct floe_config cfg;
	struct floe_conn conn = { 0 };
	struct floe_err err = { 0 };
	const char *path;
	bool resnap = false, done = false;
	struct floe_cli_flag flags[] = { { "--resnapshot", &resnap }, { NULL, NULL } };
	int rc;

	rc = floe_cli_parse_config_args(argc, argv, SETUP_USAGE, flags, &path);
	if (rc)
		return rc == 1 ? 0 : 2;
	if (floe_cli_load_config("setup", path, &cfg) != 0)
		return 1;
	rc = 1;
	if (floe_conn_open(&conn, cfg.source.dsn, FLOE_CONN_NORMAL, &err) != 0)
		goto out;
	if (precheck(&conn, &cfg, &err) != 0 || check_identities(&conn, &cfg, &err) != 0 ||
	    create_publication(&conn, &cfg, &err) != 0 ||
	    (resnap && resnapshot(&conn, &cfg, &done, &err) != 0) ||
	    (!done && create_slot(&conn, &cfg, &err) != 0))
		goto out;
	rc = 0;
out:
	if (rc)
		fprintf(stderr, "floe setup: %s\n", err.msg);
	floe_conn_close(&conn);
	floe_config_free(&cfg);
	return rc;
}
