/*
 * programmes.c: loads and checks kiosk-config/programmes.json and routes a
 * visitor's answers to a programme (programmes.h).
 */
#include "content/programmes.h"

#include "content/config.h"
#include "content/courses.h"
#include "content/form.h"
#include "content/json.h"
#include "content/slurp.h"
#include "content/roles.h"
#include "content/strtab.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { MAX_ID = 40, MAX_ALIASES = 8, MAX_ALIAS = 60, MAX_KEY = 80, MAX_URL = 300,
       MAX_RULES = 8, MAX_IDS = 20 };

/* The questions a rule may name (their names as a lead stores them). */
static const char *const questions[] = {"roles",	"benefits",	"drives",
					"heard_from",	"contact_time", "availability",
					NULL};

struct ctx {
	const struct jdoc *d;
	struct diag_list *diag;
	size_t start;
};

static bool id_ok(const char *s)
{
	if (!*s || strlen(s) > MAX_ID)
		return false;
	for (; *s; s++)
		if (!((*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9') || *s == '-'))
			return false;
	return true;
}

/* Letters and digits only, lower case: how aliases are compared. */
static void squash(const char *s, char *out, size_t n)
{
	size_t k = 0;
	for (; *s && k + 1 < n; s++) {
		char c = *s >= 'A' && *s <= 'Z' ? (char)(*s + 32) : *s;
		if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'))
			out[k++] = c;
	}
	out[k] = '\0';
}

static char **copy_strings(const cJSON *arr, size_t *n)
{
	*n = 0;
	char **v = calloc((size_t)(arr ? cJSON_GetArraySize(arr) : 0) + 1, sizeof *v);
	const cJSON *it;
	if (arr && v)
		cJSON_ArrayForEach(it, arr)
			if (cJSON_IsString(it))
				v[(*n)++] = strdup(it->valuestring);
	return v;
}

static void free_strings(char **v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(v[i]);
	free(v);
}

/* {"benefits": ["yes"], "roles": [...]}: every answer named must hold. */
static void rule(struct ctx *c, const cJSON *obj, struct programme_rule *out)
{
	int line = jdoc_line(c->d, obj);
	if (!cJSON_IsObject(obj) || !cJSON_GetArraySize(obj)) {
		diag_add(c->diag, c->d->file, line, "each rule of \"route_when\" must be like "
			 "{ \"benefits\": [\"yes\"] }: a question and the answers that route here");
		return;
	}
	jdoc_known_keys(c->d, obj, questions, "question", c->diag);
	out->conds = calloc((size_t)cJSON_GetArraySize(obj), sizeof *out->conds);
	const cJSON *m;
	cJSON_ArrayForEach(m, obj) {
		const cJSON *ids = jdoc_strings(c->d, obj, m->string, 1, MAX_IDS, MAX_ID, c->diag);
		if (!ids || !out->conds)
			continue;
		struct programme_cond *k = &out->conds[out->n++];
		k->answer = strdup(m->string);
		k->ids = copy_strings(ids, &k->nids);
		k->line = jdoc_line(c->d, m);
	}
}

static void route_when(struct ctx *c, const cJSON *it, struct programme *p)
{
	const cJSON *rw = cJSON_GetObjectItemCaseSensitive(it, "route_when");
	if (!rw)
		return;	/* listed and filtered, never routed to */
	if (cJSON_IsString(rw) && !strcmp(rw->valuestring, "otherwise")) {
		p->otherwise = true;
		return;
	}
	if (!cJSON_IsArray(rw)) {
		diag_add(c->diag, c->d->file, jdoc_line(c->d, rw),
			 "\"route_when\" must be \"otherwise\" or a list of rules [ {...}, ... ]");
		return;
	}
	const cJSON *arr = jdoc_array(c->d, it, "route_when", 1, MAX_RULES, c->diag);
	if (!arr || !(p->rules = calloc((size_t)cJSON_GetArraySize(arr), sizeof *p->rules)))
		return;
	const cJSON *r;
	cJSON_ArrayForEach(r, arr)
		rule(c, r, &p->rules[p->nrules++]);
}

static char *dup_or_null(const char *s)
{
	return s ? strdup(s) : NULL;
}

static void aliases(struct ctx *c, const cJSON *it, struct programme *p)
{
	const cJSON *arr = cJSON_GetObjectItemCaseSensitive(it, "aliases")
				   ? jdoc_strings(c->d, it, "aliases", 0, MAX_ALIASES, MAX_ALIAS, c->diag)
				   : NULL;
	size_t n = arr ? (size_t)cJSON_GetArraySize(arr) : 0;
	p->aliases = calloc(n + 1, sizeof *p->aliases);
	if (!p->aliases)
		return;
	char buf[MAX_ALIAS * 4 + 1];
	squash(p->id, buf, sizeof buf);
	p->aliases[p->naliases++] = strdup(buf);	/* the id itself, always */
	const cJSON *a;
	for (a = arr ? arr->child : NULL; a; a = a->next) {
		squash(a->valuestring, buf, sizeof buf);
		if (!*buf)
			diag_add(c->diag, c->d->file, jdoc_line(c->d, a),
				 "alias \"%s\" has no letters or digits", a->valuestring);
		else
			p->aliases[p->naliases++] = strdup(buf);
	}
}

static void programme(struct ctx *c, const cJSON *it, struct programmes *out)
{
	static const char *const keys[] = {"id", "aliases", "name", "short_name",
					   "course_dates_url", "route_when", NULL};
	int line = jdoc_line(c->d, it);
	if (!cJSON_IsObject(it)) {
		diag_add(c->diag, c->d->file, line, "each programme must be { \"id\": ..., ... }");
		return;
	}
	jdoc_known_keys(c->d, it, keys, "field", c->diag);
	const char *id = jdoc_string(c->d, it, "id", 0, true, c->diag);
	const char *name = jdoc_string(c->d, it, "name", MAX_KEY, true, c->diag);
	const char *shrt = jdoc_string(c->d, it, "short_name", MAX_KEY, true, c->diag);
	const char *url = jdoc_string(c->d, it, "course_dates_url", MAX_URL, false, c->diag);
	if (id && !id_ok(id)) {
		diag_add(c->diag, c->d->file, line, "id \"%s\" must be lower-case letters, digits "
			 "and hyphens (at most %d)", id, MAX_ID);
		id = NULL;
	} else if (id && programmes_find(out, id)) {
		diag_add(c->diag, c->d->file, line, "id \"%s\" is used twice", id);
		id = NULL;
	}
	if (url && !courses_url_ok(url))
		diag_add(c->diag, c->d->file, jdoc_line(c->d, cJSON_GetObjectItem(it, "course_dates_url")),
			 "course_dates_url \"%s\" must be a web address starting https:// "
			 "(or http://) with a dotted host name", url);
	if (!id)
		return;
	struct programme *p = &out->v[out->n++];
	*p = (struct programme){.id = strdup(id), .name_key = dup_or_null(name),
				.short_key = dup_or_null(shrt), .url = strdup(url ? url : ""),
				.line = line};
	aliases(c, it, p);
	route_when(c, it, p);
}

/* No spelling may name two programmes; exactly one is "otherwise". */
static void check_whole(struct ctx *c, const struct programmes *out, const cJSON *arr)
{
	int otherwise = 0;
	for (size_t i = 0; i < out->n; i++) {
		const struct programme *p = &out->v[i];
		otherwise += p->otherwise;
		for (size_t a = 0; a < p->naliases; a++) {
			const struct programme *q = programmes_match(out, p->aliases[a]);
			if (q && q != p)
				diag_add(c->diag, c->d->file, p->line,
					 "\"%s\" (an alias or id of \"%s\") also names \"%s\"",
					 p->aliases[a], p->id, q->id);
		}
	}
	if (otherwise != 1)
		diag_add(c->diag, c->d->file, jdoc_line(c->d, arr),
			 "exactly one programme needs \"route_when\": \"otherwise\" (the one a "
			 "visitor is pointed to when no rule holds); %d have it", otherwise);
}

static int parse(struct programmes *out, const char *name, const char *text, size_t len,
		 struct diag_list *diag)
{
	struct jdoc d;
	if (jdoc_parse(&d, name, text, len, diag) != 0) {
		jdoc_free(&d);
		return -1;
	}
	static const char *const top[] = {"_comment", "programmes", NULL};
	struct ctx c = {&d, diag, diag_count(diag)};
	out->file = strdup(name);
	const cJSON *arr = NULL;
	if (!cJSON_IsObject(d.root))
		diag_add(diag, name, 1, "the file must be one { \"programmes\": [...] } object");
	else if (jdoc_known_keys(&d, d.root, top, "field", diag),
		 (arr = jdoc_array(&d, d.root, "programmes", 1, PROGRAMMES_MAX, diag)) &&
			 (out->v = calloc((size_t)cJSON_GetArraySize(arr), sizeof *out->v))) {
		const cJSON *it;
		cJSON_ArrayForEach(it, arr)
			programme(&c, it, out);
		check_whole(&c, out, arr);
	}
	jdoc_free(&d);
	if (diag_count(diag) > c.start) {
		programmes_free(out);
		return -1;
	}
	return 0;
}

int programmes_parse(struct programmes *out, const char *name, const char *text, size_t len,
		     struct diag_list *diag)
{
	memset(out, 0, sizeof *out);
	struct diag_list drop = {0};
	int rc = parse(out, name, text, len, diag ? diag : &drop);
	diag_free(&drop);
	return rc;
}

int programmes_load(struct programmes *out, const char *config_dir, struct diag_list *diag)
{
	char path[4096];
	snprintf(path, sizeof path, "%s/programmes.json", config_dir);
	memset(out, 0, sizeof *out);
	size_t len;
	char *text = slurp_file(path, 0, &len);
	if (!text) {
		if (diag)
			diag_add(diag, "programmes.json", 0, "cannot read %s", path);
		return -1;
	}
	int rc = programmes_parse(out, "programmes.json", text, len, diag);
	free(text);
	return rc;
}

void programmes_free(struct programmes *p)
{
	for (size_t i = 0; i < p->n; i++) {
		struct programme *g = &p->v[i];
		free(g->id);
		free_strings(g->aliases, g->naliases);
		free(g->name_key);
		free(g->short_key);
		free(g->url);
		for (size_t r = 0; r < g->nrules; r++) {
			for (size_t k = 0; k < g->rules[r].n; k++) {
				free(g->rules[r].conds[k].answer);
				free_strings(g->rules[r].conds[k].ids, g->rules[r].conds[k].nids);
			}
			free(g->rules[r].conds);
		}
		free(g->rules);
	}
	free(p->v);
	free(p->file);
	memset(p, 0, sizeof *p);
}

int programmes_index(const struct programmes *p, const char *id)
{
	for (size_t i = 0; id && i < p->n; i++)
		if (!strcmp(p->v[i].id, id))
			return (int)i;
	return -1;
}

const struct programme *programmes_find(const struct programmes *p, const char *id)
{
	int i = programmes_index(p, id);
	return i < 0 ? NULL : &p->v[i];
}

const struct programme *programmes_match(const struct programmes *p, const char *spelling)
{
	char key[MAX_ALIAS * 4 + 1];
	squash(spelling, key, sizeof key);
	for (size_t i = 0; *key && i < p->n; i++)
		for (size_t a = 0; a < p->v[i].naliases; a++)
			if (!strcmp(key, p->v[i].aliases[a]))
				return &p->v[i];
	return NULL;
}

void programmes_ids(const struct programmes *p, char *out, size_t n)
{
	size_t k = 0;
	out[0] = '\0';
	for (size_t i = 0; i < p->n && k < n; i++)
		k += (size_t)snprintf(out + k, n - k, "%s%s", i ? ", " : "", p->v[i].id);
}

static bool cond_holds(const struct programme_cond *c, const struct programme_answer *a,
		       size_t n)
{
	for (size_t i = 0; i < n; i++)
		for (size_t k = 0; a[i].id && !strcmp(a[i].answer, c->answer) && k < c->nids; k++)
			if (!strcmp(a[i].id, c->ids[k]))
				return true;
	return false;
}

static bool rule_holds(const struct programme_rule *r, const struct programme_answer *a,
		       size_t n)
{
	for (size_t k = 0; k < r->n; k++)
		if (!cond_holds(&r->conds[k], a, n))
			return false;
	return r->n > 0;
}

const struct programme *programmes_route(const struct programmes *p,
					 const struct programme_answer *a, size_t n)
{
	const struct programme *fallback = NULL;
	for (size_t i = 0; i < p->n; i++) {
		for (size_t r = 0; r < p->v[i].nrules; r++)
			if (rule_holds(&p->v[i].rules[r], a, n))
				return &p->v[i];
		if (p->v[i].otherwise)
			fallback = &p->v[i];
	}
	return fallback ? fallback : p->n ? &p->v[0] : NULL;
}

/* ---- Against the rest of the content ---- */

static const struct form_options *options_of(const struct form_content *f, const char *q)
{
	if (!strcmp(q, "benefits"))
		return &f->benefits;
	if (!strcmp(q, "drives"))
		return &f->drives;
	if (!strcmp(q, "heard_from"))
		return &f->heard_from;
	if (!strcmp(q, "contact_time"))
		return &f->contact_time;
	return NULL;
}

static bool answer_exists(const struct form_content *f, const struct roles *roles, const char *q,
			  const char *id)
{
	if (!strcmp(q, "roles")) {
		for (size_t i = 0; roles && i < roles->n; i++)
			if (!strcmp(roles->v[i].id, id))
				return true;
		return !strcmp(id, "not-sure");
	}
	if (!strcmp(q, "availability"))
		return form_option_find(&f->times, id) || form_option_find(&f->hours, id);
	const struct form_options *o = options_of(f, q);
	return o && form_option_find(o, id);
}

size_t programmes_check(const struct programmes *p, const struct form_content *form,
			const struct roles *roles, const struct strtab *str,
			struct diag_list *diag)
{
	size_t before = diag_count(diag);
	const char *file = p->file ? p->file : "programmes.json";
	for (size_t i = 0; i < p->n; i++) {
		const struct programme *g = &p->v[i];
		const char *keys[2] = {g->name_key, g->short_key};
		for (int k = 0; k < 2 && str; k++)
			if (keys[k] && !strtab_find(str, keys[k]))
				diag_add(diag, file, g->line,
					 "\"%s\" of \"%s\" is not in strings/: add \"%s\": \"...\" "
					 "to a strings file", k ? "short_name" : "name", g->id, keys[k]);
		for (size_t r = 0; form && r < g->nrules; r++)
			for (size_t k = 0; k < g->rules[r].n; k++) {
				const struct programme_cond *c = &g->rules[r].conds[k];
				for (size_t j = 0; j < c->nids; j++)
					if (!answer_exists(form, roles, c->answer, c->ids[j]))
						diag_add(diag, file, c->line,
							 "\"%s\" is not an answer to \"%s\" (%s)",
							 c->ids[j], c->answer,
							 strcmp(c->answer, "roles")
								 ? "see form.json for the ids"
								 : "see the ids in roles/");
			}
		if (form && (g->nrules || g->otherwise) && !form_programme_find(form, g->id))
			diag_add(diag, file, g->line,
				 "visitors can be routed to \"%s\", but form.json's \"programmes\" "
				 "has no words for it (name, why, next)", g->id);
	}
	for (size_t i = 0; form && i < form->nprog; i++)
		if (!programmes_find(p, form->prog[i].id))
			diag_add(diag, "form.json", form->prog[i].line,
				 "programme \"%s\" is not in programmes.json", form->prog[i].id);
	return diag_count(diag) - before;
}

/* ---- kiosk.json from before programmes.json ---- */

void programmes_apply_old_urls(struct programmes *p, const struct config *cfg,
			       struct diag_list *warn)
{
	char file[4096];
	snprintf(file, sizeof file, "%s/kiosk.json", cfg->dir ? cfg->dir : ".");
	for (size_t i = 0; i < CONFIG_OLD_URLS; i++) {
		const struct config_old_url *o = &cfg->old_url[i];
		if (!o->url)
			continue;
		int k = programmes_index(p, o->programme);
		if (k < 0) {
			diag_add(warn, file, o->line,
				 "courses.%s is an old setting and is not used: there is no "
				 "programme \"%s\" in programmes.json; delete the line",
				 o->key, o->programme);
			continue;
		}
		free(p->v[k].url);
		p->v[k].url = strdup(o->url);
		diag_add(warn, file, o->line,
			 "courses.%s is an old setting: the kiosk still uses it, but move the "
			 "address to \"course_dates_url\" of \"%s\" in programmes.json and delete "
			 "this line",
			 o->key, o->programme);
	}
}
