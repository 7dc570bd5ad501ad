/*
 * tablecli.h — what the table subcommands (scan, history, tables) share:
 * opening the catalog and storage named by a config file, loading a table
 * by "namespace.table", and parsing a point in time.
 */
#ifndef FLOE_CLI_TABLECLI_H
#define FLOE_CLI_TABLECLI_H

#include <stdint.h>

#include "catalog/catalog.h"
#include "core/config.h"
#include "core/err.h"
#include "iceberg/table.h"
#include "storage/storage.h"

struct floe_tablecli {
	struct floe_config cfg;
	struct floe_catalog *cat;
	struct floe_storage *st;
};

/* Loads the config (no source section needed: FLOE_CONFIG_NO_SOURCE) and opens catalog and storage. */
int floe_tablecli_open(struct floe_tablecli *tc, const char *config_path, struct floe_err *err);
void floe_tablecli_close(struct floe_tablecli *tc);
/* "ns.table" (or "table" with catalog.namespace set) → the loaded table. */
int floe_tablecli_load(struct floe_tablecli *tc, const char *name, struct floe_table **out, struct floe_err *err);
/* Milliseconds since the epoch from "1700000000000" or ISO 8601 ("2026-11-24T09:00:00Z",
 * "2026-11-24 09:00:00.5+01:00", "2026-11-24" = midnight UTC). */
int floe_parse_time_ms(const char *s, int64_t *ms, struct floe_err *err);
/* "2026-11-24T09:00:00.123Z" */
void floe_format_time_ms(int64_t ms, char *out, size_t outsz);

/* `floe expire` (src/cli/expire.c); main.c lists it with the other subcommands. */
int floe_cli_expire(int argc, char **argv);

#endif
