/*
 * form.c: loads and validates kiosk-config/form.json (see form.h) and hashes the content files into a content
 * version. keyboards.json is loaded by form_kb.c.
 *
 * The character limits are what fits each box at 800x480 in the form's
 * layouts (src/scenes/form.c, thanks.c); change them together.
 */
#include "content/form.h"

#include "content/json.h"
#include "content/slurp.h"
#include "content/roles.h"

#include <dirent.h>
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

enum {
	MAX_ID = 40, MAX_OPTION = 48, MAX_PARA = 320, MAX_PARAS = 8, MAX_OPTIONS = 12,
	MAX_PARTNER = 60, MAX_PARTNERS = 6, MAX_NAME = 40, MAX_WHY = 170, MAX_NEXT = 150,
	MAX_NEXTS = 4,
};

struct ctx {
	const struct jdoc *d;
	struct diag_list *diag;
	size_t start;	/* problems before this file */
};

static bool failed(const struct ctx *c)
{
	return diag_count(c->diag) > c->start;
}

static char **copy_strings(const cJSON *arr, size_t *n)
{
	*n = 0;
	if (!arr)
		return NULL;
	size_t count = (size_t)cJSON_GetArraySize(arr);
	char **v = calloc(count ? count : 1, sizeof *v);
	const cJSON *it;
	cJSON_ArrayForEach(it, arr) {
		if (v && cJSON_IsString(it))
			v[(*n)++] = strdup(it->valuestring);
	}
	return v;
}

static void texts(struct ctx *c, const cJSON *obj, const char *key, int min, int max,
		  size_t maxlen, struct form_texts *out)
{
	out->v = copy_strings(jdoc_strings(c->d, obj, key, min, max, maxlen, c->diag), &out->n);
}

static void free_texts(struct form_texts *t)
{
	for (size_t i = 0; i < t->n; i++)
		free(t->v[i]);
	free(t->v);
	memset(t, 0, sizeof *t);
}

static bool id_ok(const char *s)
{
	if (!*s || strlen(s) > MAX_ID)
		return false;
	for (; *s; s++)
		if (!((*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9') || *s == '-'))
			return false;
	return true;
}

/* A list of {"id", "label"} objects with unique, well-formed ids. */
static void options(struct ctx *c, const cJSON *obj, const char *key, int min,
		    struct form_options *out)
{
	static const char *const keys[] = {"id", "label", NULL};
	const cJSON *arr = jdoc_array(c->d, obj, key, min, MAX_OPTIONS, c->diag);
	if (!arr)
		return;
	out->v = calloc((size_t)cJSON_GetArraySize(arr) + 1, sizeof *out->v);
	const cJSON *it;
	cJSON_ArrayForEach(it, arr) {
		int line = jdoc_line(c->d, it);
		if (!cJSON_IsObject(it)) {
			diag_add(c->diag, c->d->file, line, "each item of \"%s\" must be "
				 "{ \"id\": ..., \"label\": ... }", key);
			continue;
		}
		jdoc_known_keys(c->d, it, keys, "field", c->diag);
		const char *id = jdoc_string(c->d, it, "id", 0, true, c->diag);
		const char *label = jdoc_string(c->d, it, "label", MAX_OPTION, true, c->diag);
		if (id && !id_ok(id))
			diag_add(c->diag, c->d->file, line, "id \"%s\" must be lower-case letters, "
				 "digits and hyphens (at most %d)", id, MAX_ID);
		else if (id && out->v && form_option_find(out, id))
			diag_add(c->diag, c->d->file, line, "id \"%s\" is used twice in \"%s\"", id, key);
		else if (id && label && out->v)
			out->v[out->n++] = (struct form_option){strdup(id), strdup(label)};
	}
}

static void free_options(struct form_options *o)
{
	for (size_t i = 0; i < o->n; i++) {
		free(o->v[i].id);
		free(o->v[i].label);
	}
	free(o->v);
	memset(o, 0, sizeof *o);
}

/* Programme words by id ({"sbwa": {...}}); which ids may appear is
 * checked against programmes.json (programmes_check). */
static void programmes(struct ctx *c, const cJSON *root, struct form_content *out)
{
	static const char *const keys[] = {"name", "why", "next", NULL};
	const cJSON *obj = cJSON_GetObjectItemCaseSensitive(root, "programmes");
	if (!cJSON_IsObject(obj)) {
		diag_add(c->diag, c->d->file, jdoc_line(c->d, obj ? obj : root),
			 "\"programmes\" must be { \"step-into-care\": {...}, \"sbwa\": {...}, ... }");
		return;
	}
	out->prog = calloc((size_t)cJSON_GetArraySize(obj) + 1, sizeof *out->prog);
	const cJSON *it;
	cJSON_ArrayForEach(it, obj) {
		int line = jdoc_line(c->d, it);
		if (!id_ok(it->string)) {
			diag_add(c->diag, c->d->file, line, "programme id \"%s\" must be lower-case "
				 "letters, digits and hyphens (at most %d)", it->string, MAX_ID);
			continue;
		}
		if (!cJSON_IsObject(it)) {
			diag_add(c->diag, c->d->file, line, "programme \"%s\" must be { ... }",
				 it->string);
			continue;
		}
		if (!out->prog)
			continue;
		jdoc_known_keys(c->d, it, keys, "field", c->diag);
		const char *name = jdoc_string(c->d, it, "name", MAX_NAME, true, c->diag);
		const char *why = jdoc_string(c->d, it, "why", MAX_WHY, true, c->diag);
		struct form_programme *p = &out->prog[out->nprog++];
		p->id = strdup(it->string);
		p->line = line;
		p->name = name ? strdup(name) : NULL;
		p->why = why ? strdup(why) : NULL;
		texts(c, it, "next", 1, MAX_NEXTS, MAX_NEXT, &p->next);
	}
}

/* Reads a parsed document into out; frees the document. */
static int from_doc(struct form_content *out, struct jdoc *d, struct diag_list *diag)
{
	static const char *const top[] = {"_comment", "privacy", "heard_from", "availability",
					  "drives", "benefits", "contact_time", "partners",
					  "programmes", NULL};
	static const char *const avail[] = {"times", "hours", NULL};
	const char *name = d->file;
	struct ctx c = {d, diag, diag_count(diag)};
	const cJSON *root = d->root;
	if (!cJSON_IsObject(root)) {
		diag_add(diag, name, 1, "the file must be one { ... } object");
		jdoc_free(d);
		return -1;
	}
	jdoc_known_keys(d, root, top, "field", diag);
	texts(&c, root, "privacy", 1, MAX_PARAS, MAX_PARA, &out->privacy);
	options(&c, root, "heard_from", 2, &out->heard_from);
	const cJSON *av = cJSON_GetObjectItemCaseSensitive(root, "availability");
	if (cJSON_IsObject(av)) {
		jdoc_known_keys(d, av, avail, "field", diag);
		options(&c, av, "times", 2, &out->times);
		options(&c, av, "hours", 2, &out->hours);
	} else {
		diag_add(diag, name, jdoc_line(d, av ? av : root),
			 "\"availability\" must be { \"times\": [...], \"hours\": [...] }");
	}
	options(&c, root, "drives", 2, &out->drives);
	options(&c, root, "benefits", 3, &out->benefits);
	options(&c, root, "contact_time", 2, &out->contact_time);
	texts(&c, root, "partners", 1, MAX_PARTNERS, MAX_PARTNER, &out->partners);
	programmes(&c, root, out);
	jdoc_free(d);
	if (failed(&c)) {
		form_free(out);
		return -1;
	}
	return 0;
}

int form_parse(struct form_content *out, const char *name, const char *text, size_t len,
	       struct diag_list *diag)
{
	memset(out, 0, sizeof *out);
	struct jdoc d;
	if (jdoc_parse(&d, name, text, len, diag) != 0) {
		jdoc_free(&d);
		return -1;
	}
	return from_doc(out, &d, diag);
}

int form_load(struct form_content *out, const char *config_dir, struct diag_list *diag)
{
	char path[4096];
	snprintf(path, sizeof path, "%s/form.json", config_dir);
	memset(out, 0, sizeof *out);
	struct jdoc d;
	if (jdoc_load(&d, path, "form.json", diag) != 0) {
		jdoc_free(&d);
		return -1;
	}
	int rc = from_doc(out, &d, diag);
	if (rc == 0)
		form_content_version(config_dir, out->version);
	return rc;
}

void form_free(struct form_content *c)
{
	free_texts(&c->privacy);
	struct form_options *o[] = {&c->heard_from, &c->times,    &c->hours,
				    &c->drives,     &c->benefits, &c->contact_time};
	for (size_t i = 0; i < sizeof o / sizeof o[0]; i++)
		free_options(o[i]);
	free_texts(&c->partners);
	for (size_t p = 0; p < c->nprog; p++) {
		free(c->prog[p].id);
		free(c->prog[p].name);
		free(c->prog[p].why);
		free_texts(&c->prog[p].next);
	}
	free(c->prog);
	memset(c, 0, sizeof *c);
}

const struct form_programme *form_programme_find(const struct form_content *c, const char *id)
{
	for (size_t i = 0; id && i < c->nprog; i++)
		if (!strcmp(c->prog[i].id, id))
			return &c->prog[i];
	return NULL;
}

const struct form_option *form_option_find(const struct form_options *o, const char *id)
{
	for (size_t i = 0; id && i < o->n; i++)
		if (!strcmp(o->v[i].id, id))
			return &o->v[i];
	return NULL;
}

/* ---- Content version ---- */

struct names {
	char **v;
	size_t n, cap;
};

static bool content_file(const char *name)
{
	size_t n = strlen(name);
	bool json = n > 5 && !strcmp(name + n - 5, ".json");
	bool csv = n > 4 && !strcmp(name + n - 4, ".csv");
	return (json || csv) && strcmp(name, "kiosk.json") != 0;
}

/*
 * Collects content files under dir/rel, paths relative to dir. Returns -1 if a
 * folder could not be read to its end (a readdir error, such as EOVERFLOW from
 * a 32-bit build, is not the end of the folder); a path too long is skipped.
 */
static int collect(const char *dir, const char *rel, struct names *out, int depth)
{
	char path[4096];
	int len = snprintf(path, sizeof path, "%s%s%s", dir, *rel ? "/" : "", rel);
	if (len < 0 || (size_t)len >= sizeof path || depth > 4)
		return 0;
	DIR *dp = opendir(path);
	if (!dp)
		return 0;
	int rc = 0;
	struct dirent *e;
	while ((errno = 0, e = readdir(dp))) {
		if (e->d_name[0] == '.')
			continue;
		char sub[4096], full[8192];
		int ns = snprintf(sub, sizeof sub, "%s%s%s", rel, *rel ? "/" : "", e->d_name);
		int nf = snprintf(full, sizeof full, "%s/%s", dir, sub);
		struct stat st;
		if (ns < 0 || (size_t)ns >= sizeof sub || nf < 0 || (size_t)nf >= sizeof full ||
		    stat(full, &st) != 0)
			continue;
		if (S_ISDIR(st.st_mode)) {
			if (collect(dir, sub, out, depth + 1) != 0)
				rc = -1;
		} else if (S_ISREG(st.st_mode) && content_file(e->d_name)) {
			if (out->n == out->cap) {
				size_t cap = out->cap ? out->cap * 2 : 32;
				char **v = realloc(out->v, cap * sizeof *v);
				if (!v) {
					rc = -1;
					break;
				}
				out->v = v;
				out->cap = cap;
			}
			out->v[out->n++] = strdup(sub);
		}
	}
	if (!e && errno)
		rc = -1;
	closedir(dp);
	return rc;
}

static int by_name(const void *a, const void *b)
{
	const char *x = *(char *const *)a, *y = *(char *const *)b;
	return strcmp(x ? x : "", y ? y : "");
}

static uint64_t fnv(uint64_t h, const void *p, size_t n)
{
	const unsigned char *u = p;
	for (size_t i = 0; i < n; i++)
		h = (h ^ u[i]) * 1099511628211ull;
	return h;
}

void form_content_version(const char *config_dir, char out[13])
{
	struct names files = {0};
	/* A folder read only in part would give a version that is not the content's. */
	bool whole = collect(config_dir, "", &files, 0) == 0;
	if (files.n)
		qsort(files.v, files.n, sizeof *files.v, by_name);
	uint64_t h = 14695981039346656037ull;
	bool any = false;
	for (size_t i = 0; i < files.n; i++) {
		if (!files.v[i])
			continue;
		char path[8192];
		snprintf(path, sizeof path, "%s/%s", config_dir, files.v[i]);
		size_t len;
		char *text = slurp_file(path, 0, &len);
		h = fnv(h, files.v[i], strlen(files.v[i]) + 1);
		if (text) {
			h = fnv(h, text, len);
			any = true;
		}
		free(text);
		free(files.v[i]);
	}
	free(files.v);
	if (any && whole)
		snprintf(out, 13, "%012llx", (unsigned long long)(h >> 16));
	else
		out[0] = '\0';
}

const char *form_answer_words(void *ctx, const char *col, const char *id)
{
	const struct form_words *w = ctx;
	if (!strcmp(col, "roles")) {
		if (!strcmp(id, "not-sure"))
			return w->not_sure;
		const struct role *r = w->roles ? roles_find(w->roles, id) : NULL;
		return r ? r->title : NULL;
	}
	if (!w->form)
		return NULL;
	const struct form_content *c = w->form;
	const struct {
		const char *col;
		const struct form_options *o;
	} lists[] = {
		{"availability", &c->times}, {"availability", &c->hours}, {"drives", &c->drives},
		{"benefits", &c->benefits}, {"heard_from", &c->heard_from},
		{"contact_time", &c->contact_time},
	};
	for (size_t i = 0; i < sizeof lists / sizeof lists[0]; i++) {
		const struct form_option *o = strcmp(col, lists[i].col) ? NULL
						: form_option_find(lists[i].o, id);
		if (o)
			return o->label;
	}
	return NULL;
}
