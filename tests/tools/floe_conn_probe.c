/*
 * floe_conn_probe.c — test tool for pg/conn: opens a connection from a DSN
 * (normal, or with "repl" as the second argument a replication=database one)
 * and prints the session settings floe relies on, one "name=value" a line,
 * or the one-line connection error on stderr (exit 1).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pg/conn.h"

int main(int argc, char **argv)
{
	static const char sql[] =
		"SELECT 'DateStyle=' || current_setting('DateStyle'), 'TimeZone=' || current_setting('TimeZone'), "
		"'IntervalStyle=' || current_setting('IntervalStyle'), "
		"'extra_float_digits=' || current_setting('extra_float_digits'), "
		"'bytea_output=' || current_setting('bytea_output'), "
		"'application_name=' || current_setting('application_name'), "
		"'client_encoding=' || current_setting('client_encoding'), "
		"'search_path=' || current_setting('search_path'), "
		"'work_mem=' || current_setting('work_mem')";
	struct floe_conn c;
	struct floe_err err = { 0 };
	PGresult *r = NULL;
	int i, rc = 1;

	if (argc < 2) {
		fprintf(stderr, "usage: floe_conn_probe DSN [repl]\n");
		return 2;
	}
	if (floe_conn_open(&c, argv[1], argc > 2 && !strcmp(argv[2], "repl") ? FLOE_CONN_REPLICATION : FLOE_CONN_NORMAL,
			   &err) != 0) {
		fprintf(stderr, "%s\n", err.msg);
		return 1;
	}
	if (floe_conn_exec(&c, sql, &r, &err) != 0) {
		fprintf(stderr, "%s\n", err.msg);
		goto out;
	}
	printf("where=%s\n", c.where);
	printf("server_version=%d\n", c.server_version);
	for (i = 0; i < PQnfields(r); i++)
		printf("%s\n", PQgetvalue(r, 0, i));
	if (c.kind == FLOE_CONN_REPLICATION) {
		PQclear(r);
		if (floe_conn_exec(&c, "IDENTIFY_SYSTEM", &r, &err) != 0) {
			fprintf(stderr, "%s\n", err.msg);
			goto out;
		}
		printf("identify_system_fields=%d\n", PQnfields(r));
	} else {
		/* COPY results are handed to the caller, who reads the data */
		char *line = NULL;
		int n, rows = 0;

		PQclear(r);
		if (floe_conn_exec(&c, "COPY (SELECT generate_series(1, 3)) TO STDOUT", &r, &err) != 0) {
			fprintf(stderr, "%s\n", err.msg);
			goto out;
		}
		while ((n = PQgetCopyData(c.pg, &line, 0)) > 0) {
			rows++;
			PQfreemem(line);
		}
		PQclear(r);
		r = PQgetResult(c.pg);
		printf("copy_rows=%d copy_status=%s\n", rows, PQresStatus(PQresultStatus(r)));
		PQclear(r);
		r = PQgetResult(c.pg);
		/* without a result pointer a COPY is refused (nobody would read it) */
		if (floe_conn_exec(&c, "SELECT 1", NULL, &err) != 0) {
			fprintf(stderr, "%s\n", err.msg);
			goto out;
		}
	}
	rc = 0;
out:
	if (r)
		PQclear(r);
	floe_conn_close(&c);
	return rc;
}
