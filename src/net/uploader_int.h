/*
 * uploader_int.h: the upload engine shared by the uploader thread and
 * uploader_sync() (uploader.c). The engine owns one store connection and
 * one curl handle and is used by one thread at a time; it knows nothing of
 * threads except the abandon flag it polls during a request.
 */
#ifndef KIOSK_UPLOADER_INT_H
#define KIOSK_UPLOADER_INT_H

#include "net/http.h"
#include "net/protocol.h"
#include "store/store.h"
#include "net/uploader.h"

#include <curl/curl.h>

#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>

/* The kv keys kioskctl and staff mode read. */
#define UP_KV_LAST_SUCCESS "upload.last_success_ms"
#define UP_KV_LAST_ERROR "upload.last_error"

struct up_engine {
	/* Settings (owned copies). */
	char *data_dir, *url, *token_file, *ca_file, *user_agent;
	enum proto_url url_check;
	bool loopback;
	long connect_timeout_ms, timeout_ms;
	int64_t base_ms, cap_ms, refused_ms;
	int64_t (*clock)(void *ctx);
	void *clock_ctx;

	/* Resources, opened lazily so a missing disk or network at start
	 * heals by itself. */
	struct store *st;
	CURL *curl;
	char token[4200];

	/* Scheduling. */
	int streak;		/* failures in a row (reset by any answer that is not a retry) */
	int64_t hold_until;	/* no upload before this (unix ms), 0 = none */
	bool hold_by_server;	/* the hold is a Retry-After: a wake does not end it */
	bool round;		/* every queued lead gets one try, whatever its backoff */
	char (*tried)[STORE_ID_LEN];
	size_t ntried, cap_tried;
	uint32_t rng;

	atomic_bool *abandon;	/* set by another thread to give up a request */

	/* The engine's view of the status. publish (may be NULL) is called on
	 * the engine's thread after every change, also mid-step. */
	struct uploader_status status;
	void (*publish)(struct up_engine *e, void *ctx);
	void *publish_ctx;
	char kv_error[256];	/* what upload.last_error holds, to write only changes */
	char cur_id[STORE_ID_LEN];
	char cur_msg[256];

	/* The heartbeat (uploader_status.c). */
	char *device_name, *app_version, *content_version;
	int64_t heartbeat_ms;	/* interval; 0 = never */
	int64_t heartbeat_at;	/* the next one is due then (unix ms) */
	bool heartbeat_due;	/* a lead went through since the last one */
};

enum up_step {
	UP_STEP_TRIED,		/* one lead tried; *res says how it went */
	UP_STEP_WAIT,		/* nothing may go before *wake_at */
	UP_STEP_IDLE,		/* nothing is queued */
	UP_STEP_NOT_READY,	/* no URL, bad URL, no token, no database; retry at *wake_at */
	UP_STEP_ABANDONED,	/* a request was given up (stopping) */
};

/* Copies the options; 0 or -1 (out of memory). */
int up_engine_init(struct up_engine *e, const struct uploader_opts *opts);
void up_engine_free(struct up_engine *e);

int64_t up_now(const struct up_engine *e);

/* A wake: end a backoff or refusal hold and start a round. */
void up_engine_kick(struct up_engine *e);

/* Loads counts and the kv status (first use, after a reopen). */
void up_engine_refresh(struct up_engine *e);

/* A heartbeat is due: the interval passed, or a lead went through. */
bool up_heartbeat_due(const struct up_engine *e);
/* Sends the heartbeat (POST /status beside the upload URL), bounded by
 * deadline (unix ms), and schedules the next. Its failure changes nothing
 * else: leads and the status staff see are not affected. */
void up_heartbeat(struct up_engine *e, int64_t deadline);

/* Helpers between uploader_engine.c and uploader_send.c. */
/* POSTs body to url with the engine's token, CA, user agent and abandon
 * flag, within timeout_ms; idempotency_key is the lead id (NULL for a
 * heartbeat). The caller frees ans. */
void up_http_post(struct up_engine *e, const char *url, const char *idempotency_key,
		  const char *body, long timeout_ms, struct http_answer *ans);
/* The longest the uploader ever holds a lead (backoff cap, refusal pause,
 * the longest Retry-After it obeys): a wait beyond it means the wall
 * clock went back, and the wait is ended. */
int64_t up_longest_wait(const struct up_engine *e);
bool up_ready(struct up_engine *e);	/* opens what is missing; false: status says why */
void up_publish(struct up_engine *e);
void up_set_error(struct up_engine *e, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
uint32_t up_random(struct up_engine *e);
void up_note_tried(struct up_engine *e, const char *id);
void up_lead_wipe(struct store_lead *l);	/* wipes the answers, then store_lead_clear */
enum store_err up_pick(struct up_engine *e, int64_t now, struct store_lead *out);

/*
 * Does at most one upload. deadline (unix ms) bounds the request; a
 * request that could not finish before it is not started (UP_STEP_WAIT at
 * deadline). For UP_STEP_TRIED, *res is filled; its strings point into
 * the engine and stay valid until the next call.
 */
enum up_step up_engine_step(struct up_engine *e, int64_t deadline, int64_t *wake_at,
			    struct uploader_result *res);

#endif
