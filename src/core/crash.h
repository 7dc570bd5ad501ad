/*
 * crash.h — named crash points for the crash tests.
 *
 * floe_crash_point("name") exits the process at once (status 137, no cleanup,
 * like SIGKILL) when FLOE_TEST_CRASH_AT is "name" or "name:N" and this is the
 * Nth time the point is reached. Without the variable it does nothing.
 * floe_test_delay("name") sleeps at a named point (FLOE_TEST_DELAY_AT=name:MS).
 */
#ifndef FLOE_CORE_CRASH_H
#define FLOE_CORE_CRASH_H

void floe_crash_point(const char *point);
/* Sleeps MS milliseconds when FLOE_TEST_DELAY_AT is "name:MS" (slow-server tests). */
void floe_test_delay(const char *point);

#endif
