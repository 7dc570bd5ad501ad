/*
 * log.c — timestamped stderr logging and DSN redaction (see log.h).
 */
#include "core/log.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

static enum floe_log_level g_level = FLOE_LOG_INFO;

void floe_log_set_level(enum floe_log_level lvl)
{
	g_level = lvl;
}

enum floe_log_level floe_log_get_level(void)
{
	return g_level;
}

int floe_log_init_from_env(void)
{
	const char *v = getenv("FLOE_LOG");

	if (!v || !v[0])
		return 0;
	if (!strcasecmp(v, "error"))
		g_level = FLOE_LOG_ERROR;
	else if (!strcasecmp(v, "warn"))
		g_level = FLOE_LOG_WARN;
	else if (!strcasecmp(v, "info"))
		g_level = FLOE_LOG_INFO;
	else if (!strcasecmp(v, "debug"))
		g_level = FLOE_LOG_DEBUG;
	else
		return -1;
	return 0;
}

void floe_log(enum floe_log_level lvl, const char *fmt, ...)
{
	static const char *names[] = { "error", "warn ", "info ", "debug" };
	char line[2048];
	struct timespec ts;
	struct tm tm;
	va_list ap;
	int n;

	if (lvl > g_level)
		return;
	clock_gettime(CLOCK_REALTIME, &ts);
	gmtime_r(&ts.tv_sec, &tm);
	n = snprintf(line, sizeof(line), "%04d-%02d-%02dT%02d:%02d:%02d.%03ldZ %s ", tm.tm_year + 1900,
		     tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec, ts.tv_nsec / 1000000,
		     names[lvl]);
	va_start(ap, fmt);
	vsnprintf(line + n, sizeof(line) - (size_t)n, fmt, ap);
	va_end(ap);
	fprintf(stderr, "%s\n", line);
}

void floe_log_redact_dsn(const char *dsn, char *out, size_t outsz)
{
	size_t o = 0;
	const char *p = dsn;

	if (outsz == 0)
		return;
	if (!strncmp(dsn, "postgres://", 11) || !strncmp(dsn, "postgresql://", 13)) {
		/* scheme://user:password@host → scheme://user:***@host */
		const char *s = strstr(dsn, "://") + 3;
		const char *at = strchr(s, '@');
		const char *colon = at ? memchr(s, ':', (size_t)(at - s)) : NULL;
		const char *q;
		if (colon) {
			snprintf(out, outsz, "%.*s:***%s", (int)(colon - dsn), dsn, at);
		} else {
			snprintf(out, outsz, "%s", dsn);
		}
		/* also a password=... query parameter */
		q = strstr(out, "password=");
		if (q) {
			char tail[1024];
			const char *end = q + 9;
			while (*end && *end != '&')
				end++;
			snprintf(tail, sizeof(tail), "%s", end);
			snprintf((char *)q + 9, outsz - (size_t)(q + 9 - out), "***%s", tail);
		}
		return;
	}
	while (*p && o + 1 < outsz) {
		if (!strncmp(p, "password", 8) && (p == dsn || p[-1] == ' ')) {
			const char *v = p + 8;
			while (*v == ' ')
				v++;
			if (*v == '=') {
				const char *rep = "password=***";
				v++;
				while (*v == ' ')
					v++;
				if (*v == '\'') {
					v++;
					while (*v && *v != '\'') {
						if (*v == '\\' && v[1])
							v++;
						v++;
					}
					if (*v)
						v++;
				} else {
					while (*v && *v != ' ')
						v++;
				}
				while (*rep && o + 1 < outsz)
					out[o++] = *rep++;
				p = v;
				continue;
			}
		}
		out[o++] = *p++;
	}
	out[o] = 0;
}
