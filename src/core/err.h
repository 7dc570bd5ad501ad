/*
 * err.h — the error record every fallible floe function fills.
 *
 * A function returns int (0 = ok, -1 = failed) and writes a one-line, lowercase
 * message into the caller's struct floe_err. Callers add context in front with
 * floe_err_prefix ("manifest 'x': ..."). FLOE_BUG() is only for our own
 * invariants, never for bad input.
 */
#ifndef FLOE_CORE_ERR_H
#define FLOE_CORE_ERR_H

#include <stddef.h>

#define FLOE_ERR_MSG_MAX 1024

/* Codes shared by every module (module codes: catalog 1001.., replication 1101..;
 * small positive codes are errno values). */
#define FLOE_ESTOPPED 901 /* a stop was requested (SIGTERM/SIGINT): not a failure to report */

struct floe_err {
	int code;                     /* 0 = no error; otherwise an errno-like or module code */
	char msg[FLOE_ERR_MSG_MAX];
};

#if defined(__GNUC__)
#define FLOE_PRINTF(a, b) __attribute__((format(printf, a, b)))
#else
#define FLOE_PRINTF(a, b)
#endif

void floe_err_clear(struct floe_err *err);
/* Sets the message (replacing any old one); always returns -1. */
int floe_err_set(struct floe_err *err, const char *fmt, ...) FLOE_PRINTF(2, 3);
/* Sets the message with code; always returns -1. */
int floe_err_setc(struct floe_err *err, int code, const char *fmt, ...) FLOE_PRINTF(3, 4);
/* Puts context in front of the current message; always returns -1. */
int floe_err_prefix(struct floe_err *err, const char *fmt, ...) FLOE_PRINTF(2, 3);

void floe_bug(const char *file, int line, const char *what);
#define FLOE_BUG(what) floe_bug(__FILE__, __LINE__, (what))

#endif
