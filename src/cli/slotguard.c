/*
 * slotguard.c — what the warehouse knows about the replication slot: which
 * Iceberg tables were replicated through a slot of cfg's name (their current
 * snapshot's floe.lsn / floe.slot), so that `setup` never creates a new slot
 * that would silently skip the changes made since, `check` fails in that
 * situation, and `setup --resnapshot` marks those tables for a new copy.
 * Talks to the catalog and storage only, never to PostgreSQL.
 */
#include "cli/slotguard.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/tablecli.h"
#include "core/timeutil.h"
#include "sink/target.h"

/* Calls fn for every table of cfg's namespace (all namespaces when unset) whose
 * current snapshot carries floe's watermark from cfg's slot. Tables that cannot be
 * loaded are skipped: they hold nothing a new slot could miss. */
typedef int (*visit_fn)(void *arg, struct floe_table *t, const char *lsn, struct floe_err *err);

static int each_replicated(const struct floe_config *cfg, visit_fn fn, void *arg, struct floe_err *err)
{
	struct floe_tablecli tc;
	struct floe_catalog_table *tabs = NULL;
	size_t n = 0;
	int rc = -1;

	if (floe_tablecli_open(&tc, cfg->path, err) < 0) {
		/* before the first run there is no catalog yet: nothing was replicated */
		floe_err_clear(err);
		return 0;
	}
	if (floe_catalog_list_tables(tc.cat, NULL, &tabs, &n, err) < 0) {
		floe_err_prefix(err, "cannot list the catalog's tables: ");
		goto out;
	}
	for (size_t i = 0; i < n; i++) {
		struct floe_table *t = NULL;
		const char *lsn, *slot;
		struct floe_err e2 = { 0 };
		int r = 0;

		if (cfg->catalog.namespace_ && strcmp(tabs[i].namespace_, cfg->catalog.namespace_) != 0)
			continue;
		if (floe_table_load(tc.cat, tc.st, tabs[i].namespace_, tabs[i].name, &t, &e2) < 0)
			continue;
		lsn = floe_table_summary(t, "floe.lsn");
		slot = floe_table_summary(t, "floe.slot");
		if (lsn && (!slot || !strcmp(slot, cfg->source.slot)))
			r = fn(arg, t, lsn, err);
		floe_table_free(t);
		if (r < 0)
			goto out;
	}
	rc = 0;
out:
	floe_catalog_tables_free(tabs, n);
	floe_tablecli_close(&tc);
	return rc;
}

static int note_hit(void *arg, struct floe_table *t, const char *lsn, struct floe_err *err)
{
	struct floe_preflight_warehouse *w = arg;

	(void)err;
	if (floe_metadata_property(&t->md, FLOE_PROP_RESNAPSHOT)) {
		w->marked++;
		return 0;
	}
	if (w->replicated++ == 0) {
		snprintf(w->first, sizeof(w->first), "%s.%s", t->ns, t->name);
		snprintf(w->lsn, sizeof(w->lsn), "%s", lsn);
	}
	return 0;
}

int floe_slotguard_scan(const struct floe_config *cfg, struct floe_preflight_warehouse *out, struct floe_err *err)
{
	memset(out, 0, sizeof(*out));
	return each_replicated(cfg, note_hit, out, err);
}

struct mark {
	const char *slot;
	char when[40];
	size_t n;
};

static int mark_one(void *arg, struct floe_table *t, const char *lsn, struct floe_err *err)
{
	struct mark *m = arg;
	struct floe_kv kv;
	char value[256], at[32];

	if (floe_metadata_property(&t->md, FLOE_PROP_RESNAPSHOT)) {
		m->n++;
		return 0;
	}
	/* lsn points into t->md, which the commit below replaces */
	snprintf(at, sizeof(at), "%s", lsn);
	lsn = at;
	snprintf(value, sizeof(value), "requested %s by floe setup --resnapshot; replicated up to %s through slot '%s'",
		 m->when, lsn, m->slot);
	kv.key = FLOE_PROP_RESNAPSHOT;
	kv.value = value;
	if (floe_table_set_properties(t, &kv, 1, NULL, 0, err) < 0)
		return floe_err_prefix(err, "marking '%s.%s' for a new copy: ", t->ns, t->name);
	printf("marked Iceberg table '%s.%s' (replicated up to %s) for a new copy\n", t->ns, t->name, lsn);
	m->n++;
	return 0;
}

int floe_slotguard_mark(const struct floe_config *cfg, size_t *marked, struct floe_err *err)
{
	struct mark m;

	memset(&m, 0, sizeof(m));
	m.slot = cfg->source.slot;
	floe_format_time_ms(floe_now_unix_ms(), m.when, sizeof(m.when));
	*marked = 0;
	if (each_replicated(cfg, mark_one, &m, err) < 0)
		return -1;
	*marked = m.n;
	return 0;
}
