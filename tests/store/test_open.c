/*
 * Opening the leads database: migrations, reopening, read-only access while
 * a writer runs, and the ways opening or writing can fail (full, no
 * permission, damaged file, newer schema).
 */
#include "testutil.h"

#include <dirent.h>
#include <signal.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

/* Runs one query on the raw database file and returns its first column as
 * a malloc'd string, to look at what store hides. */
static char *raw_query(const char *dir, const char *sql)
{
	char *path = tu_join(dir, "leads.db"), *res = NULL;
	sqlite3 *db = NULL;
	sqlite3_stmt *stmt = NULL;

	assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
	assert_int_equal(sqlite3_prepare_v2(db, sql, -1, &stmt, NULL), SQLITE_OK);
	if (sqlite3_step(stmt) == SQLITE_ROW && sqlite3_column_text(stmt, 0))
		res = strdup((const char *)sqlite3_column_text(stmt, 0));
	sqlite3_finalize(stmt);
	sqlite3_close(db);
	free(path);
	return res;
}

static void raw_exec(const char *dir, const char *sql)
{
	char *path = tu_join(dir, "leads.db");
	sqlite3 *db = NULL;
	assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
	assert_int_equal(sqlite3_exec(db, sql, NULL, NULL, NULL), SQLITE_OK);
	sqlite3_close(db);
	free(path);
}

static void assert_raw(const char *dir, const char *sql, const char *want)
{
	char *got = raw_query(dir, sql);
	assert_non_null(got);
	assert_string_equal(got, want);
	free(got);
}

static long total(struct store *st)
{
	struct store_counts c;
	assert_int_equal(store_counts(st, NULL, T0, &c), STORE_OK);
	return c.total;
}

static void test_migrate_from_empty(void **state)
{
	(void)state;
	char *base = tu_tmpdir(), *dir = tu_join(base, "a/b/data");
	struct store *st = tu_open(dir, NULL);
	struct stat sb;
	char *db = tu_join(dir, "leads.db");

	assert_int_equal(stat(dir, &sb), 0);
	assert_int_equal(sb.st_mode & 0777, 0700);
	assert_int_equal(stat(db, &sb), 0);
	assert_int_equal(sb.st_mode & 0777, 0600);
	assert_int_equal(total(st), 0);
	static const char *const siblings[] = { "leads.db-wal", "leads.db-shm" };
	for (size_t i = 0; i < ARRAY_LEN(siblings); i++) {
		char *p = tu_join(dir, siblings[i]);
		assert_int_equal(stat(p, &sb), 0);
		assert_int_equal(sb.st_mode & 0777, 0600);
		free(p);
	}
	store_close(st);

	assert_raw(dir, "PRAGMA user_version", "4");
	assert_raw(dir, "PRAGMA journal_mode", "wal");
	assert_raw(dir, "SELECT group_concat(name, ',') FROM (SELECT name FROM"
		   " sqlite_schema WHERE name NOT LIKE 'sqlite_%' ORDER BY name)",
		   "kv,leads,leads_created,leads_due,tally,tally_events,tally_hours,tally_keys");
	free(db);
	free(dir);
	tu_rmrf(base);
	free(base);
}

static void test_reopen_keeps_data(void **state)
{
	(void)state;
	char *dir = tu_tmpdir(), id[STORE_ID_LEN], *v = NULL;
	struct store *st = tu_open(dir, NULL);
	struct store_lead lead = { 0 };

	tu_add(st, T0, "Leeds Careers Fair 2026-03", id);
	assert_int_equal(store_kv_set(st, "event", "Library pop-up"), STORE_OK);
	store_close(st);

	st = tu_open(dir, NULL);	/* migrations must not run twice */
	assert_int_equal(total(st), 1);
	assert_int_equal(store_next_due(st, T0, &lead), STORE_OK);
	assert_string_equal(lead.id, id);
	assert_int_equal(store_kv_get(st, "event", &v), STORE_OK);
	assert_string_equal(v, "Library pop-up");
	store_close(st);
	assert_raw(dir, "PRAGMA user_version", "4");

	free(v);
	store_lead_clear(&lead);
	tu_rmrf(dir);
	free(dir);
}

static void test_newer_schema_refused(void **state)
{
	(void)state;
	char *dir = tu_tmpdir();
	struct store *st = tu_open(dir, NULL);
	const struct store_opts ro = { .read_only = true };

	tu_add(st, T0, NULL, NULL);
	store_close(st);
	raw_exec(dir, "PRAGMA user_version = 5");

	assert_int_equal(store_open(dir, NULL, &st), STORE_VERSION);
	assert_null(st);
	assert_int_equal(store_open(dir, &ro, &st), STORE_VERSION);
	assert_null(st);
	assert_raw(dir, "SELECT count(*) FROM leads", "1");
	tu_rmrf(dir);
	free(dir);
}

/* Schema 3 -> 4: leads made before keep clock_synced NULL (not known);
 * new ones record 1 or 0; store_newest_time sees leads' times and the
 * kiosk's note, whichever is latest. */
static void test_migrate_clock(void **state)
{
	(void)state;
	char *dir = tu_tmpdir(), id[STORE_ID_LEN];
	struct store *st = tu_open(dir, NULL);
	int64_t ms = 0;
	assert_int_equal(store_newest_time(st, &ms), STORE_NOTFOUND);
	store_close(st);
	raw_exec(dir, "ALTER TABLE leads DROP COLUMN clock_synced; PRAGMA user_version = 3;"
		      "INSERT INTO leads(id, created_at, answers, status) VALUES"
		      " ('0f8e4c52-6f0a-4c1e-9d1b-2a5b8c7d6e5f', '2026-03-03T10:15:02Z', '{}',"
		      " 'queued')");
	st = tu_open(dir, NULL);
	assert_raw(dir, "PRAGMA user_version", "4");
	assert_raw(dir, "SELECT quote(clock_synced) FROM leads", "NULL");
	struct store_lead lead = {0};
	assert_int_equal(store_next_due(st, T0, &lead), STORE_OK);
	assert_int_equal(lead.clock, STORE_CLOCK_UNKNOWN);
	store_lead_clear(&lead);
	assert_int_equal(store_newest_time(st, &ms), STORE_OK);
	assert_true(ms == T0);

	static const enum store_clock clocks[] = {STORE_CLOCK_SYNCED, STORE_CLOCK_UNSYNCED};
	for (int i = 0; i < 2; i++) {
		const struct store_lead_in in = {.answers_json = "{}", .clock = clocks[i]};
		assert_int_equal(store_add_lead(st, &in, T0 + 1000 * (i + 1), id), STORE_OK);
	}
	assert_raw(dir, "SELECT group_concat(quote(clock_synced), ',') FROM (SELECT clock_synced"
		   " FROM leads ORDER BY created_at)", "NULL,1,0");
	assert_int_equal(store_newest_time(st, &ms), STORE_OK);
	assert_true(ms == T0 + 2000);
	assert_int_equal(store_kv_set(st, "clock.newest_ms", "1900000000000"), STORE_OK);
	assert_int_equal(store_newest_time(st, &ms), STORE_OK);
	assert_true(ms == INT64_C(1900000000000));
	store_close(st);
	tu_rmrf(dir);
	free(dir);
}

static void test_open_errors(void **state)
{
	(void)state;
	char *dir = tu_tmpdir(), *file = tu_join(dir, "plainfile");
	char *under = tu_join(file, "data"), *junkdir = tu_join(dir, "junk");
	char *junk = tu_join(junkdir, "leads.db"), *missing = tu_join(dir, "missing");
	const struct store_opts ro = { .read_only = true };
	const struct store_opts neg = { .max_page_count = -1 };
	struct store *st = (struct store *)1;
	FILE *f;

	assert_non_null(f = fopen(file, "w"));
	fclose(f);
	assert_int_equal(mkdir(junkdir, 0700), 0);
	assert_non_null(f = fopen(junk, "w"));
	for (int i = 0; i < 200; i++)
		fputs("this is not a database, just some text. ", f);
	fclose(f);

	static const char *const empty = "";
	struct {
		const char *dir;
		const struct store_opts *opts;
		enum store_err want;
	} rows[] = {
		{ under, NULL, STORE_IO },	/* a directory under a regular file */
		{ file, NULL, STORE_IO },	/* data_dir is a regular file */
		{ junk, NULL, STORE_IO },	/* ... and here too */
		{ junkdir, NULL, STORE_CORRUPT },
		{ junkdir, &ro, STORE_CORRUPT },
		{ missing, &ro, STORE_NOTFOUND },
		{ NULL, NULL, STORE_INVALID },
		{ empty, NULL, STORE_INVALID },
		{ dir, &neg, STORE_INVALID },
	};
	for (size_t i = 0; i < ARRAY_LEN(rows); i++) {
		enum store_err err = store_open(rows[i].dir, rows[i].opts, &st);
		if (err != rows[i].want)
			fail_msg("row %zu: got %s, want %s", i, store_strerror(err),
				 store_strerror(rows[i].want));
		assert_null(st);
	}
	assert_int_equal(store_open(dir, NULL, NULL), STORE_INVALID);
	assert_int_equal(access(missing, F_OK), -1);	/* read-only creates nothing */

	free(file);
	free(under);
	free(junk);
	free(junkdir);
	free(missing);
	tu_rmrf(dir);
	free(dir);
}

static void test_unwritable_dir(void **state)
{
	(void)state;
	if (geteuid() == 0)
		skip();		/* root ignores permissions; test_open_errors covers IO */
	char *dir = tu_tmpdir(), *sub = tu_join(dir, "data");
	struct store *st = NULL;

	assert_int_equal(chmod(dir, 0500), 0);
	assert_int_equal(store_open(sub, NULL, &st), STORE_IO);
	assert_int_equal(chmod(dir, 0700), 0);
	assert_int_equal(mkdir(sub, 0500), 0);
	assert_int_equal(store_open(sub, NULL, &st), STORE_IO);
	assert_null(st);
	free(sub);
	tu_rmrf(dir);
	free(dir);
}

/* Writing fails from the first byte (a file size limit stands in for a
 * disk that is full before the database exists): the open fails and
 * leaves nothing behind, not an empty leads.db nor a temporary file; once
 * writing works again the next open makes the database. */
static void test_new_database_cannot_be_written(void **state)
{
	(void)state;
	char *dir = tu_tmpdir();
	struct store *st = NULL;
	struct rlimit old, none = {0, 0};
	assert_int_equal(getrlimit(RLIMIT_FSIZE, &old), 0);
	none.rlim_max = old.rlim_max;
	signal(SIGXFSZ, SIG_IGN);
	assert_int_equal(setrlimit(RLIMIT_FSIZE, &none), 0);
	enum store_err err = store_open(dir, NULL, &st);
	assert_int_equal(setrlimit(RLIMIT_FSIZE, &old), 0);
	signal(SIGXFSZ, SIG_DFL);
	assert_int_not_equal(err, STORE_OK);
	assert_null(st);
	DIR *d = opendir(dir);
	assert_non_null(d);
	struct dirent *e;
	while ((e = readdir(d)))
		if (strcmp(e->d_name, ".") && strcmp(e->d_name, ".."))
			fail_msg("left behind: %s", e->d_name);
	closedir(d);
	st = tu_open(dir, NULL);
	assert_int_equal(total(st), 0);
	store_close(st);
	tu_rmrf(dir);
	free(dir);
}

struct same_answers {
	const char *want;
	long n, same;
};

static int same_cb(void *ctx, const struct store_lead *lead)
{
	struct same_answers *sa = ctx;
	sa->n++;
	sa->same += !strcmp(lead->answers_json, sa->want);
	return 0;
}

/* Fill a small database until it refuses, then check nothing was lost. */
static void test_full_database(void **state)
{
	(void)state;
	char *dir = tu_tmpdir(), answers[1200];
	const struct store_opts small = { .max_page_count = 40 };
	const struct store_filter fill = { .event = "fill" };
	struct store *st = tu_open(dir, &small);
	long ok = 0;
	enum store_err err = STORE_OK;

	strcpy(answers, "{\"name\":\"Zo\xc3\xab Testperson\",\"note\":\"");
	size_t pre = strlen(answers);
	memset(answers + pre, 'x', sizeof answers - 3 - pre);
	strcpy(answers + sizeof answers - 3, "\"}");
	const struct store_lead_in in = { .event = "fill", .answers_json = answers };

	for (int i = 0; i < 10000; i++) {
		char id[STORE_ID_LEN];
		err = store_add_lead(st, &in, T0 + i, id);
		if (err)
			break;
		ok++;
	}
	assert_int_equal(err, STORE_FULL);
	assert_true(ok > 10);
	assert_int_equal(total(st), ok);	/* the failed add left no trace */
	store_close(st);

	st = tu_open(dir, NULL);		/* no limit now */
	struct same_answers sa = { .want = answers };
	assert_int_equal(store_foreach(st, &fill, same_cb, &sa), 0);
	assert_int_equal(sa.n, ok);
	assert_int_equal(sa.same, ok);
	tu_add(st, T0, "after", NULL);
	assert_int_equal(total(st), ok + 1);
	store_close(st);
	assert_raw(dir, "PRAGMA integrity_check", "ok");
	tu_rmrf(dir);
	free(dir);
}

static int count_cb(void *ctx, const struct store_lead *lead)
{
	(void)lead;
	(*(long *)ctx)++;
	return 0;
}

/* A staff tool reads while the kiosk keeps its connection open (WAL). */
static void test_read_only_beside_writer(void **state)
{
	(void)state;
	char *dir = tu_tmpdir();
	const struct store_opts ro = { .read_only = true };
	struct store *w = tu_open(dir, NULL), *r;
	long n = 0;
	char id[STORE_ID_LEN], *v = NULL;

	tu_add(w, T0, "fair", id);
	r = tu_open(dir, &ro);
	assert_int_equal(total(r), 1);
	tu_add(w, T0 + SEC, "fair", NULL);
	assert_int_equal(store_kv_set(w, "uploader", "offline"), STORE_OK);
	assert_int_equal(store_foreach(r, NULL, count_cb, &n), 0);
	assert_int_equal(n, 2);
	assert_int_equal(store_kv_get(r, "uploader", &v), STORE_OK);
	assert_string_equal(v, "offline");
	free(v);

	/* the reader cannot write, and says so as a misuse */
	const struct store_lead_in in = { .answers_json = "{}" };
	char id2[STORE_ID_LEN];
	assert_int_equal(store_add_lead(r, &in, T0, id2), STORE_INVALID);
	assert_int_equal(store_kv_set(r, "k", "v"), STORE_INVALID);
	assert_int_equal(store_mark_sent(r, id, T0), STORE_INVALID);
	assert_int_equal(store_delete_lead(r, id), STORE_INVALID);
	store_close(r);
	assert_int_equal(total(w), 2);
	store_close(w);

	/* and with no writer left (no -wal or -shm file any more) */
	r = tu_open(dir, &ro);
	assert_int_equal(total(r), 2);
	store_close(r);
	tu_rmrf(dir);
	free(dir);
}

/* The kiosk's main loop adds while the uploader thread marks, each through
 * its own connection. */
static void test_two_writers(void **state)
{
	(void)state;
	char *dir = tu_tmpdir(), id[STORE_ID_LEN];
	struct store *kiosk = tu_open(dir, NULL), *uploader = tu_open(dir, NULL);
	struct store_lead lead = { 0 };

	for (int i = 0; i < 20; i++) {
		tu_add(kiosk, T0 + i * SEC, "fair", id);
		assert_int_equal(store_next_due(uploader, T0 + i * SEC, &lead), STORE_OK);
		assert_string_equal(lead.id, id);
		assert_int_equal(store_mark_sent(uploader, lead.id, T0 + i * SEC), STORE_OK);
	}
	struct store_counts c;
	assert_int_equal(store_counts(kiosk, "fair", T0, &c), STORE_OK);
	assert_int_equal(c.sent, 20);
	assert_int_equal(c.queued, 0);
	store_lead_clear(&lead);
	store_close(uploader);
	store_close(kiosk);
	tu_rmrf(dir);
	free(dir);
}

/* Another program holds the write lock for longer than busy_timeout (5 s):
 * the add fails cleanly with STORE_BUSY and works once the lock is gone. */
static void test_busy(void **state)
{
	(void)state;
	char *dir = tu_tmpdir(), *path = tu_join(dir, "leads.db"), id[STORE_ID_LEN];
	struct store *st = tu_open(dir, NULL);
	const struct store_lead_in in = { .answers_json = "{}" };
	sqlite3 *other = NULL;

	tu_add(st, T0, NULL, NULL);
	assert_int_equal(sqlite3_open(path, &other), SQLITE_OK);
	assert_int_equal(sqlite3_exec(other, "BEGIN IMMEDIATE", NULL, NULL, NULL), SQLITE_OK);
	assert_int_equal(store_add_lead(st, &in, T0, id), STORE_BUSY);
	assert_string_equal(id, "");
	assert_int_equal(total(st), 1);		/* readers are not blocked */
	assert_int_equal(sqlite3_exec(other, "ROLLBACK", NULL, NULL, NULL), SQLITE_OK);
	sqlite3_close(other);
	assert_int_equal(store_add_lead(st, &in, T0, id), STORE_OK);
	assert_int_equal(total(st), 2);
	store_close(st);
	free(path);
	tu_rmrf(dir);
	free(dir);
}

static void test_strerror(void **state)
{
	(void)state;
	for (int i = 0; i < STORE_ERR_COUNT; i++) {
		const char *s = store_strerror((enum store_err)i);
		assert_non_null(s);
		assert_true(strlen(s) > 3);
		for (int j = 0; j < i; j++)
			assert_string_not_equal(s, store_strerror((enum store_err)j));
	}
	assert_string_equal(store_strerror(STORE_ERR_COUNT), "unknown store error");
	assert_string_equal(store_strerror((enum store_err)-1), "unknown store error");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_migrate_from_empty),
		cmocka_unit_test(test_reopen_keeps_data),
		cmocka_unit_test(test_newer_schema_refused),
		cmocka_unit_test(test_migrate_clock),
		cmocka_unit_test(test_open_errors),
		cmocka_unit_test(test_unwritable_dir),
		cmocka_unit_test(test_full_database),
		cmocka_unit_test(test_new_database_cannot_be_written),
		cmocka_unit_test(test_read_only_beside_writer),
		cmocka_unit_test(test_two_writers),
		cmocka_unit_test(test_busy),
		cmocka_unit_test(test_strerror),
	};
	return cmocka_run_group_tests_name("store_open", tests, NULL, NULL);
}
