/*
 * uploader_engine.c: one upload at a time, and what follows from its answer
 * (see uploader_int.h and the scheduling notes in uploader.h).
 */
#include "net/uploader_int.h"

#include "net/http.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <time.h>

#define SEC_MS INT64_C(1000)

static int64_t real_clock(void *ctx)
{
	(void)ctx;
	struct timespec ts;
	clock_gettime(CLOCK_REALTIME, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

int64_t up_now(const struct up_engine *e)
{
	return e->clock(e->clock_ctx);
}

int64_t up_longest_wait(const struct up_engine *e)
{
	int64_t w = PROTO_RETRY_AFTER_MAX_MS;
	if (e->cap_ms > w)
		w = e->cap_ms;
	if (e->refused_ms > w)
		w = e->refused_ms;
	return w;
}

static bool abandon_cb(void *ctx)
{
	const struct up_engine *e = ctx;
	return e->abandon && atomic_load(e->abandon);
}

void up_http_post(struct up_engine *e, const char *url, const char *idempotency_key,
		  const char *body, long timeout_ms, struct http_answer *ans)
{
	struct http_req req = {
		.url = url,
		.token = e->token,
		.idempotency_key = idempotency_key,
		.user_agent = e->user_agent,
		.ca_file = e->ca_file,
		.loopback = e->loopback,
		.body = body,
		.body_len = strlen(body),
		.connect_timeout_ms = e->connect_timeout_ms < timeout_ms ? e->connect_timeout_ms
									 : timeout_ms,
		.timeout_ms = timeout_ms,
		/* Below 1 byte/s for two thirds of the time: a stalled server. */
		.low_speed_time_s = timeout_ms * 2 / 3 / 1000 > 0 ? timeout_ms * 2 / 3 / 1000 : 1,
		.abandon = abandon_cb,
		.abandon_ctx = e,
	};
	http_post(e->curl, &req, ans);
}

static long env_ms(const char *name)
{
	const char *v = getenv(name);
	long n = v ? strtol(v, NULL, 10) : 0;
	return n > 0 ? n : 0;
}

static char *dup0(const char *s)
{
	return strdup(s ? s : "");
}

/* path, or base_dir/path when path is relative and base_dir is given. */
static char *resolve(const char *base_dir, const char *path)
{
	if (!path || !*path || path[0] == '/' || !base_dir || !*base_dir)
		return dup0(path);
	size_t n = strlen(base_dir) + strlen(path) + 2;
	char *p = malloc(n);
	if (p)
		snprintf(p, n, "%s/%s", base_dir, path);
	return p;
}

static void tune(struct up_engine *e, const struct uploader_opts *o)
{
	long t_env = env_ms("CAREKIOSK_TEST_UPLOAD_TIMEOUT_MS");
	long b_env = env_ms("CAREKIOSK_TEST_BACKOFF_MS");
	e->timeout_ms = o->timeout_ms ? o->timeout_ms : t_env ? t_env : 30 * SEC_MS;
	e->connect_timeout_ms = o->connect_timeout_ms ? o->connect_timeout_ms
				: t_env ? t_env : 10 * SEC_MS;
	e->base_ms = o->backoff_base_ms ? o->backoff_base_ms : b_env ? b_env : 5 * SEC_MS;
	e->cap_ms = o->backoff_cap_ms ? o->backoff_cap_ms : b_env ? 5 * b_env : 600 * SEC_MS;
	e->refused_ms = o->refused_retry_ms ? o->refused_retry_ms : 600 * SEC_MS;
	long s_env = env_ms("CAREKIOSK_TEST_STATUS_MS");
	e->heartbeat_ms = o->status_every_ms < 0 ? 0
			  : o->status_every_ms ? o->status_every_ms : s_env ? s_env : 300 * SEC_MS;
}

int up_engine_init(struct up_engine *e, const struct uploader_opts *o)
{
	memset(e, 0, sizeof *e);
	e->data_dir = dup0(o->data_dir);
	e->url = dup0(o->url);
	e->token_file = resolve(o->base_dir, o->token_file);
	e->ca_file = resolve(o->base_dir, o->ca_file);
	const char *v = o->app_version && *o->app_version ? o->app_version : KIOSK_VERSION;
	size_t n = strlen("carekiosk/") + strlen(v) + 1;
	e->user_agent = malloc(n);
	e->app_version = dup0(v);
	e->device_name = dup0(o->device_name);
	e->content_version = dup0(o->content_version);
	if (!e->data_dir || !e->url || !e->token_file || !e->ca_file || !e->user_agent ||
	    !e->app_version || !e->device_name || !e->content_version) {
		up_engine_free(e);
		return -1;
	}
	snprintf(e->user_agent, n, "carekiosk/%s", v);
	e->url_check = proto_check_url(e->url, &e->loopback);
	tune(e, o);
	e->clock = o->now_ms ? o->now_ms : real_clock;
	e->clock_ctx = o->ctx;
	if (getrandom(&e->rng, sizeof e->rng, 0) != (ssize_t)sizeof e->rng)
		e->rng = (uint32_t)real_clock(NULL);
	e->rng |= 1;
	e->status.state = e->url_check == PROTO_URL_OK ? UPLOADER_IDLE : UPLOADER_NOT_SET_UP;
	return 0;
}

void up_engine_free(struct up_engine *e)
{
	store_close(e->st);
	if (e->curl)
		curl_easy_cleanup(e->curl);
	free(e->data_dir);
	free(e->url);
	free(e->token_file);
	free(e->ca_file);
	free(e->user_agent);
	free(e->app_version);
	free(e->device_name);
	free(e->content_version);
	free(e->tried);
	explicit_bzero(e->token, sizeof e->token);
	memset(e, 0, sizeof *e);
}

uint32_t up_random(struct up_engine *e)
{
	/* xorshift32: jitter only needs to differ between kiosks and tries. */
	uint32_t x = e->rng;
	x ^= x << 13;
	x ^= x >> 17;
	x ^= x << 5;
	return e->rng = x;
}

void up_publish(struct up_engine *e)
{
	if (e->publish)
		e->publish(e, e->publish_ctx);
}

void up_set_error(struct up_engine *e, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(e->status.last_error, sizeof e->status.last_error, fmt, ap);
	va_end(ap);
	/* Write only changes, so a long outage does not churn the disk. */
	if (e->st && strcmp(e->kv_error, e->status.last_error) != 0 &&
	    store_kv_set(e->st, UP_KV_LAST_ERROR, e->status.last_error) == STORE_OK)
		snprintf(e->kv_error, sizeof e->kv_error, "%s", e->status.last_error);
}

void up_engine_refresh(struct up_engine *e)
{
	if (!e->st)
		return;
	struct store_counts c;
	if (store_counts(e->st, NULL, up_now(e), &c) == STORE_OK) {
		e->status.queued = c.queued;
		e->status.sent = c.sent;
		e->status.rejected = c.rejected;
	}
}

/* First use of a (re)opened database: what the last run left in kv. */
static void load_kv(struct up_engine *e)
{
	char *v = NULL;
	if (store_kv_get(e->st, UP_KV_LAST_SUCCESS, &v) == STORE_OK)
		e->status.last_success_ms = strtoll(v, NULL, 10);
	free(v);
	v = NULL;
	if (store_kv_get(e->st, UP_KV_LAST_ERROR, &v) == STORE_OK) {
		snprintf(e->kv_error, sizeof e->kv_error, "%s", v);
		if (!e->status.last_error[0])
			snprintf(e->status.last_error, sizeof e->status.last_error, "%s", v);
	}
	free(v);
}

static bool read_token(struct up_engine *e)
{
	FILE *f = *e->token_file ? fopen(e->token_file, "r") : NULL;
	if (!f)
		return false;
	size_t n = fread(e->token, 1, sizeof e->token - 1, f);
	bool whole = feof(f) && !ferror(f);
	fclose(f);
	e->token[n] = '\0';
	return whole && proto_token_ok(e->token);
}

/* Whether an upload can be tried at all; if not, the status says why. */
bool up_ready(struct up_engine *e)
{
	if (!e->st) {
		enum store_err err = store_open(e->data_dir, NULL, &e->st);
		if (err != STORE_OK) {
			e->st = NULL;
			e->status.state = UPLOADER_NOT_SET_UP;
			up_set_error(e, "cannot open the leads database: %s", store_strerror(err));
			return false;
		}
		load_kv(e);
		up_engine_refresh(e);
		up_publish(e);	/* the counts are known now */
	}
	enum uploader_state was = e->status.state;
	e->status.state = UPLOADER_NOT_SET_UP;
	if (e->url_check != PROTO_URL_OK)
		up_set_error(e, "%s", proto_url_problem(e->url_check));
	else if (!*e->token_file)
		up_set_error(e, "no upload token file is set (upload.token_file in kiosk.json)");
	else if (!read_token(e))
		up_set_error(e, "cannot read a token from the upload token file %s", e->token_file);
	else if (!e->curl && !(e->curl = curl_easy_init()))
		up_set_error(e, "out of memory");
	else {
		e->status.state = was == UPLOADER_NOT_SET_UP ? UPLOADER_IDLE : was;
		return true;
	}
	return false;
}

void up_engine_kick(struct up_engine *e)
{
	if (!e->hold_by_server)
		e->hold_until = 0;
	e->round = true;
	e->ntried = 0;
}

static bool was_tried(const struct up_engine *e, const char *id)
{
	for (size_t i = 0; i < e->ntried; i++)
		if (!strcmp(e->tried[i], id))
			return true;
	return false;
}

void up_note_tried(struct up_engine *e, const char *id)
{
	if (e->ntried == e->cap_tried) {
		size_t cap = e->cap_tried ? 2 * e->cap_tried : 64;
		void *p = realloc(e->tried, cap * sizeof *e->tried);
		if (!p)
			return;	/* worst case the lead is tried twice in a round */
		e->tried = p;
		e->cap_tried = cap;
	}
	memcpy(e->tried[e->ntried++], id, STORE_ID_LEN);
}

static char *sdup(const char *s, bool *ok)
{
	char *d = s ? strdup(s) : NULL;
	if (s && !d)
		*ok = false;
	return d;
}

struct pick_ctx {
	struct up_engine *e;
	struct store_lead *out;
};

/* store_foreach callback: copies the first queued lead not tried yet. */
static int pick_untried(void *ctx, const struct store_lead *l)
{
	struct pick_ctx *p = ctx;
	if (was_tried(p->e, l->id))
		return 0;
	struct store_lead *o = p->out;
	bool ok = true;
	memcpy(o->id, l->id, STORE_ID_LEN);
	o->created_at = sdup(l->created_at, &ok);
	o->event = sdup(l->event, &ok);
	o->device = sdup(l->device, &ok);
	o->app_version = sdup(l->app_version, &ok);
	o->content_version = sdup(l->content_version, &ok);
	o->lang = sdup(l->lang, &ok);
	o->answers_json = sdup(l->answers_json, &ok);
	o->sealed = sdup(l->sealed, &ok);
	o->key_id = sdup(l->key_id, &ok);
	o->programme = sdup(l->programme, &ok);
	o->quiz_attached = l->quiz_attached;
	o->clock = l->clock;
	o->attempts = l->attempts;
	o->next_attempt_at = l->next_attempt_at;
	return ok ? -1 : -2;
}

void up_lead_wipe(struct store_lead *l)
{
	if (l->answers_json)
		explicit_bzero(l->answers_json, strlen(l->answers_json));
	store_lead_clear(l);
}

/* The next lead to try: in a round the oldest untried one, else the oldest
 * due. STORE_NOTFOUND when there is none. */
enum store_err up_pick(struct up_engine *e, int64_t now, struct store_lead *out)
{
	if (e->round) {
		struct pick_ctx p = {e, out};
		struct store_filter f = {.status = "queued"};
		int rc = store_foreach(e->st, &f, pick_untried, &p);
		if (rc == -1)
			return STORE_OK;
		up_lead_wipe(out);
		if (rc == -2)
			return STORE_NOMEM;
		if (rc != STORE_OK)
			return (enum store_err)rc;
		e->round = false;	/* everyone has had a try */
	}
	return store_next_due(e->st, now, out);
}
