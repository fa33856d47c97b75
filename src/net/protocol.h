/*
 * protocol: the upload protocol's rules as pure functions, so they can be
 * tested without a network (docs/upload-protocol.md is the description for
 * other systems). Owned by the uploader; used by uploader.c and kioskctl.
 *
 * Nothing here does I/O or keeps state. Messages written into verdicts are
 * plain English for staff and logs; they never contain a request body, and
 * a server's own message is kept only after stripping control characters.
 */
#ifndef KIOSK_PROTOCOL_H
#define KIOSK_PROTOCOL_H

#include "store/store.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* The body schemas this build sends: 1 for a lead in plain text, 2 for a
 * sealed one (docs/upload-protocol.md). */
#define PROTO_SCHEMA 1
#define PROTO_SCHEMA_SEALED 2

/* Largest answer body the uploader reads; anything longer is not a receipt. */
#define PROTO_ANSWER_MAX (64 * 1024)

/* The longest wait a Retry-After header can impose, so a wrong header cannot
 * stop uploads for days. */
#define PROTO_RETRY_AFTER_MAX_MS (60 * 60 * 1000)

/* A Retry-After shorter than this ("0", or a date already past) is ignored
 * and the usual backoff applies: obeying it would have the kiosk hammer a
 * failing server in a tight loop (and write the database each time). */
#define PROTO_RETRY_AFTER_MIN_MS 1000

/* What one attempt means for a lead. */
enum proto_outcome {
	PROTO_SUCCESS,	/* 200/201 and a JSON receipt naming this lead: mark sent */
	PROTO_REJECTED,	/* 400/409/413/422: the server will never take it as is */
	PROTO_AUTH,	/* 401/403: the server refused the kiosk's token */
	PROTO_RETRY,	/* network trouble, 429, 5xx, anything unexpected */
};

/* A short name for logs and kioskctl: "sent", "rejected", "refused", "retry". */
const char *proto_outcome_name(enum proto_outcome o);

/*
 * The request body for a lead: {"schema":1,"id","created_at","device",
 * "event","app_version","content_version","lang","answers":{...}}, compact,
 * keys in that order, NULL columns as JSON null; "clock_synced" (true or
 * false: was the kiosk's clock synchronised when the lead was made) comes
 * after "lang" when it is known, and is left out when not. A sealed lead gives schema
 * 2: the same first keys, then "programme", "quiz_attached", "key_id" and
 * "sealed" (base64) in place of "answers". The same lead always gives the
 * same bytes, so a resend is byte-identical. Returns a malloc'd string the
 * caller frees (schema 1 holds personal data: wipe before freeing), or NULL
 * if the lead has neither a JSON object of answers nor a seal, or memory
 * ran out.
 */
char *proto_body(const struct store_lead *lead);

/* What came back from one POST. */
struct proto_answer {
	long status;		/* HTTP status; 0 = no answer at all */
	const char *body;	/* the answer body (need not be NUL-terminated) */
	size_t body_len;
	const char *retry_after;/* the Retry-After header value, or NULL */
	const char *net_error;	/* when status is 0: what went wrong, in words */
};

struct proto_verdict {
	enum proto_outcome outcome;
	int64_t retry_after_ms;	/* wait the server asked for; -1 = none */
	char message[256];	/* for staff: why (empty on success) */
};

/*
 * Classifies one answer for the lead with id lead_id. now_ms is only used
 * to turn a Retry-After date into a wait. Success needs status 200 or 201
 * AND a JSON object body whose "id" string equals lead_id: a captive
 * portal's 200 HTML page is a retry, not a success. For rejections the
 * message keeps the server's own words ("error", "message" or "detail" in a
 * JSON body, else the first line of a text body).
 */
void proto_classify(const char *lead_id, const struct proto_answer *a, int64_t now_ms,
		    struct proto_verdict *out);

/*
 * A Retry-After value ("120", or an HTTP date such as "Wed, 21 Oct 2026
 * 07:28:00 GMT") as a wait in ms from now_ms, clamped to
 * [0, PROTO_RETRY_AFTER_MAX_MS]. -1 if value is NULL or unreadable.
 */
int64_t proto_retry_after_ms(const char *value, int64_t now_ms);

/*
 * Exponential backoff with full jitter for the n-th failure in a row
 * (n >= 1): a wait drawn evenly from [base/5, min(cap, base * 2^(n-1))]
 * using rnd (any 32-bit random number). Never below 1 ms nor above cap.
 */
int64_t proto_backoff_ms(int n, int64_t base_ms, int64_t cap_ms, uint32_t rnd);

enum proto_url {
	PROTO_URL_OK,		/* https://, or http:// to this computer */
	PROTO_URL_EMPTY,	/* nothing configured */
	PROTO_URL_BAD,		/* not a URL, or not http/https */
	PROTO_URL_INSECURE,	/* http:// to another computer */
};

/* Checks an upload URL against the rule "HTTPS, or plain HTTP only to a
 * loopback address" (127.0.0.0/8, ::1, localhost). Sets *loopback when the
 * host is one of those (may be NULL). Uses libcurl's URL parser only. */
enum proto_url proto_check_url(const char *url, bool *loopback);

/* Staff words for a URL check result ("" for PROTO_URL_OK). */
const char *proto_url_problem(enum proto_url r);

/* A token as read from a token file: surrounding white space trimmed in
 * place. Returns false if what is left is empty, longer than 4096 bytes or
 * has anything but visible ASCII (so it cannot break the header). */
bool proto_token_ok(char *token);

#endif
