/*
 * receiver_status.c: checking a kiosk's heartbeat, and the kiosks table.
 */
#include "receiver_status.h"

#include "receiver_check.h"

#include <cjson/cJSON.h>

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* Puts s into out->buf; the copy, or NULL when there is no room. */
static const char *keep(struct rstatus_in *out, size_t *used, const char *s)
{
	size_t k = strlen(s) + 1;
	if (*used + k > sizeof out->buf)
		return NULL;
	char *p = out->buf + *used;
	memcpy(p, s, k);
	*used += k;
	return p;
}

/* "2026-03-03T10:15:02Z" or with .123 before the Z: unix seconds, or -1. */
static double parse_utc(const char *s)
{
	struct tm tm = {0};
	int ms = 0, used = 0;
	if (sscanf(s, "%4d-%2d-%2dT%2d:%2d:%2d%n", &tm.tm_year, &tm.tm_mon, &tm.tm_mday,
		   &tm.tm_hour, &tm.tm_min, &tm.tm_sec, &used) != 6)
		return -1;
	s += used;
	if (*s == '.') {
		if (sscanf(s, ".%3d%n", &ms, &used) != 1)
			return -1;
		s += used;
	}
	if (strcmp(s, "Z"))
		return -1;
	tm.tm_year -= 1900;
	tm.tm_mon -= 1;
	return (double)timegm(&tm) + ms / 1000.0;
}

struct field {
	const char *key;
	int slot;
	char kind;	/* s text, w one line of words (no control characters),
			 * i count (>= 0), t date-time, b true/false */
	size_t max;
	bool required;
};

static const struct field fields[] = {
	{"device", RS_DEVICE, 's', 200, false},
	{"app_version", RS_APP_VERSION, 's', 200, false},
	{"content_version", RS_CONTENT_VERSION, 's', 200, false},
	{"queued", RS_QUEUED, 'i', 0, false},
	{"rejected", RS_REJECTED, 'i', 0, false},
	{"last_upload", RS_LAST_UPLOAD, 't', 40, false},
	{"last_error", RS_LAST_ERROR, 's', 300, false},
	{"free_disk_mb", RS_FREE_DISK_MB, 'i', 0, false},
	{"clock", RS_CLOCK, 't', 40, true},
	{"clock_synced", RS_CLOCK_SYNCED, 'b', 0, false},
	{"content_refused", RS_CONTENT_REFUSED, 'w', 300, false},
};

/* No control character (a line break, an escape sequence for a terminal):
 * words a kiosk wrote, shown by `kiosks` and the office page. */
static bool one_line(const char *s)
{
	for (; *s; s++)
		if ((unsigned char)*s < 0x20 || *s == 0x7f)
			return false;
	return true;
}

/* One field into out; 0, or 422 with err filled. */
static int take(const cJSON *o, const struct field *f, struct rstatus_in *out, size_t *used,
		char *err, size_t n)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, f->key);
	char num[32];
	const char *text = NULL;
	if (!v || cJSON_IsNull(v)) {
		if (!f->required)
			return 0;
	} else if ((f->kind == 's' || f->kind == 'w' || f->kind == 't') && cJSON_IsString(v) &&
		   strlen(v->valuestring) <= f->max &&
		   (f->kind == 's' || (f->kind == 'w' ? one_line(v->valuestring)
						     : parse_utc(v->valuestring) >= 0))) {
		text = v->valuestring;
	} else if (f->kind == 'i' && cJSON_IsNumber(v) && v->valuedouble >= 0 &&
		   v->valuedouble < 1e15 && v->valuedouble == (double)(long long)v->valuedouble) {
		snprintf(num, sizeof num, "%lld", (long long)v->valuedouble);
		text = num;
	} else if (f->kind == 'b' && cJSON_IsBool(v)) {
		text = cJSON_IsTrue(v) ? "1" : "0";
	}
	if (!text || !(out->st.v[f->slot] = keep(out, used, text))) {
		static const char *const want[] = {['s'] = "a string",
						   ['w'] = "one line of text",
						   ['i'] = "a whole number >= 0",
						   ['t'] = "a UTC date-time like 2026-03-03T10:15:02Z",
						   ['b'] = "true or false"};
		snprintf(err, n, "\"%s\" must be %s%s", f->key, want[(int)f->kind],
			 f->required ? "" : " or null");
		return 422;
	}
	return 0;
}

void rstatus_in_free(struct rstatus_in *in)
{
	free((char *)in->st.counts);
	in->st.counts = NULL;
}

static bool hour_ok(const char *h)
{
	static const char shape[] = "dddd-dd-ddTdd";
	if (strlen(h) != sizeof shape - 1)
		return false;
	for (size_t i = 0; i < sizeof shape - 1; i++)
		if (shape[i] == 'd' ? !isdigit((unsigned char)h[i]) : h[i] != shape[i])
			return false;
	return true;
}

/* One count, checked, copied into to; false if it is not one. */
static bool take_count(const cJSON *c, cJSON *to)
{
	static const struct {
		const char *key;
		size_t min, max;
	} text[] = {{"event", 0, 255}, {"hour", 13, 13}, {"name", 1, 32}, {"item", 0, 64}};
	cJSON *o = cJSON_CreateObject();
	if (!o || !cJSON_AddItemToArray(to, o)) {
		cJSON_Delete(o);
		return false;
	}
	for (size_t i = 0; i < sizeof text / sizeof text[0]; i++) {
		const char *s = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(c, text[i].key));
		if (!s || strlen(s) < text[i].min || strlen(s) > text[i].max ||
		    !rcheck_utf8(s, strlen(s)) || (i == 1 && !hour_ok(s)) ||
		    !cJSON_AddStringToObject(o, text[i].key, s))
			return false;
	}
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(c, "n");
	return cJSON_IsNumber(v) && v->valuedouble >= 0 && v->valuedouble < 1e15 &&
	       v->valuedouble == (double)(long long)v->valuedouble &&
	       cJSON_AddNumberToObject(o, "n", v->valuedouble);
}

static bool same_count(const cJSON *a, const cJSON *b)
{
	static const char *const keys[] = {"event", "hour", "name", "item"};
	for (int i = 0; i < 4; i++)
		if (strcmp(cJSON_GetObjectItemCaseSensitive(a, keys[i])->valuestring,
			   cJSON_GetObjectItemCaseSensitive(b, keys[i])->valuestring))
			return false;
	return true;
}

/* "counts" into out->st.counts (checked, only the keys it knows); 0 or
 * 422 with err filled. */
static int take_counts(const cJSON *o, struct rstatus_in *out, char *err, size_t n)
{
	const cJSON *counts = cJSON_GetObjectItemCaseSensitive(o, "counts");
	if (!counts || cJSON_IsNull(counts))
		return 0;
	if (!cJSON_IsArray(counts) || cJSON_GetArraySize(counts) > RSTATUS_COUNTS_MAX) {
		snprintf(err, n, "\"counts\" must be an array of at most %d counts",
			 RSTATUS_COUNTS_MAX);
		return 422;
	}
	cJSON *to = cJSON_CreateArray();
	const cJSON *c;
	int i = 0;
	cJSON_ArrayForEach(c, counts) {
		if (!to || !take_count(c, to)) {
			snprintf(err, n, "count %d must have \"event\", \"hour\" (like 2026-03-03T10),"
				 " \"name\", \"item\" and \"n\" (a whole number >= 0)", i + 1);
			cJSON_Delete(to);
			return 422;
		}
		i++;
	}
	for (int a = 0; a < i; a++)
		for (int b = a + 1; b < i; b++)
			if (same_count(cJSON_GetArrayItem(to, a), cJSON_GetArrayItem(to, b))) {
				snprintf(err, n, "counts %d and %d are for the same event, hour, name"
					 " and item", a + 1, b + 1);
				cJSON_Delete(to);
				return 422;
			}
	out->st.counts = cJSON_PrintUnformatted(to);
	cJSON_Delete(to);
	if (!out->st.counts) {
		snprintf(err, n, "out of memory");
		return 422;
	}
	return 0;
}

int rstatus_check(const char *body, size_t len, const char *kiosk, struct rstatus_in *out,
		  char *err, size_t n)
{
	memset(out, 0, sizeof *out);
	if (!rcheck_utf8(body, len)) {
		snprintf(err, n, "the body is not UTF-8");
		return 400;
	}
	cJSON *o = cJSON_ParseWithLength(body, len);
	if (!cJSON_IsObject(o)) {
		cJSON_Delete(o);
		snprintf(err, n, "the body is not valid JSON: a status report is a JSON object");
		return 400;
	}
	size_t used = 0;
	int status = 0;
	for (size_t i = 0; i < sizeof fields / sizeof fields[0] && !status; i++)
		status = take(o, &fields[i], out, &used, err, n);
	if (!status)
		status = take_counts(o, out, err, n);
	cJSON_Delete(o);
	if (status)
		return status;
	char now[32], offset[32];
	rstore_now_utc(now);
	snprintf(offset, sizeof offset, "%.1f", parse_utc(out->st.v[RS_CLOCK]) - parse_utc(now));
	/* A --token-file token names no kiosk: the device name does. */
	out->st.v[RS_KIOSK] = kiosk[0]		      ? keep(out, &used, kiosk)
			      : out->st.v[RS_DEVICE] ? out->st.v[RS_DEVICE]
						     : keep(out, &used, "unnamed");
	out->st.v[RS_SEEN_AT] = keep(out, &used, now);
	out->st.v[RS_CLOCK_OFFSET_S] = keep(out, &used, offset);
	if (!out->st.v[RS_KIOSK] || !out->st.v[RS_SEEN_AT] || !out->st.v[RS_CLOCK_OFFSET_S]) {
		snprintf(err, n, "the status report is too large");
		return 422;
	}
	return 0;
}

void rstatus_path(const char *leads_path, char *out, size_t n)
{
	const char *slash = strrchr(leads_path, '/');
	if (!slash)
		snprintf(out, n, "/status");
	else
		snprintf(out, n, "%.*sstatus", (int)(slash + 1 - leads_path), leads_path);
}

static const char *or_dash(const char *s)
{
	return s && *s ? s : "-";
}

static int row(void *ctx, const struct rstatus *k)
{
	(void)ctx;
	const char *const *v = k->v;
	char clock[48], versions[96];
	const char *sync = !v[RS_CLOCK_SYNCED] ? "" : !strcmp(v[RS_CLOCK_SYNCED], "1") ? " synced"
											 : " NOT synced";
	snprintf(clock, sizeof clock, "%+.0fs%s", v[RS_CLOCK_OFFSET_S] ? atof(v[RS_CLOCK_OFFSET_S]) : 0,
		 sync);
	snprintf(versions, sizeof versions, "%s/%s", or_dash(v[RS_APP_VERSION]),
		 or_dash(v[RS_CONTENT_VERSION]));
	printf("%-20s %-24s %7s %-22s %-16s %-20s %s\n", v[RS_KIOSK], v[RS_SEEN_AT],
	       or_dash(v[RS_QUEUED]), versions, clock, or_dash(v[RS_LAST_UPLOAD]),
	       or_dash(v[RS_LAST_ERROR]));
	if (v[RS_CONTENT_REFUSED] && *v[RS_CONTENT_REFUSED])
		printf("%-20s content refused: %s\n", "", v[RS_CONTENT_REFUSED]);
	return 0;
}

int rstatus_cmd(int argc, char **argv)
{
	if (argc != 3 || strcmp(argv[1], "--db")) {
		fprintf(stderr, "usage: carekiosk-receiver kiosks --db FILE|URI\n"
				"  the latest status report of every kiosk: name, last seen (UTC),\n"
				"  leads waiting, app/content versions, clock offset (kiosk minus\n"
				"  receiver) and whether it is synchronised, last upload, last error;\n"
				"  under a kiosk, why it last refused new content, if it did\n");
		return 2;
	}
	char err[300];
	struct rstore *s = rstore_open(argv[2], NULL, err, sizeof err);
	if (!s) {
		fprintf(stderr, "carekiosk-receiver: %s\n", err);
		return 1;
	}
	printf("%-20s %-24s %7s %-22s %-16s %-20s %s\n", "KIOSK", "LAST SEEN", "WAITING",
	       "APP/CONTENT", "CLOCK", "LAST UPLOAD", "LAST ERROR");
	int rc = s->ops->status_each(s, row, NULL, err, sizeof err);
	if (rc)
		fprintf(stderr, "carekiosk-receiver: %s\n", err);
	s->ops->close(s);
	return rc ? 1 : 0;
}
