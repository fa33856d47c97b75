/*
 * uploader.c: the upload thread and `kioskctl sync`, both driving the same
 * engine (uploader_int.h). The thread shares with the UI only this struct's
 * mutex-guarded fields: a wake flag, a stop flag and the status snapshot.
 */
#include "net/uploader_int.h"

#include "job/job.h"

#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* The longest the thread sleeps without a reason, so a lead queued by
 * another process is picked up eventually. */
#define MAX_SLEEP_MS (10 * 60 * 1000)

struct uploader {
	pthread_t thread;
	pthread_mutex_t mu;
	pthread_cond_t cv;
	bool kick, stop;
	atomic_bool abandon;
	struct uploader_status status;	/* the published snapshot, under mu */
	void (*notify)(void *ctx);
	void *ctx;
	struct up_engine e;		/* the thread's own */
	bool curl;			/* curl_global_init was called */
};

/* Engine hook: copy the status for readers, then tell the app. */
static void publish(struct up_engine *e, void *ctx)
{
	struct uploader *u = ctx;
	pthread_mutex_lock(&u->mu);
	u->status = e->status;
	pthread_mutex_unlock(&u->mu);
	if (u->notify)
		u->notify(u->ctx);
}

static struct timespec mono_after(int64_t ms)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	ts.tv_sec += (time_t)(ms / 1000);
	ts.tv_nsec += (long)(ms % 1000) * 1000000L;
	if (ts.tv_nsec >= 1000000000L) {
		ts.tv_sec++;
		ts.tv_nsec -= 1000000000L;
	}
	return ts;
}

/* Sleeps (mu held) until woken, stopped, or ms passed. */
static void sleep_locked(struct uploader *u, int64_t ms)
{
	if (ms > MAX_SLEEP_MS)
		ms = MAX_SLEEP_MS;
	if (ms <= 0)
		return;
	struct timespec until = mono_after(ms);
	while (!u->kick && !u->stop)
		if (pthread_cond_timedwait(&u->cv, &u->mu, &until) == ETIMEDOUT)
			break;
}

static void *run(void *arg)
{
	struct uploader *u = arg;
	struct up_engine *e = &u->e;
	struct uploader_result res;
	pthread_mutex_lock(&u->mu);
	while (!u->stop) {
		bool kicked = u->kick;
		u->kick = false;
		pthread_mutex_unlock(&u->mu);
		if (kicked)
			up_engine_kick(e);
		int64_t wake_at = 0;
		enum up_step s = up_engine_step(e, INT64_MAX, &wake_at, &res);
		bool busy = s == UP_STEP_TRIED || s == UP_STEP_ABANDONED;
		/* Between runs of uploads, never in the middle of one. */
		if (!busy && !atomic_load(&u->abandon) && up_heartbeat_due(e))
			up_heartbeat(e, INT64_MAX);
		pthread_mutex_lock(&u->mu);
		if (busy)
			continue;
		int64_t ms = s == UP_STEP_IDLE ? MAX_SLEEP_MS : wake_at - up_now(e);
		if (s != UP_STEP_IDLE && ms > up_longest_wait(e))
			ms = 1;	/* the clock went back since the step: step again */
		int64_t beat = e->heartbeat_ms ? e->heartbeat_at - up_now(e) : ms;
		sleep_locked(u, beat < ms ? (beat > 0 ? beat : 1) : ms);
	}
	pthread_mutex_unlock(&u->mu);
	return NULL;
}

int uploader_start(const struct uploader_opts *opts, struct uploader **out)
{
	*out = NULL;
	struct uploader *u = calloc(1, sizeof *u);
	if (!u)
		return -1;
	if (up_engine_init(&u->e, opts)) {
		free(u);
		return -1;
	}
	/* Without an upload address nothing here uses curl, and its start
	 * (OpenSSL's tables: about 3.5 MB of the kiosk's PSS) waits for a
	 * kiosk that has one. Staff mode's reachability check needs one too. */
	if (opts->url && *opts->url)
		u->curl = curl_global_init(CURL_GLOBAL_DEFAULT) == CURLE_OK;
	u->notify = opts->notify;
	u->ctx = opts->ctx;
	u->e.publish = publish;
	u->e.publish_ctx = u;
	u->e.abandon = &u->abandon;
	atomic_init(&u->abandon, false);
	u->status = u->e.status;
	u->kick = true;	/* look at the queue straight away */
	pthread_condattr_t ca;
	pthread_condattr_init(&ca);
	pthread_condattr_setclock(&ca, CLOCK_MONOTONIC);
	pthread_cond_init(&u->cv, &ca);
	pthread_condattr_destroy(&ca);
	pthread_mutex_init(&u->mu, NULL);
	if (job_thread_start(&u->thread, false, run, u) != 0) {
		pthread_cond_destroy(&u->cv);
		pthread_mutex_destroy(&u->mu);
		up_engine_free(&u->e);
		if (u->curl)
			curl_global_cleanup();
		free(u);
		return -1;
	}
	*out = u;
	return 0;
}

void uploader_wake(struct uploader *u)
{
	if (!u)
		return;
	pthread_mutex_lock(&u->mu);
	u->kick = true;
	pthread_cond_signal(&u->cv);
	pthread_mutex_unlock(&u->mu);
}

void uploader_get_status(struct uploader *u, struct uploader_status *out)
{
	if (!u) {
		memset(out, 0, sizeof *out);
		out->state = UPLOADER_NOT_SET_UP;
		return;
	}
	pthread_mutex_lock(&u->mu);
	*out = u->status;
	pthread_mutex_unlock(&u->mu);
}

void uploader_stop(struct uploader *u)
{
	if (!u)
		return;
	pthread_mutex_lock(&u->mu);
	u->stop = true;
	atomic_store(&u->abandon, true);
	pthread_cond_signal(&u->cv);
	pthread_mutex_unlock(&u->mu);
	pthread_join(u->thread, NULL);
	up_engine_free(&u->e);
	pthread_cond_destroy(&u->cv);
	pthread_mutex_destroy(&u->mu);
	if (u->curl)
		curl_global_cleanup();
	free(u);
}

static void sleep_ms(int64_t ms)
{
	struct timespec ts = {(time_t)(ms / 1000), (long)(ms % 1000) * 1000000L};
	while (nanosleep(&ts, &ts) == -1 && errno == EINTR)
		;
}

struct left_ctx {
	void (*report)(void *ctx, const struct uploader_result *r);
	void *ctx;
};

static int report_left(void *ctx, const struct store_lead *lead)
{
	struct left_ctx *l = ctx;
	struct uploader_result r = {lead->id, "queued", lead->last_error ? lead->last_error : "",
				    0, true};
	l->report(l->ctx, &r);
	return 0;
}

/* The engine's loop without a thread, until the queue is empty or the
 * deadline. Returns false if uploads cannot run at all. */
static bool sync_loop(struct up_engine *e, int64_t deadline,
		      void (*report)(void *ctx, const struct uploader_result *r), void *ctx)
{
	struct uploader_result res;
	for (;;) {
		int64_t wake_at = 0;
		enum up_step s = up_engine_step(e, deadline, &wake_at, &res);
		if (s == UP_STEP_NOT_READY)
			return false;
		if (s == UP_STEP_IDLE || s == UP_STEP_ABANDONED)
			return true;
		if (s == UP_STEP_TRIED) {
			if (report)
				report(ctx, &res);
			continue;
		}
		int64_t now = up_now(e);
		if (wake_at >= deadline)
			return true;
		sleep_ms(wake_at - now);
	}
}

int uploader_sync(const struct uploader_opts *opts, int64_t timeout_ms,
		  void (*report)(void *ctx, const struct uploader_result *r), void *ctx,
		  struct uploader_status *status)
{
	struct up_engine e;
	if (up_engine_init(&e, opts))
		return -1;
	curl_global_init(CURL_GLOBAL_DEFAULT);
	up_engine_kick(&e);
	int64_t deadline = up_now(&e) + (timeout_ms > 0 ? timeout_ms : 0);
	int rc = sync_loop(&e, deadline, report, ctx) ? 0 : -1;
	if (rc == 0 && e.heartbeat_ms)
		up_heartbeat(&e, deadline);
	if (rc == 0) {
		up_engine_refresh(&e);
		if (e.status.queued > 0) {
			rc = 1;
			struct left_ctx l = {report, ctx};
			struct store_filter f = {.status = "queued"};
			if (report)
				store_foreach(e.st, &f, report_left, &l);
		}
	}
	if (status)
		*status = e.status;
	up_engine_free(&e);
	curl_global_cleanup();
	return rc;
}
