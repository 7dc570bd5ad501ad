/*
 * teardown.c — `floe teardown -c FILE [--publication]`: drops the replication
 * slot (refusing, with the fix, while a process is streaming from it) and,
 * with --publication, the publication too. Prints what it did; dropping what
 * does not exist is not an error. Iceberg tables are never touched.
 */
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"
#include "cli/config_opt.h"
#include "core/buf.h"
#include "pg/conn.h"

static int in_use(const char *slot, const char *pid, struct floe_err *err)
{
	return floe_err_set(err, "replication slot '%s' is in use by process %s; stop the floe process streaming "
				 "from it (or SELECT pg_terminate_backend(%s)) and run teardown again",
			    slot, pid[0] ? pid : "?", pid[0] ? pid : "<pid>");
}

static int drop_slot(struct floe_conn *c, const char *slot, struct floe_err *err)
{
	const char *params[1] = { slot };
	PGresult *r = NULL;
	int rc = -1;

	if (floe_conn_execp(c, "SELECT active, coalesce(active_pid::text, '') FROM pg_replication_slots "
			       "WHERE slot_name = $1",
			    1, params, &r, err) != 0)
		goto out;
	if (PQntuples(r) == 0) {
		printf("replication slot '%s' does not exist (nothing to drop)\n", slot);
		rc = 0;
		goto out;
	}
	if (PQgetvalue(r, 0, 0)[0] == 't') {
		in_use(slot, PQgetvalue(r, 0, 1), err);
		goto out;
	}
	if (floe_conn_execp(c, "SELECT pg_drop_replication_slot($1)", 1, params, NULL, err) != 0) {
		if (!strcmp(floe_conn_last_sqlstate(), "55006"))
			in_use(slot, "", err);
		else if (!strcmp(floe_conn_last_sqlstate(), "42704")) {
			printf("replication slot '%s' does not exist (nothing to drop)\n", slot);
			rc = 0;
		} else
			floe_err_prefix(err, "cannot drop replication slot '%s': ", slot);
		goto out;
	}
	printf("dropped replication slot '%s'\n", slot);
	rc = 0;
out:
	if (r)
		PQclear(r);
	return rc;
}

static int drop_publication(struct floe_conn *c, const char *pub, struct floe_err *err)
{
	const char *params[1] = { pub };
	struct floe_buf sql = FLOE_BUF_INIT;
	PGresult *r = NULL;
	int rc = -1;

	if (floe_conn_execp(c, "SELECT 1 FROM pg_publication WHERE pubname = $1", 1, params, &r, err) != 0)
		goto out;
	if (PQntuples(r) == 0) {
		printf("publication '%s' does not exist (nothing to drop)\n", pub);
		rc = 0;
		goto out;
	}
	floe_buf_puts(&sql, "DROP PUBLICATION IF EXISTS ");
	if (floe_conn_append_ident(c, &sql, pub, err) != 0 || floe_buf_check(&sql, err) != 0)
		goto out;
	if (floe_conn_exec(c, floe_buf_cstr(&sql), NULL, err) != 0) {
		floe_err_prefix(err, "cannot drop publication '%s': ", pub);
		goto out;
	}
	printf("dropped publication '%s'\n", pub);
	rc = 0;
out:
	if (r)
		PQclear(r);
	floe_buf_release(&sql);
	return rc;
}

int floe_cli_teardown(int argc, char **argv)
{
	struct floe_config cfg;
	struct floe_conn conn = { 0 };
	struct floe_err err = { 0 };
	bool publication = false;
	const struct floe_cli_flag flags[] = { { "--publication", &publication }, { NULL, NULL } };
	const char *path;
	int rc;

	rc = floe_cli_parse_config_args(argc, argv,
					"-c FILE [--publication]\n"
					"  -c, --config FILE  the floe configuration\n"
					"  --publication      drop the publication too (default: only the replication slot)\n"
					"  -h, --help         this help",
					flags, &path);
	if (rc)
		return rc == 1 ? 0 : 2;
	if (floe_cli_load_config("teardown", path, &cfg) != 0)
		return 1;
	rc = 1;
	if (floe_conn_open(&conn, cfg.source.dsn, FLOE_CONN_NORMAL, &err) != 0)
		goto out;
	if (drop_slot(&conn, cfg.source.slot, &err) != 0)
		goto out;
	if (publication && drop_publication(&conn, cfg.source.publication, &err) != 0)
		goto out;
	rc = 0;
out:
	if (rc)
		fprintf(stderr, "floe teardown: %s\n", err.msg);
	floe_conn_close(&conn);
	floe_config_free(&cfg);
	return rc;
}
