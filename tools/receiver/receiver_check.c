/*
 * receiver_check.c: body validation and canonical JSON (receiver_check.h).
 */
#include "receiver_check.h"

#include <cjson/cJSON.h>

#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* The optional text fields, in struct rcheck's fields[] order. */
static const char *const field_names[6] = {"created_at", "device", "event", "app_version",
					   "content_version", "lang"};
#define FIELD_MAX 200

bool rcheck_utf8(const char *s, size_t len)
{
	const unsigned char *p = (const unsigned char *)s, *end = p + len;
	while (p < end) {
		unsigned c = *p;
		size_t n = c < 0x80 ? 0 : (c & 0xe0) == 0xc0 ? 1 : (c & 0xf0) == 0xe0 ? 2
		         : (c & 0xf8) == 0xf0 ? 3 : 9;
		if (n == 9 || (size_t)(end - p) <= n)
			return false;	/* not a lead byte, or cut short */
		unsigned cp = n == 0 ? c : n == 1 ? c & 0x1f : n == 2 ? c & 0x0f : c & 0x07;
		for (size_t i = 1; i <= n; i++) {
			if ((p[i] & 0xc0) != 0x80)
				return false;
			cp = (cp << 6) | (p[i] & 0x3f);
		}
		static const unsigned min[] = {0, 0x80, 0x800, 0x10000};
		if (cp < min[n] || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
			return false;
		p += n + 1;
	}
	return true;
}

bool rcheck_uuid(const char *s)
{
	if (!s || strlen(s) != 36)
		return false;
	for (int i = 0; i < 36; i++) {
		bool dash = i == 8 || i == 13 || i == 18 || i == 23;
		if (dash ? s[i] != '-' : !isxdigit((unsigned char)s[i]))
			return false;
	}
	return true;
}

static int cmp_items(const void *a, const void *b)
{
	const cJSON *x = *(const cJSON *const *)a, *y = *(const cJSON *const *)b;
	return strcmp(x->string, y->string);
}

/* Sorts every object's keys, recursively. false if an object repeats a key
 * (then "identical" would be ambiguous) or memory ran out. */
static bool canonical(cJSON *item)
{
	for (cJSON *c = item->child; c; c = c->next)
		if (!canonical(c))
			return false;
	if (!cJSON_IsObject(item) || !item->child)
		return true;
	size_t n = 0;
	for (cJSON *c = item->child; c; c = c->next)
		n++;
	cJSON **v = malloc(n * sizeof *v);
	if (!v)
		return false;
	n = 0;
	for (cJSON *c = item->child; c; c = c->next)
		v[n++] = c;
	qsort(v, n, sizeof *v, cmp_items);
	bool ok = true;
	for (size_t i = 0; i < n; i++) {
		if (i + 1 < n && !strcmp(v[i]->string, v[i + 1]->string))
			ok = false;
		v[i]->next = i + 1 < n ? v[i + 1] : NULL;
		v[i]->prev = i > 0 ? v[i - 1] : v[n - 1];	/* cJSON: head's prev is the tail */
	}
	item->child = v[0];
	free(v);
	return ok;
}

static int fail(struct rcheck *out, int status, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static int fail(struct rcheck *out, int status, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(out->error, sizeof out->error, fmt, ap);
	va_end(ap);
	return out->status = status;
}

static bool date_time_ok(const char *s)
{
	/* "2026-03-03T10:15:02Z" and longer forms (fractions, offsets). */
	static const char shape[] = "dddd-dd-ddTdd:dd:dd";
	size_t n = strlen(s);
	if (n < sizeof shape - 1 || n > 40)
		return false;
	for (size_t i = 0; i < sizeof shape - 1; i++)
		if (shape[i] == 'd' ? !isdigit((unsigned char)s[i]) : s[i] != shape[i])
			return false;
	return true;
}

static bool base64_ok(const char *s)
{
	size_t n = strlen(s), pad = 0;
	if (n == 0 || n % 4)
		return false;
	for (size_t i = 0; i < n; i++) {
		char c = s[i];
		if (c == '=' && i >= n - 2)
			pad++;
		else if (pad || !(isalnum((unsigned char)c) || c == '+' || c == '/'))
			return false;
	}
	return true;
}

static bool key_id_ok(const char *s)
{
	if (strlen(s) != 16)
		return false;
	for (int i = 0; i < 16; i++)
		if (!isdigit((unsigned char)s[i]) && !(s[i] >= 'a' && s[i] <= 'f'))
			return false;
	return true;
}

/* Schema 2: the sealed answers and what stays readable. */
static int check_sealed(cJSON *doc, struct rcheck *out)
{
	const cJSON *sealed = cJSON_GetObjectItemCaseSensitive(doc, "sealed");
	const cJSON *kid = cJSON_GetObjectItemCaseSensitive(doc, "key_id");
	const cJSON *prog = cJSON_GetObjectItemCaseSensitive(doc, "programme");
	const cJSON *quiz = cJSON_GetObjectItemCaseSensitive(doc, "quiz_attached");
	if (cJSON_GetObjectItemCaseSensitive(doc, "answers"))
		return fail(out, 422, "schema 2 carries \"sealed\", never \"answers\"");
	if (!cJSON_IsString(sealed) || !base64_ok(sealed->valuestring))
		return fail(out, 422, "\"sealed\" must be base64 text (crypto_box_seal)");
	if (!cJSON_IsString(kid) || !key_id_ok(kid->valuestring))
		return fail(out, 422, "\"key_id\" must be 16 lower-case hex digits");
	if (prog && !cJSON_IsNull(prog) &&
	    !(cJSON_IsString(prog) && strlen(prog->valuestring) <= FIELD_MAX))
		return fail(out, 422, "\"programme\" must be a string or null");
	if (quiz && !cJSON_IsNull(quiz) && !cJSON_IsBool(quiz))
		return fail(out, 422, "\"quiz_attached\" must be true, false or null");
	return 0;
}

static int check_fields(cJSON *doc, struct rcheck *out)
{
	const cJSON *schema = cJSON_GetObjectItemCaseSensitive(doc, "schema");
	if (!cJSON_IsNumber(schema) || (schema->valuedouble != 1 && schema->valuedouble != 2))
		return fail(out, 422, "\"schema\" must be 1 or 2 (this receiver reads both)");
	out->schema = (int)schema->valuedouble;
	cJSON *id = cJSON_GetObjectItemCaseSensitive(doc, "id");
	if (!cJSON_IsString(id) || !rcheck_uuid(id->valuestring))
		return fail(out, 422, "\"id\" must be a UUID like 3f2b8c1e-5d4a-4f6b-9c2d-1e0f3a4b5c6d");
	memcpy(out->id_sent, id->valuestring, 37);
	for (char *p = id->valuestring; *p; p++)
		*p = (char)tolower((unsigned char)*p);
	memcpy(out->id, id->valuestring, 37);
	for (int i = 0; i < 6; i++) {
		const cJSON *f = cJSON_GetObjectItemCaseSensitive(doc, field_names[i]);
		if (i == 0 ? !cJSON_IsString(f) : f && !cJSON_IsString(f) && !cJSON_IsNull(f))
			return fail(out, 422, "\"%s\" must be %s", field_names[i],
				    i == 0 ? "a date and time string" : "a string or null");
		if (cJSON_IsString(f) && strlen(f->valuestring) > FIELD_MAX)
			return fail(out, 422, "\"%s\" is longer than %d bytes", field_names[i],
				    FIELD_MAX);
		if (i == 0 && !date_time_ok(f->valuestring))
			return fail(out, 422, "\"created_at\" must look like 2026-03-03T10:15:02Z");
	}
	const cJSON *clock = cJSON_GetObjectItemCaseSensitive(doc, "clock_synced");
	if (clock && !cJSON_IsNull(clock) && !cJSON_IsBool(clock))
		return fail(out, 422, "\"clock_synced\" must be true, false or null");
	if (out->schema == 2)
		return check_sealed(doc, out);
	if (!cJSON_IsObject(cJSON_GetObjectItemCaseSensitive(doc, "answers")))
		return fail(out, 422, "\"answers\" must be an object");
	return 0;
}

static int fill(cJSON *doc, struct rcheck *out)
{
	for (int i = 0; i < 6; i++) {
		const char *s = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(doc,
										      field_names[i]));
		if (s && !(out->fields[i] = strdup(s)))
			return fail(out, 500, "out of memory");
	}
	out->body = cJSON_PrintUnformatted(doc);
	out->quiz_attached = -1;
	const cJSON *clock = cJSON_GetObjectItemCaseSensitive(doc, "clock_synced");
	out->clock_synced = cJSON_IsBool(clock) ? cJSON_IsTrue(clock) : -1;
	if (out->schema == 2) {
		const cJSON *quiz = cJSON_GetObjectItemCaseSensitive(doc, "quiz_attached");
		const char *prog = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(doc,
											 "programme"));
		out->sealed = strdup(cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(doc,
											     "sealed")));
		snprintf(out->key_id, sizeof out->key_id, "%s",
			 cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(doc, "key_id")));
		out->quiz_attached = cJSON_IsBool(quiz) ? cJSON_IsTrue(quiz) : -1;
		if (prog && !(out->programme = strdup(prog)))
			return fail(out, 500, "out of memory");
		if (!out->body || !out->sealed)
			return fail(out, 500, "out of memory");
		return 0;
	}
	out->answers = cJSON_PrintUnformatted(cJSON_GetObjectItemCaseSensitive(doc, "answers"));
	if (!out->body || !out->answers)
		return fail(out, 500, "out of memory");
	return 0;
}

int rcheck_body(const char *body, size_t len, const char *idem_key, struct rcheck *out)
{
	memset(out, 0, sizeof *out);
	if (!rcheck_utf8(body, len))
		return fail(out, 400, "the body is not UTF-8 text");
	cJSON *doc = cJSON_ParseWithLength(body, len);
	if (!doc)
		return fail(out, 400, "the body is not valid JSON");
	if (!cJSON_IsObject(doc))
		fail(out, 400, "the body must be a JSON object");
	else if (!canonical(doc))
		fail(out, 400, "the body repeats a key in one object");
	else if (!check_fields(doc, out)) {
		if (idem_key && strcasecmp(idem_key, out->id) != 0)
			fail(out, 400, "the Idempotency-Key header differs from \"id\"");
		else
			fill(doc, out);
	}
	cJSON_Delete(doc);
	return out->status;
}

void rcheck_free(struct rcheck *c)
{
	for (int i = 0; i < 6; i++)
		free(c->fields[i]);
	if (c->body)
		explicit_bzero(c->body, strlen(c->body));	/* personal data */
	if (c->answers)
		explicit_bzero(c->answers, strlen(c->answers));
	free(c->body);
	free(c->answers);
	free(c->sealed);
	free(c->programme);
	memset(c, 0, sizeof *c);
}

struct rlead rcheck_lead(const struct rcheck *c)
{
	return (struct rlead){
		.id = c->id,
		.created_at = c->fields[0],
		.device = c->fields[1],
		.event = c->fields[2],
		.app_version = c->fields[3],
		.content_version = c->fields[4],
		.lang = c->fields[5],
		.answers = c->answers,
		.body = c->body,
		.schema = c->schema ? c->schema : 1,
		.sealed = c->sealed,
		.key_id = c->schema == 2 ? c->key_id : NULL,
		.programme = c->programme,
		.quiz_attached = c->schema == 2 ? c->quiz_attached : -1,
		.clock_synced = c->clock_synced,
	};
}
