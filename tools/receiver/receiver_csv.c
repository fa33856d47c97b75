/*
 * receiver_csv.c: `carekiosk-receiver --export-csv`: every stored lead as
 * one CSV row, answers spread over one column per key (receiver_check.h).
 */
#include "receiver_check.h"

#include <cjson/cJSON.h>

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

static int collect(void *ctx, const struct rlead *l)
{
	cJSON *a = cJSON_Parse(l->answers);
	for (cJSON *c = a ? a->child : NULL; c; c = c->next)
		add_key(ctx, c->string);
	cJSON_Delete(a);
	return 0;
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* One cell; text a spreadsheet would treat as a formula gets a '. */
static void cell(FILE *f, const char *s, bool text, bool first)
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
};

static int row(void *ctx, const struct rlead *l)
{
	struct row_ctx *r = ctx;
	const char *fixed[] = {l->id, l->created_at, l->received_at, l->device, l->event,
			       l->app_version, l->content_version, l->lang};
	for (size_t i = 0; i < sizeof fixed / sizeof fixed[0]; i++)
		cell(r->f, fixed[i], true, i == 0);
	cJSON *a = cJSON_Parse(l->answers);
	for (size_t i = 0; i < r->k->n; i++) {
		const cJSON *v = cJSON_GetObjectItemCaseSensitive(a, r->k->v[i]);
		if (cJSON_IsString(v)) {
			cell(r->f, v->valuestring, true, false);
		} else if (v && !cJSON_IsNull(v)) {
			char *j = cJSON_PrintUnformatted(v);
			cell(r->f, j ? j : "", false, false);
			free(j);
		} else {
			cell(r->f, NULL, false, false);
		}
	}
	cJSON_Delete(a);
	fputs("\r\n", r->f);
	return 0;
}

int rcheck_export_csv(struct rstore *s, FILE *f, char *err, size_t n)
{
	struct keys k = {0};
	int rc = s->ops->each(s, collect, &k, err, n);
	if (!rc && k.nomem) {
		snprintf(err, n, "out of memory");
		rc = -1;
	}
	if (!rc) {
		qsort(k.v, k.n, sizeof *k.v, cmp_str);
		static const char *const head[] = {"id", "created_at", "received_at", "device",
						   "event", "app_version", "content_version", "lang"};
		for (size_t i = 0; i < sizeof head / sizeof head[0]; i++)
			cell(f, head[i], false, i == 0);
		for (size_t i = 0; i < k.n; i++)
			cell(f, k.v[i], true, false);
		fputs("\r\n", f);
		struct row_ctx r = {f, &k};
		rc = s->ops->each(s, row, &r, err, n);
	}
	if (!rc && (fflush(f) || ferror(f))) {
		snprintf(err, n, "cannot write the CSV file");
		rc = -1;
	}
	for (size_t i = 0; i < k.n; i++)
		free(k.v[i]);
	free(k.v);
	return rc;
}
