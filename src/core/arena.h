/*
 * arena.h — bump allocator for batch- and message-lifetime memory.
 *
 * Allocations live until floe_arena_reset() (keeps the first block for reuse)
 * or floe_arena_release(). Large requests get their own block. A cap
 * (`limit`, 0 = none) makes allocation fail instead of growing past it, so
 * callers can spill to disk. Not thread-safe: one arena per thread.
 */
#ifndef FLOE_CORE_ARENA_H
#define FLOE_CORE_ARENA_H

#include <stddef.h>

struct floe_arena_block;

struct floe_arena {
	struct floe_arena_block *head;
	size_t block_size;  /* default block payload size */
	size_t used;        /* bytes handed out since the last reset */
	size_t reserved;    /* bytes held in blocks */
	size_t limit;       /* 0 = unlimited */
};

void floe_arena_init(struct floe_arena *a, size_t block_size);
void floe_arena_release(struct floe_arena *a);
void floe_arena_reset(struct floe_arena *a);
/* 16-byte aligned; NULL when out of memory or past the limit. */
void *floe_arena_alloc(struct floe_arena *a, size_t n);
void *floe_arena_memdup(struct floe_arena *a, const void *p, size_t n);
char *floe_arena_strdup(struct floe_arena *a, const char *s);

#endif
