/*
 * receiver_office: the office's pages under /office/, served by the
 * receiver: sign in, unlock the sealed leads with the office key's
 * passphrase, the leads to call back with their call status, exports, the
 * kiosks and the events. Plain HTML and CSS rendered here, no JavaScript.
 *
 * Security, in one place: every value goes through oh_esc() (the one HTML
 * escaping function); every answer carries a strict Content-Security-Policy,
 * X-Frame-Options DENY and Cache-Control no-store; every POST checks a CSRF
 * token; sessions live only in this process's memory, so a restart signs
 * everyone out, and the office's secret key opened for a session is wiped
 * at sign-out or idle expiry (the lockout of wrong passwords is in the
 * database, so it holds across a restart). Owned by tools/receiver.
 */
#ifndef RECEIVER_OFFICE_H
#define RECEIVER_OFFICE_H

#include "receiver_store.h"

#include <microhttpd.h>

#include <pthread.h>
#include <stdbool.h>
#include <stddef.h>
#include <time.h>

#define OFFICE_SESSIONS 64
#define OFFICE_NAME_MAX 64
#define OFFICE_TOKEN_LEN 65	/* 64 hex digits and NUL */
#define OFFICE_MAX_BODY (16 * 1024)	/* a form */

struct seal_office;

struct osession {
	bool used;
	char id[OFFICE_TOKEN_LEN];	/* the cookie's value */
	char csrf[OFFICE_TOKEN_LEN];	/* every form of this session carries it */
	char user[OFFICE_NAME_MAX + 1];
	time_t last;			/* last request (idle expiry) */
	struct seal_office *key;	/* after unlock; NULL before */
};

struct office {
	bool on;		/* --office: the pages are served */
	const char *key_path;	/* --office-key: the office key file (for unlock) */
	int idle_s;		/* --office-idle: sign-out after this long idle */
	bool tls, loopback;	/* how the receiver listens (the plain-HTTP warning) */
	struct rstore *store;
	/* Office requests take this in turn: there are few, and a session's
	 * key must not be wiped while another request reads with it. */
	pthread_mutex_t mu;
	struct osession s[OFFICE_SESSIONS];
};

void office_init(struct office *o);
/* Wipes every session's key. */
void office_free(struct office *o);
/* Ends the sessions idle for longer than o->idle_s, wiping their keys. */
void office_sweep(struct office *o);

/* True if url is an office page (o->on and under /office). */
bool office_url(const struct office *o, const char *url);

/* Answers one office request; body is the whole (form) body, may be NULL. */
enum MHD_Result office_handle(struct office *o, struct MHD_Connection *c, const char *url,
			      const char *method, const char *body, size_t len);

/* The status of this thread's last office answer (for the request log). */
int office_status(void);

/* `carekiosk-receiver user add NAME --db DB` (password from stdin).
 * argv[0] is "user". The exit status. */
int office_user_cmd(int argc, char **argv);

/* ---- between the office's files ---- */

/* A growing buffer of HTML (or CSV); nomem sticks. */
struct obuf {
	char *p;
	size_t len, cap;
	bool nomem;
};
void ob_put(struct obuf *b, const char *s);
void ob_putn(struct obuf *b, const char *s, size_t n);
void ob_printf(struct obuf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* The one HTML escaping function: & < > " ' as entities; NULL = nothing. */
void oh_esc(struct obuf *b, const char *s);
/* Wipes and frees the buffer (it may hold personal data). */
void ob_wipe(struct obuf *b);

/* Queues b as the answer (taking it: it is wiped once sent), with the
 * security headers. cookie, location may be NULL. */
enum MHD_Result office_send(struct MHD_Connection *c, int status, const char *type,
			    struct obuf *b, const char *cookie, const char *location,
			    const char *filename);
/* A 303 to location. */
enum MHD_Result office_redirect(struct MHD_Connection *c, const char *location,
				const char *cookie);

/* The page frame: head, the menu (when user is given) and the end. */
void oh_head(struct obuf *b, const char *title, const struct osession *s);
void oh_tail(struct obuf *b);

/* A value of an application/x-www-form-urlencoded body, %-decoded, into
 * out (n bytes). false if absent or too long. */
bool office_form(const char *body, size_t len, const char *key, char *out, size_t n);
/* Whether the body has key at all. */
bool office_form_has(const char *body, size_t len, const char *key);

/* Sign-in (receiver_office_users.c): 0 signed in; else a message for the
 * page in msg. Wrong passwords count towards the lockout. */
int office_sign_in(struct office *o, const char *name, const char *pass, char *msg, size_t n);

/* Sessions (receiver_office_session.c); all with o->mu held. */
struct osession *office_session_new(struct office *o, const char *user);
/* The live session of this request's cookie (its idle clock restarted),
 * or NULL; expired sessions are ended on the way. */
struct osession *office_session_get(struct office *o, struct MHD_Connection *c);
void office_session_end(struct osession *s);
void office_sessions_sweep(struct office *o);
/* Constant-time comparison of a CSRF token from a form. */
bool office_csrf_ok(const struct osession *s, const char *got);
/* The cookie header value for a session ("" value ends it). */
void office_cookie(const struct office *o, const char *name, const char *value, char *out,
		   size_t n);
/* Fills hex with 64 random hex digits. */
void office_random(char hex[OFFICE_TOKEN_LEN]);

/* The pages (receiver_office_leads.c, receiver_office_pages.c). */
enum MHD_Result office_leads_page(struct office *o, struct MHD_Connection *c,
				  struct osession *s, const char *notice);
enum MHD_Result office_call_post(struct office *o, struct MHD_Connection *c,
				 struct osession *s, const char *body, size_t len);
enum MHD_Result office_export(struct office *o, struct MHD_Connection *c, struct osession *s,
			      bool xlsx);
enum MHD_Result office_kiosks_page(struct office *o, struct MHD_Connection *c,
				   struct osession *s);
enum MHD_Result office_events_page(struct office *o, struct MHD_Connection *c,
				   struct osession *s);

/* Writes an audit row; a failure is logged (without names) only. */
void office_audit(struct office *o, const struct osession *s, const char *action,
		  const char *ids);

#endif
