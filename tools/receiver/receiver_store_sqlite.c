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

/* Migration N brings the schema from version N-1 to N. Never edit one that
 * has shipped: add the next. Version 1 is the table of the first receiver,
 * whose files have no schema_migrations table (IF NOT EXISTS adopts them). */
static const char *const migrations[] = {
	"CREATE TABLE IF NOT EXISTS leads ("
	" id TEXT PRIMARY KEY,"
	" received_at TEXT NOT NULL,"
	" created_at TEXT, device TEXT, event TEXT, app_version TEXT,"
	" content_version TEXT, lang TEXT,"
	" answers TEXT NOT NULL,"
	" body TEXT NOT NULL);"
	"CREATE INDEX IF NOT EXISTS leads_received ON leads(received_at);",

	/* 2: which kiosk sent a lead, and sealed leads (upload schema 2),
	 * whose answers the receiver cannot read. SQLite cannot drop a NOT
	 * NULL, so the table is rebuilt. */
	"CREATE TABLE leads_v2 ("
	" id TEXT PRIMARY KEY,"
	" received_at TEXT NOT NULL,"
	" created_at TEXT, device TEXT, event TEXT, app_version TEXT,"
	" content_version TEXT, lang TEXT,"
	" answers TEXT,"
	" body TEXT NOT NULL,"
	" schema INTEGER NOT NULL DEFAULT 1,"
	" sealed TEXT, key_id TEXT, programme TEXT, quiz_attached INTEGER,"
	" kiosk TEXT,"
	" CHECK ((answers IS NULL) <> (sealed IS NULL)));"
	"INSERT INTO leads_v2 (id, received_at, created_at, device, event, app_version,"
	" content_version, lang, answers, body)"
	" SELECT id, received_at, created_at, device, event, app_version, content_version,"
	" lang, answers, body FROM leads;"
	"DROP TABLE leads;"
	"ALTER TABLE leads_v2 RENAME TO leads;"
	"CREATE INDEX leads_received ON leads(received_at);",

	/* 3: per-kiosk tokens, kept only as a keyed hash (receiver_tokens.c). */
	"CREATE TABLE tokens ("
	" name TEXT PRIMARY KEY,"
	" hash TEXT NOT NULL UNIQUE,"
	" created_at TEXT NOT NULL,"
	" last_used_at TEXT,"
	" revoked_at TEXT);",

	/* 4: the latest heartbeat of each kiosk (POST /status). */
	"CREATE TABLE kiosk_status ("
	" kiosk TEXT PRIMARY KEY,"
	" seen_at TEXT NOT NULL,"
	" device TEXT, app_version TEXT, content_version TEXT,"
	" queued INTEGER, rejected INTEGER,"
	" last_upload TEXT, last_error TEXT,"
	" free_disk_mb INTEGER,"
	" kiosk_clock TEXT, clock_offset_s REAL, clock_synced INTEGER);",

	/* 5: the office page: its users, each lead's call status, the audit log. */
	"CREATE TABLE office_users ("
	" name TEXT PRIMARY KEY, hash TEXT NOT NULL, created_at TEXT NOT NULL,"
	" failures INTEGER NOT NULL DEFAULT 0, locked_until INTEGER NOT NULL DEFAULT 0);"
	"CREATE TABLE lead_calls ("
	" lead_id TEXT PRIMARY KEY, status TEXT NOT NULL, note TEXT,"
	" set_by TEXT NOT NULL, set_at TEXT NOT NULL);"
	"CREATE TABLE office_audit ("
	" at TEXT NOT NULL, user_name TEXT NOT NULL, action TEXT NOT NULL, lead_ids TEXT);",

	/* 6: whether the kiosk's clock was synchronised when the lead was made
	 * (1, 0; NULL not known, and for every lead before). */
	"ALTER TABLE leads ADD COLUMN clock_synced INTEGER;",

	/* 7: each kiosk's anonymous counts, the totals per event tag, UTC hour,
	 * counter and item its heartbeats sent (POST /status). */
	"CREATE TABLE kiosk_counts ("
	" kiosk TEXT NOT NULL, event TEXT NOT NULL, hour TEXT NOT NULL,"
	" name TEXT NOT NULL, item TEXT NOT NULL, n INTEGER NOT NULL,"
	" PRIMARY KEY (kiosk, event, hour, name, item));",

	/* 8: why each kiosk last refused new content from the office (its
	 * heartbeat's content_refused; NULL none, and for every row before). */
	"ALTER TABLE kiosk_status ADD COLUMN content_refused TEXT;",
};

_Static_assert(sizeof migrations / sizeof migrations[0] == RSTORE_SCHEMA_VERSION,
	       "one migration per schema version");

static void say(char *err, size_t n, const char *what, sqlite3 *db)
{
	snprintf(err, n, "%s: %s", what, db ? sqlite3_errmsg(db) : "out of memory");
}

/* 1 the stored body of id equals body, 0 it differs, -1 error. */
static int same_body(struct sq *s, const char *id, const char *body)
{
	sqlite3_stmt *st = NULL;
	int r = -1;
	if (sqlite3_prepare_v2(s->db, "SELECT body = ?2 FROM leads WHERE id = ?1", -1, &st, NULL))
		return -1;
	sqlite3_bind_text(st, 1, id, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, body, -1, SQLITE_STATIC);
	if (sqlite3_step(st) == SQLITE_ROW)
		r = sqlite3_column_int(st, 0) != 0;
	sqlite3_finalize(st);
	return r;
}

/* 1 inserted, 0 the id was there already, -1 error. */
static int insert(struct sq *s, const struct rlead *l)
{
	static const char sql[] =
		"INSERT INTO leads (id, received_at, created_at, device, event, app_version,"
		" content_version, lang, kiosk, answers, sealed, key_id, body, programme,"
		" schema, quiz_attached, clock_synced)"
		" VALUES (?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,?11,?12,?13,?14,?15,?16,?17)"
		" ON CONFLICT (id) DO NOTHING";
	char when[32];
	rstore_now_utc(when);
	sqlite3_stmt *st = NULL;
	if (sqlite3_prepare_v2(s->db, sql, -1, &st, NULL))
		return -1;
	const char *v[] = {l->id,	       when,	  l->created_at, l->device, l->event,
			   l->app_version,     l->content_version, l->lang,  l->kiosk,
			   l->answers,	       l->sealed, l->key_id,	 l->body,   l->programme};
	for (int i = 0; i < 14; i++)
		sqlite3_bind_text(st, i + 1, v[i], -1, SQLITE_STATIC);
	sqlite3_bind_int(st, 15, l->schema == 2 ? 2 : 1);
	if (l->quiz_attached >= 0)
		sqlite3_bind_int(st, 16, l->quiz_attached);
	if (l->clock_synced >= 0)
		sqlite3_bind_int(st, 17, l->clock_synced);
	int rc = sqlite3_step(st);
	sqlite3_finalize(st);
	return rc != SQLITE_DONE ? -1 : sqlite3_changes(s->db) == 1;
}

static enum rstore_put sq_put(struct rstore *base, const struct rlead *l, char *err, size_t n)
{
	struct sq *s = (struct sq *)base;
	enum rstore_put r = RSTORE_FAILED;
	pthread_mutex_lock(&s->mu);
	if (sqlite3_exec(s->db, "BEGIN IMMEDIATE", NULL, NULL, NULL)) {
		say(err, n, "cannot start a transaction", s->db);
		goto out;
	}
	int added = insert(s, l);
	int same = added == 0 ? same_body(s, l->id, l->body) : 0;
	if (added < 0)
		say(err, n, "cannot insert", s->db);
	else if (same < 0)
		say(err, n, "cannot read", s->db);
	else
		r = added ? RSTORE_STORED : same ? RSTORE_SAME : RSTORE_CONFLICT;
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

/* The caller's callback for each_row, whichever of the store's it is. */
struct each_cb {
	void *ctx;
	union {
		int (*lead)(void *ctx, const struct rlead *lead);
		int (*token)(void *ctx, const struct rtoken *t);
		int (*count)(void *ctx, const char *event, const char *name, long long n);
		int (*status)(void *ctx, const struct rstatus *st);
		int (*call)(void *ctx, const struct rcall *c);
	} f;
};

/* The one row loop: under the mutex, row(st, cb) for each row of sql
 * until one returns nonzero. 0, that value, or -1 with err ("what: why"). */
static int each_row(struct sq *s, const char *sql,
		    int (*row)(sqlite3_stmt *st, const struct each_cb *cb), const struct each_cb *cb,
		    const char *what, char *err, size_t n)
{
	sqlite3_stmt *st = NULL;
	int r = 0, rc = SQLITE_ERROR;
	pthread_mutex_lock(&s->mu);
	if (sqlite3_prepare_v2(s->db, sql, -1, &st, NULL) == SQLITE_OK)
		while (r == 0 && (rc = sqlite3_step(st)) == SQLITE_ROW)
			r = row(st, cb);
	if (r == 0 && rc != SQLITE_DONE) {
		say(err, n, what, s->db);
		r = -1;
	}
	sqlite3_finalize(st);
	pthread_mutex_unlock(&s->mu);
	return r;
}

/* -1 for SQL null, else the integer. */
static int int_or_null(sqlite3_stmt *st, int i)
{
	return sqlite3_column_type(st, i) == SQLITE_NULL ? -1 : sqlite3_column_int(st, i);
}

static int lead_row(sqlite3_stmt *st, const struct each_cb *cb)
{
	struct rlead l = {
		.id = col(st, 0), .received_at = col(st, 1), .created_at = col(st, 2),
		.device = col(st, 3), .event = col(st, 4), .app_version = col(st, 5),
		.content_version = col(st, 6), .lang = col(st, 7), .kiosk = col(st, 8),
		.answers = col(st, 9), .sealed = col(st, 10), .key_id = col(st, 11),
		.body = col(st, 12), .programme = col(st, 13),
		.schema = sqlite3_column_int(st, 14),
		.quiz_attached = int_or_null(st, 15),
		.clock_synced = int_or_null(st, 16),
	};
	return cb->f.lead(cb->ctx, &l);
}

static int sq_each(struct rstore *base, int (*cb)(void *ctx, const struct rlead *lead), void *ctx,
		   char *err, size_t n)
{
	const struct each_cb c = {ctx, .f.lead = cb};
	return each_row((struct sq *)base,
			"SELECT id, received_at, created_at, device, event, app_version,"
			" content_version, lang, kiosk, answers, sealed, key_id, body, programme,"
			" schema, quiz_attached, clock_synced FROM leads ORDER BY received_at, id",
			lead_row, &c, "cannot read", err, n);
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

/* Runs sql with text parameters (NULL = SQL null); the number of rows it
 * changed, or -1. */
static int change(struct sq *s, const char *sql, const char *const *v, int nv)
{
	sqlite3_stmt *st = NULL;
	if (sqlite3_prepare_v2(s->db, sql, -1, &st, NULL))
		return -1;
	for (int i = 0; i < nv; i++)
		sqlite3_bind_text(st, i + 1, v[i], -1, SQLITE_STATIC);
	int rc = sqlite3_step(st);
	sqlite3_finalize(st);
	return rc == SQLITE_DONE ? sqlite3_changes(s->db) : -1;
}

static int sq_token_add(struct rstore *base, const char *name, const char *hash, char *err,
			size_t n)
{
	struct sq *s = (struct sq *)base;
	char when[32];
	rstore_now_utc(when);
	const char *v[] = {name, hash, when};
	pthread_mutex_lock(&s->mu);
	int r = change(s,
		       "INSERT INTO tokens (name, hash, created_at) VALUES (?1, ?2, ?3)"
		       " ON CONFLICT (name) DO UPDATE SET hash = excluded.hash,"
		       " created_at = excluded.created_at, last_used_at = NULL, revoked_at = NULL"
		       " WHERE tokens.revoked_at IS NOT NULL",
		       v, 3);
	if (r < 0)
		say(err, n, "cannot add the token", s->db);
	pthread_mutex_unlock(&s->mu);
	return r < 0 ? -1 : r == 1 ? 0 : 1;
}

static int sq_token_revoke(struct rstore *base, const char *name, char *err, size_t n)
{
	struct sq *s = (struct sq *)base;
	char when[32];
	rstore_now_utc(when);
	const char *v[] = {name, when};
	pthread_mutex_lock(&s->mu);
	int r = change(s, "UPDATE tokens SET revoked_at = ?2 WHERE name = ?1 AND revoked_at IS NULL",
		       v, 2);
	if (r < 0)
		say(err, n, "cannot revoke the token", s->db);
	pthread_mutex_unlock(&s->mu);
	return r < 0 ? -1 : r == 1 ? 0 : 1;
}

static int token_row(sqlite3_stmt *st, const struct each_cb *cb)
{
	struct rtoken t = {col(st, 0), col(st, 1), col(st, 2), col(st, 3)};
	return cb->f.token(cb->ctx, &t);
}

static int sq_token_each(struct rstore *base, int (*cb)(void *ctx, const struct rtoken *t),
			 void *ctx, char *err, size_t n)
{
	const struct each_cb c = {ctx, .f.token = cb};
	return each_row((struct sq *)base, "SELECT name, created_at, last_used_at, revoked_at"
					   " FROM tokens ORDER BY name",
			token_row, &c, "cannot read the tokens", err, n);
}

static int sq_token_check(struct rstore *base, const char *hash, char *name, size_t name_n,
			  char *err, size_t n)
{
	struct sq *s = (struct sq *)base;
	sqlite3_stmt *st = NULL;
	int r = -1;
	char now[32], stale[32];
	rstore_now_utc(now);
	rstore_utc_ago(60, stale);
	pthread_mutex_lock(&s->mu);
	if (sqlite3_prepare_v2(s->db, "SELECT name, coalesce(last_used_at, '') < ?2 FROM tokens"
				      " WHERE hash = ?1 AND revoked_at IS NULL", -1, &st,
			       NULL) == SQLITE_OK) {
		sqlite3_bind_text(st, 1, hash, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 2, stale, -1, SQLITE_STATIC);
		int rc = sqlite3_step(st);
		if (rc == SQLITE_ROW) {
			snprintf(name, name_n, "%s", col(st, 0));
			r = 1;
			if (sqlite3_column_int(st, 1)) {
				const char *v[] = {name, now};
				change(s, "UPDATE tokens SET last_used_at = ?2 WHERE name = ?1", v, 2);
			}
		} else if (rc == SQLITE_DONE) {
			r = 0;
		}
	}
	if (r < 0)
		say(err, n, "cannot check the token", s->db);
	sqlite3_finalize(st);
	pthread_mutex_unlock(&s->mu);
	return r;
}

static int sq_status_put(struct rstore *base, const struct rstatus *st, char *err, size_t n)
{
	struct sq *s = (struct sq *)base;
	pthread_mutex_lock(&s->mu);
	const char *counts[] = {st->v[RS_KIOSK], st->counts};
	int r = sqlite3_exec(s->db, "BEGIN IMMEDIATE", NULL, NULL, NULL) ? -1 : 0;
	/* The totals as sent: set, never added (WHERE true: SQLite's upsert
	 * after a SELECT). */
	if (!r && st->counts)
		r = change(s,
			   "INSERT INTO kiosk_counts (kiosk, event, hour, name, item, n)"
			   " SELECT ?1, json_extract(value, '$.event'), json_extract(value, '$.hour'),"
			   " json_extract(value, '$.name'), json_extract(value, '$.item'),"
			   " json_extract(value, '$.n') FROM json_each(?2) WHERE true"
			   " ON CONFLICT (kiosk, event, hour, name, item) DO UPDATE SET n = excluded.n",
			   counts, 2);
	if (r >= 0)
		r = change(s,
		       "INSERT INTO kiosk_status (kiosk, seen_at, device, app_version, content_version, queued, rejected, last_upload, last_error, free_disk_mb, kiosk_clock, clock_offset_s, clock_synced, content_refused)"
		       " VALUES (?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,?11,?12,?13,?14)"
		       " ON CONFLICT (kiosk) DO UPDATE SET seen_at = excluded.seen_at, device = excluded.device, app_version = excluded.app_version, content_version = excluded.content_version, queued = excluded.queued, rejected = excluded.rejected, last_upload = excluded.last_upload, last_error = excluded.last_error, free_disk_mb = excluded.free_disk_mb, kiosk_clock = excluded.kiosk_clock, clock_offset_s = excluded.clock_offset_s, clock_synced = excluded.clock_synced, content_refused = excluded.content_refused",
		       st->v, RS_COUNT);
	if (r >= 0 && sqlite3_exec(s->db, "COMMIT", NULL, NULL, NULL))
		r = -1;
	if (r < 0) {
		say(err, n, "cannot store the kiosk's status", s->db);
		sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
	}
	pthread_mutex_unlock(&s->mu);
	return r < 0 ? -1 : 0;
}

static int count_row(sqlite3_stmt *st, const struct each_cb *cb)
{
	return cb->f.count(cb->ctx, col(st, 0), col(st, 1), sqlite3_column_int64(st, 2));
}

static int sq_counts_each(struct rstore *base,
			  int (*cb)(void *ctx, const char *event, const char *name, long long n),
			  void *ctx, char *err, size_t n)
{
	const struct each_cb c = {ctx, .f.count = cb};
	return each_row((struct sq *)base, "SELECT event, name, sum(n) FROM kiosk_counts"
					   " GROUP BY event, name ORDER BY event, name",
			count_row, &c, "cannot read the counts", err, n);
}

static int status_row(sqlite3_stmt *st, const struct each_cb *cb)
{
	struct rstatus k;
	for (int i = 0; i < RS_COUNT; i++)
		k.v[i] = col(st, i);
	return cb->f.status(cb->ctx, &k);
}

static int sq_status_each(struct rstore *base, int (*cb)(void *ctx, const struct rstatus *st),
			  void *ctx, char *err, size_t n)
{
	const struct each_cb c = {ctx, .f.status = cb};
	return each_row((struct sq *)base, "SELECT kiosk, seen_at, device, app_version, content_version, queued, rejected, last_upload, last_error, free_disk_mb, kiosk_clock, clock_offset_s, clock_synced, content_refused FROM kiosk_status ORDER BY kiosk",
			status_row, &c, "cannot read the kiosks", err, n);
}

static int sq_user_add(struct rstore *base, const char *name, const char *hash, char *err,
		       size_t n)
{
	struct sq *s = (struct sq *)base;
	char when[32];
	rstore_now_utc(when);
	const char *v[] = {name, hash, when};
	pthread_mutex_lock(&s->mu);
	int r = change(s, "INSERT INTO office_users (name, hash, created_at) VALUES (?1, ?2, ?3)"
			  " ON CONFLICT (name) DO NOTHING", v, 3);
	if (r < 0)
		say(err, n, "cannot add the user", s->db);
	pthread_mutex_unlock(&s->mu);
	return r < 0 ? -1 : r == 1 ? 0 : 1;
}

static int sq_user_get(struct rstore *base, const char *name, struct ruser *out, char *err,
		       size_t n)
{
	struct sq *s = (struct sq *)base;
	sqlite3_stmt *st = NULL;
	int r = -1;
	pthread_mutex_lock(&s->mu);
	if (sqlite3_prepare_v2(s->db, "SELECT hash, failures, locked_until FROM office_users"
				      " WHERE name = ?1", -1, &st, NULL) == SQLITE_OK) {
		sqlite3_bind_text(st, 1, name, -1, SQLITE_STATIC);
		int rc = sqlite3_step(st);
		if (rc == SQLITE_ROW) {
			snprintf(out->hash, sizeof out->hash, "%s", col(st, 0));
			out->failures = sqlite3_column_int(st, 1);
			out->locked_until = sqlite3_column_int64(st, 2);
			r = 1;
		} else if (rc == SQLITE_DONE) {
			r = 0;
		}
	}
	if (r < 0)
		say(err, n, "cannot read the user", s->db);
	sqlite3_finalize(st);
	pthread_mutex_unlock(&s->mu);
	return r;
}

static int sq_user_set_lock(struct rstore *base, const char *name, int failures,
			    long long locked_until, char *err, size_t n)
{
	struct sq *s = (struct sq *)base;
	char f[16], u[24];
	snprintf(f, sizeof f, "%d", failures);
	snprintf(u, sizeof u, "%lld", locked_until);
	const char *v[] = {name, f, u};
	pthread_mutex_lock(&s->mu);
	int r = change(s, "UPDATE office_users SET failures = ?2, locked_until = ?3 WHERE name = ?1",
		       v, 3);
	if (r < 0)
		say(err, n, "cannot record the sign-in", s->db);
	pthread_mutex_unlock(&s->mu);
	return r < 0 ? -1 : 0;
}

static int sq_call_put(struct rstore *base, const struct rcall *c, char *err, size_t n)
{
	struct sq *s = (struct sq *)base;
	char when[32];
	rstore_now_utc(when);
	const char *v[] = {c->lead_id, c->status, c->note, c->set_by, when};
	pthread_mutex_lock(&s->mu);
	int r = change(s, "INSERT INTO lead_calls VALUES (?1, ?2, ?3, ?4, ?5) ON CONFLICT (lead_id)"
			  " DO UPDATE SET status = excluded.status, note = excluded.note,"
			  " set_by = excluded.set_by, set_at = excluded.set_at", v, 5);
	if (r < 0)
		say(err, n, "cannot store the call status", s->db);
	pthread_mutex_unlock(&s->mu);
	return r < 0 ? -1 : 0;
}

static int call_row(sqlite3_stmt *st, const struct each_cb *cb)
{
	struct rcall c = {col(st, 0), col(st, 1), col(st, 2), col(st, 3), col(st, 4)};
	return cb->f.call(cb->ctx, &c);
}

static int sq_call_each(struct rstore *base, int (*cb)(void *ctx, const struct rcall *c),
			void *ctx, char *err, size_t n)
{
	const struct each_cb c = {ctx, .f.call = cb};
	return each_row((struct sq *)base, "SELECT lead_id, status, note, set_by, set_at FROM lead_calls",
			call_row, &c, "cannot read the call statuses", err, n);
}

static int sq_lead_forget(struct rstore *base, const char *id, char *err, size_t n)
{
	struct sq *s = (struct sq *)base;
	const char *v[] = {id};
	pthread_mutex_lock(&s->mu);
	/* secure_delete: the freed pages holding the old text are zeroed. */
	sqlite3_exec(s->db, "PRAGMA secure_delete = ON", NULL, NULL, NULL);
	int r = change(s, "UPDATE leads SET answers = '{}', sealed = NULL, body = '{}'"
			  " WHERE id = ?1", v, 1);
	if (r == 1)
		r = change(s, "UPDATE lead_calls SET note = NULL WHERE lead_id = ?1", v, 1) < 0 ? -1
											       : 1;
	if (r < 0)
		say(err, n, "cannot delete the lead's details", s->db);
	pthread_mutex_unlock(&s->mu);
	return r < 0 ? -1 : r == 1 ? 0 : 1;
}

static int sq_audit_add(struct rstore *base, const char *user, const char *action,
			const char *ids, char *err, size_t n)
{
	struct sq *s = (struct sq *)base;
	char when[32];
	rstore_now_utc(when);
	const char *v[] = {when, user, action, ids};
	pthread_mutex_lock(&s->mu);
	int r = change(s, "INSERT INTO office_audit VALUES (?1, ?2, ?3, ?4)", v, 4);
	if (r < 0)
		say(err, n, "cannot write the audit log", s->db);
	pthread_mutex_unlock(&s->mu);
	return r < 0 ? -1 : 0;
}

static const struct rstore_ops sq_ops = {
	.name = "sqlite",
	.put = sq_put,
	.each = sq_each,
	.token_add = sq_token_add,
	.token_revoke = sq_token_revoke,
	.token_each = sq_token_each,
	.token_check = sq_token_check,
	.status_put = sq_status_put,
	.status_each = sq_status_each,
	.counts_each = sq_counts_each,
	.user_add = sq_user_add,
	.user_get = sq_user_get,
	.user_set_lock = sq_user_set_lock,
	.call_put = sq_call_put,
	.call_each = sq_call_each,
	.lead_forget = sq_lead_forget,
	.audit_add = sq_audit_add,
	.close = sq_close,
};

static long version_of(sqlite3 *db)
{
	sqlite3_stmt *st = NULL;
	long v = -1;
	if (sqlite3_prepare_v2(db, "SELECT coalesce(max(version), 0) FROM schema_migrations", -1,
			       &st, NULL) == SQLITE_OK &&
	    sqlite3_step(st) == SQLITE_ROW)
		v = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return v;
}

/* Brings the schema to RSTORE_SCHEMA_VERSION in one transaction (a second
 * receiver starting at once waits on the write lock, then finds it done). */
static int migrate(sqlite3 *db, const char *path, char *err, size_t n)
{
	if (sqlite3_exec(db, "BEGIN IMMEDIATE; CREATE TABLE IF NOT EXISTS schema_migrations ("
			     " version INTEGER PRIMARY KEY, applied_at TEXT NOT NULL)",
			 NULL, NULL, NULL)) {
		say(err, n, path, db);
		goto fail;
	}
	long have = version_of(db);
	if (have < 0) {
		say(err, n, path, db);
		goto fail;
	}
	if (have > RSTORE_SCHEMA_VERSION) {
		rstore_too_new(err, n, path, have);
		goto fail;
	}
	for (long v = have + 1; v <= RSTORE_SCHEMA_VERSION; v++) {
		char when[32], sql[128];
		rstore_now_utc(when);
		snprintf(sql, sizeof sql, "INSERT INTO schema_migrations VALUES (%ld, '%s')", v, when);
		if (sqlite3_exec(db, migrations[v - 1], NULL, NULL, NULL) ||
		    sqlite3_exec(db, sql, NULL, NULL, NULL)) {
			char what[300];
			snprintf(what, sizeof what, "%s: migration to schema %ld", path, v);
			say(err, n, what, db);
			goto fail;
		}
	}
	if (sqlite3_exec(db, "COMMIT", NULL, NULL, NULL) == SQLITE_OK)
		return 0;
	say(err, n, path, db);
fail:
	sqlite3_exec(db, "ROLLBACK", NULL, NULL, NULL);
	return -1;
}

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
			 NULL)) {
		char what[300];
		snprintf(what, sizeof what, "cannot open %s", path);
		say(err, n, what, s->db);
		sq_close(&s->base);
		return NULL;
	}
	if (migrate(s->db, path, err, n)) {
		sq_close(&s->base);
		return NULL;
	}
	return &s->base;
}
