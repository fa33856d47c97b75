/*
 * receiver_csv.c: `carekiosk-receiver --export-csv`: every stored lead as
 * one CSV row, answers spread over one column per key (receiver_check.h).
 * Sealed leads (schema 2) are opened here, with the office key, and only
 * here: the database keeps them sealed.
 */
#include "receiver_check.h"

#include "store/seal.h"

#include <cjson/cJSON.h>
#include <stdio.h>

#include <stdlib.h>
#include <string.h>

struct keys {
	char **v;
	size_t n, cap;
	bool nomem;
};

static void add_key(struct keys *k, const char *key)
{
	for (size_t i = 0; i < k->n; i++)
		if (!strcmp(k->v[i], key))
			return;
	if (k->n == k->cap) {
		size_t cap = k->cap ? 2 * k->cap : 16;
		char **p = realloc(k->v, cap * sizeof *p);
		if (!p) {
			k->nomem = true;
			return;
		}
		k->v = p;
		k->cap = cap;
	}
	if (!(k->v[k->n] = strdup(key)))
		k->nomem = true;
	else
		k->n++;
}

struct opener {
	const struct seal_office *key;
	long failed, sealed;
	bool quiet;		/* the second pass: failures were told already */
};

/* The lead's answers as text: as stored, or opened (*owned then holds
 * them: seal_wipe_free() it). NULL when a sealed lead does not open. */
static const char *answers_of(struct opener *o, const struct rlead *l, char **owned)
{
	*owned = NULL;
	if (!l->sealed)
		return l->answers;
	o->sealed++;
	if (!o->key)
		return NULL;
	enum seal_err e = seal_open_lead(o->key, l->key_id, l->id, l->sealed, owned);
	if (e == SEAL_OK)
		return *owned;
	o->failed++;
	if (!o->quiet && e == SEAL_WRONG_KEY)
		fprintf(stderr, "carekiosk-receiver: lead %s: sealed to the office key %s, not to "
				"this key (%s); it was left out\n", l->id, l->key_id,
			seal_office_key_id(o->key));
	else if (!o->quiet)
		fprintf(stderr, "carekiosk-receiver: lead %s: %s; it was left out\n", l->id,
			seal_strerror(e));
	return NULL;
}

struct collect_ctx {
	struct keys k;
	struct opener o;
};

static int collect(void *ctx, const struct rlead *l)
{
	struct collect_ctx *c = ctx;
	char *owned;
	const char *text = answers_of(&c->o, l, &owned);
	cJSON *a = text ? cJSON_Parse(text) : NULL;
	for (cJSON *i = a ? a->child : NULL; i; i = i->next)
		add_key(&c->k, i->string);
	seal_wipe_json(a);
	cJSON_Delete(a);
	seal_wipe_free(owned);
	return 0;
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* One cell; text a spreadsheet would treat as a formula gets a '. */
void rcheck_csv_cell(FILE *f, const char *s, bool text, bool first)
{
	if (!first)
		fputc(',', f);
	if (!s)
		return;
	fputc('"', f);
	if (text && strchr("=+-@\t\r", s[0]) && s[0])
		fputc('\'', f);
	for (; *s; s++) {
		if (*s == '"')
			fputc('"', f);
		fputc(*s, f);
	}
	fputc('"', f);
}

struct row_ctx {
	FILE *f;
	const struct keys *k;
	struct opener *o;
};

static int row(void *ctx, const struct rlead *l)
{
	struct row_ctx *r = ctx;
	char *owned;
	const char *text = answers_of(r->o, l, &owned);
	if (!text)
		return 0;	/* named in the first pass */
	const char *clock = l->clock_synced < 0 ? NULL : l->clock_synced ? "yes" : "no";
	const char *fixed[] = {l->id, l->created_at, l->received_at, l->device, l->event,
			       l->app_version, l->content_version, l->lang, clock};
	for (size_t i = 0; i < sizeof fixed / sizeof fixed[0]; i++)
		rcheck_csv_cell(r->f, fixed[i], true, i == 0);
	cJSON *a = cJSON_Parse(text);
	for (size_t i = 0; i < r->k->n; i++) {
		const cJSON *v = cJSON_GetObjectItemCaseSensitive(a, r->k->v[i]);
		if (cJSON_IsString(v)) {
			rcheck_csv_cell(r->f, v->valuestring, true, false);
		} else if (v && !cJSON_IsNull(v)) {
			char *j = cJSON_PrintUnformatted(v);
			rcheck_csv_cell(r->f, j ? j : "", false, false);
			if (j)
				explicit_bzero(j, strlen(j));
			free(j);
		} else {
			rcheck_csv_cell(r->f, NULL, false, false);
		}
	}
	seal_wipe_json(a);	/* cJSON copied the answers */
	cJSON_Delete(a);
	seal_wipe_free(owned);
	fputs("\r\n", r->f);
	return 0;
}

int rcheck_export_csv(struct rstore *s, FILE *f, const struct seal_office *key, long *failed,
		      char *err, size_t n)
{
	struct collect_ctx c = {.o = {.key = key}};
	struct keys *k = &c.k;
	int rc = s->ops->each(s, collect, &c, err, n);
	if (failed)
		*failed = c.o.failed;
	if (!rc && k->nomem) {
		snprintf(err, n, "out of memory");
		rc = -1;
	}
	if (!rc && c.o.sealed && !key) {
		snprintf(err, n, "%ld lead%s sealed: give the office key with --key FILE",
			 c.o.sealed, c.o.sealed == 1 ? " is" : "s are");
		rc = -1;
	}
	if (!rc) {
		qsort(k->v, k->n, sizeof *k->v, cmp_str);
		static const char *const head[] = {"id", "created_at", "received_at", "device",
						   "event", "app_version", "content_version", "lang",
						   "clock_synced"};
		for (size_t i = 0; i < sizeof head / sizeof head[0]; i++)
			rcheck_csv_cell(f, head[i], false, i == 0);
		for (size_t i = 0; i < k->n; i++)
			rcheck_csv_cell(f, k->v[i], true, false);
		fputs("\r\n", f);
		c.o.quiet = true;
		struct row_ctx r = {f, k, &c.o};
		rc = s->ops->each(s, row, &r, err, n);
	}
	if (!rc && (fflush(f) || ferror(f))) {
		snprintf(err, n, "cannot write the CSV file");
		rc = -1;
	}
	for (size_t i = 0; i < k->n; i++)
		free(k->v[i]);
	free(k->v);
	return rc;
}
