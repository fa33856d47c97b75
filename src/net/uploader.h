/*
 * uploader: sends queued leads to the office server, one POST per lead,
 * on its own thread with its own database connection. The UI thread never
 * waits on it: it only wakes it and reads a snapshot of its status.
 *
 * Protocol (README "Upload protocol"): POST JSON {schema, id, created_at,
 * device, event, app_version, content_version, lang, answers}; headers
 * Content-Type, Authorization: Bearer, Idempotency-Key, User-Agent. Success
 * only on 200/201 with a JSON body whose "id" equals the lead's id.
 */
#ifndef KIOSK_UPLOADER_H
#define KIOSK_UPLOADER_H

#include <stdbool.h>
#include <stdint.h>

struct uploader;

enum uploader_state {
	UPLOADER_IDLE,		/* nothing queued, or waiting for the next try */
	UPLOADER_SENDING,
	UPLOADER_OFFLINE,	/* the last try failed on the network */
	UPLOADER_REFUSED,	/* 401/403: the server refused the kiosk's token */
	UPLOADER_NOT_SET_UP,	/* no upload URL configured */
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
	const char *token_file;		/* bearer token, read at start; never logged */
	const char *ca_file;		/* optional extra CA bundle */
	const char *app_version;
	/* Called on the uploader thread after each status change (the app
	 * passes a function that calls pf_wake). May be NULL. */
	void (*notify)(void *ctx);
	void *ctx;
	/* Clock for tests: unix ms; NULL = the real clock. */
	int64_t (*now_ms)(void *ctx);
};

/* Starts the thread. Returns 0, or -1 (out of memory, thread failure). */
int uploader_start(const struct uploader_opts *opts, struct uploader **out);
/* Any thread: try now (a lead was saved; staff pressed Upload now). */
void uploader_wake(struct uploader *u);
/* Any thread: a consistent snapshot of the status. */
void uploader_get_status(struct uploader *u, struct uploader_status *out);
/* Stops the thread (an upload in flight is abandoned, not lost) and frees. */
void uploader_stop(struct uploader *u);

#endif
