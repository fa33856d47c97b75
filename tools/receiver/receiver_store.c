/*
 * receiver_store.c: picking a backend by the --db value, and the few helpers
 * both backends share.
 */
#include "receiver_store.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

static bool is_pg(const char *where)
{
	return !strncmp(where, "postgresql://", 13) || !strncmp(where, "postgres://", 11);
}

struct rstore *rstore_open(const char *where, const struct rstore_options *opt, char *err,
			   size_t n)
{
	static const struct rstore_options defaults = {.pool = 4, .wait_ms = 10000};
	if (is_pg(where))
		return rstore_pg_open(where, opt ? opt : &defaults, err, n);
	return rstore_sqlite_open(where, err, n);
}

void rstore_too_new(char *err, size_t n, const char *where, long have)
{
	snprintf(err, n,
		 "%s has schema version %ld, but this carekiosk-receiver knows only up to %d: "
		 "a newer receiver has upgraded it; run that version (or newer)",
		 where, have, RSTORE_SCHEMA_VERSION);
}

static void utc(struct timespec ts, char out[32])
{
	struct tm tm;
	gmtime_r(&ts.tv_sec, &tm);
	size_t k = strftime(out, 32, "%Y-%m-%dT%H:%M:%S", &tm);
	snprintf(out + k, 32 - k, ".%03ldZ", ts.tv_nsec / 1000000);
}

void rstore_now_utc(char out[32])
{
	struct timespec ts;
	clock_gettime(CLOCK_REALTIME, &ts);
	utc(ts, out);
}

void rstore_utc_ago(int seconds, char out[32])
{
	struct timespec ts;
	clock_gettime(CLOCK_REALTIME, &ts);
	ts.tv_sec -= seconds;
	utc(ts, out);
}

void rstore_redact(const char *where, char *out, size_t n)
{
	if (!is_pg(where)) {
		snprintf(out, n, "%s", where);
		return;
	}
	/* postgresql://user:secret@host/db?password=x -> postgresql://user:...@host/db?... */
	const char *rest = strstr(where, "://") + 3;
	size_t auth = strcspn(rest, "@/?");
	const char *colon = memchr(rest, ':', auth);
	size_t query = strcspn(where, "?");
	if (rest[auth] == '@' && colon)
		snprintf(out, n, "%.*s:...%.*s%s", (int)(colon - where), where,
			 (int)(query - (size_t)(rest + auth - where)), rest + auth,
			 where[query] ? "?..." : "");
	else
		snprintf(out, n, "%.*s%s", (int)query, where, where[query] ? "?..." : "");
}
