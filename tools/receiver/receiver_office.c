/*
 * receiver_office.c: the office pages' routes: the style sheet, sign in and
 * out, unlock; the rest is in receiver_office_leads.c and _pages.c. A page
 * without a live session sends the browser to sign in; a POST without one,
 * or without the session's CSRF token, is refused with 403.
 */
#include "receiver_office.h"

#include "store/seal.h"

#include <sodium.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char css[] =
	"*{box-sizing:border-box}body{margin:0;font:16px/1.4 system-ui,sans-serif;color:#1b1b1b;"
	"background:#f4f5f7}header{display:flex;flex-wrap:wrap;align-items:center;gap:.5em 1.2em;"
	"padding:.6em 1em;background:#12426b;color:#fff}header a{color:#fff}.brand{font-weight:700}"
	"nav{display:flex;gap:1em;flex-wrap:wrap}.out{margin-left:auto}.who{margin-right:.4em}"
	"main{padding:1em;max-width:1400px}h1{font-size:1.4em;margin:.2em 0 .6em}"
	"table{border-collapse:collapse;width:100%;background:#fff}th,td{text-align:left;"
	"vertical-align:top;padding:.45em .5em;border-bottom:1px solid #d6d9de}"
	"th{background:#e8ebef;font-size:.9em}.warn{background:#fff3cd;border:1px solid #e0b400;"
	"padding:.6em .8em;margin:.6em 0}.err{background:#fde2e1;border:1px solid #c0392b;"
	"padding:.6em .8em;margin:.6em 0}.ok{background:#e2f5e6;border:1px solid #2e8540;"
	"padding:.6em .8em;margin:.6em 0}form.box{background:#fff;padding:1em;max-width:26em;"
	"border:1px solid #d6d9de}label{display:block;margin:.4em 0 .2em;font-weight:600}"
	"input,select,button{font:inherit;padding:.35em .5em}input[type=text],input[type=password]"
	"{width:100%}button{background:#12426b;color:#fff;border:0;border-radius:3px;cursor:pointer}"
	".filters{display:flex;flex-wrap:wrap;gap:.5em 1em;align-items:end;background:#fff;"
	"padding:.7em;border:1px solid #d6d9de;margin-bottom:.8em}.filters label{margin:0;"
	"font-size:.85em}.filters div{display:flex;flex-direction:column}.actions{margin:.5em 0 .8em}"
	".actions a{margin-right:1em}.call select,.call input{width:100%;margin-bottom:.3em}"
	".meta{color:#555;font-size:.85em}.refused{color:#a12a1e;font-size:.9em}.silent td{background:#fde2e1}.st-new td:first-child{border-left:4px solid #e0b400}"
	"a[href^=tel]{white-space:nowrap}"
	"@media (max-width:760px){table,thead,tbody,tr,td{display:block;width:100%}"
	"thead{display:none}tr{margin-bottom:.8em;border:1px solid #d6d9de;background:#fff}"
	"td{border:0;padding:.25em .6em}td[data-h]:before{content:attr(data-h) \": \";"
	"font-weight:600}}\n";

void office_init(struct office *o)
{
	pthread_mutex_init(&o->mu, NULL);
	if (!o->idle_s)
		o->idle_s = 30 * 60;
}

void office_free(struct office *o)
{
	for (int i = 0; i < OFFICE_SESSIONS; i++)
		if (o->s[i].used)
			office_session_end(&o->s[i]);
	pthread_mutex_destroy(&o->mu);
}

void office_sweep(struct office *o)
{
	if (!o->on)
		return;
	pthread_mutex_lock(&o->mu);
	office_sessions_sweep(o);
	pthread_mutex_unlock(&o->mu);
}

bool office_url(const struct office *o, const char *url)
{
	return o->on && !strncmp(url, "/office", 7) && (url[7] == '\0' || url[7] == '/');
}

static enum MHD_Result text(struct MHD_Connection *c, int status, const char *type,
			    const char *s)
{
	struct obuf b = {0};
	ob_put(&b, s);
	return office_send(c, status, type, &b, NULL, NULL, NULL);
}

static enum MHD_Result signin_page(struct office *o, struct MHD_Connection *c, const char *msg)
{
	char pre[OFFICE_TOKEN_LEN], cookie[200];
	office_random(pre);
	office_cookie(o, "ck_pre", pre, cookie, sizeof cookie);
	struct obuf b = {0};
	oh_head(&b, "Sign in", NULL);
	if (!o->tls && !o->loopback)
		ob_put(&b, "<p class=\"warn\">This page is served over plain HTTP: passwords and "
			   "visitors' details cross the network unencrypted. Ask IT to start the "
			   "receiver with --tls-cert and --tls-key (HTTPS).</p>");
	if (msg) {
		ob_put(&b, "<p class=\"err\">");
		oh_esc(&b, msg);
		ob_put(&b, "</p>");
	}
	ob_put(&b, "<form class=\"box\" method=\"post\" action=\"/office/signin\">"
		   "<input type=\"hidden\" name=\"csrf\" value=\"");
	oh_esc(&b, pre);
	ob_put(&b, "\"><label for=\"user\">Name</label><input type=\"text\" id=\"user\" "
		   "name=\"user\" autocomplete=\"username\" required autofocus>"
		   "<label for=\"password\">Password</label><input type=\"password\" "
		   "id=\"password\" name=\"password\" autocomplete=\"current-password\" required>"
		   "<p><button>Sign in</button></p></form>");
	oh_tail(&b);
	return office_send(c, msg ? 403 : 200, "text/html; charset=utf-8", &b, cookie, NULL, NULL);
}

static enum MHD_Result signin_post(struct office *o, struct MHD_Connection *c, const char *body,
				   size_t len)
{
	char user[OFFICE_NAME_MAX + 1], csrf[OFFICE_TOKEN_LEN + 1], msg[200], cookie[200];
	const char *pre = MHD_lookup_connection_value(c, MHD_COOKIE_KIND, "ck_pre");
	char *pass = sodium_malloc(512);
	enum MHD_Result r;
	if (!pass)
		return MHD_NO;
	if (!office_form(body, len, "csrf", csrf, sizeof csrf) || !pre ||
	    strlen(pre) != OFFICE_TOKEN_LEN - 1 || strlen(csrf) != OFFICE_TOKEN_LEN - 1 ||
	    sodium_memcmp(pre, csrf, OFFICE_TOKEN_LEN - 1)) {
		r = signin_page(o, c, "The form had expired. Please sign in again.");
	} else if (!office_form(body, len, "user", user, sizeof user) ||
		   !office_form(body, len, "password", pass, 512)) {
		r = signin_page(o, c, "Wrong name or password.");
	} else if (office_sign_in(o, user, pass, msg, sizeof msg)) {
		r = signin_page(o, c, msg);
	} else {
		struct osession *s = office_session_new(o, user);
		office_audit(o, s, "signin", NULL);
		office_cookie(o, "ck_session", s->id, cookie, sizeof cookie);
		r = office_redirect(c, "/office/", cookie);
	}
	sodium_free(pass);
	return r;
}

static enum MHD_Result unlock_post(struct office *o, struct MHD_Connection *c,
				   struct osession *s, const char *body, size_t len)
{
	char msg[400] = "";
	char *pass = sodium_malloc(SEAL_PASS_MAX + 2);
	if (!pass)
		return MHD_NO;
	if (!o->key_path) {
		snprintf(msg, sizeof msg, "This receiver was started without --office-key, so "
					  "sealed leads cannot be opened here.");
	} else if (!office_form(body, len, "passphrase", pass, SEAL_PASS_MAX + 2)) {
		snprintf(msg, sizeof msg, "Type the office key's passphrase.");
	} else {
		struct seal_office *k = NULL;
		enum seal_err e = seal_office_load(o->key_path, pass, strlen(pass), &k, msg,
						   sizeof msg);
		if (e == SEAL_OK) {
			seal_office_free(s->key);
			s->key = k;
			office_audit(o, s, "unlock", NULL);
			msg[0] = '\0';
		} else if (e == SEAL_BAD_PASSPHRASE) {
			snprintf(msg, sizeof msg, "That is not the office key's passphrase.");
		} else {
			fprintf(stderr, "carekiosk-receiver: office unlock: %s\n", msg);
		}
	}
	sodium_free(pass);
	return office_leads_page(o, c, s, msg[0] ? msg : NULL);
}

static enum MHD_Result signed_in(struct office *o, struct MHD_Connection *c, struct osession *s,
				 const char *url, bool post, const char *body, size_t len)
{
	const char *p = url + 7;
	if (!post && (!*p || !strcmp(p, "/")))
		return office_leads_page(o, c, s, NULL);
	if (!post && !strcmp(p, "/export.csv"))
		return office_export(o, c, s, false);
	if (!post && !strcmp(p, "/export.xlsx"))
		return office_export(o, c, s, true);
	if (!post && !strcmp(p, "/kiosks"))
		return office_kiosks_page(o, c, s);
	if (!post && !strcmp(p, "/events"))
		return office_events_page(o, c, s);
	if (!post)
		return text(c, 404, "text/plain; charset=utf-8", "No such page.\n");
	char csrf[OFFICE_TOKEN_LEN + 1];
	if (!office_form(body, len, "csrf", csrf, sizeof csrf) || !office_csrf_ok(s, csrf))
		return text(c, 403, "text/plain; charset=utf-8",
			    "Refused: the form carries no valid token. Reload the page.\n");
	if (!strcmp(p, "/signout")) {
		char cookie[200];
		office_audit(o, s, "signout", NULL);
		office_session_end(s);
		office_cookie(o, "ck_session", "", cookie, sizeof cookie);
		return office_redirect(c, "/office/signin", cookie);
	}
	if (!strcmp(p, "/unlock"))
		return unlock_post(o, c, s, body, len);
	if (!strcmp(p, "/call"))
		return office_call_post(o, c, s, body, len);
	return text(c, 404, "text/plain; charset=utf-8", "No such page.\n");
}

enum MHD_Result office_handle(struct office *o, struct MHD_Connection *c, const char *url,
			      const char *method, const char *body, size_t len)
{
	bool post = !strcmp(method, "POST");
	if (!post && strcmp(method, "GET") && strcmp(method, "HEAD"))
		return text(c, 405, "text/plain; charset=utf-8", "Only GET and POST.\n");
	if (!post && !strcmp(url, "/office/style.css"))
		return text(c, 200, "text/css; charset=utf-8", css);
	pthread_mutex_lock(&o->mu);
	enum MHD_Result r;
	struct osession *s = office_session_get(o, c);
	if (!strcmp(url, "/office/signin"))
		r = post ? signin_post(o, c, body, len) : signin_page(o, c, NULL);
	else if (s)
		r = signed_in(o, c, s, url, post, body, len);
	else if (post)
		r = text(c, 403, "text/plain; charset=utf-8",
			 "Refused: not signed in (or the session has ended).\n");
	else
		r = office_redirect(c, "/office/signin", NULL);
	pthread_mutex_unlock(&o->mu);
	return r;
}
