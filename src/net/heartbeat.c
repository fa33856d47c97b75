/*
 * heartbeat.c: the status report's body and URL (heartbeat.h).
 */
#include "net/heartbeat.h"

#include <cjson/cJSON.h>

#include <stdio.h>
#include <string.h>
#include <time.h>

/* unix ms as 2026-03-03T10:15:02.123Z (with_ms) or ...:02Z. */
static void iso(int64_t ms, bool with_ms, char out[32])
{
	time_t t = (time_t)(ms / 1000);
	struct tm tm;
	gmtime_r(&t, &tm);
	size_t k = strftime(out, 32, "%Y-%m-%dT%H:%M:%S", &tm);
	if (with_ms)
		snprintf(out + k, 32 - k, ".%03dZ", (int)(ms % 1000));
	else
		snprintf(out + k, 32 - k, "Z");
}

static void text(cJSON *o, const char *key, const char *v)
{
	if (v && *v)
		cJSON_AddStringToObject(o, key, v);
	else
		cJSON_AddNullToObject(o, key);
}

char *heartbeat_body(const struct heartbeat *h)
{
	cJSON *o = cJSON_CreateObject();
	if (!o)
		return NULL;
	char when[32];
	cJSON_AddNumberToObject(o, "schema", 1);
	text(o, "device", h->device);
	text(o, "app_version", h->app_version);
	text(o, "content_version", h->content_version);
	text(o, "content_refused", h->content_refused);
	cJSON_AddNumberToObject(o, "queued", (double)h->queued);
	cJSON_AddNumberToObject(o, "rejected", (double)h->rejected);
	if (h->last_upload_ms > 0) {
		iso(h->last_upload_ms, false, when);
		cJSON_AddStringToObject(o, "last_upload", when);
	} else {
		cJSON_AddNullToObject(o, "last_upload");
	}
	text(o, "last_error", h->last_error);
	if (h->free_disk_mb >= 0)
		cJSON_AddNumberToObject(o, "free_disk_mb", (double)h->free_disk_mb);
	else
		cJSON_AddNullToObject(o, "free_disk_mb");
	iso(h->clock_ms, true, when);
	cJSON_AddStringToObject(o, "clock", when);
	if (h->clock_synced >= 0)
		cJSON_AddBoolToObject(o, "clock_synced", h->clock_synced);
	else
		cJSON_AddNullToObject(o, "clock_synced");
	cJSON *counts = cJSON_AddArrayToObject(o, "counts");
	for (size_t i = 0; counts && i < h->ncounts; i++) {
		const struct store_tally *t = &h->counts[i];
		cJSON *c = cJSON_CreateObject();
		if (!c || !cJSON_AddItemToArray(counts, c)) {
			cJSON_Delete(c);
			counts = NULL;
			break;
		}
		cJSON_AddStringToObject(c, "event", t->event ? t->event : "");
		cJSON_AddStringToObject(c, "hour", t->hour);
		cJSON_AddStringToObject(c, "name", t->name);
		cJSON_AddStringToObject(c, "item", t->item ? t->item : "");
		cJSON_AddNumberToObject(c, "n", (double)t->n);
	}
	char *s = counts ? cJSON_PrintUnformatted(o) : NULL;
	cJSON_Delete(o);
	return s;
}

bool heartbeat_answer_ok(long status, const char *body, size_t len)
{
	if ((status != 200 && status != 201) || !body || !len)
		return false;
	cJSON *o = cJSON_ParseWithLength(body, len);
	const char *s = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(o, "status"));
	bool ok = cJSON_IsObject(o) && s && !strcmp(s, "ok");
	cJSON_Delete(o);
	return ok;
}

bool heartbeat_url(const char *upload_url, char *out, size_t n)
{
	const char *scheme = strstr(upload_url, "://");
	if (!scheme)
		return false;
	const char *host = scheme + 3;
	size_t end = strcspn(upload_url, "?#");
	const char *path = memchr(host, '/', (size_t)(upload_url + end - host));
	if (!path)
		return false;
	const char *last = path;
	for (const char *p = path; p < upload_url + end; p++)
		if (*p == '/')
			last = p;
	int k = snprintf(out, n, "%.*sstatus", (int)(last + 1 - upload_url), upload_url);
	return k > 0 && (size_t)k < n;
}
