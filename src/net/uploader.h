/*
 * uploader: sends queued leads to the office server, one POST per lead,
 * on its own thread with its own database connection. The UI thread never
 * waits on it: it only wakes it and reads a snapshot of its status.
 *
 * Protocol (docs/upload-protocol.md): POST JSON {schema, id, created_at,
 * device, event, app_version, content_version, lang, answers}; headers
 * Content-Type, Authorization: Bearer, Idempotency-Key, User-Agent. Success
 * only on 200/201 with a JSON body whose "id" equals the lead's id.
 *
 * Scheduling: leads go oldest first. A failure that may pass (network,
 * timeout, 429, 5xx, an answer that is not a receipt) holds every upload
 * for a backoff with full jitter (~5 s doubling up to 10 minutes) or for
 * the server's Retry-After, and the lead itself is due again after its own
 * backoff, so one lead the server chokes on cannot block the rest. 401/403
 * holds uploads for 10 minutes (state UPLOADER_REFUSED). 400/409/413/422
 * mark the lead rejected with the server's words; it is never retried
 * unless staff requeue it. uploader_wake() ends a backoff or refusal hold
 * (not a Retry-After) and gives every queued lead one try straight away.
 * Waits are kept in wall-clock time (they survive a restart); a wait
 * longer than any the uploader sets (the Retry-After cap, an hour) means
 * the clock went back, and it ends at once.
 *
 * Heartbeat: every few minutes, and after uploads went through, the thread
 * POSTs the kiosk's status (counts, versions, last error, free disk, its
 * clock; no personal data) to "status" beside the upload URL, with the same
 * token (src/net/heartbeat.h). uploader_sync() sends one at its end.
 *
 * The token file is read before each upload, so a replaced token works
 * without a restart. The status is also kept in the leads database's kv
 * table for kioskctl and staff mode: "upload.last_success_ms" (unix ms as
 * decimal text) and "upload.last_error" (absent after a success).
 *
 * Nothing here logs a body, an answer or the token.
 */
#ifndef KIOSK_UPLOADER_H
#define KIOSK_UPLOADER_H

#include <stdbool.h>
#include <stdint.h>

struct uploader;

enum uploader_state {
	UPLOADER_IDLE,		/* nothing queued, or the last try went through */
	UPLOADER_SENDING,
	UPLOADER_OFFLINE,	/* the last try failed (network, timeout, server
				 * fault, not a receipt); waiting to try again */
	UPLOADER_REFUSED,	/* 401/403: the server refused the kiosk's token */
	UPLOADER_NOT_SET_UP,	/* no usable upload URL, no readable token, or no
				 * database: last_error says which */
};

struct uploader_status {
	enum uploader_state state;
	long queued, sent, rejected;
	int64_t last_success_ms;	/* unix ms, 0 = never */
	char last_error[256];		/* in words, for staff; never personal data */
};

struct uploader_opts {
	const char *data_dir;		/* where leads.db lives */
	const char *url;		/* "" or NULL: not set up */
	const char *token_file;		/* bearer token, read before each upload; never logged */
	const char *ca_file;		/* optional PEM bundle to trust (an office's own CA) */
	const char *base_dir;		/* relative token_file and ca_file are in here
					 * (the config folder); NULL = as given */
	const char *app_version;
	/* For the heartbeat (POST /status, src/net/heartbeat.h): may be NULL.
	 * content_version is the id of the content the kiosk started with; a
	 * heartbeat says "v<N>" instead while data/content/state says the
	 * office's bundle N runs, and carries the state's refusal reason. */
	const char *device_name, *content_version;
	/* Called on the uploader thread after each status change (the app
	 * passes a function that calls pf_wake). May be NULL. */
	void (*notify)(void *ctx);
	void *ctx;
	/* Clock for tests: unix ms; NULL = the real clock. */
	int64_t (*now_ms)(void *ctx);

	/* Tuning, 0 = the default (given in brackets). Tests shorten them.
	 * Test-only environment variables do the same for fields left 0:
	 * CAREKIOSK_TEST_UPLOAD_TIMEOUT_MS sets both timeouts, and
	 * CAREKIOSK_TEST_BACKOFF_MS sets the base (the cap becomes 5 x base). */
	long connect_timeout_ms;	/* [10 s] */
	long timeout_ms;		/* [30 s] a whole request; low speed: 1 B/s for 2/3 of it */
	int64_t backoff_base_ms;	/* [5 s] first backoff's upper bound */
	int64_t backoff_cap_ms;		/* [10 min] */
	int64_t refused_retry_ms;	/* [10 min] after 401/403, or when not set up */
	/* [5 min] between heartbeats; -1 = none. CAREKIOSK_TEST_STATUS_MS
	 * sets it for tests. A heartbeat also follows each run of uploads. */
	int64_t status_every_ms;
};

/* Starts the thread, which looks at the queue at once. Without a usable
 * URL it still runs (state UPLOADER_NOT_SET_UP) so staff see the counts.
 * The options' strings are copied. Returns 0, or -1 (out of memory,
 * thread failure). */
int uploader_start(const struct uploader_opts *opts, struct uploader **out);
/* Any thread: try now (a lead was saved; staff pressed Upload now). */
void uploader_wake(struct uploader *u);
/* Any thread: a consistent snapshot of the status. */
void uploader_get_status(struct uploader *u, struct uploader_status *out);
/* Stops the thread (an upload in flight is abandoned within about a
 * second, not lost: the lead stays queued) and frees u. After it returns,
 * notify is never called again. NULL is a no-op. */
void uploader_stop(struct uploader *u);

/* One lead's news from uploader_sync(). */
struct uploader_result {
	const char *id;
	const char *result;	/* "sent", "rejected", "retry", "refused", or "queued" at the end */
	const char *message;	/* why ("" for sent); never personal data from the kiosk */
	int64_t wait_ms;	/* retry/refused: until the next try */
	bool final;		/* sent, rejected, or still queued when sync ended */
};

/*
 * For `kioskctl sync`: uploads on the calling thread with the same code the
 * thread uses, no thread started. Every queued lead gets one try straight
 * away, oldest first, whatever its backoff; after that, until timeout_ms
 * has passed, failed leads are retried as the thread would (backoff,
 * Retry-After). A request never runs past the deadline.
 *
 * report (may be NULL) hears of every try, and finally of each lead still
 * queued (result "queued", final). *status (may be NULL) gets the end state.
 * Returns 0 when nothing is left queued, 1 when something is, -1 when it
 * could not upload at all (no URL, bad URL, unreadable token, database
 * error: status->last_error says which).
 */
int uploader_sync(const struct uploader_opts *opts, int64_t timeout_ms,
		  void (*report)(void *ctx, const struct uploader_result *r), void *ctx,
		  struct uploader_status *status);

#endif
