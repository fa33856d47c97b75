/*
 * protocol.c: building request bodies and judging answers (see protocol.h).
 */
#include "net/protocol.h"

#include <cjson/cJSON.h>
#include <curl/curl.h>

#include <arpa/inet.h>
#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

const char *proto_outcome_name(enum proto_outcome o)
{
	switch (o) {
	case PROTO_SUCCESS:
		return "sent";
	case PROTO_REJECTED:
		return "rejected";
	case PROTO_AUTH:
		return "refused";
	case PROTO_RETRY:
		return "retry";
	}
	return "unknown";
}

static cJSON *str_or_null(const char *s)
{
	return s ? cJSON_CreateString(s) : cJSON_CreateNull();
}

/* Schema 2: the sealed answers as stored, and what stays readable. */
static bool sealed_part(cJSON *o, const struct store_lead *lead)
{
	cJSON *quiz = lead->quiz_attached < 0 ? cJSON_CreateNull()
					      : cJSON_CreateBool(lead->quiz_attached);
	cJSON *prog = str_or_null(lead->programme);
	bool ok = quiz && prog && cJSON_AddItemToObject(o, "programme", prog);
	if (!ok)
		cJSON_Delete(prog);
	if (ok && cJSON_AddItemToObject(o, "quiz_attached", quiz))
		quiz = NULL;
	else
		ok = false;
	cJSON_Delete(quiz);
	return ok && cJSON_AddStringToObject(o, "key_id", lead->key_id) &&
	       cJSON_AddStringToObject(o, "sealed", lead->sealed);
}

char *proto_body(const struct store_lead *lead)
{
	bool sealed = lead && lead->sealed && lead->key_id && !lead->answers_json;
	cJSON *answers = lead && lead->answers_json ? cJSON_Parse(lead->answers_json) : NULL;
	if (!sealed && !cJSON_IsObject(answers)) {
		cJSON_Delete(answers);
		return NULL;
	}
	cJSON *o = cJSON_CreateObject();
	const struct {
		const char *key;
		const char *value;
	} fields[] = {
		{"id", lead->id},
		{"created_at", lead->created_at},
		{"device", lead->device},
		{"event", lead->event},
		{"app_version", lead->app_version},
		{"content_version", lead->content_version},
		{"lang", lead->lang},
	};
	bool ok = o && cJSON_AddNumberToObject(o, "schema", sealed ? PROTO_SCHEMA_SEALED
								   : PROTO_SCHEMA);
	for (size_t i = 0; ok && i < sizeof fields / sizeof fields[0]; i++) {
		cJSON *v = str_or_null(fields[i].value);
		ok = v && cJSON_AddItemToObject(o, fields[i].key, v);
		if (!ok)
			cJSON_Delete(v);
	}
	/* Only when known: a lead made before kiosks recorded it resends the
	 * same bytes it was first sent with. */
	if (ok && lead->clock != STORE_CLOCK_UNKNOWN)
		ok = cJSON_AddBoolToObject(o, "clock_synced", lead->clock == STORE_CLOCK_SYNCED);
	if (sealed)
		ok = ok && sealed_part(o, lead);
	else if (ok && cJSON_AddItemToObject(o, "answers", answers))
		answers = NULL;
	else
		ok = false;
	char *out = ok ? cJSON_PrintUnformatted(o) : NULL;
	cJSON_Delete(answers);
	cJSON_Delete(o);	/* cJSON_Delete does not wipe: answers were in it */
	return out;
}

/* Copies up to n-1 bytes of s (length len) into out, keeping printable
 * ASCII and UTF-8 and turning control characters into spaces; stops at the
 * first line break. */
static void clean_copy(char *out, size_t n, const char *s, size_t len)
{
	size_t j = 0;
	for (size_t i = 0; i < len && j + 1 < n; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c == '\n' || c == '\r')
			break;
		out[j++] = c < 0x20 || c == 0x7f ? ' ' : (char)c;
	}
	/* Do not end in the middle of a UTF-8 sequence. */
	while (j > 0 && ((unsigned char)out[j - 1] & 0xc0) == 0x80)
		j--;
	if (j > 0 && ((unsigned char)out[j - 1] & 0xc0) == 0xc0)
		j--;
	out[j] = '\0';
}

/* The server's own words for a refusal, or "" if it gave none. */
static void server_words(const struct proto_answer *a, char *out, size_t n)
{
	out[0] = '\0';
	if (!a->body || !a->body_len)
		return;
	cJSON *doc = cJSON_ParseWithLength(a->body, a->body_len);
	if (doc) {
		static const char *const keys[] = {"error", "message", "detail"};
		for (size_t i = 0; i < sizeof keys / sizeof keys[0]; i++) {
			const char *s = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(doc, keys[i]));
			if (s && *s) {
				clean_copy(out, n, s, strlen(s));
				break;
			}
		}
		cJSON_Delete(doc);
		return;
	}
	/* Plain text is kept; an HTML page says nothing useful. */
	size_t skip = 0;
	while (skip < a->body_len && isspace((unsigned char)a->body[skip]))
		skip++;
	if (skip < a->body_len && a->body[skip] != '<')
		clean_copy(out, n, a->body + skip, a->body_len - skip);
}

/* True if the body is a JSON object whose "id" is lead_id. */
static bool is_receipt(const char *lead_id, const struct proto_answer *a, bool *json)
{
	*json = false;
	if (!a->body || !a->body_len)
		return false;
	cJSON *doc = cJSON_ParseWithLength(a->body, a->body_len);
	*json = cJSON_IsObject(doc);
	const char *id = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(doc, "id"));
	/* UUIDs compare ignoring case (RFC 4122): an office database that
	 * hands ids back in upper case still gives a receipt. */
	bool ok = id && lead_id && !strcasecmp(id, lead_id);
	cJSON_Delete(doc);
	return ok;
}

static void verdict(struct proto_verdict *v, enum proto_outcome o, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static void verdict(struct proto_verdict *v, enum proto_outcome o, const char *fmt, ...)
{
	va_list ap;
	v->outcome = o;
	va_start(ap, fmt);
	vsnprintf(v->message, sizeof v->message, fmt, ap);
	va_end(ap);
}

static void classify_2xx(const char *lead_id, const struct proto_answer *a,
			 struct proto_verdict *out)
{
	bool json = false;
	if ((a->status == 200 || a->status == 201) && is_receipt(lead_id, a, &json))
		verdict(out, PROTO_SUCCESS, "%s", "");
	else if (a->status != 200 && a->status != 201)
		verdict(out, PROTO_RETRY, "the server gave an unexpected answer (%ld)", a->status);
	else if (!json)
		verdict(out, PROTO_RETRY,
			"the answer (%ld) was not a receipt, maybe a Wi-Fi sign-in page", a->status);
	else
		verdict(out, PROTO_RETRY, "the server's receipt (%ld) did not name this lead",
			a->status);
}

void proto_classify(const char *lead_id, const struct proto_answer *a, int64_t now_ms,
		    struct proto_verdict *out)
{
	char words[200];
	memset(out, 0, sizeof *out);
	out->retry_after_ms = -1;
	if (a->status == 0) {
		verdict(out, PROTO_RETRY, "%s",
			a->net_error && *a->net_error ? a->net_error : "no answer from the server");
		return;
	}
	switch (a->status) {
	case 400:
	case 409:
	case 413:
	case 422:
		server_words(a, words, sizeof words);
		verdict(out, PROTO_REJECTED, "the server refused this lead (%ld)%s%s", a->status,
			*words ? ": " : "", words);
		return;
	case 401:
	case 403:
		verdict(out, PROTO_AUTH, "the server refused the kiosk's token");
		return;
	case 429:
		verdict(out, PROTO_RETRY, "the server asked the kiosk to slow down (429)");
		break;
	default:
		if (a->status >= 200 && a->status < 300) {
			classify_2xx(lead_id, a, out);
			return;
		}
		if (a->status >= 500 && a->status < 600)
			verdict(out, PROTO_RETRY, "the server is busy or has a fault (%ld)", a->status);
		else
			verdict(out, PROTO_RETRY, "the server gave an unexpected answer (%ld)",
				a->status);
		break;
	}
	out->retry_after_ms = proto_retry_after_ms(a->retry_after, now_ms);
}

static int month_of(const char *m)
{
	static const char names[] = "JanFebMarAprMayJunJulAugSepOctNovDec";
	for (int i = 0; i < 12; i++)
		if (!strncmp(m, names + 3 * i, 3))
			return i;
	return -1;
}

/* "Sun, 06 Nov 1994 08:49:37 GMT" (the only date form HTTP/1.1 sends). */
static int64_t http_date_ms(const char *s)
{
	char wday[4], mon[4], zone[4];
	int d, y, hh, mm, ss, used = 0;
	if (sscanf(s, "%3[A-Za-z], %d %3[A-Za-z] %d %d:%d:%d %3s%n", wday, &d, mon, &y, &hh, &mm,
		   &ss, zone, &used) != 8 || s[used] != '\0' || strcmp(zone, "GMT") != 0)
		return -1;
	int m = month_of(mon);
	if (m < 0 || d < 1 || d > 31 || y < 1970 || y > 9999 || hh > 23 || mm > 59 || ss > 60 ||
	    hh < 0 || mm < 0 || ss < 0)
		return -1;
	struct tm tm = {.tm_year = y - 1900, .tm_mon = m, .tm_mday = d,
			.tm_hour = hh, .tm_min = mm, .tm_sec = ss};
	time_t t = timegm(&tm);
	return t == (time_t)-1 ? -1 : (int64_t)t * 1000;
}

int64_t proto_retry_after_ms(const char *value, int64_t now_ms)
{
	if (!value)
		return -1;
	while (*value == ' ' || *value == '\t')
		value++;
	size_t n = strlen(value);
	while (n && (value[n - 1] == ' ' || value[n - 1] == '\t' || value[n - 1] == '\r'))
		n--;
	char buf[64];
	if (n == 0 || n >= sizeof buf)
		return -1;
	memcpy(buf, value, n);
	buf[n] = '\0';
	int64_t ms;
	if (strspn(buf, "0123456789") == n) {
		/* More than 10 digits is more than the clamp anyway. */
		ms = n > 10 ? PROTO_RETRY_AFTER_MAX_MS : (int64_t)strtoll(buf, NULL, 10) * 1000;
	} else {
		int64_t at = http_date_ms(buf);
		if (at < 0)
			return -1;
		ms = at - now_ms;
	}
	if (ms < 0)
		ms = 0;
	return ms > PROTO_RETRY_AFTER_MAX_MS ? PROTO_RETRY_AFTER_MAX_MS : ms;
}

int64_t proto_backoff_ms(int n, int64_t base_ms, int64_t cap_ms, uint32_t rnd)
{
	if (cap_ms < 1)
		cap_ms = 1;
	if (base_ms < 1)
		base_ms = 1;
	if (n < 1)
		n = 1;
	int64_t ceiling = base_ms;
	for (int i = 1; i < n && ceiling < cap_ms; i++)
		ceiling *= 2;
	if (ceiling > cap_ms)
		ceiling = cap_ms;
	int64_t floor = base_ms / 5 > 0 ? base_ms / 5 : 1;
	if (floor > ceiling)
		floor = ceiling;
	return floor + (int64_t)(rnd % (uint64_t)(ceiling - floor + 1));
}

static bool loopback_host(const char *host)
{
	if (!strcasecmp(host, "localhost") || !strcasecmp(host, "localhost."))
		return true;
	size_t n = strlen(host);
	char buf[64];
	/* libcurl gives IPv6 hosts with their brackets. */
	if (n >= 2 && host[0] == '[' && host[n - 1] == ']' && n - 2 < sizeof buf) {
		memcpy(buf, host + 1, n - 2);
		buf[n - 2] = '\0';
		struct in6_addr a6;
		return inet_pton(AF_INET6, buf, &a6) == 1 && IN6_IS_ADDR_LOOPBACK(&a6);
	}
	struct in_addr a4;
	return inet_pton(AF_INET, host, &a4) == 1 && (ntohl(a4.s_addr) >> 24) == 127;
}

enum proto_url proto_check_url(const char *url, bool *loopback)
{
	if (loopback)
		*loopback = false;
	if (!url || !*url)
		return PROTO_URL_EMPTY;
	CURLU *h = curl_url();
	char *scheme = NULL, *host = NULL;
	enum proto_url r = PROTO_URL_BAD;
	if (!h || curl_url_set(h, CURLUPART_URL, url, 0) != CURLUE_OK ||
	    curl_url_get(h, CURLUPART_SCHEME, &scheme, 0) != CURLUE_OK ||
	    curl_url_get(h, CURLUPART_HOST, &host, 0) != CURLUE_OK)
		goto out;
	bool lo = loopback_host(host);
	if (loopback)
		*loopback = lo;
	if (!strcasecmp(scheme, "https"))
		r = PROTO_URL_OK;
	else if (!strcasecmp(scheme, "http"))
		r = lo ? PROTO_URL_OK : PROTO_URL_INSECURE;
out:
	curl_free(scheme);
	curl_free(host);
	curl_url_cleanup(h);
	return r;
}

const char *proto_url_problem(enum proto_url r)
{
	switch (r) {
	case PROTO_URL_OK:
		return "";
	case PROTO_URL_EMPTY:
		return "no upload address is set (upload.url in kiosk.json)";
	case PROTO_URL_BAD:
		return "the upload address is not an https:// address (upload.url in kiosk.json)";
	case PROTO_URL_INSECURE:
		return "the upload address must start with https:// (plain http:// is only "
		       "allowed to this computer)";
	}
	return "the upload address cannot be used";
}

bool proto_token_ok(char *token)
{
	if (!token)
		return false;
	size_t start = 0, n = strlen(token);
	while (start < n && isspace((unsigned char)token[start]))
		start++;
	while (n > start && isspace((unsigned char)token[n - 1]))
		n--;
	memmove(token, token + start, n - start);
	n -= start;
	token[n] = '\0';
	if (n == 0 || n > 4096)
		return false;
	for (size_t i = 0; i < n; i++)
		if (token[i] < 0x21 || token[i] > 0x7e)
			return false;
	return true;
}
