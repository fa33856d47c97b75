/*
 * export.c: leads as CSV and JSON files, and onto a USB drive. See export.h.
 */
#include "store/export.h"
#include "util/grow.h"

#include <cjson/cJSON.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

/* The lead's own columns, then one per answer the form gives, then "other". */
static const char *const lead_cols[] = {"id", "created_at", "clock_synced", "event", "device",
					"status"};
#define NLEAD (sizeof lead_cols / sizeof lead_cols[0])
static const char *const answer_cols[] = {
	"first_name", "last_name", "phone", "email", "postcode", "roles",
	"availability", "drives", "benefits", "heard_from", "contact_time",
	"consent_contact", "consent_share", "share_partners", "include_quiz", "quiz_summary",
};
#define NANSWERS (sizeof answer_cols / sizeof answer_cols[0])
_Static_assert(NLEAD + NANSWERS + 1 == EXPORT_NCOLS, "EXPORT_NCOLS counts every column");

static const char *const err_text[EXPORT_ERR_COUNT] = {
	[EXPORT_OK] = "no error",
	[EXPORT_EMPTY] = "there are no leads to export",
	[EXPORT_NO_DRIVE] = "no USB drive found",
	[EXPORT_WRITE] = "cannot write the file",
	[EXPORT_STORE] = "cannot read the leads database",
	[EXPORT_NOMEM] = "out of memory",
	[EXPORT_INVALID] = "invalid argument",
	[EXPORT_SEALED] = "the leads are sealed: a CSV cannot hold them (export JSON, and open it "
			  "at the office with kioskctl decrypt)",
};

const char *export_strerror(enum export_err err)
{
	if ((unsigned)err >= EXPORT_ERR_COUNT)
		return "unknown export error";
	return err_text[err];
}

/* ---- CSV ---- */

int export_csv_field(FILE *f, const char *s)
{
	if (!s)
		s = "";
	bool guard = strchr("=+-@\t\r", s[0]) && s[0] != '\0';
	bool quote = strpbrk(s, ",\"\r\n") != NULL;
	if (quote && fputc('"', f) == EOF)
		return -1;
	if (guard && fputc('\'', f) == EOF)
		return -1;
	for (const char *p = s; *p; p++) {
		if (*p == '"' && fputc('"', f) == EOF)
			return -1;
		if (fputc(*p, f) == EOF)
			return -1;
	}
	if (quote && fputc('"', f) == EOF)
		return -1;
	return 0;
}

/* Fields are separated by commas and rows end in CRLF (RFC 4180). */
static int csv_sep(FILE *f, bool last)
{
	return fputs(last ? "\r\n" : ",", f) == EOF ? -1 : 0;
}

const char *export_column_id(size_t i)
{
	return i < NLEAD ? lead_cols[i] : i < NLEAD + NANSWERS ? answer_cols[i - NLEAD]
			 : i == EXPORT_NCOLS - 1 ? "other" : NULL;
}

void export_labels_from(struct export_labels *l, const char *(*find)(void *ctx, const char *key),
			void *ctx)
{
	char key[64];
	for (size_t i = 0; i < EXPORT_NCOLS; i++) {
		snprintf(key, sizeof key, "export.col.%s", export_column_id(i));
		l->col[i] = find ? find(ctx, key) : NULL;
	}
}

int export_csv_header(FILE *f, const struct export_labels *labels)
{
	if (fputs("\xEF\xBB\xBF", f) == EOF)
		return -1;
	for (size_t i = 0; i < EXPORT_NCOLS; i++) {
		const char *label = labels && labels->col[i] && labels->col[i][0]
					    ? labels->col[i] : export_column_id(i);
		if (export_csv_field(f, label) || csv_sep(f, i == EXPORT_NCOLS - 1))
			return -1;
	}
	return 0;
}

/* A growing string; on out of memory it sets failed and stops growing. */
struct sbuf {
	char *s;
	size_t n, cap;
	bool failed;
};

static void sb_add(struct sbuf *b, const char *s, size_t len)
{
	if (b->failed)
		return;
	if (b->n + len + 1 > b->cap) {
		size_t cap = b->cap ? b->cap : 64;
		while (cap < b->n + len + 1)
			cap *= 2;
		char *p = realloc(b->s, cap);
		if (!p) {
			b->failed = true;
			return;
		}
		b->s = p;
		b->cap = cap;
	}
	memcpy(b->s + b->n, s, len);
	b->n += len;
	b->s[b->n] = '\0';
}

static void sb_str(struct sbuf *b, const char *s)
{
	sb_add(b, s, strlen(s));
}

/* An answer as cell text: lists joined with "; ", objects as "key: value".
 * A text answer in column col shows the caller's words for it, if any. */
static void cell_text(const cJSON *v, struct sbuf *b, const char *col,
		      const struct export_labels *labels)
{
	if (cJSON_IsString(v)) {
		const char *w = col && labels && labels->word
					? labels->word(labels->word_ctx, col, v->valuestring) : NULL;
		sb_str(b, w ? w : v->valuestring);
	} else if (cJSON_IsBool(v)) {
		sb_str(b, cJSON_IsTrue(v) ? "yes" : "no");
	} else if (cJSON_IsNumber(v)) {
		char *num = cJSON_PrintUnformatted(v);
		if (!num)
			b->failed = true;
		else
			sb_str(b, num);
		free(num);
	} else if (cJSON_IsArray(v) || cJSON_IsObject(v)) {
		bool first = true;
		for (const cJSON *c = v->child; c; c = c->next, first = false) {
			if (!first)
				sb_str(b, "; ");
			if (cJSON_IsObject(v) && c->string) {
				sb_str(b, c->string);
				sb_str(b, ": ");
			}
			cell_text(c, b, col, labels);
		}
	}
	/* null and anything else: an empty cell */
}

static bool is_answer_col(const char *key)
{
	for (size_t i = 0; i < NANSWERS; i++)
		if (!strcmp(key, answer_cols[i]))
			return true;
	return false;
}

/* Answers whose keys have no column of their own, as "key: value; ...". */
static void other_text(const cJSON *answers, struct sbuf *b)
{
	bool first = true;
	for (const cJSON *c = answers ? answers->child : NULL; c; c = c->next) {
		if (!c->string || is_answer_col(c->string))
			continue;
		if (!first)
			sb_str(b, "; ");
		first = false;
		sb_str(b, c->string);
		sb_str(b, ": ");
		cell_text(c, b, NULL, NULL);
	}
}

static int answer_cells(FILE *f, const cJSON *answers, const struct export_labels *labels)
{
	struct sbuf b = {0};
	int rc = 0;
	for (size_t i = 0; i <= NANSWERS && !rc; i++) {
		b.n = 0;
		sb_str(&b, "");
		if (i < NANSWERS)
			cell_text(cJSON_GetObjectItemCaseSensitive(answers, answer_cols[i]), &b,
				  answer_cols[i], labels);
		else
			other_text(answers, &b);
		if (b.failed)
			rc = -2;
		else if (export_csv_field(f, b.s) || csv_sep(f, i == NANSWERS))
			rc = -1;
	}
	free(b.s);
	return rc;
}

int export_csv_lead(FILE *f, const struct store_lead *lead, const struct export_labels *labels)
{
	if (lead->sealed && !lead->answers_json)
		return -3;	/* nothing to put in the answer columns */
	/* Was the kiosk's clock synchronised: "" when not known. */
	const char *synced = lead->clock == STORE_CLOCK_UNKNOWN ? NULL
			     : lead->clock == STORE_CLOCK_SYNCED ? "yes" : "no";
	const char *cols[] = {lead->id,	    lead->created_at, synced,
			      lead->event, lead->device,     lead->status};
	for (size_t i = 0; i < sizeof cols / sizeof cols[0]; i++)
		if (export_csv_field(f, cols[i]) || csv_sep(f, false))
			return -1;
	/* store_add_lead() only takes objects; anything else is empty cells. */
	cJSON *answers = cJSON_Parse(lead->answers_json ? lead->answers_json : "{}");
	int rc = answer_cells(f, cJSON_IsObject(answers) ? answers : NULL, labels);
	cJSON_Delete(answers);
	return rc;
}

/* ---- JSON ---- */

static bool add_text(cJSON *o, const char *key, const char *v)
{
	return (v ? cJSON_AddStringToObject(o, key, v) : cJSON_AddNullToObject(o, key)) != NULL;
}

int export_json_lead(FILE *f, const struct store_lead *lead)
{
	const struct {
		const char *key, *val;
	} fields[] = {
		{"id", lead->id}, {"created_at", lead->created_at}, {"event", lead->event},
		{"device", lead->device}, {"app_version", lead->app_version},
		{"content_version", lead->content_version}, {"lang", lead->lang},
		{"status", lead->status}, {"sent_at", lead->sent_at},
		{"exported_at", lead->exported_at}, {"programme", lead->programme},
	};
	int rc = -2;
	char *text = NULL;
	cJSON *o = cJSON_CreateObject();
	if (!o)
		goto out;
	for (size_t i = 0; i < sizeof fields / sizeof fields[0]; i++)
		if (!add_text(o, fields[i].key, fields[i].val))
			goto out;
	if (!(lead->clock == STORE_CLOCK_UNKNOWN
		      ? cJSON_AddNullToObject(o, "clock_synced")
		      : cJSON_AddBoolToObject(o, "clock_synced", lead->clock == STORE_CLOCK_SYNCED)))
		goto out;
	if (lead->sealed && !lead->answers_json) {
		if (!(lead->quiz_attached < 0 ? cJSON_AddNullToObject(o, "quiz_attached")
					      : cJSON_AddBoolToObject(o, "quiz_attached",
								      lead->quiz_attached)) ||
		    !add_text(o, "key_id", lead->key_id) || !add_text(o, "sealed", lead->sealed))
			goto out;
	} else {
		cJSON *answers = cJSON_Parse(lead->answers_json ? lead->answers_json : "{}");
		if (!answers)
			answers = cJSON_CreateObject();	/* never stored that way: add_lead checks */
		if (!answers || !cJSON_AddItemToObject(o, "answers", answers)) {
			cJSON_Delete(answers);
			goto out;
		}
	}
	if (!(text = cJSON_Print(o)))
		goto out;
	rc = fputs(text, f) == EOF ? -1 : 0;
out:
	free(text);
	cJSON_Delete(o);
	return rc;
}

static char *dup_str(const cJSON *o, const char *key, bool *ok)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, key);
	if (!cJSON_IsString(v))
		return NULL;
	char *d = strdup(v->valuestring);
	if (!d)
		*ok = false;
	return d;
}

int export_json_lead_parse(const cJSON *o, struct store_lead *out, char *why, size_t n)
{
	bool ok = true;
	memset(out, 0, sizeof *out);
	const char *id = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(o, "id"));
	const cJSON *answers = cJSON_GetObjectItemCaseSensitive(o, "answers");
	const cJSON *quiz = cJSON_GetObjectItemCaseSensitive(o, "quiz_attached");
	const cJSON *clock = cJSON_GetObjectItemCaseSensitive(o, "clock_synced");
	if (!cJSON_IsObject(o) || !id || strlen(id) != STORE_ID_LEN - 1) {
		snprintf(why, n, "a lead without a valid \"id\"");
		return -1;
	}
	memcpy(out->id, id, STORE_ID_LEN);
	char **text[] = {&out->created_at, &out->event, &out->device, &out->app_version,
			 &out->content_version, &out->lang, &out->status, &out->sent_at,
			 &out->exported_at, &out->programme, &out->key_id, &out->sealed};
	static const char *const keys[] = {"created_at", "event", "device", "app_version",
					   "content_version", "lang", "status", "sent_at",
					   "exported_at", "programme", "key_id", "sealed"};
	for (size_t i = 0; i < sizeof keys / sizeof keys[0]; i++)
		*text[i] = dup_str(o, keys[i], &ok);
	out->quiz_attached = cJSON_IsBool(quiz) ? cJSON_IsTrue(quiz) : -1;
	out->clock = !cJSON_IsBool(clock) ? STORE_CLOCK_UNKNOWN
		     : cJSON_IsTrue(clock) ? STORE_CLOCK_SYNCED : STORE_CLOCK_UNSYNCED;
	if (cJSON_IsObject(answers) && !(out->answers_json = cJSON_PrintUnformatted(answers)))
		ok = false;
	if (!ok) {
		snprintf(why, n, "out of memory");
		store_lead_clear(out);
		return -1;
	}
	if (!out->answers_json && !(out->sealed && out->key_id)) {
		snprintf(why, n, "lead %s has neither \"answers\" nor \"sealed\" with \"key_id\"",
			 out->id);
		store_lead_clear(out);
		return -1;
	}
	return 0;
}

/* ---- Walking the store ---- */

void export_ids_free(struct export_ids *ids)
{
	free(ids->id);
	memset(ids, 0, sizeof *ids);
}

static int ids_add(struct export_ids *ids, const char *id)
{
	if (!grow(&ids->id, &ids->cap, ids->n, 64))
		return -1;
	snprintf(ids->id[ids->n++], STORE_ID_LEN, "%s", id);
	return 0;
}

struct walk {
	const struct export_labels *labels;
	FILE *csv, *json;
	struct export_ids *ids;
	long count;
};

/* Callback results; negative so they never clash with enum store_err. */
enum { WALK_WRITE = -1, WALK_NOMEM = -2, WALK_SEALED = -3 };

static int walk_one(void *ctx, const struct store_lead *lead)
{
	struct walk *w = ctx;
	int rc;
	if (w->csv && (rc = export_csv_lead(w->csv, lead, w->labels)))
		return rc;
	if (w->json) {
		if (fputs(w->count ? ",\n" : "\n", w->json) == EOF)
			return WALK_WRITE;
		if ((rc = export_json_lead(w->json, lead)))
			return rc;
	}
	if (w->ids && ids_add(w->ids, lead->id))
		return WALK_NOMEM;
	w->count++;
	return 0;
}

enum export_err export_write(struct store *st, const struct store_filter *filter,
			     const struct export_labels *labels, FILE *csv, FILE *json,
			     struct export_ids *ids, long *count, enum store_err *serr)
{
	struct walk w = {labels, csv, json, ids, 0};
	enum store_err tmp;
	if (!serr)
		serr = &tmp;
	*serr = STORE_OK;
	if (count)
		*count = 0;
	if (!st)
		return EXPORT_INVALID;
	if ((csv && export_csv_header(csv, labels)) || (json && fputs("[", json) == EOF))
		return EXPORT_WRITE;
	int rc = store_foreach(st, filter, walk_one, &w);
	if (count)
		*count = w.count;
	if (rc == WALK_WRITE)
		return EXPORT_WRITE;
	if (rc == WALK_NOMEM)
		return EXPORT_NOMEM;
	if (rc == WALK_SEALED)
		return EXPORT_SEALED;
	if (rc) {
		*serr = (enum store_err)rc;
		return rc == STORE_INVALID ? EXPORT_INVALID : EXPORT_STORE;
	}
	if (json && fputs(w.count ? "\n]\n" : "]\n", json) == EOF)
		return EXPORT_WRITE;
	if ((csv && fflush(csv)) || (json && fflush(json)))
		return EXPORT_WRITE;
	return EXPORT_OK;
}
