/*
 * err.c — filling and prefixing struct floe_err messages.
 * Messages are truncated to FLOE_ERR_MSG_MAX; nothing here allocates.
 */
#include "core/err.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void floe_err_clear(struct floe_err *err)
{
	if (!err)
		return;
	err->code = 0;
	err->sqlstate[0] = '\0';
	err->msg[0] = '\0';
}

void floe_err_sqlstate(struct floe_err *err, const char *sqlstate)
{
	size_t n;

	if (!err)
		return;
	n = sqlstate ? strnlen(sqlstate, sizeof(err->sqlstate) - 1) : 0;
	memcpy(err->sqlstate, sqlstate ? sqlstate : "", n);
	err->sqlstate[n] = '\0';
}

int floe_err_retryable(int code)
{
	return code == FLOE_ERETRYABLE || code == FLOE_ECONFLICT;
}

static void err_vset(struct floe_err *err, int code, const char *fmt, va_list ap) FLOE_PRINTF(3, 0);

static void err_vset(struct floe_err *err, int code, const char *fmt, va_list ap)
{
	if (!err)
		return;
	err->code = code ? code : 1;
	err->sqlstate[0] = '\0';
	vsnprintf(err->msg, sizeof(err->msg), fmt, ap);
}

int(floe_err_set)(struct floe_err *err, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	err_vset(err, 1, fmt, ap);
	va_end(ap);
	return -1;
}

int(floe_err_setc)(struct floe_err *err, int code, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	err_vset(err, code, fmt, ap);
	va_end(ap);
	return -1;
}

int(floe_err_prefix)(struct floe_err *err, const char *fmt, ...)
{
	char head[FLOE_ERR_MSG_MAX];
	char old[FLOE_ERR_MSG_MAX];
	va_list ap;

	if (!err)
		return -1;
	va_start(ap, fmt);
	vsnprintf(head, sizeof(head), fmt, ap);
	va_end(ap);
	memcpy(old, err->msg, sizeof(old));
	{
		size_t hl = strnlen(head, sizeof(head) - 1);
		size_t ol = strnlen(old, sizeof(old) - 1);
		if (hl > sizeof(err->msg) - 1)
			hl = sizeof(err->msg) - 1;
		if (ol > sizeof(err->msg) - 1 - hl)
			ol = sizeof(err->msg) - 1 - hl;
		memcpy(err->msg, head, hl);
		memcpy(err->msg + hl, old, ol);
		err->msg[hl + ol] = '\0';
	}
	if (!err->code)
		err->code = 1;
	return -1;
}

void floe_bug(const char *file, int line, const char *what)
{
	fprintf(stderr, "floe: internal error at %s:%d: %s (please report this)\n", file, line, what);
	abort();
}
