/*
 * http: one upload POST with libcurl, with the protocol's headers, timeouts
 * and TLS rules. Owned by the uploader; callers keep one CURL handle per
 * thread so connections are reused between leads.
 *
 * Nothing here logs: the body and the token pass through untouched and the
 * token's header buffer is wiped after the request.
 */
#ifndef KIOSK_HTTP_H
#define KIOSK_HTTP_H

#include <curl/curl.h>

#include <stdbool.h>
#include <stddef.h>

struct http_req {
	const char *url;
	const char *token;		/* bearer token (already checked) */
	const char *idempotency_key;	/* the lead id; NULL = none (a heartbeat) */
	const char *user_agent;		/* "carekiosk/0.1.0" */
	const char *ca_file;		/* NULL or "" = the system's CAs */
	bool loopback;			/* the host is this computer: no proxy */
	const char *body;
	size_t body_len;
	long connect_timeout_ms;
	long timeout_ms;		/* the whole exchange */
	long low_speed_time_s;		/* abort below 1 byte/s for this long */
	/* Polled about once a second while the request runs; a true answer
	 * abandons it (the answer then says so, status 0). May be NULL. */
	bool (*abandon)(void *ctx);
	void *abandon_ctx;
};

struct http_answer {
	long status;			/* 0 = no answer */
	char *body;			/* malloc'd, NUL-terminated; NULL if none */
	size_t body_len;
	char retry_after[64];		/* "" if the header was absent */
	char error[160];		/* when status is 0: what failed, in words */
	bool abandoned;			/* req->abandon said stop */
};

/* The options every connection to the upload server shares: the URL,
 * http(s) only, no signals, timeouts, and TLS verification always on (with
 * ca_file's CAs if given). For http_post() and the reachability check. */
void http_common_options(CURL *curl, const char *url, const char *ca_file,
			 long connect_timeout_ms, long timeout_ms);

/* Sends req with curl (reset first). Fills *ans, which the caller releases
 * with http_answer_free(). An answer over PROTO_ANSWER_MAX bytes counts as
 * no answer. Returns ans->status. */
long http_post(CURL *curl, const struct http_req *req, struct http_answer *ans);

void http_answer_free(struct http_answer *ans);

/* Where a GET's answer goes (the content bundle: larger than an upload's
 * receipt, so the caller keeps it). body and header are curl's write and
 * header callbacks, given ctx; a short return from body stops the GET. */
struct http_get_sink {
	size_t (*body)(char *data, size_t size, size_t nmemb, void *ctx);
	size_t (*header)(char *data, size_t size, size_t nmemb, void *ctx);
	void *ctx;
};

/* Sends req as a GET (req->body, idempotency_key unused) with curl (reset
 * first): the same options, bearer token, user agent, timeouts, TLS rules
 * and abandon as http_post, plus extra_header if not NULL or "" (one line,
 * "If-None-Match: ..."). Returns the status (0 = no answer, why in error,
 * in the same words as http_post's; abandoned set when req->abandon
 * stopped it). */
long http_get(CURL *curl, const struct http_req *req, const char *extra_header,
	      const struct http_get_sink *sink, char *error, size_t errlen, bool *abandoned);

#endif
