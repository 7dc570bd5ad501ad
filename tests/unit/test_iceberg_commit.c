/*
 * test_iceberg_commit.c — table create/load and commits against a SQLite SQL
 * catalog in a temporary warehouse: sequence numbers and their inheritance,
 * manifests carried forward unchanged, summaries, row deltas, truncate,
 * metadata file naming, CAS conflicts between two handles and two processes
 * (nothing lost), cleanup after failures, the unknown-outcome path (files kept,
 * refresh shows the truth), and clear errors for broken tables.
 * Data files here are descriptions only (no Parquet); scans are tested elsewhere.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cmocka.h>
#include <sqlite3.h>

#include "catalog/catalog.h"
#include "cli/tablecli.h"
#include "core/arena.h"
#include "core/timeutil.h"
#include "iceberg/expire.h"
#include "iceberg/table.h"
#include "storage/storage.h"

struct env {
	char dir[256];
	char wh[300];
	char db[300];
	struct floe_catalog *cat;
	struct floe_storage *st;
	struct floe_schema schema;
	struct floe_arena a;
};

static int setup(void **state)
{
	struct env *e = calloc(1, sizeof(*e));
	struct floe_field f[2];
	struct floe_err err;
	int ids[] = { 1 };

	snprintf(e->dir, sizeof(e->dir), "/tmp/floe-commit-XXXXXX");
	assert_non_null(mkdtemp(e->dir));
	snprintf(e->wh, sizeof(e->wh), "%s/wh", e->dir);
	snprintf(e->db, sizeof(e->db), "%s/catalog.db", e->dir);
	assert_int_equal(floe_catalog_open(e->db, "test", &e->cat, &err), 0);
	assert_int_equal(floe_storage_open(e->wh, &e->st, &err), 0);
	memset(f, 0, sizeof(f));
	f[0].name = "id";
	f[0].required = true;
	f[0].type.id = FLOE_T_LONG;
	f[1].name = "name";
	f[1].type.id = FLOE_T_STRING;
	assert_int_equal(floe_schema_init(&e->schema, 0, f, 2, ids, 1, &err), 0);
	floe_arena_init(&e->a, 0);
	*state = e;
	return 0;
}

static int teardown(void **state)
{
	struct env *e = *state;
	char cmd[400];

	floe_catalog_close(e->cat);
	floe_storage_free(e->st);
	floe_schema_release(&e->schema);
	floe_arena_release(&e->a);
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", e->dir);
	assert_int_equal(system(cmd), 0);
	free(e);
	return 0;
}

static struct floe_data_file fake_file(struct env *e, const char *name, enum floe_content content, int64_t rows)
{
	struct floe_data_file f;
	char path[512];
	static int eq_ids[] = { 1 };

	memset(&f, 0, sizeof(f));
	snprintf(path, sizeof(path), "file://%s/db/t/data/%s.parquet", e->wh, name);
	f.content = content;
	f.file_path = floe_arena_strdup(&e->a, path);
	f.file_format = "PARQUET";
	f.record_count = rows;
	f.file_size_in_bytes = 1000 + rows;
	f.sort_order_id = -1;
	if (content == FLOE_CONTENT_EQUALITY_DELETES) {
		f.equality_ids = eq_ids;
		f.n_equality_ids = 1;
	}
	return f;
}

static int64_t append(struct env *e, struct floe_table *t, const char *name, int64_t rows, const char *lsn)
{
	struct floe_data_file f = fake_file(e, name, FLOE_CONTENT_DATA, rows);
	struct floe_kv kv[] = { { "floe.lsn", lsn } };
	struct floe_commit c;
	struct floe_err err;
	int64_t sid = 0;

	memset(&c, 0, sizeof(c));
	c.data_files = &f;
	c.n_data_files = 1;
	c.summary = kv;
	c.n_summary = 1;
	if (floe_table_commit(t, &c, &sid, &err) < 0)
		fail_msg("commit: %s", err.msg);
	return sid;
}

static int count_cb(void *arg, const char *uri, uint64_t size, struct floe_err *err)
{
	(void)uri;
	(void)size;
	(void)err;
	(*(int *)arg)++;
	return 0;
}

static int count_files(struct env *e, const char *sub)
{
	char p[512];
	struct floe_err err;
	int n = 0;

	snprintf(p, sizeof(p), "%s/db/t/%s", e->wh, sub);
	assert_int_equal(floe_storage_list(e->st, p, count_cb, &n, &err), 0);
	return n;
}

static const char *sum(const struct floe_snapshot *s, const char *k)
{
	const char *v = floe_snapshot_summary(s, k);
	return v ? v : "(absent)";
}

static void test_sequence_and_summaries(void **state)
{
	struct env *e = *state;
	struct floe_table *t, *t2;
	struct floe_err err;
	struct floe_snapshot_files sf;
	const struct floe_snapshot *s;
	int64_t s1, s2, s3, s4, s5, s6;
	struct floe_data_file files[2];
	struct floe_commit c;
	struct floe_kv kv[] = { { "floe.lsn", "0/50" }, { "floe.slot", "floe" } };
	size_t i;

	assert_int_equal(floe_table_create(e->cat, e->st, e->wh, "db", "t", &e->schema, NULL, 0, &t, &err), 0);
	assert_null(floe_table_current_snapshot(t));
	assert_non_null(strstr(t->metadata_location, "/db/t/metadata/00000-"));
	/* a second create is refused */
	assert_int_equal(floe_table_create(e->cat, e->st, e->wh, "db", "t", &e->schema, NULL, 0, &t2, &err), -1);
	assert_int_equal(err.code, FLOE_CATALOG_EEXISTS);
	assert_int_equal(count_files(e, "metadata"), 1);

	s1 = append(e, t, "a", 10, "0/10");
	s2 = append(e, t, "b", 20, "0/20");
	s3 = append(e, t, "c", 30, "0/30");
	assert_int_equal(t->md.last_sequence_number, 3);
	assert_non_null(strstr(t->metadata_location, "/metadata/00003-"));
	s = floe_table_current_snapshot(t);
	assert_int_equal(s->snapshot_id, s3);
	assert_int_equal(s->sequence_number, 3);
	assert_int_equal(s->parent_id, s2);
	assert_string_equal(s->operation, "append");
	assert_string_equal(sum(s, "added-records"), "30");
	assert_string_equal(sum(s, "total-records"), "60");
	assert_string_equal(sum(s, "total-data-files"), "3");
	assert_string_equal(sum(s, "total-delete-files"), "0");
	assert_string_equal(sum(s, "total-files-size"), "3060");
	assert_string_equal(sum(s, "floe.lsn"), "0/30");
	assert_int_equal(floe_metadata_snapshot(&t->md, s1)->sequence_number, 1);

	/* the manifests of s1 and s2 are carried as they were; ADDED entries inherit */
	assert_int_equal(floe_table_read_snapshot_files(e->st, s, &e->a, &sf, &err), 0);
	assert_int_equal(sf.list.n_files, 3);
	assert_int_equal(sf.list.sequence_number, 3);
	assert_int_equal(sf.list.files[0].sequence_number, 3); /* newest first */
	assert_int_equal(sf.list.files[1].sequence_number, 2);
	assert_int_equal(sf.list.files[2].sequence_number, 1);
	assert_int_equal(sf.list.files[2].min_sequence_number, 1);
	assert_int_equal(sf.list.files[2].added_snapshot_id, s1);
	for (i = 0; i < 3; i++) {
		assert_int_equal(sf.manifests[i].n_entries, 1);
		assert_int_equal(sf.manifests[i].entries[0].sequence_number, 3 - (int64_t)i);
		assert_int_equal(sf.manifests[i].entries[0].file_sequence_number, 3 - (int64_t)i);
	}
	assert_int_equal(sf.manifests[0].entries[0].snapshot_id, s3);

	/* row delta: new data + equality deletes in one snapshot */
	files[0] = fake_file(e, "d", FLOE_CONTENT_DATA, 5);
	files[1] = fake_file(e, "d-eq", FLOE_CONTENT_EQUALITY_DELETES, 4);
	memset(&c, 0, sizeof(c));
	c.data_files = &files[0];
	c.n_data_files = 1;
	c.delete_files = &files[1];
	c.n_delete_files = 1;
	c.summary = kv;
	c.n_summary = 2;
	assert_int_equal(floe_table_commit(t, &c, &s4, &err), 0);
	s = floe_table_current_snapshot(t);
	assert_string_equal(s->operation, "overwrite");
	assert_int_equal(s->sequence_number, 4);
	assert_string_equal(sum(s, "added-equality-deletes"), "4");
	assert_string_equal(sum(s, "added-equality-delete-files"), "1");
	assert_string_equal(sum(s, "total-equality-deletes"), "4");
	assert_string_equal(sum(s, "total-delete-files"), "1");
	assert_string_equal(sum(s, "total-records"), "65");
	assert_string_equal(sum(s, "floe.slot"), "floe");
	assert_int_equal(floe_table_read_snapshot_files(e->st, s, &e->a, &sf, &err), 0);
	assert_int_equal(sf.list.n_files, 5);
	assert_int_equal(sf.list.files[1].content, 1);
	assert_int_equal(sf.manifests[1].entries[0].sequence_number, 4);
	assert_int_equal(sf.manifests[1].entries[0].file.n_equality_ids, 1);

	/* truncate: every live file becomes DELETED with its original sequence numbers */
	memset(&c, 0, sizeof(c));
	c.truncate = true;
	assert_int_equal(floe_table_commit(t, &c, &s5, &err), 0);
	s = floe_table_current_snapshot(t);
	assert_string_equal(s->operation, "delete");
	assert_string_equal(sum(s, "total-records"), "0");
	assert_string_equal(sum(s, "total-data-files"), "0");
	assert_string_equal(sum(s, "deleted-data-files"), "4");
	assert_string_equal(sum(s, "removed-delete-files"), "1");
	assert_int_equal(floe_table_read_snapshot_files(e->st, s, &e->a, &sf, &err), 0);
	assert_int_equal(sf.list.n_files, 2);
	for (i = 0; i < sf.list.n_files; i++) {
		size_t j;
		for (j = 0; j < sf.manifests[i].n_entries; j++) {
			const struct floe_manifest_entry *me = &sf.manifests[i].entries[j];
			assert_int_equal(me->status, FLOE_ENTRY_DELETED);
			assert_int_equal(me->snapshot_id, s5);
			assert_true(me->sequence_number >= 1 && me->sequence_number <= 4);
		}
	}
	/* the next commit no longer lists manifests without live entries */
	s6 = append(e, t, "e", 7, "0/60");
	s = floe_table_current_snapshot(t);
	assert_int_equal(s->sequence_number, 6);
	assert_string_equal(sum(s, "total-records"), "7");
	assert_int_equal(floe_table_read_snapshot_files(e->st, s, &e->a, &sf, &err), 0);
	assert_int_equal(sf.list.n_files, 1);
	(void)s4;

	/* a fresh load sees exactly the same */
	assert_int_equal(floe_table_load(e->cat, e->st, "db", "t", &t2, &err), 0);
	assert_string_equal(t2->metadata_location, t->metadata_location);
	assert_int_equal(t2->md.n_snapshots, 6);
	assert_int_equal(t2->md.n_metadata_log, 6);
	assert_string_equal(floe_table_summary(t2, "floe.lsn"), "0/60");
	/* a commit without floe.lsn on top (another engine): the last one with it is found */
	{
		struct floe_data_file df = fake_file(e, "other", FLOE_CONTENT_DATA, 1);
		struct floe_commit oc;
		memset(&oc, 0, sizeof(oc));
		oc.data_files = &df;
		oc.n_data_files = 1;
		assert_int_equal(floe_table_commit(t2, &oc, NULL, &err), 0);
		assert_null(floe_table_summary(t2, "floe.lsn"));
		assert_int_equal(floe_table_last_with_summary(t2, "floe.lsn")->snapshot_id, s6);
		assert_null(floe_table_last_with_summary(t2, "floe.nothing"));
	}
	floe_table_free(t2);
	/* 8 metadata versions, 7 manifest lists, 7 added manifests + 2 truncate manifests */
	assert_int_equal(count_files(e, "metadata"), 8 + 7 + 7 + 2);
	floe_table_free(t);
}

static void test_conflict_two_handles(void **state)
{
	struct env *e = *state;
	struct floe_table *t, *a, *b;
	struct floe_err err;
	struct floe_snapshot_files sf;
	int64_t sa, sb;
	const struct floe_snapshot *s;
	int before;

	assert_int_equal(floe_table_create(e->cat, e->st, e->wh, "db", "t", &e->schema, NULL, 0, &t, &err), 0);
	floe_table_free(t);
	assert_int_equal(floe_table_load(e->cat, e->st, "db", "t", &a, &err), 0);
	assert_int_equal(floe_table_load(e->cat, e->st, "db", "t", &b, &err), 0);
	sa = append(e, a, "a", 1, "0/1");
	/* b still holds version 0: its first attempt loses, the retry lands on top of a's */
	sb = append(e, b, "b", 2, "0/2");
	s = floe_table_current_snapshot(b);
	assert_int_equal(s->snapshot_id, sb);
	assert_int_equal(s->parent_id, sa);
	assert_int_equal(s->sequence_number, 2);
	assert_string_equal(sum(s, "total-records"), "3");
	assert_int_equal(floe_table_read_snapshot_files(e->st, s, &e->a, &sf, &err), 0);
	assert_int_equal(sf.list.n_files, 2);
	/* the lost attempt's manifest list and metadata file were removed */
	assert_int_equal(count_files(e, "metadata"), 3 + 2 + 2);

	/* with one attempt allowed, a stale handle fails with a conflict and leaves nothing */
	a->max_attempts = 1;
	before = count_files(e, "metadata");
	{
		struct floe_data_file f = fake_file(e, "c", FLOE_CONTENT_DATA, 1);
		struct floe_commit c;
		memset(&c, 0, sizeof(c));
		c.data_files = &f;
		c.n_data_files = 1;
		assert_int_equal(floe_table_commit(a, &c, NULL, &err), -1);
		assert_int_equal(err.code, FLOE_CATALOG_ECONFLICT);
		assert_non_null(strstr(err.msg, "lost a race"));
	}
	assert_int_equal(count_files(e, "metadata"), before);
	floe_table_free(a);
	floe_table_free(b);
}

#define RACERS 3
#define RACE_COMMITS 12

static void test_conflict_processes(void **state)
{
	struct env *e = *state;
	struct floe_table *t;
	struct floe_err err;
	struct floe_snapshot_files sf;
	pid_t pids[RACERS];
	int i, k, status;
	size_t m, found = 0;

	assert_int_equal(floe_table_create(e->cat, e->st, e->wh, "db", "t", &e->schema, NULL, 0, &t, &err), 0);
	floe_table_free(t);
	for (i = 0; i < RACERS; i++) {
		pids[i] = fork();
		assert_true(pids[i] >= 0);
		if (pids[i] == 0) {
			struct floe_catalog *cat;
			int rc = 0;
			if (floe_catalog_open(e->db, "test", &cat, &err) < 0)
				_exit(2);
			if (floe_table_load(cat, e->st, "db", "t", &t, &err) < 0)
				_exit(3);
			t->max_attempts = 100;
			t->backoff_ms = 2;
			for (k = 0; k < RACE_COMMITS && rc == 0; k++) {
				char name[32], lsn[32];
				struct floe_data_file f;
				struct floe_commit c;
				snprintf(name, sizeof(name), "p%d-%d", i, k);
				snprintf(lsn, sizeof(lsn), "0/%d", k);
				f = fake_file(e, name, FLOE_CONTENT_DATA, 1);
				memset(&c, 0, sizeof(c));
				c.data_files = &f;
				c.n_data_files = 1;
				rc = floe_table_commit(t, &c, NULL, &err);
				if (rc < 0)
					fprintf(stderr, "racer %d: %s\n", i, err.msg);
			}
			floe_table_free(t);
			floe_catalog_close(cat);
			_exit(rc == 0 ? 0 : 1);
		}
	}
	for (i = 0; i < RACERS; i++) {
		assert_int_equal(waitpid(pids[i], &status, 0), pids[i]);
		assert_true(WIFEXITED(status));
		assert_int_equal(WEXITSTATUS(status), 0);
	}
	assert_int_equal(floe_table_load(e->cat, e->st, "db", "t", &t, &err), 0);
	assert_int_equal(t->md.n_snapshots, RACERS * RACE_COMMITS);
	assert_int_equal(t->md.last_sequence_number, RACERS * RACE_COMMITS);
	assert_int_equal(floe_table_read_snapshot_files(e->st, floe_table_current_snapshot(t), &e->a, &sf, &err), 0);
	assert_int_equal(sf.list.n_files, RACERS * RACE_COMMITS);
	/* every file exactly once, each with its own sequence number */
	for (i = 0; i < RACERS; i++) {
		for (k = 0; k < RACE_COMMITS; k++) {
			char want[64];
			int hits = 0;
			snprintf(want, sizeof(want), "/p%d-%d.parquet", i, k);
			for (m = 0; m < sf.list.n_files; m++) {
				const char *p = sf.manifests[m].entries[0].file.file_path;
				if (strlen(p) >= strlen(want) && !strcmp(p + strlen(p) - strlen(want), want))
					hits++;
			}
			assert_int_equal(hits, 1);
			found++;
		}
	}
	for (m = 0; m < sf.list.n_files; m++)
		assert_int_equal(sf.manifests[m].entries[0].sequence_number, sf.list.files[m].sequence_number);
	assert_string_equal(floe_table_summary(t, "total-records"), "36");
	assert_int_equal(found, RACERS * RACE_COMMITS);
	/* no leftovers: one metadata file and one manifest list per snapshot, one manifest per commit */
	assert_int_equal(count_files(e, "metadata"), 1 + 3 * RACERS * RACE_COMMITS);
	floe_table_free(t);
}

static void sql(struct env *e, const char *q)
{
	sqlite3 *db;
	char *msg = NULL;

	assert_int_equal(sqlite3_open(e->db, &db), SQLITE_OK);
	if (sqlite3_exec(db, q, NULL, NULL, &msg) != SQLITE_OK)
		fail_msg("sql: %s", msg);
	sqlite3_close(db);
}

static void test_broken_tables(void **state)
{
	struct env *e = *state;
	struct floe_table *t, *t2;
	struct floe_err err;
	struct floe_snapshot_files sf;
	char *good, path[600];
	FILE *f;

	assert_int_equal(floe_table_create(e->cat, e->st, e->wh, "db", "t", &e->schema, NULL, 0, &t, &err), 0);
	append(e, t, "a", 1, "0/1");
	good = strdup(t->metadata_location);

	/* unknown table */
	assert_int_equal(floe_table_load(e->cat, e->st, "db", "nope", &t2, &err), -1);
	assert_int_equal(err.code, FLOE_CATALOG_ENOTFOUND);
	assert_non_null(strstr(err.msg, "'db.nope' does not exist"));

	/* a catalog row pointing nowhere */
	sql(e, "UPDATE iceberg_tables SET metadata_location = 'file:///nonexistent/x/00009-a.metadata.json'");
	assert_int_equal(floe_table_load(e->cat, e->st, "db", "t", &t2, &err), -1);
	assert_non_null(strstr(err.msg, "'file:///nonexistent/x/00009-a.metadata.json' does not exist"));
	/* the stale handle cannot commit over it either, and leaves no files */
	{
		int before = count_files(e, "metadata");
		struct floe_data_file df = fake_file(e, "b", FLOE_CONTENT_DATA, 1);
		struct floe_commit c;
		memset(&c, 0, sizeof(c));
		c.data_files = &df;
		c.n_data_files = 1;
		assert_int_equal(floe_table_commit(t, &c, NULL, &err), -1);
		assert_non_null(strstr(err.msg, "does not exist"));
		assert_int_equal(count_files(e, "metadata"), before);
	}
	snprintf(path, sizeof(path), "UPDATE iceberg_tables SET metadata_location = '%s'", good);
	sql(e, path);

	/* a corrupt manifest: the scan names it, a commit on top still works (manifests are carried unread) */
	assert_int_equal(floe_table_refresh(t, &err), 0);
	assert_int_equal(floe_table_read_snapshot_files(e->st, floe_table_current_snapshot(t), &e->a, &sf, &err), 0);
	snprintf(path, sizeof(path), "%s", sf.list.files[0].manifest_path + 7);
	f = fopen(path, "r+b");
	assert_non_null(f);
	fseek(f, 40, SEEK_SET);
	fwrite("garbage-garbage-garbage", 1, 23, f);
	fclose(f);
	assert_int_equal(floe_table_read_snapshot_files(e->st, floe_table_current_snapshot(t), &e->a, &sf, &err), -1);
	assert_non_null(strstr(err.msg, path));

	/* a metadata file that is not JSON */
	f = fopen(good + 7, "wb");
	assert_non_null(f);
	fputs("{\"format-version\": 2, ", f);
	fclose(f);
	assert_int_equal(floe_table_load(e->cat, e->st, "db", "t", &t2, &err), -1);
	assert_non_null(strstr(err.msg, good));
	assert_non_null(strstr(err.msg, "invalid JSON"));

	/* a warehouse under a regular file: create fails naming the path, registers nothing */
	snprintf(path, sizeof(path), "%s/plainfile", e->dir);
	f = fopen(path, "wb");
	assert_non_null(f);
	fclose(f);
	assert_int_equal(floe_table_create(e->cat, e->st, path, "db", "u", &e->schema, NULL, 0, &t2, &err), -1);
	assert_non_null(strstr(err.msg, "plainfile"));
	assert_int_equal(floe_table_load(e->cat, e->st, "db", "u", &t2, &err), -1);
	assert_int_equal(err.code, FLOE_CATALOG_ENOTFOUND);
	free(good);
	floe_table_free(t);
}

static void test_metadata_log_cap_and_cleanup(void **state)
{
	struct env *e = *state;
	struct floe_table *t;
	struct floe_err err;
	struct floe_kv props[] = { { "write.metadata.previous-versions-max", "2" },
				   { "write.metadata.delete-after-commit.enabled", "true" } };
	char first[600];
	bool ex;
	int i;

	assert_int_equal(floe_table_create(e->cat, e->st, e->wh, "db", "t", &e->schema, props, 2, &t, &err), 0);
	snprintf(first, sizeof(first), "%s", t->metadata_location);
	for (i = 0; i < 5; i++) {
		char name[16];
		snprintf(name, sizeof(name), "f%d", i);
		append(e, t, name, 1, "0/1");
	}
	/* versions 00000..00005: the log keeps the 2 previous ones, older files are gone */
	assert_int_equal(t->md.n_metadata_log, 2);
	assert_non_null(strstr(t->md.metadata_log[0].file, "/00003-"));
	assert_non_null(strstr(t->md.metadata_log[1].file, "/00004-"));
	assert_int_equal(floe_storage_stat(e->st, first, &ex, NULL, &err), 0);
	assert_false(ex);
	assert_int_equal(floe_storage_stat(e->st, t->md.metadata_log[0].file, &ex, NULL, &err), 0);
	assert_true(ex);
	/* 3 metadata files, 5 manifest lists, 5 manifests */
	assert_int_equal(count_files(e, "metadata"), 3 + 5 + 5);
	floe_table_free(t);
}

/* Runs a subcommand with a copy of const argument strings (argv is not const). */
static int run_cli(int (*fn)(int, char **), const char *const *args)
{
	char *argv[16];
	int n = 0, rc, i;

	while (args[n] && n < 15) {
		argv[n] = strdup(args[n]);
		n++;
	}
	argv[n] = NULL;
	rc = fn(n, argv);
	for (i = 0; i < n; i++)
		free(argv[i]);
	return rc;
}

/* `floe expire` (called directly: main.c registers it) */
static void test_cli_expire(void **state)
{
	struct env *e = *state;
	struct floe_table *t;
	struct floe_err err;
	char cfg[600], later[32];
	FILE *f;
	int i;

	assert_int_equal(floe_table_create(e->cat, e->st, e->wh, "db", "t", &e->schema, NULL, 0, &t, &err), 0);
	for (i = 0; i < 5; i++) {
		char name[16];
		snprintf(name, sizeof(name), "g%d", i);
		append(e, t, name, 1, "0/1");
	}
	floe_table_free(t);
	snprintf(cfg, sizeof(cfg), "%s/floe.yaml", e->dir);
	f = fopen(cfg, "w");
	assert_non_null(f);
	fprintf(f, "source:\n  dsn: \"host=/nonexistent\"\nwarehouse:\n  location: %s\ncatalog:\n  uri: %s\n  name: test\n",
		e->wh, e->db);
	fclose(f);
	snprintf(later, sizeof(later), "%lld", (long long)floe_now_unix_ms() + 60000);
	{
		const char *bad[] = { "expire", "-c", cfg, "db.t", "--retain-last", "0", NULL };
		assert_int_equal(run_cli(floe_cli_expire, bad), 2);
	}
	{
		const char *args[] = { "expire", "-c", cfg, "db.t", "--older-than", later, "--retain-last", "2", "--keep-files",
				       NULL };
		assert_int_equal(run_cli(floe_cli_expire, args), 0);
	}
	assert_int_equal(floe_table_load(e->cat, e->st, "db", "t", &t, &err), 0);
	assert_int_equal(t->md.n_snapshots, 2);
	assert_string_equal(floe_table_summary(t, "total-records"), "5");
	floe_table_free(t);
	{ /* the default cut-off (5 days ago) expires nothing here */
		const char *args[] = { "expire", "-c", cfg, "db.t", NULL };
		assert_int_equal(run_cli(floe_cli_expire, args), 0);
	}
	assert_int_equal(floe_table_load(e->cat, e->st, "db", "t", &t, &err), 0);
	assert_int_equal(t->md.n_snapshots, 2);
	floe_table_free(t);
}

static void test_catalog_namespaces(void **state)
{
	struct env *e = *state;
	struct floe_err err;
	struct floe_table *t;
	struct floe_catalog_table *tabs;
	char **ns;
	size_t n;
	bool ex;

	assert_int_equal(floe_catalog_create_namespace(e->cat, "a", &err), 0);
	assert_int_equal(floe_catalog_create_namespace(e->cat, "a", &err), 0);
	assert_int_equal(floe_table_create(e->cat, e->st, e->wh, "b.c", "t", &e->schema, NULL, 0, &t, &err), 0);
	assert_non_null(strstr(t->md.location, "/wh/b/c/t"));
	floe_table_free(t);
	assert_int_equal(floe_catalog_list_namespaces(e->cat, &ns, &n, &err), 0);
	assert_int_equal(n, 2);
	assert_string_equal(ns[0], "a");
	assert_string_equal(ns[1], "b.c");
	floe_catalog_strings_free(ns, n);
	assert_int_equal(floe_catalog_namespace_exists(e->cat, "b.c", &ex, &err), 0);
	assert_true(ex);
	assert_int_equal(floe_catalog_list_tables(e->cat, NULL, &tabs, &n, &err), 0);
	assert_int_equal(n, 1);
	assert_string_equal(tabs[0].namespace_, "b.c");
	floe_catalog_tables_free(tabs, n);
	assert_int_equal(floe_catalog_drop_namespace(e->cat, "b.c", &err), -1);
	assert_non_null(strstr(err.msg, "still has 1 table"));
	assert_int_equal(floe_catalog_drop_table(e->cat, "b.c", "t", &err), 0);
	assert_int_equal(floe_catalog_drop_namespace(e->cat, "b.c", &err), 0);
	assert_int_equal(floe_catalog_drop_namespace(e->cat, "a", &err), 0);
	assert_int_equal(floe_catalog_namespace_exists(e->cat, "a", &ex, &err), 0);
	assert_false(ex);
	/* another catalog name in the same database sees nothing */
	{
		struct floe_catalog *other;
		assert_int_equal(floe_catalog_open(e->db, "other", &other, &err), 0);
		assert_int_equal(floe_catalog_create_namespace(e->cat, "x", &err), 0);
		assert_int_equal(floe_catalog_list_namespaces(other, &ns, &n, &err), 0);
		assert_int_equal(n, 0);
		floe_catalog_strings_free(ns, n);
		floe_catalog_close(other);
	}
	/* an unopenable catalog path */
	{
		struct floe_catalog *bad;
		assert_int_equal(floe_catalog_open("/nonexistent-dir/x/catalog.db", "c", &bad, &err), -1);
		assert_non_null(strstr(err.msg, "/nonexistent-dir/x/catalog.db"));
	}
}

struct names {
	char list[16][600];
	int n;
};

static int name_cb(void *arg, const char *uri, uint64_t size, struct floe_err *err)
{
	struct names *nm = arg;

	(void)size;
	(void)err;
	if (nm->n < 16)
		snprintf(nm->list[nm->n], sizeof(nm->list[0]), "%s", uri);
	nm->n++;
	return 0;
}

static bool has_name(const struct names *nm, const char *needle)
{
	int i;

	for (i = 0; i < nm->n && i < 16; i++)
		if (strstr(nm->list[i], needle))
			return true;
	return false;
}

/* The unknown-outcome path: a catalog whose UPDATE changes two rows (the
 * iceberg_tables of this test has no primary key and holds the row twice) makes
 * the pointer swap report FLOE_CATALOG_EUNKNOWN although the pointer moved.
 * The transaction must keep every file it wrote (manifests, manifest list,
 * metadata file), reload, find that its snapshot landed and report success —
 * not write the snapshot a second time. The same for a metadata-only commit
 * (expiry). */
static void test_unknown_outcome(void **state)
{
	struct env *e = *state;
	struct floe_table *t, *t2;
	struct floe_err err;
	struct floe_data_file df, del;
	struct floe_kv kv[] = { { "floe.lsn", "0/2" } };
	struct floe_commit c;
	struct names before, after;
	char dir[600];
	int64_t sid = 0;
	int i, new_files = 0;

	sql(e, "DROP TABLE iceberg_tables; CREATE TABLE iceberg_tables (catalog_name VARCHAR(255) NOT NULL, "
	       "table_namespace VARCHAR(255) NOT NULL, table_name VARCHAR(255) NOT NULL, metadata_location "
	       "VARCHAR(1000), previous_metadata_location VARCHAR(1000), iceberg_type VARCHAR(5))");
	assert_int_equal(floe_table_create(e->cat, e->st, e->wh, "db", "t", &e->schema, NULL, 0, &t, &err), 0);
	append(e, t, "a", 3, "0/1");
	sql(e, "INSERT INTO iceberg_tables SELECT * FROM iceberg_tables");

	snprintf(dir, sizeof(dir), "%s/db/t/metadata", e->wh);
	memset(&before, 0, sizeof(before));
	assert_int_equal(floe_storage_list(e->st, dir, name_cb, &before, &err), 0);
	df = fake_file(e, "b", FLOE_CONTENT_DATA, 2);
	del = fake_file(e, "b-eq-del", FLOE_CONTENT_EQUALITY_DELETES, 1);
	memset(&c, 0, sizeof(c));
	c.data_files = &df;
	c.n_data_files = 1;
	c.delete_files = &del;
	c.n_delete_files = 1;
	c.summary = kv;
	c.n_summary = 1;
	assert_int_equal(floe_table_commit(t, &c, &sid, &err), 0);
	assert_true(sid > 0);

	/* nothing was deleted: a metadata file, a manifest list and two manifests were added */
	memset(&after, 0, sizeof(after));
	assert_int_equal(floe_storage_list(e->st, dir, name_cb, &after, &err), 0);
	assert_int_equal(after.n, before.n + 4);
	for (i = 0; i < after.n; i++) {
		const char *u = after.list[i];
		if (has_name(&before, u))
			continue;
		new_files++;
		assert_true(strstr(u, "/00002-") || strstr(u, "/snap-") || strstr(u, "-m0.avro") || strstr(u, "-m1.avro"));
	}
	assert_int_equal(new_files, 4);

	/* the reload that resolved the outcome left the handle at what the catalog really has */
	assert_int_equal(t->md.n_snapshots, 2);
	assert_non_null(floe_metadata_snapshot(&t->md, sid));
	assert_int_equal(floe_table_refresh(t, &err), 0);
	assert_int_equal(t->md.n_snapshots, 2);
	assert_non_null(strstr(t->metadata_location, "/00002-"));
	assert_string_equal(floe_table_summary(t, "floe.lsn"), "0/2");
	assert_string_equal(floe_table_summary(t, "total-records"), "5");
	assert_string_equal(floe_table_summary(t, "added-equality-deletes"), "1");
	{
		struct floe_snapshot_files sf;
		assert_int_equal(
			floe_table_read_snapshot_files(e->st, floe_table_current_snapshot(t), &e->a, &sf, &err), 0);
		assert_int_equal(sf.list.n_files, 3);
	}
	assert_int_equal(floe_table_load(e->cat, e->st, "db", "t", &t2, &err), 0);
	assert_int_equal(floe_table_current_snapshot(t2)->snapshot_id, floe_table_current_snapshot(t)->snapshot_id);
	floe_table_free(t2);

	/* a metadata-only commit (snapshot expiry) keeps its metadata file too */
	{
		struct floe_expire_opts o;
		struct floe_expire_stats st;
		memset(&o, 0, sizeof(o));
		o.older_than_ms = INT64_MAX;
		o.retain_last = 1;
		o.delete_files = true;
		memset(&before, 0, sizeof(before));
		assert_int_equal(floe_storage_list(e->st, dir, name_cb, &before, &err), 0);
		assert_int_equal(floe_table_expire_snapshots(t, &o, &st, &err), 0);
		assert_int_equal(st.snapshots_expired, 1);
		memset(&after, 0, sizeof(after));
		assert_int_equal(floe_storage_list(e->st, dir, name_cb, &after, &err), 0);
		/* the metadata file stays; the expired snapshot's manifest list goes once the outcome is known */
		assert_int_equal(after.n, before.n + 1 - 1);
		assert_int_equal(t->md.n_snapshots, 1);
		assert_non_null(strstr(t->metadata_location, "/00003-"));
		assert_int_equal(floe_table_refresh(t, &err), 0);
		assert_int_equal(t->md.n_snapshots, 1);
		assert_non_null(strstr(t->metadata_location, "/00003-"));
	}
	floe_table_free(t);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_sequence_and_summaries, setup, teardown),
		cmocka_unit_test_setup_teardown(test_conflict_two_handles, setup, teardown),
		cmocka_unit_test_setup_teardown(test_conflict_processes, setup, teardown),
		cmocka_unit_test_setup_teardown(test_broken_tables, setup, teardown),
		cmocka_unit_test_setup_teardown(test_metadata_log_cap_and_cleanup, setup, teardown),
		cmocka_unit_test_setup_teardown(test_cli_expire, setup, teardown),
		cmocka_unit_test_setup_teardown(test_catalog_namespaces, setup, teardown),
		cmocka_unit_test_setup_teardown(test_unknown_outcome, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
