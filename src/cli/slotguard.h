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
#include "pg/preflight.h"

/* Fills *out (replicated, marked, the first replicated table and its floe.lsn); no
 * catalog yet (before the first run) means nothing was replicated. */
int floe_slotguard_scan(const struct floe_config *cfg, struct floe_preflight_warehouse *out, struct floe_err *err);

/* Sets the floe.resnapshot property on every table replicated through the slot
 * (printing one line per table) so that the next `floe run` copies it again and
 * replaces its contents; *marked counts them (those marked before included). */
int floe_slotguard_mark(const struct floe_config *cfg, size_t *marked, struct floe_err *err);

#endif
