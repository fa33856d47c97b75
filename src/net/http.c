/*
 * http.c: one POST with libcurl (see http.h).
 */
#include "net/http.h"

#include "net/protocol.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

struct sink {
	char *buf;
	size_t len;
	bool overflow;
	char *retry_after;	/* points into the answer */
	size_t retry_after_size;
};

static size_t on_body(char *data, size_t size, size_t nmemb, void *ctx)
{
	struct sink *s = ctx;
	size_t n = size * nmemb;
	if (s->len + n > PROTO_ANSWER_MAX) {
		s->overflow = true;
		return 0;	/* makes curl fail with CURLE_WRITE_ERROR */
	}
	char *p = realloc(s->buf, s->len + n + 1);
	if (!p)
		return 0;
	memcpy(p + s->len, data, n);
	s->buf = p;
	s->len += n;
	s->buf[s->len] = '\0';
	return n;
}

static size_t on_header(char *data, size_t size, size_t nmemb, void *ctx)
{
	struct sink *s = ctx;
	size_t n = size * nmemb;
	static const char name[] = "retry-after:";
	size_t k = sizeof name - 1;
	if (n > k && !strncasecmp(data, name, k)) {
		size_t v = n - k;
		if (v >= s->retry_after_size)
			v = s->retry_after_size - 1;
		memcpy(s->retry_after, data + k, v);
		s->retry_after[v] = '\0';
		/* Trim the CRLF and spaces; protocol.c trims the rest. */
		char *e = s->retry_after + strlen(s->retry_after);
		while (e > s->retry_after && (e[-1] == '\r' || e[-1] == '\n' || e[-1] == ' '))
			*--e = '\0';
	}
	return n;
}

/* Words for staff; curl's own text for anything rare. */
static const char *net_words(CURLcode rc, bool overflow)
{
	if (overflow)
		return "the server's answer was too long to be a receipt";
	switch (rc) {
	case CURLE_COULDNT_RESOLVE_HOST:
	case CURLE_COULDNT_RESOLVE_PROXY:
		return "could not find the server (no network, or a wrong address)";
	case CURLE_COULDNT_CONNECT:
		return "could not connect to the server";
	case CURLE_OPERATION_TIMEDOUT:
		return "the server took too long to answer";
	case CURLE_PEER_FAILED_VERIFICATION:
	case CURLE_SSL_CACERT_BADFILE:
	case CURLE_SSL_CERTPROBLEM:
	case CURLE_SSL_ISSUER_ERROR:
		return "the server's certificate could not be checked (check the address, the "
		       "kiosk's clock and upload.ca_file)";
	case CURLE_SSL_CONNECT_ERROR:
		return "the secure connection to the server failed";
	case CURLE_GOT_NOTHING:
	case CURLE_RECV_ERROR:
	case CURLE_SEND_ERROR:
	case CURLE_PARTIAL_FILE:
		return "the connection closed before the server answered";
	case CURLE_UNSUPPORTED_PROTOCOL:
		return "the upload address uses a protocol the kiosk does not send to";
	default:
		return curl_easy_strerror(rc);
	}
}

static int on_progress(void *ctx, curl_off_t dltotal, curl_off_t dlnow, curl_off_t ultotal,
		       curl_off_t ulnow)
{
	(void)dltotal, (void)dlnow, (void)ultotal, (void)ulnow;
	const struct http_req *req = ctx;
	return req->abandon(req->abandon_ctx) ? 1 : 0;
}

/* The bearer token's line, then lines[0..n); NULL when out of memory. */
static struct curl_slist *header_list(const char *token, const char *const *lines, size_t n)
{
	/* "Authorization: Bearer " + a token of at most 4096 bytes. */
	char auth[4200];
	struct curl_slist *h = NULL, *t;
	snprintf(auth, sizeof auth, "Authorization: Bearer %s", token);
	for (size_t i = 0; i <= n; i++) {
		t = curl_slist_append(h, i == n ? auth : lines[i]);
		if (!t) {
			curl_slist_free_all(h);
			h = NULL;
			break;
		}
		h = t;
	}
	explicit_bzero(auth, sizeof auth);
	return h;
}

static struct curl_slist *headers(const struct http_req *req)
{
	char key[128];
	if (req->idempotency_key)
		snprintf(key, sizeof key, "Idempotency-Key: %s", req->idempotency_key);
	else
		snprintf(key, sizeof key, "Idempotency-Key:");	/* none: not sent */
	const char *lines[] = {"Content-Type: application/json", "Accept: application/json",
			       "Expect:", key};
	return header_list(req->token, lines, sizeof lines / sizeof lines[0]);
}

/* curl_slist_append copies each line, so the token lives on in the list:
 * wipe it there too before freeing. */
static void free_headers(struct curl_slist *h)
{
	for (struct curl_slist *p = h; p; p = p->next)
		explicit_bzero(p->data, strlen(p->data));
	curl_slist_free_all(h);
}

void http_common_options(CURL *curl, const char *url, const char *ca_file,
			 long connect_timeout_ms, long timeout_ms)
{
	curl_easy_setopt(curl, CURLOPT_URL, url);
#if LIBCURL_VERSION_NUM >= 0x075500
	curl_easy_setopt(curl, CURLOPT_PROTOCOLS_STR, "https,http");
#else
	curl_easy_setopt(curl, CURLOPT_PROTOCOLS, (long)(CURLPROTO_HTTPS | CURLPROTO_HTTP));
#endif
	curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
#if LIBCURL_VERSION_NUM >= 0x075700
	/* Without it, a request given up (timeout, abandon) during a name
	 * lookup waits for getaddrinfo to return, which a dead DNS server can
	 * make take 30 s or more: past the connect timeout, and holding up the
	 * kiosk's exit. With it the lookup's thread is left to finish alone. */
	curl_easy_setopt(curl, CURLOPT_QUICK_EXIT, 1L);
#endif
	curl_easy_setopt(curl, CURLOPT_CONNECTTIMEOUT_MS, connect_timeout_ms);
	curl_easy_setopt(curl, CURLOPT_TIMEOUT_MS, timeout_ms);
	curl_easy_setopt(curl, CURLOPT_SSL_VERIFYPEER, 1L);	/* always: never configurable */
	curl_easy_setopt(curl, CURLOPT_SSL_VERIFYHOST, 2L);
	if (ca_file && *ca_file)
		curl_easy_setopt(curl, CURLOPT_CAINFO, ca_file);
}

/* What a POST and a GET share: the URL and TLS rules, no redirects (a
 * redirect is not a receipt, nor the office's content), the headers,
 * user agent, timeouts, proxy and abandon. */
static void set_shared(CURL *curl, const struct http_req *req, struct curl_slist *h)
{
	http_common_options(curl, req->url, req->ca_file, req->connect_timeout_ms, req->timeout_ms);
	curl_easy_setopt(curl, CURLOPT_FOLLOWLOCATION, 0L);
	curl_easy_setopt(curl, CURLOPT_HTTPHEADER, h);
	curl_easy_setopt(curl, CURLOPT_USERAGENT, req->user_agent);
	curl_easy_setopt(curl, CURLOPT_LOW_SPEED_LIMIT, 1L);
	curl_easy_setopt(curl, CURLOPT_LOW_SPEED_TIME, req->low_speed_time_s);
	if (req->loopback)
		curl_easy_setopt(curl, CURLOPT_NOPROXY, "*");
	if (req->abandon) {
		curl_easy_setopt(curl, CURLOPT_NOPROGRESS, 0L);
		curl_easy_setopt(curl, CURLOPT_XFERINFOFUNCTION, on_progress);
		curl_easy_setopt(curl, CURLOPT_XFERINFODATA, (void *)req);
	}
}

static void set_options(CURL *curl, const struct http_req *req, struct curl_slist *h,
			struct sink *s)
{
	set_shared(curl, req, h);
	curl_easy_setopt(curl, CURLOPT_POST, 1L);
	curl_easy_setopt(curl, CURLOPT_POSTFIELDS, req->body);
	curl_easy_setopt(curl, CURLOPT_POSTFIELDSIZE_LARGE, (curl_off_t)req->body_len);
	curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, on_body);
	curl_easy_setopt(curl, CURLOPT_WRITEDATA, s);
	curl_easy_setopt(curl, CURLOPT_HEADERFUNCTION, on_header);
	curl_easy_setopt(curl, CURLOPT_HEADERDATA, s);
}

/* Runs the request and frees its header list; the HTTP status, or 0 when
 * curl failed (*rc says why). */
static long perform(CURL *curl, struct curl_slist *h, CURLcode *rc)
{
	long status = 0;
	*rc = curl_easy_perform(curl);
	if (*rc == CURLE_OK)
		curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &status);
	/* Drop the header list's pointer before freeing it. */
	curl_easy_setopt(curl, CURLOPT_HTTPHEADER, NULL);
	free_headers(h);
	return status;
}

long http_post(CURL *curl, const struct http_req *req, struct http_answer *ans)
{
	memset(ans, 0, sizeof *ans);
	struct sink s = {.retry_after = ans->retry_after, .retry_after_size = sizeof ans->retry_after};
	struct curl_slist *h = headers(req);
	if (!h) {
		snprintf(ans->error, sizeof ans->error, "out of memory");
		return 0;
	}
	curl_easy_reset(curl);
	set_options(curl, req, h, &s);
	CURLcode rc;
	long status = perform(curl, h, &rc);
	ans->abandoned = rc == CURLE_ABORTED_BY_CALLBACK;
	if (rc != CURLE_OK || status == 0) {
		snprintf(ans->error, sizeof ans->error, "%s", net_words(rc, s.overflow));
		free(s.buf);
		ans->retry_after[0] = '\0';
		return 0;
	}
	ans->status = status;
	ans->body = s.buf;
	ans->body_len = s.len;
	return status;
}

long http_get(CURL *curl, const struct http_req *req, const char *extra_header,
	      const struct http_get_sink *sink, char *error, size_t errlen, bool *abandoned)
{
	*abandoned = false;
	const char *lines[] = {extra_header};
	struct curl_slist *h = header_list(req->token, lines, extra_header && *extra_header);
	if (!h) {
		snprintf(error, errlen, "out of memory");
		return 0;
	}
	curl_easy_reset(curl);
	set_shared(curl, req, h);
	curl_easy_setopt(curl, CURLOPT_HTTPGET, 1L);
	curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, sink->body);
	curl_easy_setopt(curl, CURLOPT_WRITEDATA, sink->ctx);
	curl_easy_setopt(curl, CURLOPT_HEADERFUNCTION, sink->header);
	curl_easy_setopt(curl, CURLOPT_HEADERDATA, sink->ctx);
	CURLcode rc;
	long status = perform(curl, h, &rc);
	*abandoned = rc == CURLE_ABORTED_BY_CALLBACK;
	if (rc != CURLE_OK || status == 0)
		snprintf(error, errlen, "%s", net_words(rc, false));
	return rc == CURLE_OK ? status : 0;
}

void http_answer_free(struct http_answer *ans)
{
	free(ans->body);
	ans->body = NULL;
	ans->body_len = 0;
}
