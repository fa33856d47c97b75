/*
 * reach: can this kiosk reach the upload server right now? For the staff
 * dashboard, which wants an answer even when nothing is waiting (the
 * uploader only finds out when it has a lead to send). One connection with
 * libcurl to the upload URL: TCP, and for https the TLS handshake with the
 * certificate checked as the uploader checks it. No request is sent.
 *
 * It runs on a short-lived thread of its own, because a name lookup or a
 * connect can take seconds; the caller never waits.
 *
 * Ownership: the caller holds a check from reach_start() until
 * reach_drop(); the thread holds it until it ends; whoever lets go last
 * frees it. Once reach_drop() has returned, notify is not called again.
 */
#ifndef KIOSK_REACH_H
#define KIOSK_REACH_H

enum reach_answer {
	REACH_CHECKING,
	REACH_OK,		/* connected (and, for https, the certificate is trusted) */
	REACH_DOWN,		/* no route, no name, refused or timed out */
	REACH_UNTRUSTED,	/* it answered, but its certificate did not check out */
};

struct reach_opts {
	const char *url;	/* the upload URL (http or https) */
	const char *ca_file;	/* extra CAs to trust, as the uploader; NULL or "" = none */
	long timeout_ms;	/* the whole check, name lookup included; 0 = 8 s */
	/* Called once on the check's thread when the answer is in (the app
	 * passes a function that calls pf_wake). May be NULL. */
	void (*notify)(void *ctx);
	void *ctx;
};

/* Starts a check. NULL if the URL is empty or the thread cannot start. */
struct reach *reach_start(const struct reach_opts *o);
/* REACH_CHECKING until the thread has answered. */
enum reach_answer reach_answer(struct reach *r);
/* The caller lets go (the thread may still run; it frees what is left). */
void reach_drop(struct reach *r);

#endif
