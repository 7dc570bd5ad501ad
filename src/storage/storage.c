/*
 * storage.c — opening a storage backend from options (the scheme of the
 * location picks it) and the helpers every backend shares. URI parsing for a
 * scheme lives in its backend (local.c for file://), not here.
 */
#include "storage/storage.h"

#include <string.h>

int floe_storage_open_opts(const struct floe_storage_opts *o, struct floe_storage **out, struct floe_err *err)
{
	*out = NULL;
	if (!o || !o->location || !*o->location)
		return floe_err_setc(err, FLOE_EINPUT, "empty storage location; set warehouse.location to an absolute path");
	if (floe_storage_is_local(o->location))
		return floe_storage_local_open(o, out, err);
	return floe_err_setc(err, FLOE_EINPUT,
			     "storage location '%s' is not supported; use an absolute path or a file:/// URI",
			     o->location);
}

int floe_storage_open(const char *location, struct floe_storage **out, struct floe_err *err)
{
	struct floe_storage_opts o;

	memset(&o, 0, sizeof(o));
	o.location = location;
	return floe_storage_open_opts(&o, out, err);
}

void floe_storage_free(struct floe_storage *st)
{
	if (st)
		st->ops->free(st);
}

int floe_storage_put_bytes(struct floe_storage *st, const char *uri, const void *p, size_t n,
			   struct floe_err *err)
{
	struct floe_sink *s;

	if (floe_storage_put(st, uri, &s, err) < 0)
		return -1;
	if (floe_sink_write(s, p, n, err) < 0) {
		s->abort(s);
		return -1;
	}
	return s->finish(s, err);
}
