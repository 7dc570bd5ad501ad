/*
 * sink.c — the in-memory struct floe_sink (see sink.h).
 */
#include "core/sink.h"

static int mem_write(struct floe_sink *s, const void *p, size_t n, struct floe_err *err)
{
	struct floe_mem_sink *m = (struct floe_mem_sink *)s;

	floe_buf_append(m->buf, p, n);
	return floe_buf_check(m->buf, err);
}

static int mem_finish(struct floe_sink *s, struct floe_err *err)
{
	(void)s;
	(void)err;
	return 0;
}

static void mem_abort(struct floe_sink *s)
{
	struct floe_mem_sink *m = (struct floe_mem_sink *)s;
	floe_buf_reset(m->buf);
}

void floe_mem_sink_init(struct floe_mem_sink *m, struct floe_buf *buf)
{
	m->base.write = mem_write;
	m->base.finish = mem_finish;
	m->base.abort = mem_abort;
	m->base.written = 0;
	m->buf = buf;
}
