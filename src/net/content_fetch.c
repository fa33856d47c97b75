/*
 * content_fetch.c: one GET of the content bundle, verified and staged
 * (content_fetch.h).
 */
#include "net/content_fetch.h"

#include "content/pack.h"
#include "content/slurp.h"
#include "net/heartbeat.h"
#include "net/http.h"
#include "net/protocol.h"

#include <curl/curl.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>
#include <time.h>

void content_state_read(const char *dir, struct content_state *st)
{
	memset(st, 0, sizeof *st);
	char path[PATH_MAX];
	snprintf(path, sizeof path, "%s/state", dir);
	size_t len = 0;
	char *text = slurp_file(path, 4096, &len);
	if (!text)
		return;
	for (char *save = NULL, *l = strtok_r(text, "\n", &save); l; l = strtok_r(NULL, "\n", &save)) {
		if (!strncmp(l, "running ", 8))
			st->running = strtol(l + 8, NULL, 10);
		else if (!strncmp(l, "staged ", 7))
			st->staged = strtol(l + 7, NULL, 10);
		else if (!strncmp(l, "etag ", 5))
			snprintf(st->etag, sizeof st->etag, "%s", l + 5);
		else if (!strncmp(l, "refused ", 8))
			snprintf(st->refused, sizeof st->refused, "%s", l + 8);
		else if (!strncmp(l, "fetched ", 8))
			st->fetched = strtoll(l + 8, NULL, 10);
		else if (!strncmp(l, "bad ", 4))
			st->bad = strtol(l + 4, NULL, 10);
	}
	free(text);
}

/* A line's text without line breaks (a reason is one line). */
static void one_line(char *s)
{
	for (; *s; s++)
		if (*s == '\n' || *s == '\r')
			*s = ' ';
}

int content_state_write(const char *dir, const struct content_state *st)
{
	char path[PATH_MAX], text[1024], refused[CONTENT_WHY_LEN], etag[96];
	snprintf(refused, sizeof refused, "%s", st->refused);
	snprintf(etag, sizeof etag, "%s", st->etag);
	one_line(refused);
	one_line(etag);
	snprintf(path, sizeof path, "%s/state", dir);
	int n = snprintf(text, sizeof text,
			 "running %ld\nstaged %ld\netag %s\nrefused %s\nfetched %lld\nbad %ld\n",
			 st->running, st->staged, etag, refused, st->fetched, st->bad);
	return pack_write_atomic(path, text, (size_t)n, 0644);
}

int content_state_lock(const char *dir)
{
	char path[PATH_MAX];
	if (snprintf(path, sizeof path, "%s/lock", dir) >= (int)sizeof path) {
		errno = ENAMETOOLONG;
		return -1;
	}
	int fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0644);
	if (fd < 0)
		return -1;
	while (flock(fd, LOCK_EX) != 0)
		if (errno != EINTR) {
			int saved = errno;
			close(fd);
			errno = saved;
			return -1;
		}
	return fd;
}

void content_state_unlock(int fd)
{
	if (fd >= 0)
		close(fd);	/* drops the flock */
}

bool content_fetch_url(const char *upload_url, char *out, size_t n)
{
	char status[2048];
	if (!heartbeat_url(upload_url, status, sizeof status))
		return false;
	size_t k = strlen(status) - strlen("status");
	int w = snprintf(out, n, "%.*scontent", (int)k, status);
	return w > 0 && (size_t)w < n;
}

const char *content_fetch_result_str(enum content_fetch_result r)
{
	switch (r) {
	case CONTENT_UNCHANGED:
		return "unchanged";
	case CONTENT_STAGED:
		return "staged";
	case CONTENT_REFUSED:
		return "refused";
	case CONTENT_OFFLINE:
		return "offline";
	default:
		return "not set up";
	}
}

struct sink {
	unsigned char *buf;
	size_t len;
	bool overflow;
	char etag[96];
};

static size_t on_body(char *data, size_t size, size_t nmemb, void *ctx)
{
	struct sink *s = ctx;
	size_t n = size * nmemb;
	if (s->len + n > PACK_MAX_BYTES + 4096) {
		s->overflow = true;
		return 0;
	}
	unsigned char *p = realloc(s->buf, s->len + n + 1);
	if (!p)
		return 0;
	memcpy(p + s->len, data, n);
	s->buf = p;
	s->len += n;
	return n;
}

static size_t on_header(char *data, size_t size, size_t nmemb, void *ctx)
{
	struct sink *s = ctx;
	size_t n = size * nmemb;
	if (n > 5 && !strncasecmp(data, "etag:", 5)) {
		size_t k = n - 5;
		const char *v = data + 5;
		while (k && (*v == ' ' || *v == '\t'))
			v++, k--;
		while (k && (v[k - 1] == '\r' || v[k - 1] == '\n' || v[k - 1] == ' '))
			k--;
		if (k < sizeof s->etag) {
			memcpy(s->etag, v, k);
			s->etag[k] = '\0';
		}
	}
	return n;
}

/* The GET itself, through http.c (its options, token header and TLS
 * rules): status (0 = none) and the body in s. */
static long get(const struct content_fetch_opts *o, const char *token, const char *etag,
		struct sink *s, char *why, size_t whylen)
{
	CURL *curl = curl_easy_init();
	if (!curl) {
		snprintf(why, whylen, "out of memory");
		return 0;
	}
	bool loopback = false;
	enum proto_url u = proto_check_url(o->url, &loopback);
	if (u != PROTO_URL_OK) {	/* the uploader's rule: HTTPS, or HTTP to this computer */
		snprintf(why, whylen, "%s", proto_url_problem(u));
		curl_easy_cleanup(curl);
		return 0;
	}
	char inm[128] = "";
	if (*etag)
		snprintf(inm, sizeof inm, "If-None-Match: %s", etag);
	const struct http_req req = {
		.url = o->url,
		.token = token,
		.user_agent = o->user_agent ? o->user_agent : "carekiosk",
		.ca_file = o->ca_file,
		.loopback = loopback,
		.connect_timeout_ms = 15000,
		.timeout_ms = o->timeout_ms ? o->timeout_ms : 120000,
		.low_speed_time_s = 30,
		.abandon = o->abandon,
		.abandon_ctx = o->abandon_ctx,
	};
	const struct http_get_sink sink = {on_body, on_header, s};
	bool abandoned;
	long status = http_get(curl, &req, inm, &sink, why, whylen, &abandoned);
	if (!status && s->overflow)
		snprintf(why, whylen, "the bundle is too large");
	curl_easy_cleanup(curl);
	return status;
}

static enum content_fetch_result finish(struct content_fetch_out *out,
					enum content_fetch_result r)
{
	out->result = r;
	return r;
}

enum content_fetch_result content_fetch(const struct content_fetch_opts *o,
					struct content_fetch_out *out)
{
	memset(out, 0, sizeof *out);
	unsigned char pk[PACK_PK_BYTES];
	if (!o->public_key || !*o->public_key || !pack_pk_parse(o->public_key, pk)) {
		snprintf(out->why, sizeof out->why, "no content.public_key in kiosk.json");
		return finish(out, CONTENT_NOT_SET_UP);
	}
	if (mkdir(o->dir, 0755) != 0 && errno != EEXIST) {
		snprintf(out->why, sizeof out->why, "%s: %s", o->dir, strerror(errno));
		return finish(out, CONTENT_OFFLINE);
	}
	char token[4100] = "";
	FILE *tf = o->token_file && *o->token_file ? fopen(o->token_file, "r") : NULL;
	if (tf) {
		size_t n = fread(token, 1, sizeof token - 1, tf);
		token[n] = '\0';
		fclose(tf);
	}
	if (!o->url || !*o->url || !proto_token_ok(token)) {
		explicit_bzero(token, sizeof token);
		snprintf(out->why, sizeof out->why, "no upload address or no readable token");
		return finish(out, CONTENT_NOT_SET_UP);
	}
	struct content_state st;
	content_state_read(o->dir, &st);
	struct sink s = {0};
	out->http_status = get(o, token, st.etag, &s, out->why, sizeof out->why);
	explicit_bzero(token, sizeof token);
	enum content_fetch_result r = CONTENT_UNCHANGED;
	if (out->http_status == 304) {
		r = CONTENT_UNCHANGED;
	} else if (out->http_status != 200) {
		if (out->http_status)
			snprintf(out->why, sizeof out->why, "the server answered %ld",
				 out->http_status);
		free(s.buf);
		return finish(out, CONTENT_OFFLINE);
	}
	/* From here the state is read again under the lock: a USB install or
	 * the app's switch may have changed it during the download. */
	int lock = content_state_lock(o->dir);
	if (lock < 0) {
		snprintf(out->why, sizeof out->why, "%s/lock: %s", o->dir, strerror(errno));
		free(s.buf);
		return finish(out, CONTENT_OFFLINE);
	}
	content_state_read(o->dir, &st);
	if (out->http_status == 200) {
		char dir[PATH_MAX];
		long have = st.staged > st.running ? st.staged : st.running;
		enum pack_err e = pack_install(s.buf, s.len, pk, have, o->dir, o->asset_dir, dir,
					       &out->version, out->why, sizeof out->why);
		r = e == PACK_OK ? CONTENT_STAGED : e == PACK_SAME ? CONTENT_UNCHANGED
								   : CONTENT_REFUSED;
		if (e == PACK_OK)
			st.staged = out->version;
		if (r == CONTENT_REFUSED)
			snprintf(st.refused, sizeof st.refused, "%s", out->why);
		else
			st.refused[0] = '\0';
		/* A refused bundle's ETag is kept too: the same bad file is not
		 * downloaded again every 15 minutes, and the reason stays. */
		snprintf(st.etag, sizeof st.etag, "%s", s.etag);
	}
	free(s.buf);
	st.fetched = (long long)time(NULL);
	int wrote = content_state_write(o->dir, &st);
	int saved = errno;
	content_state_unlock(lock);
	if (wrote != 0 && r != CONTENT_REFUSED) {
		snprintf(out->why, sizeof out->why, "%s/state: %s", o->dir, strerror(saved));
		return finish(out, CONTENT_OFFLINE);
	}
	return finish(out, r);
}
