/*
 * fault.h — a storage wrapper that injects failures, for tests.
 *
 * It forwards every call to an inner backend and, as configured, fails the
 * Nth put / get / delete (counting from 1; 0 = never), fails a put after its
 * bytes were written and made visible (the caller sees an error although the
 * object exists: the "unknown outcome" of a storage write), or sleeps before
 * every call. Failures have code FLOE_ERETRYABLE and say they were injected.
 * The counters are readable, so a test can assert how many calls were made.
 */
#ifndef FLOE_STORAGE_FAULT_H
#define FLOE_STORAGE_FAULT_H

#include <stdbool.h>

#include "storage/storage.h"

struct floe_storage_faults {
	int fail_put;          /* fail the Nth put before anything is written */
	int fail_put_after;    /* the Nth put writes its object, then reports failure */
	int fail_get;          /* the Nth get or range get */
	int fail_delete;       /* the Nth delete */
	int fail_every_put;    /* every put from the Nth on fails (0 = off) */
	int slow_ms;           /* sleep before every call */
	/* counters, updated by the wrapper */
	int puts, gets, deletes;
};

/* Wraps `inner` (borrowed: freeing the wrapper does not free it). `f` is read at
 * every call, so a test may change it between calls. */
struct floe_storage *floe_storage_fault_new(struct floe_storage *inner, struct floe_storage_faults *f);

#endif
