/*
 * receiver_http.c: one request at a time per connection thread: checks in
 * the order path, method, token, content type, size, body; then stores.
 * Every refusal is a JSON {"error": "..."} with a 4xx status. The body of
 * a refused request is still read (up to RECEIVER_HARD_MAX) so the client
 * sees the answer instead of a reset connection.
 */
#include "receiver.h"

#include "content_http.h"
#include "receiver_check.h"
#include "receiver_status.h"

#include <cjson/cJSON.h>

#include <arpa/inet.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

struct request {
	int status;		/* a refusal decided from the headers; 0 = none */
	char error[160];
	char kiosk[RTOKEN_NAME_MAX + 1];	/* whose token it was ("" = --token-file) */
	char *buf;
	size_t len, seen;
	bool far_too_big;	/* by Content-Length: answer before reading */
	bool heartbeat;		/* POST to the status path, not a lead */
	bool office;		/* an office page (receiver_office.h) */
	bool content;		/* GET of the published content (content_http.h) */
};

static void log_line(const struct server *sv, struct MHD_Connection *c, const char *method,
		     const char *url, int status, const char *id)
{
	if (sv->quiet)
		return;
	char when[32], addr[INET6_ADDRSTRLEN] = "?";
	time_t t = time(NULL);
	struct tm tm;
	strftime(when, sizeof when, "%Y-%m-%dT%H:%M:%SZ", gmtime_r(&t, &tm));
	const union MHD_ConnectionInfo *ci =
		MHD_get_connection_info(c, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
	if (ci && ci->client_addr) {
		const struct sockaddr *sa = ci->client_addr;
		if (sa->sa_family == AF_INET)
			inet_ntop(AF_INET, &((const struct sockaddr_in *)sa)->sin_addr, addr, sizeof addr);
		else if (sa->sa_family == AF_INET6)
			inet_ntop(AF_INET6, &((const struct sockaddr_in6 *)sa)->sin6_addr, addr,
				  sizeof addr);
	}
	/* The path arrives %-decoded: a "%0a" in it must not start a forged
	 * log line, so control characters are shown as '?'. */
	char path[81];
	size_t n = 0;
	for (; url[n] && n + 1 < sizeof path; n++)
		path[n] = (unsigned char)url[n] < 0x20 || url[n] == 0x7f ? '?' : url[n];
	path[n] = '\0';
	/* Never the body: it is a visitor's personal data. */
	fprintf(stderr, "%s %s %.16s %s %d%s%s\n", when, addr, method, path, status, id ? " " : "",
		id ? id : "");
}

static enum MHD_Result reply(struct MHD_Connection *c, int status, const char *type,
			    const char *body, int retry_after_s)
{
	struct MHD_Response *r = MHD_create_response_from_buffer(strlen(body), (void *)body,
								 MHD_RESPMEM_MUST_COPY);
	if (!r)
		return MHD_NO;
	MHD_add_response_header(r, MHD_HTTP_HEADER_CONTENT_TYPE, type);
	MHD_add_response_header(r, MHD_HTTP_HEADER_CACHE_CONTROL, "no-store");
	if (status == 401)
		MHD_add_response_header(r, MHD_HTTP_HEADER_WWW_AUTHENTICATE, "Bearer");
	if (status == 405)
		MHD_add_response_header(r, MHD_HTTP_HEADER_ALLOW, "POST");
	if (retry_after_s > 0) {
		char v[16];
		snprintf(v, sizeof v, "%d", retry_after_s);
		MHD_add_response_header(r, MHD_HTTP_HEADER_RETRY_AFTER, v);
	}
	enum MHD_Result ok = MHD_queue_response(c, (unsigned)status, r);
	MHD_destroy_response(r);
	return ok;
}

/* {"id": id, <key>: text} as JSON; id may be NULL. */
static enum MHD_Result send_json(struct MHD_Connection *c, int status, const char *id,
				 const char *key, const char *text, int retry_after_s)
{
	cJSON *o = cJSON_CreateObject();
	if (id)
		cJSON_AddStringToObject(o, "id", id);
	cJSON_AddStringToObject(o, key, text);
	char *s = cJSON_PrintUnformatted(o);
	cJSON_Delete(o);
	enum MHD_Result r = reply(c, status, "application/json", s ? s : "{}", retry_after_s);
	free(s);
	return r;
}

static bool same_secret(const char *a, size_t alen, const char *b)
{
	/* Constant time for equal lengths; a length mismatch says only that. */
	size_t blen = strlen(b);
	if (alen != blen)
		return false;
	volatile unsigned char d = 0;
	for (size_t i = 0; i < alen; i++)
		d |= (unsigned char)(a[i] ^ b[i]);
	return d == 0;
}

/* 1 the bearer token is good (r->kiosk says whose), 0 it is not, -1 the
 * database that knows the per-kiosk tokens cannot be asked now. */
static int auth(const struct server *sv, struct MHD_Connection *c, struct request *r)
{
	const char *h = MHD_lookup_connection_value(c, MHD_HEADER_KIND, MHD_HTTP_HEADER_AUTHORIZATION);
	if (!h || strncasecmp(h, "Bearer ", 7) != 0)
		return 0;
	h += 7;
	while (*h == ' ')
		h++;
	size_t n = strlen(h);
	while (n && (h[n - 1] == ' ' || h[n - 1] == '\t'))
		n--;
	bool ok = false;
	for (size_t i = 0; i < sv->ntokens; i++)
		ok |= same_secret(h, n, sv->tokens[i]);
	if (ok || !sv->have_key || !n)
		return ok;
	/* Looked up by keyed hash on every request: a revoke works at once. */
	char hash[RTOKEN_HASH_LEN], err[200];
	rtoken_hash(sv->token_key, h, n, hash);
	int found = sv->store->ops->token_check(sv->store, hash, r->kiosk, sizeof r->kiosk, err,
						sizeof err);
	if (found < 0)
		fprintf(stderr, "carekiosk-receiver: cannot check a token: %s\n", err);
	return found;
}

static bool json_type(struct MHD_Connection *c)
{
	const char *t = MHD_lookup_connection_value(c, MHD_HEADER_KIND, MHD_HTTP_HEADER_CONTENT_TYPE);
	if (!t)
		return false;
	while (*t == ' ')
		t++;
	size_t n = strcspn(t, "; \t");
	return n == 16 && !strncasecmp(t, "application/json", 16);
}

static void refuse(struct request *r, int status, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static void refuse(struct request *r, int status, const char *fmt, ...)
{
	va_list ap;
	r->status = status;
	va_start(ap, fmt);
	vsnprintf(r->error, sizeof r->error, fmt, ap);
	va_end(ap);
}

/* The first call: only headers are known. */
static struct request *begin(const struct server *sv, struct MHD_Connection *c, const char *url,
			     const char *method)
{
	struct request *r = calloc(1, sizeof *r);
	if (!r)
		return NULL;
	const char *cl = MHD_lookup_connection_value(c, MHD_HEADER_KIND,
						     MHD_HTTP_HEADER_CONTENT_LENGTH);
	unsigned long long len = cl ? strtoull(cl, NULL, 10) : 0;
	bool health = !strcmp(url, "/healthz") && !strcmp(method, "GET");
	int ok;
	r->heartbeat = !strcmp(url, sv->status_path);
	r->office = office_url(&sv->office, url);
	r->content = sv->content_file && !strcmp(url, sv->content_path);
	if (r->office && len > OFFICE_MAX_BODY)
		refuse(r, 413, "the form is larger than %d bytes", OFFICE_MAX_BODY);
	else if (r->office)
		;	/* its own checks: receiver_office.c */
	else if (health)
		r->status = 200;
	else if (r->content && strcmp(method, "GET"))
		refuse(r, 405, "only GET is accepted here");
	else if (r->content && (ok = auth(sv, c, r)) <= 0)
		refuse(r, ok < 0 ? 503 : 401, ok < 0 ? "the receiver's database is unreachable; try "
						   "again later"
						 : "missing or wrong token: send Authorization: "
						   "Bearer <token>");
	else if (r->content)
		;	/* content_http.c */
	else if (!r->heartbeat && strcmp(sv->path, "*") && strcmp(url, sv->path))
		refuse(r, 404, "nothing here: leads are POSTed to %s", sv->path);
	else if (strcmp(method, "POST"))
		refuse(r, 405, "only POST is accepted here");
	else if ((ok = auth(sv, c, r)) < 0)
		refuse(r, 503, "the receiver's database is unreachable; try again later");
	else if (!ok)
		refuse(r, 401, "missing or wrong token: send Authorization: Bearer <token>");
	else if (!json_type(c))
		refuse(r, 415, "Content-Type must be application/json");
	else if (len > sv->max_body)
		refuse(r, 413, "the body is larger than %zu bytes", sv->max_body);
	r->far_too_big = len > RECEIVER_HARD_MAX && r->status != 200;
	return r;
}

/* Takes in a piece of body. false: stop reading (far too big). */
static bool take(const struct server *sv, struct request *r, const char *data, size_t n)
{
	r->seen += n;
	if (r->seen > RECEIVER_HARD_MAX)
		return false;
	if (r->status)
		return true;	/* refused already: read and drop */
	if (r->len + n > (r->office ? OFFICE_MAX_BODY : sv->max_body)) {
		refuse(r, 413, "the body is larger than %zu bytes", sv->max_body);
		if (r->buf)
			explicit_bzero(r->buf, r->len);
		free(r->buf);
		r->buf = NULL;
		return true;
	}
	char *p = realloc(r->buf, r->len + n + 1);
	if (!p) {
		refuse(r, 503, "the receiver is out of memory");
		return true;
	}
	memcpy(p + r->len, data, n);
	r->buf = p;
	r->len += n;
	return true;
}

/* Which faults this lead request gets; each count is used up once. */
struct fault_plan {
	int status, retry_after_s;
	bool html, bad_json, drop;
	long delay_ms;
};

static bool use_one(long *left)
{
	if (*left == 0)
		return false;
	if (*left > 0)
		(*left)--;
	return true;
}

static struct fault_plan plan_faults(struct faults *f)
{
	struct fault_plan p = {0};
	pthread_mutex_lock(&f->mu);
	if (f->status && use_one(&f->status_left)) {
		p.status = f->status;
		p.retry_after_s = f->status == 429 || f->status == 503 ? f->retry_after_s : 0;
	}
	p.drop = use_one(&f->drop_left);
	if ((f->html || f->bad_json || f->delay_ms) && use_one(&f->generic_left)) {
		p.html = f->html;
		p.bad_json = f->bad_json;
		p.delay_ms = f->delay_ms;
	}
	pthread_mutex_unlock(&f->mu);
	return p;
}

static const char portal[] =
	"<!DOCTYPE html><html><head><title>Sign in to Wi-Fi</title></head>"
	"<body><h1>Welcome to Library Wi-Fi</h1><p>Accept the terms to continue.</p></body></html>";

/* Waits ms in small steps, so stopping the daemon is not held up. */
static void delay(struct server *sv, long ms)
{
	for (; ms > 0 && !atomic_load(&sv->stopping); ms -= 20) {
		struct timespec ts = {0, (ms < 20 ? ms : 20) * 1000000L};
		nanosleep(&ts, NULL);
	}
}

/* Stores a valid lead and answers 201/200/409 (or 503), unless a fault
 * says to delay, hang up or garble the answer. */
static enum MHD_Result store_and_answer(struct server *sv, struct MHD_Connection *c,
					const struct rcheck *chk, const struct fault_plan *p,
					const char *kiosk, const char *url, const char *method)
{
	static const int codes[] = {[RSTORE_STORED] = 201, [RSTORE_SAME] = 200,
				    [RSTORE_CONFLICT] = 409, [RSTORE_FAILED] = 503,
				    [RSTORE_UNAVAILABLE] = 503};
	const char *id = chk->id, *echo = chk->id_sent;	/* receipts echo the client's id */
	char err[200] = "";
	struct rlead lead = rcheck_lead(chk);
	lead.kiosk = kiosk[0] ? kiosk : NULL;
	enum rstore_put put = sv->store->ops->put(sv->store, &lead, err, sizeof err);
	int code = codes[put];
	bool failed = put == RSTORE_FAILED || put == RSTORE_UNAVAILABLE;
	if (failed)
		fprintf(stderr, "carekiosk-receiver: cannot store lead %s: %s\n", id, err);
	if (p->delay_ms > 0)
		delay(sv, p->delay_ms);
	if (p->drop && !failed) {
		log_line(sv, c, method, url, 0, id);
		return MHD_NO;	/* stored, but the client never hears */
	}
	log_line(sv, c, method, url, code, id);
	if (p->bad_json && !failed) {
		char broken[80];
		snprintf(broken, sizeof broken, "{\"id\":\"%s\",\"status\":", echo);
		return reply(c, code, "application/json", broken, 0);
	}
	if (put == RSTORE_CONFLICT)
		return send_json(c, code, echo, "error",
				 "a different lead with this id is already stored", 0);
	if (failed)
		return send_json(c, code, echo, "error",
				 put == RSTORE_UNAVAILABLE
					 ? "the receiver's database is unreachable; try again later"
					 : "the receiver could not store the lead",
				 sv->retry_after_s);
	return send_json(c, code, echo, "status", put == RSTORE_STORED ? "stored" : "already stored",
			 0);
}

/* A kiosk's heartbeat: check, keep the latest, answer 200. */
static enum MHD_Result heartbeat(struct server *sv, struct MHD_Connection *c, struct request *r,
				 const char *url, const char *method)
{
	char err[200];
	struct rstatus_in in;
	int status = rstatus_check(r->buf ? r->buf : "", r->len, r->kiosk, &in, err, sizeof err);
	if (!status && sv->store->ops->status_put(sv->store, &in.st, err, sizeof err)) {
		fprintf(stderr, "carekiosk-receiver: cannot store a status report: %s\n", err);
		log_line(sv, c, method, url, 503, NULL);
		rstatus_in_free(&in);
		return send_json(c, 503, NULL, "error", "the receiver could not store the status",
				 sv->retry_after_s);
	}
	rstatus_in_free(&in);
	log_line(sv, c, method, url, status ? status : 200, NULL);
	if (status)
		return send_json(c, status, NULL, "error", err, 0);
	return reply(c, 200, "application/json", "{\"status\":\"ok\"}", 0);
}

/* After the whole body: validate, maybe misbehave, store, answer. */
static enum MHD_Result finish(struct server *sv, struct MHD_Connection *c, struct request *r,
			      const char *url, const char *method)
{
	if (r->status == 200) {
		log_line(sv, c, method, url, 200, NULL);
		return reply(c, 200, "application/json", "{\"status\":\"ok\"}", 0);
	}
	if (r->status) {
		log_line(sv, c, method, url, r->status, NULL);
		return send_json(c, r->status, NULL, "error", r->error,
				 r->status == 503 ? sv->retry_after_s : 0);
	}
	if (r->office) {
		if (r->buf)
			r->buf[r->len] = '\0';
		enum MHD_Result res = office_handle(&sv->office, c, url, method, r->buf, r->len);
		log_line(sv, c, method, url, office_status(), NULL);	/* never the form */
		return res;
	}
	if (r->heartbeat)
		return heartbeat(sv, c, r, url, method);
	if (r->content) {
		int status = 0;
		enum MHD_Result res = content_answer(sv->content_file, c, &status);
		log_line(sv, c, method, url, status, NULL);
		return res;
	}
	const char *key = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "Idempotency-Key");
	struct rcheck chk;
	int status = rcheck_body(r->buf ? r->buf : "", r->len, key, &chk);
	if (status) {
		log_line(sv, c, method, url, status, chk.id[0] ? chk.id : NULL);
		enum MHD_Result res = send_json(c, status, chk.id[0] ? chk.id : NULL, "error",
						chk.error, 0);
		rcheck_free(&chk);
		return res;
	}
	struct fault_plan p = plan_faults(&sv->f);
	enum MHD_Result res;
	if (p.status) {
		log_line(sv, c, method, url, p.status, chk.id);
		res = send_json(c, p.status, NULL, "error", "fault injected for a test", p.retry_after_s);
	} else if (p.html) {
		log_line(sv, c, method, url, 200, chk.id);
		res = reply(c, 200, "text/html; charset=utf-8", portal, 0);
	} else {
		res = store_and_answer(sv, c, &chk, &p, r->kiosk, url, method);
	}
	rcheck_free(&chk);
	return res;
}

enum MHD_Result receiver_on_request(void *cls, struct MHD_Connection *c, const char *url,
				    const char *method, const char *version,
				    const char *upload_data, size_t *upload_data_size,
				    void **req_cls)
{
	(void)version;
	struct server *sv = cls;
	struct request *r = *req_cls;
	if (!r) {
		*req_cls = r = begin(sv, c, url, method);
		if (r && r->far_too_big) {
			/* Do not read a body this size at all: answer the first
			 * refusal (the size, unless the token was already wrong). */
			log_line(sv, c, method, url, r->status, NULL);
			return send_json(c, r->status, NULL, "error", r->error, 0);
		}
		return r ? MHD_YES : MHD_NO;
	}
	if (*upload_data_size) {
		bool go_on = take(sv, r, upload_data, *upload_data_size);
		*upload_data_size = 0;
		if (go_on)
			return MHD_YES;
		/* Far too big to read to the end: answer now, MHD then closes. */
		log_line(sv, c, method, url, 413, NULL);
		return send_json(c, 413, NULL, "error", "the body is far too large", 0);
	}
	return finish(sv, c, r, url, method);
}

void receiver_on_done(void *cls, struct MHD_Connection *c, void **req_cls,
		      enum MHD_RequestTerminationCode toe)
{
	(void)cls, (void)c, (void)toe;
	struct request *r = *req_cls;
	if (!r)
		return;
	if (r->buf)
		explicit_bzero(r->buf, r->len);
	free(r->buf);
	free(r);
	*req_cls = NULL;
}
