/*
 * receiver_store_sqlite.c: the receiver's SQLite backend: one connection,
 * one mutex, WAL with synchronous=FULL so a 201 means the row is on disk.
 */
#include "receiver_store.h"

#include <sqlite3.h>

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

struct sq {
	struct rstore base;	/* first: a struct rstore * is a struct sq * */
	sqlite3 *db;
	pthread_mutex_t mu;
};

static const char schema[] =
	"CREATE TABLE IF NOT EXISTS leads ("
	" id TEXT PRIMARY KEY,"
	" received_at TEXT NOT NULL,"
	" created_at TEXT, device TEXT, event TEXT, app_version TEXT,"
	" content_version TEXT, lang TEXT,"
	" answers TEXT NOT NULL,"
	" body TEXT NOT NULL);"
	"CREATE INDEX IF NOT EXISTS leads_received ON leads(received_at);";

static void say(char *err, size_t n, const char *what, sqlite3 *db)
{
	snprintf(err, n, "%s: %s", what, db ? sqlite3_errmsg(db) : "out of memory");
}

static void now_utc(char out[32])
{
	struct timespec ts;
	clock_gettime(CLOCK_REALTIME, &ts);
	struct tm tm;
	gmtime_r(&ts.tv_sec, &tm);
	size_t k = strftime(out, 32, "%Y-%m-%dT%H:%M:%S", &tm);
	snprintf(out + k, 32 - k, ".%03ldZ", ts.tv_nsec / 1000000);
}

/* Looks the id up: 1 found (same body in *same), 0 not found, -1 error. */
static int find(struct sq *s, const char *id, const char *body, int *same)
{
	sqlite3_stmt *st = NULL;
	int r = -1;
	if (sqlite3_prepare_v2(s->db, "SELECT body FROM leads WHERE id = ?1", -1, &st, NULL))
		return -1;
	sqlite3_bind_text(st, 1, id, -1, SQLITE_STATIC);
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		const char *old = (const char *)sqlite3_column_text(st, 0);
		*same = old && !strcmp(old, body);
		r = 1;
	} else if (rc == SQLITE_DONE) {
		r = 0;
	}
	sqlite3_finalize(st);
	return r;
}

static int insert(struct sq *s, const struct rlead *l)
{
	static const char sql[] =
		"INSERT INTO leads (id, received_at, created_at, device, event, app_version,"
		" content_version, lang, answers, body) VALUES (?1,?2,?3,?4,?5,?6,?7,?8,?9,?10)";
	char when[32];
	now_utc(when);
	sqlite3_stmt *st = NULL;
	if (sqlite3_prepare_v2(s->db, sql, -1, &st, NULL))
		return -1;
	const char *v[] = {l->id, when, l->created_at, l->device, l->event, l->app_version,
			   l->content_version, l->lang, l->answers, l->body};
	for (int i = 0; i < 10; i++)
		sqlite3_bind_text(st, i + 1, v[i], -1, SQLITE_STATIC);
	int rc = sqlite3_step(st);
	sqlite3_finalize(st);
	return rc == SQLITE_DONE ? 0 : -1;
}

static enum rstore_put sq_put(struct rstore *base, const struct rlead *l, char *err, size_t n)
{
	struct sq *s = (struct sq *)base;
	enum rstore_put r = RSTORE_FAILED;
	int same = 0;
	pthread_mutex_lock(&s->mu);
	if (sqlite3_exec(s->db, "BEGIN IMMEDIATE", NULL, NULL, NULL)) {
		say(err, n, "cannot start a transaction", s->db);
		goto out;
	}
	int found = find(s, l->id, l->body, &same);
	if (found < 0)
		say(err, n, "cannot read", s->db);
	else if (found)
		r = same ? RSTORE_SAME : RSTORE_CONFLICT;
	else if (insert(s, l))
		say(err, n, "cannot insert", s->db);
	else
		r = RSTORE_STORED;
	if (r == RSTORE_FAILED) {
		sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
	} else if (sqlite3_exec(s->db, "COMMIT", NULL, NULL, NULL)) {
		say(err, n, "cannot commit", s->db);
		sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
		r = RSTORE_FAILED;
	}
out:
	pthread_mutex_unlock(&s->mu);
	return r;
}

static const char *col(sqlite3_stmt *st, int i)
{
	return (const char *)sqlite3_column_text(st, i);
}

static int sq_each(struct rstore *base, int (*cb)(void *ctx, const struct rlead *lead), void *ctx,
		   char *err, size_t n)
{
	struct sq *s = (struct sq *)base;
	static const char sql[] =
		"SELECT id, received_at, created_at, device, event, app_version, content_version,"
		" lang, answers, body FROM leads ORDER BY received_at, id";
	sqlite3_stmt *st = NULL;
	int r = 0, rc;
	pthread_mutex_lock(&s->mu);
	if (sqlite3_prepare_v2(s->db, sql, -1, &st, NULL)) {
		say(err, n, "cannot read", s->db);
		r = -1;
		goto out;
	}
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct rlead l = {
			.id = col(st, 0), .received_at = col(st, 1), .created_at = col(st, 2),
			.device = col(st, 3), .event = col(st, 4), .app_version = col(st, 5),
			.content_version = col(st, 6), .lang = col(st, 7), .answers = col(st, 8),
			.body = col(st, 9),
		};
		if ((r = cb(ctx, &l)) != 0)
			goto out;
	}
	if (rc != SQLITE_DONE) {
		say(err, n, "cannot read", s->db);
		r = -1;
	}
out:
	sqlite3_finalize(st);
	pthread_mutex_unlock(&s->mu);
	return r;
}

static void sq_close(struct rstore *base)
{
	struct sq *s = (struct sq *)base;
	if (!s)
		return;
	sqlite3_close(s->db);
	pthread_mutex_destroy(&s->mu);
	free(s);
}

static const struct rstore_ops sq_ops = {"sqlite", sq_put, sq_each, sq_close};

struct rstore *rstore_sqlite_open(const char *path, char *err, size_t n)
{
	struct sq *s = calloc(1, sizeof *s);
	if (!s) {
		snprintf(err, n, "out of memory");
		return NULL;
	}
	s->base.ops = &sq_ops;
	pthread_mutex_init(&s->mu, NULL);
	/* The file holds personal data: owner only. */
	mode_t old = umask(077);
	int rc = sqlite3_open_v2(path, &s->db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE |
					       SQLITE_OPEN_FULLMUTEX, NULL);
	umask(old);
	if (rc || sqlite3_busy_timeout(s->db, 5000) ||
	    sqlite3_exec(s->db, "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL;", NULL, NULL,
			 NULL) ||
	    sqlite3_exec(s->db, schema, NULL, NULL, NULL)) {
		say(err, n, path, s->db);
		sq_close(&s->base);
		return NULL;
	}
	return &s->base;
}

struct rstore *rstore_open(const char *where, char *err, size_t n)
{
	if (!strncmp(where, "postgresql:", 11) || !strncmp(where, "postgres:", 9)) {
		snprintf(err, n, "this build has no PostgreSQL backend yet; give a SQLite file");
		return NULL;
	}
	return rstore_sqlite_open(where, err, n);
}
