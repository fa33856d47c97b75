/*
 * receiver: the reference server for the kiosk upload protocol
 * (docs/upload-protocol.md). receiver.c reads options and runs the daemon;
 * receiver_http.c answers requests. Test-only faults live here too so the
 * uploader's tests can make a real server misbehave on purpose.
 */
#ifndef RECEIVER_H
#define RECEIVER_H

#include "receiver_office.h"
#include "receiver_store.h"
#include "receiver_tokens.h"

#include <microhttpd.h>

#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stddef.h>

/* Bodies past this are not even read: the connection is closed. */
#define RECEIVER_HARD_MAX (1024 * 1024)

/* Test-only misbehaviour (--fault-*). Counts are "for the first N lead
 * requests"; -1 means every request. */
struct faults {
	pthread_mutex_t mu;
	long drop_left;		/* store, then close without answering */
	int status;		/* answer this instead of storing (0 = off) */
	long status_left;
	int retry_after_s;	/* sent with a 429 or 503 fault */
	bool html;		/* answer 200 text/html without storing */
	bool bad_json;		/* store, then answer 201 with broken JSON */
	long delay_ms;		/* store, then wait this long before answering */
	long generic_left;	/* --fault-count for html, bad_json and delay */
};

struct server {
	struct rstore *store;
	char **tokens;		/* accepted bearer tokens (one per line of the file) */
	size_t ntokens;
	bool have_key;		/* --token-key: per-kiosk tokens in the store too */
	unsigned char token_key[RTOKEN_KEY_LEN];
	const char *path;	/* "/leads" by default; "*" = any path */
	char status_path[256];	/* heartbeats: "status" beside path (receiver_status.h) */
	const char *content_file;	/* --content: served at content_path (content_http.h) */
	char content_path[256];	/* "content" beside path */
	size_t max_body;
	int retry_after_s;	/* sent with a 503 when the database is down */
	struct faults f;
	bool quiet;		/* no request log */
	atomic_bool stopping;	/* set on SIGTERM: a --fault-delay wait ends */
	struct office office;	/* --office: the office's pages (receiver_office.h) */
};

/* The libmicrohttpd callbacks (receiver_http.c). */
enum MHD_Result receiver_on_request(void *cls, struct MHD_Connection *c, const char *url,
				    const char *method, const char *version,
				    const char *upload_data, size_t *upload_data_size,
				    void **req_cls);
void receiver_on_done(void *cls, struct MHD_Connection *c, void **req_cls,
		      enum MHD_RequestTerminationCode toe);

#endif
