/*
 * uploader_status.c: the heartbeat the upload engine sends (heartbeat.h):
 * gathers the kiosk's state, POSTs it with the upload's token and TLS
 * rules. An office server without /status (404) or one that is down costs
 * a request every few minutes, nothing more. Only the office's receipt
 * (heartbeat_answer_ok) counts as an answer: after anything else the same
 * counts go again with the next heartbeat.
 *
 * The anonymous counts go with it as each hour's totals: those of every
 * hour from kv status.counts_from on (all, the first time). Once the
 * office has given its receipt, counts_from moves to the hour before now (a
 * count is written up to a few seconds after its tap, so the hour just
 * ended may still grow), or, when the heartbeat was full, to its last
 * hour. A heartbeat that failed, or whose answer was lost, is sent again
 * with the same totals: the office sets them again, never adds.
 */
#include "net/content_fetch.h"
#include "net/heartbeat.h"
#include "net/http.h"
#include "net/uploader_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/statvfs.h>
#include <sys/timex.h>
#include <time.h>

#define HEARTBEAT_TIMEOUT_MS 15000
#define KV_COUNTS_FROM "status.counts_from"

/* The counts a heartbeat carries: copies, as the rows live only in the
 * walk's callback. */
struct counts {
	struct store_tally v[HEARTBEAT_COUNTS_MAX];
	char text[HEARTBEAT_COUNTS_MAX][STORE_TALLY_HOUR_LEN + 256 + 2 * 65];
	size_t n, bytes;
	bool full;
};

static int take_count(void *ctx, const struct store_tally *r)
{
	struct counts *c = ctx;
	size_t bytes = 70 + 2 * strlen(r->event) + strlen(r->name) + strlen(r->item);
	if (c->n == HEARTBEAT_COUNTS_MAX || c->bytes + bytes > HEARTBEAT_COUNTS_BYTES) {
		c->full = true;
		return -1;
	}
	char *p = c->text[c->n];
	size_t k = sizeof c->text[0];
	int a = snprintf(p, k, "%s", r->hour) + 1;
	int b = a + snprintf(p + a, k - a, "%s", r->event) + 1;
	int d = b + snprintf(p + b, k - b, "%s", r->name) + 1;
	snprintf(p + d, k - d, "%s", r->item);
	c->bytes += bytes;
	c->v[c->n++] = (struct store_tally){
		.hour = p, .event = p + a, .name = p + b, .item = p + d, .n = r->n};
	return 0;
}

/* The counts from kv counts_from on into c; false on an error (the
 * heartbeat then goes without them, and counts_from stays). */
static bool read_counts(struct up_engine *e, int64_t now, struct counts *c)
{
	char *v = NULL, from[STORE_TALLY_HOUR_LEN] = "", cur[STORE_TALLY_HOUR_LEN];
	c->n = c->bytes = 0;
	c->full = false;
	int err = store_kv_get(e->st, KV_COUNTS_FROM, &v);
	if (err != STORE_OK && err != STORE_NOTFOUND)
		return false;
	if (v && strlen(v) == STORE_TALLY_HOUR_LEN - 1)
		snprintf(from, sizeof from, "%s", v);
	free(v);
	/* A clock that went back counts into hours before from: from there. */
	if (from[0] && store_tally_hour(now - 3600000, cur) == STORE_OK && strcmp(from, cur) > 0)
		snprintf(from, sizeof from, "%s", cur);
	/* -1 is take_count's "full" (a stop, not an error). */
	int rc = store_tally_from_hour(e->st, from[0] ? from : NULL, take_count, c);
	if (rc && rc != -1) {
		c->n = 0;
		return false;
	}
	return true;
}

/* After the office's receipt: where the next heartbeat's counts start. */
static void counts_sent(struct up_engine *e, int64_t now, const struct counts *c)
{
	char next[STORE_TALLY_HOUR_LEN];
	if (c->full && strcmp(c->v[c->n - 1].hour, c->v[0].hour)) {
		/* From its last hour (all of it again), at once. */
		snprintf(next, sizeof next, "%s", c->v[c->n - 1].hour);
		e->heartbeat_due = true;
	} else if (c->full) {
		/* One hour that fills a whole heartbeat (never seen: a few dozen
		 * counters an hour): the office has what fitted; the rest stays
		 * in kioskctl report. On to the next hour, rather than stick. */
		struct tm tm = {0};
		if (sscanf(c->v[0].hour, "%d-%d-%dT%d", &tm.tm_year, &tm.tm_mon, &tm.tm_mday,
			   &tm.tm_hour) != 4)
			return;
		tm.tm_year -= 1900;
		tm.tm_mon -= 1;
		if (store_tally_hour(((int64_t)timegm(&tm) + 3600) * 1000, next) != STORE_OK)
			return;
		fprintf(stderr, "carekiosk uploader: the counts of %s fill more than one heartbeat;"
				" the office gets the first %zu\n", c->v[0].hour, c->n);
		e->heartbeat_due = true;
	} else if (store_tally_hour(now - 3600000, next) != STORE_OK) {
		return;
	}
	store_kv_set(e->st, KV_COUNTS_FROM, next);
}

/* 1 the kernel's clock is synchronised (NTP and the like), 0 not, -1 unknown.
 * adjtimex() with no modes only reads, so it needs no privilege. */
static int clock_synced(void)
{
	struct timex tx;
	memset(&tx, 0, sizeof tx);
	int st = adjtimex(&tx);
	if (st < 0)
		return -1;
	return st != TIME_ERROR && !(tx.status & STA_UNSYNC);
}

static long long free_disk_mb(const char *dir)
{
	struct statvfs v;
	if (statvfs(dir, &v) != 0)
		return -1;
	return (long long)((unsigned long long)v.f_bavail * v.f_frsize / (1024 * 1024));
}

/* The content the kiosk runs and its last refusal, from
 * <data>/content/state (written whole, renamed into place: always one
 * version or the next), so a switch at the attract screen shows in the
 * next heartbeat: "v<N>" for the office's bundle N, else the content id
 * the kiosk started with (the shipped content's). */
static void content_now(const struct up_engine *e, char *version, size_t n,
			struct content_state *st)
{
	char dir[PATH_MAX];
	snprintf(dir, sizeof dir, "%s/content", e->data_dir);
	content_state_read(dir, st);
	if (st->running > 0)
		snprintf(version, n, "v%ld", st->running);
	else
		snprintf(version, n, "%s", e->content_version);
}

bool up_heartbeat_due(const struct up_engine *e)
{
	return e->heartbeat_ms > 0 && (e->heartbeat_due || up_now(e) >= e->heartbeat_at);
}

void up_heartbeat(struct up_engine *e, int64_t deadline)
{
	int64_t now = up_now(e);
	e->heartbeat_due = false;
	e->heartbeat_at = now + e->heartbeat_ms;
	char url[2100];
	long left = deadline - now > HEARTBEAT_TIMEOUT_MS ? HEARTBEAT_TIMEOUT_MS
							  : (long)(deadline - now);
	/* A refused token would be refused here too: wait for a new one. */
	if (left < 500 || e->status.state == UPLOADER_REFUSED || !up_ready(e) ||
	    !heartbeat_url(e->url, url, sizeof url))
		return;
	up_engine_refresh(e);
	struct counts *c = calloc(1, sizeof *c);
	if (c && !read_counts(e, now, c)) {
		free(c);
		c = NULL;
	}
	char version[64];
	struct content_state cs;
	content_now(e, version, sizeof version, &cs);
	struct heartbeat h = {
		.device = e->device_name,
		.app_version = e->app_version,
		.content_version = version,
		.content_refused = cs.refused,
		.queued = e->status.queued,
		.rejected = e->status.rejected,
		.last_upload_ms = e->status.last_success_ms,
		.last_error = e->status.last_error,
		.free_disk_mb = free_disk_mb(e->data_dir),
		.clock_ms = now,
		.clock_synced = clock_synced(),
		.counts = c ? c->v : NULL,
		.ncounts = c ? c->n : 0,
	};
	char *body = heartbeat_body(&h);
	if (body) {
		struct http_answer ans;
		up_http_post(e, url, NULL, body, left, &ans);
		if (c && heartbeat_answer_ok(ans.status, ans.body, ans.body_len))
			counts_sent(e, now, c);
		http_answer_free(&ans);
	}
	free(body);
	free(c);
}
