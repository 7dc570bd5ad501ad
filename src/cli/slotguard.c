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
 * current snapshot carries floe's watermark from cfg's slot. */
typedef int (*visit_fn)(void *arg, struct floe_tablecli *tc, const struct floe_catalog_table *ct,
			const struct floe_table_metadata *md, const char *lsn, struct floe_err *err);

static int each_replicated(const struct floe_config *cfg, bool *no_catalog, visit_fn fn, void *arg,
			   struct floe_err *err)
{
	struct floe_tablecli tc;
	struct floe_catalog_table *tabs = NULL;
	size_t n = 0;
	int rc = -1;

	*no_catalog = false;
	if (floe_tablecli_open(&tc, cfg->path, err) < 0) {
		/* before the first run there is no catalog yet: nothing was replicated */
		floe_err_clear(err);
		*no_catalog = true;
		return 0;
	}
	if (floe_catalog_list_tables(tc.cat, NULL, &tabs, &n, err) < 0) {
		floe_err_prefix(err, "cannot list the catalog's tables: ");
		goto out;
	}
	for (size_t i = 0; i < n; i++) {
		struct floe_table_metadata md;
		const struct floe_snapshot *s;
		const char *lsn, *slot;
		struct floe_err e2 = { 0 };
		int r = 0;

		if (cfg->catalog.namespace_ && strcmp(tabs[i].namespace_, cfg->catalog.namespace_) != 0)
			continue;
		if (floe_table_read_metadata(tc.st, tabs[i].metadata_location ? tabs[i].metadata_location : "", &md,
					     &e2) < 0)
			continue;
		s = floe_metadata_current_snapshot(&md);
		lsn = s ? floe_snapshot_summary(s, "floe.lsn") : NULL;
		slot = s ? floe_snapshot_summary(s, "floe.slot") : NULL;
		if (lsn && (!slot || !strcmp(slot, cfg->source.slot)))
			r = fn(arg, &tc, &tabs[i], &md, lsn, err);
		floe_metadata_release(&md);
		if (r < 0)
			goto out;
	}
	rc = 0;
out:
	floe_catalog_tables_free(tabs, n);
	floe_tablecli_close(&tc);
	return rc;
}

static int note_hit(void *arg, struct floe_tablecli *tc, const struct floe_catalog_table *ct,
		    const struct floe_table_metadata *md, const char *lsn, struct floe_err *err)
{
	struct floe_slotguard_hit *h = arg;

	(void)tc;
	(void)err;
	if (floe_metadata_property(md, FLOE_PROP_RESNAPSHOT)) {
		h->n_marked++;
		return 0;
	}
	if (h->n++ == 0) {
		snprintf(h->table, sizeof(h->table), "%s.%s", ct->namespace_, ct->name);
		snprintf(h->lsn, sizeof(h->lsn), "%s", lsn);
	}
	return 0;
}

int floe_slotguard_scan(const struct floe_config *cfg, struct floe_slotguard_hit *hit, struct floe_err *err)
{
	memset(hit, 0, sizeof(*hit));
	return each_replicated(cfg, &hit->no_catalog, note_hit, hit, err);
}

struct mark {
	const char *slot;
	char when[40];
	size_t n;
};

static int mark_one(void *arg, struct floe_tablecli *tc, const struct floe_catalog_table *ct,
		    const struct floe_table_metadata *md, const char *lsn, struct floe_err *err)
{
	struct mark *m = arg;
	struct floe_table *t = NULL;
	struct floe_kv kv;
	char value[256];
	int rc;

	if (floe_metadata_property(md, FLOE_PROP_RESNAPSHOT)) {
		m->n++;
		return 0;
	}
	snprintf(value, sizeof(value), "requested %s by floe setup --resnapshot; replicated up to %s through slot '%s'",
		 m->when, lsn, m->slot);
	kv.key = FLOE_PROP_RESNAPSHOT;
	kv.value = value;
	if (floe_table_load(tc->cat, tc->st, ct->namespace_, ct->name, &t, err) < 0)
		return floe_err_prefix(err, "marking '%s.%s' for a new copy: ", ct->namespace_, ct->name);
	rc = floe_table_set_properties(t, &kv, 1, NULL, 0, err);
	floe_table_free(t);
	if (rc < 0)
		return floe_err_prefix(err, "marking '%s.%s' for a new copy: ", ct->namespace_, ct->name);
	printf("marked Iceberg table '%s.%s' (replicated up to %s) for a new copy\n", ct->namespace_, ct->name, lsn);
	m->n++;
	return 0;
}

int floe_slotguard_mark(const struct floe_config *cfg, size_t *marked, struct floe_err *err)
{
	struct mark m;
	bool no_catalog;

	memset(&m, 0, sizeof(m));
	m.slot = cfg->source.slot;
	floe_format_time_ms(floe_now_unix_ms(), m.when, sizeof(m.when));
	*marked = 0;
	if (each_replicated(cfg, &no_catalog, mark_one, &m, err) < 0)
		return -1;
	*marked = m.n;
	return 0;
}
