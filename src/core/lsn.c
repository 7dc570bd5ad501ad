/*
 * lsn.c — LSN text conversion (see lsn.h).
 */
#include "core/lsn.h"

#include <stdio.h>

static int hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

static int parse_half(const char **s, uint32_t *out)
{
	uint64_t v = 0;
	int n = 0;

	while (hexval(**s) >= 0) {
		v = v * 16 + (uint64_t)hexval(**s);
		if (++n > 8)
			return -1;
		(*s)++;
	}
	if (n == 0)
		return -1;
	*out = (uint32_t)v;
	return 0;
}

int floe_lsn_parse(const char *s, uint64_t *lsn)
{
	uint32_t hi, lo;

	if (!s || parse_half(&s, &hi) || *s++ != '/' || parse_half(&s, &lo) || *s)
		return -1;
	*lsn = (uint64_t)hi << 32 | lo;
	return 0;
}

const char *floe_lsn_fmt(uint64_t lsn, char out[FLOE_LSN_STR_MAX])
{
	snprintf(out, FLOE_LSN_STR_MAX, "%X/%X", (unsigned)(lsn >> 32), (unsigned)lsn);
	return out;
}
