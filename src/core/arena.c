/*
 * arena.c — bump allocator with block reuse across resets (see arena.h).
 */
#include "core/arena.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

struct floe_arena_block {
	struct floe_arena_block *next;
	size_t size;
	size_t used;
	_Alignas(16) unsigned char data[];
};

void floe_arena_init(struct floe_arena *a, size_t block_size)
{
	a->head = NULL;
	a->block_size = block_size ? block_size : 64 * 1024;
	a->used = 0;
	a->reserved = 0;
	a->limit = 0;
}

void floe_arena_release(struct floe_arena *a)
{
	struct floe_arena_block *b = a->head;

	while (b) {
		struct floe_arena_block *n = b->next;
		free(b);
		b = n;
	}
	a->head = NULL;
	a->used = 0;
	a->reserved = 0;
}

void floe_arena_reset(struct floe_arena *a)
{
	struct floe_arena_block *keep = NULL, *b = a->head;

	/* keep the last (oldest, default-sized) block, free the rest */
	while (b) {
		struct floe_arena_block *n = b->next;
		if (!n && b->size == a->block_size) {
			keep = b;
		} else {
			a->reserved -= b->size;
			free(b);
		}
		b = n;
	}
	if (keep) {
		keep->used = 0;
		keep->next = NULL;
	}
	a->head = keep;
	a->used = 0;
}

void *floe_arena_alloc(struct floe_arena *a, size_t n)
{
	struct floe_arena_block *b = a->head;
	size_t need = (n + 15) & ~(size_t)15;
	size_t size;

	if (n == 0)
		need = 16;
	if (need < n)
		return NULL;
	if (b && b->size - b->used >= need) {
		void *p = b->data + b->used;
		b->used += need;
		a->used += need;
		return p;
	}
	if (a->limit && a->used + need > a->limit)
		return NULL;
	size = need > a->block_size ? need : a->block_size;
	if (size > SIZE_MAX - sizeof(*b))
		return NULL;
	b = malloc(sizeof(*b) + size);
	if (!b)
		return NULL;
	b->size = size;
	b->used = need;
	if (size == need && a->head) {
		/* dedicated big block: put it behind the head so the head keeps serving */
		b->next = a->head->next;
		a->head->next = b;
	} else {
		b->next = a->head;
		a->head = b;
	}
	a->reserved += size;
	a->used += need;
	return b->data;
}

void *floe_arena_memdup(struct floe_arena *a, const void *p, size_t n)
{
	void *d = floe_arena_alloc(a, n + 1);
	if (!d)
		return NULL;
	if (n)
		memcpy(d, p, n);
	((unsigned char *)d)[n] = 0;
	return d;
}

char *floe_arena_strdup(struct floe_arena *a, const char *s)
{
	return floe_arena_memdup(a, s, strlen(s));
}
