/*
 * timeutil.h — epochs, clocks and civil dates.
 *
 * PostgreSQL counts from 2000-01-01, Iceberg and Unix from 1970-01-01; the
 * offsets live here once. Civil-date conversion uses the proleptic Gregorian
 * calendar for any int32 day count. No time zones: everything is UTC.
 */
#ifndef FLOE_CORE_TIMEUTIL_H
#define FLOE_CORE_TIMEUTIL_H

#include <stdint.h>

#define FLOE_PG_EPOCH_UNIX_US INT64_C(946684800000000)
#define FLOE_PG_EPOCH_UNIX_DAYS 10957

int64_t floe_now_unix_us(void);
int64_t floe_now_unix_ms(void);
/* Monotonic clock in µs, for intervals. */
int64_t floe_mono_us(void);
/* Days since 1970-01-01 → year/month/day, and back. */
void floe_civil_from_days(int64_t days, int64_t *y, int *m, int *d);
int64_t floe_days_from_civil(int64_t y, int m, int d);

#endif
