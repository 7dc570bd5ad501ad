/*
 * preflight.h — the checks behind `floe check`: can floe stream from this
 * source database with this configuration, and if not, what exactly to run
 * to fix it.
 *
 * Each check reports one line through a callback: a level, what was found,
 * and (for warn/fail) the SQL or action that fixes it. The checks only read
 * (catalog queries); they never create or change anything. Printing is the
 * caller's business.
 */
#ifndef FLOE_PG_PREFLIGHT_H
#define FLOE_PG_PREFLIGHT_H

#include <stddef.h>
#include <stdbool.h>
#include <stdint.h>

#include "core/config.h"
#include "core/err.h"

enum floe_check_level { FLOE_CHECK_OK = 0, FLOE_CHECK_WARN = 1, FLOE_CHECK_FAIL = 2 };

/* `fix` is NULL for ok lines. */
typedef void (*floe_preflight_emit_fn)(void *arg, enum floe_check_level level, const char *what, const char *fix);

struct floe_preflight_report {
	size_t n_ok, n_warn, n_fail;
};

/* What the warehouse holds for the slot: the slot check asks when the slot is
 * missing or lost (the caller reads the catalog; this module never does). */
struct floe_preflight_warehouse {
	size_t replicated;      /* tables replicated through the slot, not marked for a new copy */
	size_t marked;          /* tables marked for a new copy by floe setup --resnapshot */
	char first[1024];       /* the first replicated table, "ns.table" (or why the warehouse was unreadable) */
	char lsn[32];           /* its floe.lsn */
};
/* Returns 0 and fills *out, or -1 when the warehouse could not be read (out->first says why). */
typedef int (*floe_preflight_warehouse_fn)(void *arg, struct floe_preflight_warehouse *out);

/* Runs every check against cfg's source. Returns 0 when the checks ran (look
 * at rep->n_fail), -1 only when floe itself failed (out of memory). A failed
 * connection is a fail line, and the checks that need it are skipped. `wh` may
 * be NULL (the slot check then knows nothing of the warehouse). */
int floe_preflight_run(const struct floe_config *cfg, floe_preflight_emit_fn emit, floe_preflight_warehouse_fn wh,
		       void *arg, struct floe_preflight_report *rep, struct floe_err *err);

/* Compares what a publication publishes (pg_publication's pubinsert, pubupdate,
 * pubdelete, pubtruncate) with source.publish. Returns 0 when they agree; else -1
 * with what is wrong and the fix: a publication that does not publish every change
 * while source.publish is 'all' would make floe miss changes silently. With
 * `strict`, a publication that publishes updates or deletes while source.publish
 * is 'insert' disagrees too (setup's rule). */
int floe_preflight_publish_mismatch(bool ins, bool upd, bool del, bool trunc, bool strict,
				    const struct floe_config *cfg, char *what, size_t what_sz, char *fix, size_t fix_sz);

/* The server version decision (PQserverVersion form, 150004 = 15.4): FLOE_CHECK_OK
 * for 14 or later, else FLOE_CHECK_FAIL. Writes the line into `what` and sets
 * *fix to the remedy (NULL when ok). */
enum floe_check_level floe_preflight_version(int server_version, char *what, size_t what_sz, const char **fix);

/* "0 bytes", "512 bytes", "1.5 KiB", "12.0 MiB", "3.2 GiB" ... */
void floe_preflight_pretty_bytes(int64_t n, char *out, size_t outsz);

/* Splits "schema.table" at the first dot into two NUL-terminated parts. */
int floe_preflight_split_table(const char *qualified, char *schema, size_t schema_sz, char *table, size_t table_sz,
			       struct floe_err *err);

#endif
