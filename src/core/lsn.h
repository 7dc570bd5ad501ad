/*
 * lsn.h — PostgreSQL log sequence numbers as text ("16/B374D848") and back.
 */
#ifndef FLOE_CORE_LSN_H
#define FLOE_CORE_LSN_H

#include <stddef.h>
#include <stdint.h>

#define FLOE_LSN_STR_MAX 24

/* Returns 0, or -1 if s is not "HEX/HEX" with each half ≤ 32 bits. */
int floe_lsn_parse(const char *s, uint64_t *lsn);
const char *floe_lsn_fmt(uint64_t lsn, char out[FLOE_LSN_STR_MAX]);

#endif
