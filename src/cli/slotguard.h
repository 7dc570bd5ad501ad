/*
 * slotguard.h — which Iceberg tables of the warehouse were replicated through
 * the configured slot (see slotguard.c), and marking them for a new copy.
 */
#ifndef FLOE_CLI_SLOTGUARD_H
#define FLOE_CLI_SLOTGUARD_H

#include <stdbool.h>
#include <stddef.h>

#include "core/config.h"
#include "core/err.h"

struct floe_slotguard_hit {
	bool no_catalog;    /* no catalog yet (before the first run) */
	size_t n;           /* tables replicated through the slot, not marked for a new copy */
	size_t n_marked;    /* tables already marked by setup --resnapshot */
	char table[320];    /* the first of the n: "ns.table" */
	char lsn[32];       /* its floe.lsn */
};

/* Fills *hit; a missing catalog is not an error (hit->no_catalog). */
int floe_slotguard_scan(const struct floe_config *cfg, struct floe_slotguard_hit *hit, struct floe_err *err);

/* Sets the floe.resnapshot property on every table replicated through the slot
 * (printing one line per table) so that the next `floe run` copies it again and
 * replaces its contents; *marked counts them (those marked before included). */
int floe_slotguard_mark(const struct floe_config *cfg, size_t *marked, struct floe_err *err);

#endif
