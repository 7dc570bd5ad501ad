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

/* The codes callers decide on (never on message text). Small positive codes are
 * errno values from storage I/O; 1 is "failed" with no class. Modules alias these
 * (FLOE_CATALOG_ECONFLICT is FLOE_ECONFLICT) and add their own above 1100. */
enum floe_errc {
	FLOE_EOK = 0,
	FLOE_EFAIL = 1,          /* failed; nothing more to decide on */
	FLOE_ESTOPPED = 901,     /* a stop was requested (SIGTERM/SIGINT): not a failure to report */
	FLOE_EINPUT = 902,       /* bad input (config, file, wire bytes, a request): fix it, retrying won't help */
	FLOE_ERETRYABLE = 903,   /* transient (timeout, 5xx, dropped connection): the same call may succeed */
	FLOE_ECONFLICT = 1001,   /* someone else changed it first: reload and rebuild */
	FLOE_ENOTFOUND = 1002,   /* no such table / namespace / object */
	FLOE_EEXISTS = 1003,     /* already exists */
	FLOE_EUNKNOWN = 1004,    /* the outcome of a write is unknown: keep its files, re-read */
};

struct floe_err {
	int code;                     /* 0 = no error; otherwise an enum floe_errc, errno or module code */
	char sqlstate[6];             /* SQLSTATE when PostgreSQL gave one, else "" */
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
/* Records the SQLSTATE of the failure (NULL or "" clears it). */
void floe_err_sqlstate(struct floe_err *err, const char *sqlstate);
/* The class a code belongs to: retryable (FLOE_ERETRYABLE, FLOE_ECONFLICT) or not. */
int floe_err_retryable(int code);

/* The three setters always return -1; the macros make that visible to the
 * compiler, so an optimizing build sees every error path end in -1 (no
 * "may be used uninitialized" guesses, no dead checks). */
static inline int floe_err_minus1(void)
{
	return -1;
}
#define floe_err_set(...) (floe_err_set(__VA_ARGS__), floe_err_minus1())
#define floe_err_setc(...) (floe_err_setc(__VA_ARGS__), floe_err_minus1())
#define floe_err_prefix(...) (floe_err_prefix(__VA_ARGS__), floe_err_minus1())

void floe_bug(const char *file, int line, const char *what);
#define FLOE_BUG(what) floe_bug(__FILE__, __LINE__, (what))

#endif
