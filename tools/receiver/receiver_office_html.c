/*
 * receiver_office_html.c: the office pages' building blocks: a buffer, the
 * one HTML escaping function, the page frame and its style sheet, form
 * decoding, and sending with the security headers every page carries.
 */
#include "receiver_office.h"

#include "receiver_check.h"

#include <sodium.h>

#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static bool grow(struct obuf *b, size_t more)
{
	if (b->nomem)
		return false;
	if (b->len + more + 1 <= b->cap)
		return true;
	size_t cap = b->cap ? b->cap : 4096;
	while (cap < b->len + more + 1)
		cap *= 2;
	/* Not realloc: the old block may hold personal data and is wiped. */
	char *p = malloc(cap);
	if (!p) {
		b->nomem = true;
		return false;
	}
	if (b->p) {
		memcpy(p, b->p, b->len);
		sodium_memzero(b->p, b->cap);
		free(b->p);
	}
	b->p = p;
	b->cap = cap;
	return true;
}

void ob_putn(struct obuf *b, const char *s, size_t n)
{
	if (!grow(b, n))
		return;
	memcpy(b->p + b->len, s, n);
	b->len += n;
	b->p[b->len] = '\0';
}

void ob_put(struct obuf *b, const char *s)
{
	if (s)
		ob_putn(b, s, strlen(s));
}

void ob_printf(struct obuf *b, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int k = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (k < 0 || !grow(b, (size_t)k))
		return;
	va_start(ap, fmt);
	vsnprintf(b->p + b->len, (size_t)k + 1, fmt, ap);
	va_end(ap);
	b->len += (size_t)k;
}

void oh_esc(struct obuf *b, const char *s)
{
	for (; s && *s; s++) {
		switch (*s) {
		case '&': ob_put(b, "&amp;"); break;
		case '<': ob_put(b, "&lt;"); break;
		case '>': ob_put(b, "&gt;"); break;
		case '"': ob_put(b, "&quot;"); break;
		case '\'': ob_put(b, "&#39;"); break;
		default: ob_putn(b, s, 1);
		}
	}
}

void ob_wipe(struct obuf *b)
{
	if (b->p) {
		sodium_memzero(b->p, b->cap);
		free(b->p);
	}
	*b = (struct obuf){0};
}

static _Thread_local int last_status;

int office_status(void)
{
	return last_status;
}

static void wipe_free(void *cls)
{
	struct obuf *b = cls;
	ob_wipe(b);
	free(b);
}

static const char csp[] = "default-src 'none'; style-src 'self'; img-src 'self'; "
			  "form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

static void headers(struct MHD_Response *r)
{
	MHD_add_response_header(r, "Content-Security-Policy", csp);
	MHD_add_response_header(r, "X-Frame-Options", "DENY");
	MHD_add_response_header(r, "X-Content-Type-Options", "nosniff");
	MHD_add_response_header(r, "Referrer-Policy", "no-referrer");
	MHD_add_response_header(r, MHD_HTTP_HEADER_CACHE_CONTROL, "no-store");
}

enum MHD_Result office_send(struct MHD_Connection *c, int status, const char *type,
			    struct obuf *b, const char *cookie, const char *location,
			    const char *filename)
{
	struct obuf *own = malloc(sizeof *own);
	last_status = status;
	if (!own || b->nomem) {
		free(own);
		ob_wipe(b);
		return MHD_NO;
	}
	*own = *b;
	*b = (struct obuf){0};
	struct MHD_Response *r = MHD_create_response_from_buffer_with_free_callback_cls(
		own->len, own->p ? own->p : (char *)"", wipe_free, own);
	if (!r) {
		wipe_free(own);
		return MHD_NO;
	}
	headers(r);
	MHD_add_response_header(r, MHD_HTTP_HEADER_CONTENT_TYPE, type);
	if (cookie)
		MHD_add_response_header(r, MHD_HTTP_HEADER_SET_COOKIE, cookie);
	if (location)
		MHD_add_response_header(r, MHD_HTTP_HEADER_LOCATION, location);
	if (filename) {
		char v[128];
		snprintf(v, sizeof v, "attachment; filename=\"%s\"", filename);
		MHD_add_response_header(r, MHD_HTTP_HEADER_CONTENT_DISPOSITION, v);
	}
	enum MHD_Result ok = MHD_queue_response(c, (unsigned)status, r);
	MHD_destroy_response(r);
	return ok;
}

enum MHD_Result office_redirect(struct MHD_Connection *c, const char *location,
				const char *cookie)
{
	struct obuf b = {0};
	ob_put(&b, "See other\n");
	return office_send(c, 303, "text/plain; charset=utf-8", &b, cookie, location, NULL);
}

void oh_head(struct obuf *b, const char *title, const struct osession *s)
{
	ob_put(b, "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
		  "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
		  "<link rel=\"stylesheet\" href=\"/office/style.css\"><title>");
	oh_esc(b, title);
	ob_put(b, " - carekiosk office</title></head><body>\n<header><span class=\"brand\">"
		  "carekiosk office</span>");
	if (s) {
		ob_put(b, "<nav><a href=\"/office/\">Leads to call</a> <a href=\"/office/events\">"
			  "Events</a> <a href=\"/office/kiosks\">Kiosks</a></nav>"
			  "<form method=\"post\" action=\"/office/signout\" class=\"out\">"
			  "<input type=\"hidden\" name=\"csrf\" value=\"");
		oh_esc(b, s->csrf);
		ob_put(b, "\"><span class=\"who\">");
		oh_esc(b, s->user);
		ob_put(b, "</span> <button>Sign out</button></form>");
	}
	ob_put(b, "</header>\n<main>\n<h1>");
	oh_esc(b, title);
	ob_put(b, "</h1>\n");
}

void oh_tail(struct obuf *b)
{
	ob_put(b, "</main></body></html>\n");
}

/* %-decodes s[0..n) into out; false if it does not fit. */
static bool decode(const char *s, size_t n, char *out, size_t cap)
{
	size_t k = 0;
	for (size_t i = 0; i < n; i++) {
		char ch = s[i];
		if (ch == '+') {
			ch = ' ';
		} else if (ch == '%') {
			if (i + 2 >= n || !isxdigit((unsigned char)s[i + 1]) ||
			    !isxdigit((unsigned char)s[i + 2]))
				return false;
			char hex[3] = {s[i + 1], s[i + 2], 0};
			ch = (char)strtol(hex, NULL, 16);
			i += 2;
		}
		if (k + 1 >= cap || ch == '\0')
			return false;
		out[k++] = ch;
	}
	out[k] = '\0';
	return rcheck_utf8(out, k);
}

static const char *find(const char *body, size_t len, const char *key, size_t *vlen)
{
	size_t klen = strlen(key);
	for (size_t i = 0; body && i < len;) {
		size_t end = i;
		while (end < len && body[end] != '&')
			end++;
		const char *eq = memchr(body + i, '=', end - i);
		if (eq && (size_t)(eq - (body + i)) == klen && !memcmp(body + i, key, klen)) {
			*vlen = (size_t)(body + end - eq - 1);
			return eq + 1;
		}
		i = end + 1;
	}
	return NULL;
}

bool office_form(const char *body, size_t len, const char *key, char *out, size_t n)
{
	size_t vlen = 0;
	const char *v = find(body, len, key, &vlen);
	return v && decode(v, vlen, out, n);
}

bool office_form_has(const char *body, size_t len, const char *key)
{
	size_t vlen;
	return find(body, len, key, &vlen) != NULL;
}
