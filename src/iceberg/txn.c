/*
 * txn.c — the table transaction loop (see txn.h): build on the current base,
 * commit through the catalog, and on a lost race reload, back off and
 * rebuild; on an unknown outcome keep the files and reload to find out.
 * After a success, metadata files that fell off the metadata-log are
 * deleted when write.metadata.delete-after-commit.enabled is true.
 */
#include "iceberg/txn.h"

#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "catalog/catalog.h"
#include "core/log.h"
#include "core/timeutil.h"
#include "iceberg/table.h"
#include "storage/storage.h"

#define DEFAULT_ATTEMPTS 10
#define MAX_BACKOFF_MS 2000

struct tracked {
	char *uri;
	bool keep;   /* survives a lost attempt */
	bool pinned; /* written before an unknown outcome: never deleted */
};

struct floe_txn {
	struct floe_arena arena;
	int attempt;
	struct floe_update *ups;
	size_t n_ups, cap_ups;
	struct floe_requirement *reqs;
	size_t n_reqs, cap_reqs;
	struct tracked *files;
	size_t n_files, cap_files;
};

struct floe_arena *floe_txn_arena(struct floe_txn *tx)
{
	return &tx->arena;
}

int floe_txn_attempt(const struct floe_txn *tx)
{
	return tx->attempt;
}

static int grow(void **p, size_t *cap, size_t n, size_t size, struct floe_err *err)
{
	size_t nc;
	void *q;

	if (n < *cap)
		return 0;
	nc = *cap ? *cap * 2 : 8;
	q = realloc(*p, nc * size);
	if (!q)
		return floe_err_set(err, "out of memory");
	*p = q;
	*cap = nc;
	return 0;
}

int floe_txn_update(struct floe_txn *tx, const struct floe_update *u, struct floe_err *err)
{
	if (grow((void **)&tx->ups, &tx->cap_ups, tx->n_ups, sizeof(*tx->ups), err) < 0)
		return -1;
	tx->ups[tx->n_ups++] = *u;
	return 0;
}

int floe_txn_require(struct floe_txn *tx, const struct floe_requirement *r, struct floe_err *err)
{
	if (grow((void **)&tx->reqs, &tx->cap_reqs, tx->n_reqs, sizeof(*tx->reqs), err) < 0)
		return -1;
	tx->reqs[tx->n_reqs++] = *r;
	return 0;
}

int floe_txn_require_base(struct floe_txn *tx, const struct floe_table *t, bool schema, bool spec,
			  struct floe_err *err)
{
	struct floe_requirement r[6];
	size_t n = floe_requirements_for_base(&t->md, schema, spec, r);
	char *uuid = floe_arena_strdup(&tx->arena, t->md.table_uuid);

	if (!uuid)
		return floe_err_set(err, "out of memory");
	for (size_t i = 0; i < n; i++) {
		if (r[i].type == FLOE_REQ_ASSERT_TABLE_UUID)
			r[i].uuid = uuid; /* t->md is replaced by a reload; the copy lives with the attempt */
		if (floe_txn_require(tx, &r[i], err) < 0)
			return -1;
	}
	return 0;
}

int floe_txn_track(struct floe_txn *tx, const char *uri, bool keep, struct floe_err *err)
{
	char *u;

	if (grow((void **)&tx->files, &tx->cap_files, tx->n_files, sizeof(*tx->files), err) < 0)
		return -1;
	if (!(u = strdup(uri)))
		return floe_err_set(err, "out of memory");
	tx->files[tx->n_files].uri = u;
	tx->files[tx->n_files].keep = keep;
	tx->files[tx->n_files].pinned = false;
	tx->n_files++;
	return 0;
}

/* Deletes tracked files (all = the kept ones too; never the pinned ones) and forgets them. */
static void drop_files(struct floe_txn *tx, struct floe_storage *st, bool all)
{
	size_t i, j = 0;
	struct floe_err e;

	for (i = 0; i < tx->n_files; i++) {
		struct tracked *f = &tx->files[i];
		if (!f->pinned && (all || !f->keep)) {
			if (floe_storage_delete(st, f->uri, &e) < 0)
				floe_log_warn("cleanup after a failed commit: %s", e.msg);
			free(f->uri);
		} else {
			tx->files[j++] = *f;
		}
	}
	tx->n_files = j;
}

static void backoff_sleep(const struct floe_table *t, int attempt)
{
	int64_t ms = t->backoff_ms > 0 ? t->backoff_ms : 20;
	struct timespec ts;
	uint64_t r = (uint64_t)floe_mono_us() * 2654435761u;

	while (attempt-- > 1 && ms < MAX_BACKOFF_MS)
		ms *= 2;
	if (ms > MAX_BACKOFF_MS)
		ms = MAX_BACKOFF_MS;
	ms = ms / 2 + (int64_t)(r % (uint64_t)(ms + 1)); /* jitter: 0.5x .. 1.5x */
	ts.tv_sec = ms / 1000;
	ts.tv_nsec = (ms % 1000) * 1000000L;
	nanosleep(&ts, NULL);
}

static void drop_old_metadata(struct floe_table *t, const struct floe_table_metadata *next)
{
	const char *on = floe_metadata_property(next, "write.metadata.delete-after-commit.enabled");
	struct floe_err e;

	if (!on || strcasecmp(on, "true") != 0)
		return;
	for (size_t i = 0; i < t->md.n_metadata_log; i++) {
		bool kept = false;
		for (size_t j = 0; j < next->n_metadata_log && !kept; j++)
			kept = !strcmp(t->md.metadata_log[i].file, next->metadata_log[j].file);
		if (!kept && floe_storage_delete(t->storage, t->md.metadata_log[i].file, &e) < 0)
			floe_log_warn("table '%s.%s': removing old metadata: %s", t->ns, t->name, e.msg);
	}
}

/* After an unknown outcome: reload; 1 = our change is there, 0 = it is not, -1 = cannot tell. */
static int resolve_unknown(struct floe_table *t, const struct floe_txn_ops *ops, void *arg, const char *ours,
			   struct floe_err *err)
{
	struct floe_err e2;

	floe_err_clear(&e2);
	if (floe_table_refresh(t, &e2) < 0) {
		floe_err_prefix(err, "(reloading to find out failed too: %s) ", e2.msg);
		return -1;
	}
	if (ours && t->metadata_location && !strcmp(ours, t->metadata_location))
		return 1;
	if (ops->landed && ops->landed(t, arg))
		return 1;
	return 0;
}

int floe_table_transact(struct floe_table *t, const struct floe_txn_ops *ops, void *arg, struct floe_err *err)
{
	struct floe_txn tx;
	int max = t->max_attempts > 0 ? t->max_attempts : DEFAULT_ATTEMPTS, rc = -1;

	memset(&tx, 0, sizeof(tx));
	floe_arena_init(&tx.arena, 16 * 1024);
	if (ops->prepare && ops->prepare(&tx, t, arg, err) < 0)
		goto out;
	for (tx.attempt = 1;; tx.attempt++) {
		struct floe_catalog_commit cc;
		struct floe_table_metadata md;
		char *loc = NULL;

		floe_arena_reset(&tx.arena);
		tx.n_ups = tx.n_reqs = 0;
		if (ops->validate && ops->validate(&tx, t, arg, err) < 0)
			goto out;
		if (ops->build(&tx, t, arg, err) < 0)
			goto out;
		if (!tx.n_ups) {
			rc = 0; /* nothing to change */
			goto out;
		}
		memset(&cc, 0, sizeof(cc));
		memset(&md, 0, sizeof(md));
		cc.ns = t->ns;
		cc.name = t->name;
		cc.base_location = t->metadata_location;
		cc.base = &t->md;
		cc.reqs = tx.reqs;
		cc.n_reqs = tx.n_reqs;
		cc.ups = tx.ups;
		cc.n_ups = tx.n_ups;
		if (floe_catalog_commit_table(t->catalog, t->storage, &cc, &loc, &md, err) == 0) {
			drop_old_metadata(t, &md);
			floe_metadata_release(&t->md);
			t->md = md;
			free(t->metadata_location);
			t->metadata_location = loc;
			rc = 0;
			goto out;
		}
		if (err->code == FLOE_EUNKNOWN) {
			int landed;
			for (size_t i = 0; i < tx.n_files; i++)
				tx.files[i].pinned = true; /* it may have landed: its files must stay */
			landed = resolve_unknown(t, ops, arg, loc, err);
			free(loc);
			if (landed < 0)
				goto out;
			if (landed) {
				floe_log_info("table '%s.%s': the commit's outcome was unknown; the reload shows it landed",
					      t->ns, t->name);
				rc = 0;
				goto out;
			}
			/* not there now; a late landing cannot be ruled out for every catalog,
			 * so this is not retried here: the files stay and the caller decides */
			floe_err_prefix(err, "(the reload does not show it yet) ");
			goto out;
		}
		free(loc);
		if (err->code != FLOE_ECONFLICT || tx.attempt >= max)
			goto out;
		floe_log_debug("table '%s.%s': attempt %d lost a race; retrying: %s", t->ns, t->name, tx.attempt,
			       err->msg);
		drop_files(&tx, t->storage, false);
		backoff_sleep(t, tx.attempt);
		if (floe_table_refresh(t, err) < 0)
			goto out;
	}
out:
	if (rc < 0)
		drop_files(&tx, t->storage, true);
	for (size_t i = 0; i < tx.n_files; i++)
		free(tx.files[i].uri);
	free(tx.files);
	free(tx.ups);
	free(tx.reqs);
	floe_arena_release(&tx.arena);
	return rc;
}
