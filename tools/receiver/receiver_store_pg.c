/*
 * receiver_store_pg.c: the receiver's PostgreSQL backend (libpq), for many
 * kiosks feeding one database that an IT team already runs and backs up.
 *
 * A pool of connections (--db-pool) is shared by the request threads; a
 * request waits for a free one. Exactly once is the database's doing: the
 * primary key and INSERT ... ON CONFLICT DO NOTHING inside one transaction,
 * so two receivers (or two threads) storing one id at the same instant end
 * with one row, and the loser sees the winner's committed row. A connection
 * that breaks (the database restarted) is dropped; the next request opens a
 * new one, so the receiver heals by itself while the kiosks retry on 503.
 */
#include "receiver_store.h"

#include <libpq-fe.h>

#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

struct slot {
	PGconn *c;		/* NULL until needed, and after it broke */
	bool busy;
};

struct pg {
	struct rstore base;	/* first: a struct rstore * is a struct pg * */
	char *uri;
	char where[256];	/* the URI without password, for messages */
	int wait_ms;
	pthread_mutex_t mu;
	pthread_cond_t freed;
	int n;
	struct slot *slots;
};

/* Migration N brings the schema from version N-1 to N, the same versions
 * as the SQLite backend. Never edit one that has shipped: add the next. */
static const char *const migrations[] = {
	"CREATE TABLE leads ("
	" id text PRIMARY KEY,"
	" received_at timestamptz NOT NULL,"
	" created_at text, device text, event text, app_version text,"
	" content_version text, lang text,"
	" answers text NOT NULL,"
	" body text NOT NULL);"
	"CREATE INDEX leads_received ON leads (received_at);",

	/* 2: sealed leads (upload schema 2), whose answers the receiver cannot
	 * read; which kiosk sent a lead. */
	"ALTER TABLE leads ALTER COLUMN answers DROP NOT NULL,"
	" ADD COLUMN schema integer NOT NULL DEFAULT 1,"
	" ADD COLUMN sealed text, ADD COLUMN key_id text, ADD COLUMN programme text,"
	" ADD COLUMN quiz_attached integer, ADD COLUMN kiosk text,"
	" ADD CONSTRAINT leads_answers_or_sealed CHECK ((answers IS NULL) <> (sealed IS NULL));",

	/* 3: per-kiosk tokens, kept only as a keyed hash (receiver_tokens.c). */
	"CREATE TABLE tokens ("
	" name text PRIMARY KEY,"
	" hash text NOT NULL UNIQUE,"
	" created_at timestamptz NOT NULL DEFAULT now(),"
	" last_used_at timestamptz,"
	" revoked_at timestamptz);",

	/* 4: the latest heartbeat of each kiosk (POST /status). */
	"CREATE TABLE kiosk_status ("
	" kiosk text PRIMARY KEY,"
	" seen_at timestamptz NOT NULL,"
	" device text, app_version text, content_version text,"
	" queued bigint, rejected bigint,"
	" last_upload text, last_error text,"
	" free_disk_mb bigint,"
	" kiosk_clock text, clock_offset_s double precision, clock_synced integer);",

	/* 5: the office page: its users, each lead's call status, the audit log. */
	"CREATE TABLE office_users ("
	" name text PRIMARY KEY, hash text NOT NULL, created_at timestamptz NOT NULL DEFAULT now(),"
	" failures integer NOT NULL DEFAULT 0, locked_until bigint NOT NULL DEFAULT 0);"
	"CREATE TABLE lead_calls ("
	" lead_id text PRIMARY KEY, status text NOT NULL, note text,"
	" set_by text NOT NULL, set_at timestamptz NOT NULL);"
	"CREATE TABLE office_audit ("
	" at timestamptz NOT NULL DEFAULT now(), user_name text NOT NULL, action text NOT NULL,"
	" lead_ids text);",

	/* 6: whether the kiosk's clock was synchronised when the lead was made
	 * (1, 0; NULL not known, and for every lead before). */
	"ALTER TABLE leads ADD COLUMN clock_synced integer;",

	/* 7: each kiosk's anonymous counts, the totals per event tag, UTC hour,
	 * counter and item its heartbeats sent (POST /status). */
	"CREATE TABLE kiosk_counts ("
	" kiosk text NOT NULL, event text NOT NULL, hour text NOT NULL,"
	" name text NOT NULL, item text NOT NULL, n bigint NOT NULL,"
	" PRIMARY KEY (kiosk, event, hour, name, item));",

	/* 8: why each kiosk last refused new content from the office (its
	 * heartbeat's content_refused; NULL none, and for every row before). */
	"ALTER TABLE kiosk_status ADD COLUMN content_refused text;",
};

_Static_assert(sizeof migrations / sizeof migrations[0] == RSTORE_SCHEMA_VERSION,
	       "one migration per schema version");

/* A timestamptz column as the SQLite backend writes times. */
#define ISO(col) "to_char(" col " AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.MS\"Z\"')"

/* Any number: receivers starting at once take turns at migrating. */
#define MIGRATION_LOCK "7261017"

static void quiet(void *arg, const char *message)
{
	(void)arg, (void)message;	/* "already exists, skipping" and the like */
}

/* The first line of libpq's message, after what. */
static void say(char *err, size_t n, const char *what, const PGconn *c)
{
	const char *m = c ? PQerrorMessage(c) : "out of memory";
	snprintf(err, n, "%s: %.*s", what, (int)strcspn(m, "\n"), m);
}

static PGconn *connect_db(struct pg *p, char *err, size_t n)
{
	/* Later keys win: what the URI says overrides these defaults. */
	const char *const keys[] = {"connect_timeout", "application_name", "dbname", NULL};
	const char *const vals[] = {"3", "carekiosk-receiver", p->uri, NULL};
	PGconn *c = PQconnectdbParams(keys, vals, 1);
	char what[300];
	snprintf(what, sizeof what, "cannot connect to %s", p->where);
	if (!c || PQstatus(c) != CONNECTION_OK) {
		say(err, n, what, c);
		PQfinish(c);
		return NULL;
	}
	PQsetNoticeProcessor(c, quiet, NULL);
	/* A 201 promises the row survives a crash, whatever the server's
	 * default; and a stuck database must not hold a kiosk forever. */
	PGresult *r = PQexec(c, "SET synchronous_commit = on; SET statement_timeout = '20s'");
	bool ok = PQresultStatus(r) == PGRES_COMMAND_OK;
	PQclear(r);
	if (!ok) {
		say(err, n, what, c);
		PQfinish(c);
		return NULL;
	}
	return c;
}

/* A free slot, preferring one with an open connection; NULL after wait_ms. */
static struct slot *acquire(struct pg *p)
{
	struct timespec until;
	clock_gettime(CLOCK_REALTIME, &until);
	until.tv_sec += p->wait_ms / 1000;
	until.tv_nsec += (p->wait_ms % 1000) * 1000000L;
	if (until.tv_nsec >= 1000000000L) {
		until.tv_sec++;
		until.tv_nsec -= 1000000000L;
	}
	struct slot *s = NULL;
	pthread_mutex_lock(&p->mu);
	for (;;) {
		for (int i = 0; i < p->n; i++)
			if (!p->slots[i].busy && (!s || (!s->c && p->slots[i].c)))
				s = &p->slots[i];
		if (s || pthread_cond_timedwait(&p->freed, &p->mu, &until) == ETIMEDOUT)
			break;
	}
	if (s)
		s->busy = true;
	pthread_mutex_unlock(&p->mu);
	return s;
}

/* Gives s back. A broken connection usually means the server restarted,
 * which broke the idle ones too: they are closed with it, so the next
 * request connects afresh instead of failing on a dead one. */
static void release(struct pg *p, struct slot *s)
{
	bool broken = s->c && PQstatus(s->c) != CONNECTION_OK;
	pthread_mutex_lock(&p->mu);
	for (int i = 0; broken && i < p->n; i++) {
		struct slot *o = &p->slots[i];
		if (o->c && (o == s || !o->busy)) {
			PQfinish(o->c);
			o->c = NULL;
		}
	}
	s->busy = false;
	pthread_cond_signal(&p->freed);
	pthread_mutex_unlock(&p->mu);
}

/* Runs sql; true if it returned want. */
static bool run(PGconn *c, const char *sql, ExecStatusType want)
{
	PGresult *r = PQexec(c, sql);
	bool ok = PQresultStatus(r) == want;
	PQclear(r);
	return ok;
}

/* The part of put() on one connection. */
static enum rstore_put put_on(struct pg *p, struct slot *s, const struct rlead *l, char *err,
			      size_t n)
{
	static const char insert[] =
		"INSERT INTO leads (id, received_at, created_at, device, event, app_version,"
		" content_version, lang, kiosk, answers, sealed, key_id, body, programme, schema,"
		" quiz_attached, clock_synced) VALUES ($1, clock_timestamp(), $2, $3, $4, $5, $6,"
		" $7, $8, $9, $10, $11, $12, $13, $14, $15, $16) ON CONFLICT (id) DO NOTHING";
	if (!s->c && !(s->c = connect_db(p, err, n)))
		return RSTORE_UNAVAILABLE;
	char schema[4], quiz[4], clock[4];
	snprintf(schema, sizeof schema, "%d", l->schema == 2 ? 2 : 1);
	snprintf(quiz, sizeof quiz, "%d", l->quiz_attached);
	snprintf(clock, sizeof clock, "%d", l->clock_synced);
	const char *v[] = {l->id,	  l->created_at, l->device,	    l->event,
			   l->app_version, l->content_version, l->lang,   l->kiosk,
			   l->answers,	  l->sealed,	 l->key_id,	    l->body,
			   l->programme,  schema,	 l->quiz_attached >= 0 ? quiz : NULL,
			   l->clock_synced >= 0 ? clock : NULL};
	const char *what = "cannot start a transaction";
	enum rstore_put out = RSTORE_FAILED;
	PGresult *r = NULL;
	if (!run(s->c, "BEGIN", PGRES_COMMAND_OK))
		goto fail;
	what = "cannot insert";
	r = PQexecParams(s->c, insert, 16, NULL, v, NULL, NULL, 0);
	if (PQresultStatus(r) != PGRES_COMMAND_OK)
		goto fail;
	if (!strcmp(PQcmdTuples(r), "1")) {
		out = RSTORE_STORED;
	} else {
		/* Someone stored this id first (and, if at this instant, ON
		 * CONFLICT waited for their commit): compare with theirs. */
		const char *idb[] = {l->id, l->body};
		PQclear(r);
		what = "cannot read";
		r = PQexecParams(s->c, "SELECT body = $2 FROM leads WHERE id = $1", 2, NULL, idb,
				 NULL, NULL, 0);
		if (PQresultStatus(r) != PGRES_TUPLES_OK || PQntuples(r) != 1)
			goto fail;
		out = !strcmp(PQgetvalue(r, 0, 0), "t") ? RSTORE_SAME : RSTORE_CONFLICT;
	}
	PQclear(r);
	r = NULL;
	what = "cannot commit";
	if (run(s->c, "COMMIT", PGRES_COMMAND_OK))
		return out;
fail:
	say(err, n, what, s->c);
	PQclear(r);
	if (PQstatus(s->c) != CONNECTION_OK)
		return RSTORE_UNAVAILABLE;
	run(s->c, "ROLLBACK", PGRES_COMMAND_OK);
	return RSTORE_FAILED;
}

static enum rstore_put pg_put(struct rstore *base, const struct rlead *l, char *err, size_t n)
{
	struct pg *p = (struct pg *)base;
	enum rstore_put r = RSTORE_UNAVAILABLE;
	for (int attempt = 0; attempt < 2; attempt++) {
		struct slot *s = acquire(p);
		if (!s) {
			snprintf(err, n, "all %d database connections stayed busy", p->n);
			return RSTORE_UNAVAILABLE;
		}
		bool pooled = s->c != NULL;
		r = put_on(p, s, l, err, n);
		release(p, s);
		/* A pooled connection may have died while idle (the database
		 * restarted): once more on a new one. Safe even if the lost
		 * COMMIT did land: the retry then finds the same row. */
		if (r != RSTORE_UNAVAILABLE || !pooled)
			break;
	}
	return r;
}

static const char *val(const PGresult *r, int i)
{
	return PQgetisnull(r, 0, i) ? NULL : PQgetvalue(r, 0, i);
}

/* Streams the rows (single-row mode): an export never holds them all. */
static int each_on(struct pg *p, struct slot *s, int (*cb)(void *, const struct rlead *),
		   void *ctx, char *err, size_t n)
{
	static const char sql[] =
		"SELECT id, " ISO("received_at") ", created_at, device, event, app_version,"
		" content_version, lang, kiosk, answers, sealed, key_id, body, programme, schema,"
		" quiz_attached, clock_synced FROM leads ORDER BY received_at, id";
	if (!s->c && !(s->c = connect_db(p, err, n)))
		return -1;
	if (!PQsendQuery(s->c, sql) || !PQsetSingleRowMode(s->c)) {
		say(err, n, "cannot read", s->c);
		return -1;
	}
	int rc = 0;
	PGresult *r;
	while ((r = PQgetResult(s->c))) {
		ExecStatusType st = PQresultStatus(r);
		if (st == PGRES_SINGLE_TUPLE && rc == 0) {
			struct rlead l = {
				.id = val(r, 0), .received_at = val(r, 1), .created_at = val(r, 2),
				.device = val(r, 3), .event = val(r, 4), .app_version = val(r, 5),
				.content_version = val(r, 6), .lang = val(r, 7), .kiosk = val(r, 8),
				.answers = val(r, 9), .sealed = val(r, 10), .key_id = val(r, 11),
				.body = val(r, 12), .programme = val(r, 13),
				.schema = atoi(PQgetvalue(r, 0, 14)),
				.quiz_attached = val(r, 15) ? atoi(val(r, 15)) : -1,
				.clock_synced = val(r, 16) ? atoi(val(r, 16)) : -1,
			};
			rc = cb(ctx, &l);
		} else if (st != PGRES_SINGLE_TUPLE && st != PGRES_TUPLES_OK && rc == 0) {
			say(err, n, "cannot read", s->c);
			rc = -1;
		}
		PQclear(r);	/* after a stop, the rest is read and dropped */
	}
	return rc;
}

static int pg_each(struct rstore *base, int (*cb)(void *ctx, const struct rlead *lead), void *ctx,
		   char *err, size_t n)
{
	struct pg *p = (struct pg *)base;
	struct slot *s = acquire(p);
	if (!s) {
		snprintf(err, n, "all %d database connections stayed busy", p->n);
		return -1;
	}
	int rc = each_on(p, s, cb, ctx, err, n);
	release(p, s);
	return rc;
}

static void pg_close(struct rstore *base)
{
	struct pg *p = (struct pg *)base;
	if (!p)
		return;
	for (int i = 0; p->slots && i < p->n; i++)
		PQfinish(p->slots[i].c);
	free(p->slots);
	free(p->uri);
	pthread_cond_destroy(&p->freed);
	pthread_mutex_destroy(&p->mu);
	free(p);
}

/* Runs one statement with text parameters on a pooled connection, once
 * more on a fresh one if a pooled connection had died. The result (the
 * caller clears it), or NULL with err filled. */
static PGresult *exec1(struct pg *p, const char *sql, int nv, const char *const *v,
		       ExecStatusType want, const char *what, char *err, size_t n)
{
	for (int attempt = 0; attempt < 2; attempt++) {
		struct slot *s = acquire(p);
		if (!s) {
			snprintf(err, n, "all %d database connections stayed busy", p->n);
			return NULL;
		}
		bool pooled = s->c != NULL;
		PGresult *r = NULL;
		if (s->c || (s->c = connect_db(p, err, n))) {
			r = PQexecParams(s->c, sql, nv, NULL, v, NULL, NULL, 0);
			if (PQresultStatus(r) != want) {
				say(err, n, what, s->c);
				PQclear(r);
				r = NULL;
			}
		}
		bool broken = !s->c || PQstatus(s->c) != CONNECTION_OK;
		release(p, s);
		if (r || !broken || !pooled)
			return r;
	}
	return NULL;
}

/* The number of rows a command changed, or -1 (err filled). */
static int changed(struct pg *p, const char *sql, int nv, const char *const *v, const char *what,
		   char *err, size_t n)
{
	PGresult *r = exec1(p, sql, nv, v, PGRES_COMMAND_OK, what, err, n);
	int k = r ? atoi(PQcmdTuples(r)) : -1;
	PQclear(r);
	return k;
}

static int pg_token_add(struct rstore *base, const char *name, const char *hash, char *err,
			size_t n)
{
	const char *v[] = {name, hash};
	int k = changed((struct pg *)base,
			"INSERT INTO tokens (name, hash) VALUES ($1, $2)"
			" ON CONFLICT (name) DO UPDATE SET hash = excluded.hash, created_at = now(),"
			" last_used_at = NULL, revoked_at = NULL WHERE tokens.revoked_at IS NOT NULL",
			2, v, "cannot add the token", err, n);
	return k < 0 ? -1 : k == 1 ? 0 : 1;
}

static int pg_token_revoke(struct rstore *base, const char *name, char *err, size_t n)
{
	const char *v[] = {name};
	int k = changed((struct pg *)base,
			"UPDATE tokens SET revoked_at = now() WHERE name = $1 AND revoked_at IS NULL",
			1, v, "cannot revoke the token", err, n);
	return k < 0 ? -1 : k == 1 ? 0 : 1;
}

static const char *cell(const PGresult *r, int row, int i)
{
	return PQgetisnull(r, row, i) ? NULL : PQgetvalue(r, row, i);
}

static int pg_token_each(struct rstore *base, int (*cb)(void *ctx, const struct rtoken *t),
			 void *ctx, char *err, size_t n)
{
	PGresult *r = exec1((struct pg *)base,
			    "SELECT name, " ISO("created_at") ", " ISO("last_used_at") ", "
			    ISO("revoked_at") " FROM tokens ORDER BY name",
			    0, NULL, PGRES_TUPLES_OK, "cannot read the tokens", err, n);
	if (!r)
		return -1;
	int rc = 0;
	for (int i = 0; i < PQntuples(r) && !rc; i++) {
		struct rtoken t = {cell(r, i, 0), cell(r, i, 1), cell(r, i, 2), cell(r, i, 3)};
		rc = cb(ctx, &t);
	}
	PQclear(r);
	return rc;
}

static int pg_token_check(struct rstore *base, const char *hash, char *name, size_t name_n,
			  char *err, size_t n)
{
	/* One round trip: the lookup, and the last use noted once a minute. */
	static const char sql[] =
		"WITH t AS (SELECT name FROM tokens WHERE hash = $1 AND revoked_at IS NULL),"
		" u AS (UPDATE tokens SET last_used_at = now() WHERE hash = $1"
		" AND revoked_at IS NULL AND (last_used_at IS NULL"
		" OR last_used_at < now() - interval '1 minute'))"
		" SELECT name FROM t";
	const char *v[] = {hash};
	PGresult *r = exec1((struct pg *)base, sql, 1, v, PGRES_TUPLES_OK, "cannot check the token",
			    err, n);
	if (!r)
		return -1;
	int found = PQntuples(r) == 1;
	if (found)
		snprintf(name, name_n, "%s", PQgetvalue(r, 0, 0));
	PQclear(r);
	return found;
}

static int pg_status_put(struct rstore *base, const struct rstatus *st, char *err, size_t n)
{
	const char *v[RS_COUNT + 1];
	memcpy(v, st->v, sizeof st->v);
	v[RS_COUNT] = st->counts ? st->counts : "[]";
	/* One statement, so one transaction: the counts' totals are set (never
	 * added) with the status. */
	int k = changed((struct pg *)base,
			"WITH c AS (INSERT INTO kiosk_counts (kiosk, event, hour, name, item, n)"
			" SELECT $1, x.event, x.hour, x.name, x.item, x.n FROM jsonb_to_recordset($15::jsonb)"
			" AS x(event text, hour text, name text, item text, n bigint)"
			" ON CONFLICT (kiosk, event, hour, name, item) DO UPDATE SET n = excluded.n)"
			" INSERT INTO kiosk_status (kiosk, seen_at, device, app_version, content_version, queued, rejected, last_upload, last_error, free_disk_mb, kiosk_clock, clock_offset_s, clock_synced, content_refused)"
			" VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)"
			" ON CONFLICT (kiosk) DO UPDATE SET seen_at = excluded.seen_at, device = excluded.device, app_version = excluded.app_version, content_version = excluded.content_version, queued = excluded.queued, rejected = excluded.rejected, last_upload = excluded.last_upload, last_error = excluded.last_error, free_disk_mb = excluded.free_disk_mb, kiosk_clock = excluded.kiosk_clock, clock_offset_s = excluded.clock_offset_s, clock_synced = excluded.clock_synced, content_refused = excluded.content_refused",
			RS_COUNT + 1, v, "cannot store the kiosk's status", err, n);
	return k < 0 ? -1 : 0;
}

static int pg_counts_each(struct rstore *base,
			  int (*cb)(void *ctx, const char *event, const char *name, long long n),
			  void *ctx, char *err, size_t n)
{
	PGresult *r = exec1((struct pg *)base, "SELECT event, name, sum(n) FROM kiosk_counts"
			    " GROUP BY event, name ORDER BY event, name",
			    0, NULL, PGRES_TUPLES_OK, "cannot read the counts", err, n);
	if (!r)
		return -1;
	int rc = 0;
	for (int i = 0; i < PQntuples(r) && !rc; i++)
		rc = cb(ctx, cell(r, i, 0), cell(r, i, 1), atoll(PQgetvalue(r, i, 2)));
	PQclear(r);
	return rc;
}

static int pg_status_each(struct rstore *base, int (*cb)(void *ctx, const struct rstatus *st),
			  void *ctx, char *err, size_t n)
{
	PGresult *r = exec1((struct pg *)base, "SELECT kiosk, " ISO("seen_at") ", device, app_version, content_version, queued, rejected, last_upload, last_error, free_disk_mb, kiosk_clock, clock_offset_s, clock_synced, content_refused FROM kiosk_status ORDER BY kiosk",
			    0, NULL, PGRES_TUPLES_OK, "cannot read the kiosks", err, n);
	if (!r)
		return -1;
	int rc = 0;
	for (int i = 0; i < PQntuples(r) && !rc; i++) {
		struct rstatus k;
		for (int j = 0; j < RS_COUNT; j++)
			k.v[j] = cell(r, i, j);
		rc = cb(ctx, &k);
	}
	PQclear(r);
	return rc;
}

static int pg_user_add(struct rstore *base, const char *name, const char *hash, char *err,
		       size_t n)
{
	const char *v[] = {name, hash};
	int k = changed((struct pg *)base, "INSERT INTO office_users (name, hash) VALUES ($1, $2)"
					   " ON CONFLICT (name) DO NOTHING",
			2, v, "cannot add the user", err, n);
	return k < 0 ? -1 : k == 1 ? 0 : 1;
}

static int pg_user_get(struct rstore *base, const char *name, struct ruser *out, char *err,
		       size_t n)
{
	const char *v[] = {name};
	PGresult *r = exec1((struct pg *)base, "SELECT hash, failures, locked_until FROM office_users"
					       " WHERE name = $1",
			    1, v, PGRES_TUPLES_OK, "cannot read the user", err, n);
	if (!r)
		return -1;
	int found = PQntuples(r) == 1;
	if (found) {
		snprintf(out->hash, sizeof out->hash, "%s", PQgetvalue(r, 0, 0));
		out->failures = atoi(PQgetvalue(r, 0, 1));
		out->locked_until = strtoll(PQgetvalue(r, 0, 2), NULL, 10);
	}
	PQclear(r);
	return found;
}

static int pg_user_set_lock(struct rstore *base, const char *name, int failures,
			    long long locked_until, char *err, size_t n)
{
	char f[16], u[24];
	snprintf(f, sizeof f, "%d", failures);
	snprintf(u, sizeof u, "%lld", locked_until);
	const char *v[] = {name, f, u};
	return changed((struct pg *)base,
		       "UPDATE office_users SET failures = $2, locked_until = $3 WHERE name = $1", 3,
		       v, "cannot record the sign-in", err, n) < 0 ? -1 : 0;
}

static int pg_call_put(struct rstore *base, const struct rcall *c, char *err, size_t n)
{
	const char *v[] = {c->lead_id, c->status, c->note, c->set_by};
	return changed((struct pg *)base,
		       "INSERT INTO lead_calls VALUES ($1, $2, $3, $4, now()) ON CONFLICT (lead_id)"
		       " DO UPDATE SET status = excluded.status, note = excluded.note,"
		       " set_by = excluded.set_by, set_at = excluded.set_at",
		       4, v, "cannot store the call status", err, n) < 0 ? -1 : 0;
}

static int pg_call_each(struct rstore *base, int (*cb)(void *ctx, const struct rcall *c),
			void *ctx, char *err, size_t n)
{
	PGresult *r = exec1((struct pg *)base, "SELECT lead_id, status, note, set_by, " ISO("set_at")
					       " FROM lead_calls",
			    0, NULL, PGRES_TUPLES_OK, "cannot read the call statuses", err, n);
	if (!r)
		return -1;
	int rc = 0;
	for (int i = 0; i < PQntuples(r) && !rc; i++) {
		struct rcall c = {cell(r, i, 0), cell(r, i, 1), cell(r, i, 2), cell(r, i, 3),
				  cell(r, i, 4)};
		rc = cb(ctx, &c);
	}
	PQclear(r);
	return rc;
}

static int pg_lead_forget(struct rstore *base, const char *id, char *err, size_t n)
{
	const char *v[] = {id};
	/* One statement, so the lead and its note go together. */
	int k = changed((struct pg *)base,
			"WITH c AS (UPDATE lead_calls SET note = NULL WHERE lead_id = $1)"
			" UPDATE leads SET answers = '{}', sealed = NULL, body = '{}' WHERE id = $1",
			1, v, "cannot delete the lead's details", err, n);
	return k < 0 ? -1 : k == 1 ? 0 : 1;
}

static int pg_audit_add(struct rstore *base, const char *user, const char *action,
			const char *ids, char *err, size_t n)
{
	const char *v[] = {user, action, ids};
	return changed((struct pg *)base,
		       "INSERT INTO office_audit (user_name, action, lead_ids) VALUES ($1, $2, $3)", 3,
		       v, "cannot write the audit log", err, n) < 0 ? -1 : 0;
}

static const struct rstore_ops pg_ops = {
	.name = "postgresql",
	.put = pg_put,
	.each = pg_each,
	.token_add = pg_token_add,
	.token_revoke = pg_token_revoke,
	.token_each = pg_token_each,
	.token_check = pg_token_check,
	.status_put = pg_status_put,
	.status_each = pg_status_each,
	.counts_each = pg_counts_each,
	.user_add = pg_user_add,
	.user_get = pg_user_get,
	.user_set_lock = pg_user_set_lock,
	.call_put = pg_call_put,
	.call_each = pg_call_each,
	.lead_forget = pg_lead_forget,
	.audit_add = pg_audit_add,
	.close = pg_close,
};

/* Brings the schema to RSTORE_SCHEMA_VERSION in one transaction, under an
 * advisory lock so receivers starting together migrate once. */
static int migrate(struct pg *p, PGconn *c, char *err, size_t n)
{
	const char *what = p->where;
	char step[300];
	PGresult *r = NULL;
	if (!run(c, "BEGIN", PGRES_COMMAND_OK) ||
	    !run(c, "SELECT pg_advisory_xact_lock(" MIGRATION_LOCK ")", PGRES_TUPLES_OK) ||
	    !run(c, "CREATE TABLE IF NOT EXISTS schema_migrations (version integer PRIMARY KEY,"
		    " applied_at timestamptz NOT NULL DEFAULT now())",
		 PGRES_COMMAND_OK))
		goto fail;
	r = PQexec(c, "SELECT coalesce(max(version), 0) FROM schema_migrations");
	if (PQresultStatus(r) != PGRES_TUPLES_OK || PQntuples(r) != 1)
		goto fail;
	long have = strtol(PQgetvalue(r, 0, 0), NULL, 10);
	PQclear(r);
	r = NULL;
	if (have > RSTORE_SCHEMA_VERSION) {
		run(c, "ROLLBACK", PGRES_COMMAND_OK);
		rstore_too_new(err, n, p->where, have);
		return -1;
	}
	for (long v = have + 1; v <= RSTORE_SCHEMA_VERSION; v++) {
		char sql[96];
		snprintf(step, sizeof step, "%s: migration to schema %ld", p->where, v);
		what = step;
		snprintf(sql, sizeof sql, "INSERT INTO schema_migrations (version) VALUES (%ld)", v);
		if (!run(c, migrations[v - 1], PGRES_COMMAND_OK) || !run(c, sql, PGRES_COMMAND_OK))
			goto fail;
	}
	what = p->where;
	if (run(c, "COMMIT", PGRES_COMMAND_OK))
		return 0;
fail:
	say(err, n, what, c);
	PQclear(r);
	run(c, "ROLLBACK", PGRES_COMMAND_OK);
	return -1;
}

struct rstore *rstore_pg_open(const char *uri, const struct rstore_options *opt, char *err,
			      size_t n)
{
	if (opt->pool < 1 || opt->pool > 64) {
		snprintf(err, n, "the pool size must be 1 to 64 connections");
		return NULL;
	}
	struct pg *p = calloc(1, sizeof *p);
	if (!p || !(p->uri = strdup(uri)) || !(p->slots = calloc((size_t)opt->pool, sizeof *p->slots))) {
		snprintf(err, n, "out of memory");
		if (p)
			free(p->uri);
		free(p);
		return NULL;
	}
	p->base.ops = &pg_ops;
	p->n = opt->pool;
	p->wait_ms = opt->wait_ms;
	rstore_redact(uri, p->where, sizeof p->where);
	pthread_mutex_init(&p->mu, NULL);
	pthread_cond_init(&p->freed, NULL);
	PGconn *c = connect_db(p, err, n);
	if (!c || migrate(p, c, err, n)) {
		PQfinish(c);
		pg_close(&p->base);
		return NULL;
	}
	p->slots[0].c = c;	/* the pool's first connection */
	return &p->base;
}
