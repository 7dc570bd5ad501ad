/*
 * crash.c — FLOE_TEST_CRASH_AT crash points (see crash.h). Counts hits per
 * process; the count is shared by every point, since only one is armed.
 */
#include "core/crash.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

void floe_crash_point(const char *point)
{
	static _Atomic int hits;
	const char *env = getenv("FLOE_TEST_CRASH_AT");
	size_t n = strlen(point);
	long want = 1;

	if (!env || strncmp(env, point, n) != 0 || (env[n] != 0 && env[n] != ':'))
		return;
	if (env[n] == ':')
		want = strtol(env + n + 1, NULL, 10);
	if (++hits >= want) {
		fprintf(stderr, "floe: FLOE_TEST_CRASH_AT=%s: exiting at '%s'\n", env, point);
		_exit(137);
	}
}

void floe_test_delay(const char *point)
{
	const char *env = getenv("FLOE_TEST_DELAY_AT");
	size_t n = strlen(point);
	long ms;
	struct timespec ts;

	if (!env || strncmp(env, point, n) != 0 || env[n] != ':')
		return;
	ms = strtol(env + n + 1, NULL, 10);
	if (ms <= 0)
		return;
	ts.tv_sec = ms / 1000;
	ts.tv_nsec = (ms % 1000) * 1000000L;
	nanosleep(&ts, NULL);
}
