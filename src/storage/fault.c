/*
 * fault.c — the fault-injecting storage wrapper (see fault.h). Puts are
 * wrapped in a sink of our own so a failure can come at finish() time, after
 * the inner sink made the object visible. Nothing here is used outside tests.
 */
#include "storage/fault.h"

#include <stdlib.h>
#include <time.h>

struct fault_storage {
	struct floe_storage base;
	struct floe_storage *inner;
	struct floe_storage_faults *f;
};

struct fault_sink {
	struct floe_sink base;
	struct floe_sink *inner;
	bool fail_after;
	const char *uri;
};

static void slow(const struct fault_storage *fs)
{
	if (fs->f->slow_ms > 0) {
		struct timespec ts = { fs->f->slow_ms / 1000, (long)(fs->f->slow_ms % 1000) * 1000000L };
		nanosleep(&ts, NULL);
	}
}

static int injected(struct floe_err *err, const char *what, const char *uri)
{
	return floe_err_setc(err, FLOE_ERETRYABLE, "injected fault: %s of '%s' failed", what, uri);
}

static int fsink_write(struct floe_sink *s, const void *p, size_t n, struct floe_err *err)
{
	struct fault_sink *fk = (struct fault_sink *)s;
	return floe_sink_write(fk->inner, p, n, err);
}

static int fsink_finish(struct floe_sink *s, struct floe_err *err)
{
	struct fault_sink *fk = (struct fault_sink *)s;
	int rc = fk->inner->finish(fk->inner, err);
	bool fail_after = fk->fail_after;
	const char *uri = fk->uri;

	free(fk);
	if (rc == 0 && fail_after)
		return injected(err, "put (after the object was written)", uri);
	return rc;
}

static void fsink_abort(struct floe_sink *s)
{
	struct fault_sink *fk = (struct fault_sink *)s;

	fk->inner->abort(fk->inner);
	free(fk);
}

static int f_put(struct floe_storage *st, const char *uri, struct floe_sink **out, struct floe_err *err)
{
	struct fault_storage *fs = (struct fault_storage *)st;
	struct floe_storage_faults *f = fs->f;
	struct fault_sink *fk;
	int n = ++f->puts;

	slow(fs);
	*out = NULL;
	if (n == f->fail_put || (f->fail_every_put > 0 && n >= f->fail_every_put))
		return injected(err, "put", uri);
	fk = calloc(1, sizeof(*fk));
	if (!fk)
		return floe_err_set(err, "out of memory");
	if (floe_storage_put(fs->inner, uri, &fk->inner, err) < 0) {
		free(fk);
		return -1;
	}
	fk->base.write = fsink_write;
	fk->base.finish = fsink_finish;
	fk->base.abort = fsink_abort;
	fk->fail_after = n == f->fail_put_after;
	fk->uri = "the object"; /* the uri is not kept: the caller's string may not outlive the sink */
	*out = &fk->base;
	return 0;
}

static int f_get(struct floe_storage *st, const char *uri, struct floe_buf *out, struct floe_err *err)
{
	struct fault_storage *fs = (struct fault_storage *)st;

	slow(fs);
	if (++fs->f->gets == fs->f->fail_get)
		return injected(err, "get", uri);
	return floe_storage_get(fs->inner, uri, out, err);
}

static int f_get_range(struct floe_storage *st, const char *uri, uint64_t off, uint64_t len, struct floe_buf *out,
		       struct floe_err *err)
{
	struct fault_storage *fs = (struct fault_storage *)st;

	slow(fs);
	if (++fs->f->gets == fs->f->fail_get)
		return injected(err, "range get", uri);
	return floe_storage_get_range(fs->inner, uri, off, len, out, err);
}

static int f_stat(struct floe_storage *st, const char *uri, bool *exists, uint64_t *size, struct floe_err *err)
{
	struct fault_storage *fs = (struct fault_storage *)st;

	slow(fs);
	return floe_storage_stat(fs->inner, uri, exists, size, err);
}

static int f_list(struct floe_storage *st, const char *prefix, floe_storage_list_cb cb, void *arg,
		  struct floe_err *err)
{
	struct fault_storage *fs = (struct fault_storage *)st;

	slow(fs);
	return floe_storage_list(fs->inner, prefix, cb, arg, err);
}

static int f_del(struct floe_storage *st, const char *uri, struct floe_err *err)
{
	struct fault_storage *fs = (struct fault_storage *)st;

	slow(fs);
	if (++fs->f->deletes == fs->f->fail_delete)
		return injected(err, "delete", uri);
	return floe_storage_delete(fs->inner, uri, err);
}

static void f_free(struct floe_storage *st)
{
	free(st);
}

static const struct floe_storage_ops fault_ops = {
	.put = f_put,
	.get = f_get,
	.get_range = f_get_range,
	.stat = f_stat,
	.list = f_list,
	.del = f_del,
	.free = f_free,
};

struct floe_storage *floe_storage_fault_new(struct floe_storage *inner, struct floe_storage_faults *f)
{
	struct fault_storage *fs = calloc(1, sizeof(*fs));

	if (!fs)
		return NULL;
	fs->base.ops = &fault_ops;
	fs->inner = inner;
	fs->f = f;
	return &fs->base;
}
