/*
 * log.h — leveled one-line logging to stderr.
 *
 * Lines look like "2026-11-24T08:51:51.123Z info  message". The level comes from
 * FLOE_LOG (error, warn, info, debug) or floe_log_set_level(). Never pass
 * passwords or keys: callers redact DSNs with floe_log_redact_dsn() first.
 */
#ifndef FLOE_CORE_LOG_H
#define FLOE_CORE_LOG_H

#include <stddef.h>

#include "core/err.h"

enum floe_log_level { FLOE_LOG_ERROR = 0, FLOE_LOG_WARN, FLOE_LOG_INFO, FLOE_LOG_DEBUG };

void floe_log_set_level(enum floe_log_level lvl);
enum floe_log_level floe_log_get_level(void);
/* Reads FLOE_LOG from the environment. */
/* FLOE_LOG=error|warn|info|debug (any case); -1 when set to anything else. */
int floe_log_init_from_env(void);
void floe_log(enum floe_log_level lvl, const char *fmt, ...) FLOE_PRINTF(2, 3);

#define floe_log_error(...) floe_log(FLOE_LOG_ERROR, __VA_ARGS__)
#define floe_log_warn(...) floe_log(FLOE_LOG_WARN, __VA_ARGS__)
#define floe_log_info(...) floe_log(FLOE_LOG_INFO, __VA_ARGS__)
#define floe_log_debug(...) floe_log(FLOE_LOG_DEBUG, __VA_ARGS__)

/* Copies a libpq DSN (key=value or URI) into out with any password replaced by "***". */
void floe_log_redact_dsn(const char *dsn, char *out, size_t outsz);

#endif
