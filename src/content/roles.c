/*
 * roles.c: loads and validates kiosk-config/roles/<id>.json.
 *
 * One table-free pass per file: every field is checked through the json.h
 * helpers so each problem becomes one "file:line: message"; a file with any
 * problem is left out whole. The character limits below were measured for
 * the kiosk's fonts in each field's box at 800x480 (see
 * kiosk-config/README.md); change them together with the layouts in
 * src/scenes/roles.c and src/scenes/role.c.
 */
#include "content/roles.h"

#include "content/json.h"
#include "content/slurp.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sys/stat.h>

/* Characters that fit each field's box at 800x480; MAX_BYTES per file. */
enum {
	MAX_ID = 60, MAX_TITLE = 28, MAX_SUMMARY = 60, MAX_IMAGE = 200, MAX_WORKER = 20,
	MAX_INTRO = 90, MAX_STEP = 110, MAX_GOODHARD = 75, MAX_RANGE = 40, MAX_HOURS = 60,
	MAX_SOURCE = 90, MAX_AS_OF = 20, MAX_NEED = 75, MAX_LADDER = 24, MAX_LEVEL = 18,
	MAX_REFLECT = 60, MAX_FILES = 256, MAX_BYTES = 1 << 20,
};

static const char *const top_keys[] = {"id",   "order", "title", "summary", "image",
				       "settings", "day", "good", "hard", "pay", "need",
				       "ladder", "levels", "reflect", "values", NULL};
static const char *const day_keys[] = {"worker", "intro", "steps", NULL};
static const char *const step_keys[] = {"time", "text", NULL};
static const char *const pay_keys[] = {"range", "hours", "contracts", "source", "as_of", NULL};

static const char *const setting_names[] = {"homes", "care-home", "community", "nights", NULL};
static const char *const value_names[] = {"compassion",  "dignity",  "communication", "courage",
					  "reliability", "teamwork", NULL};

/* One file being checked: the document, and the diag count before it. */
struct ctx {
	struct jdoc *d;
	struct diag_list *diag;
	size_t start;		/* diag count before this file */
};

static char *dup_or_null(const char *s)
{
	return s ? strdup(s) : NULL;
}

unsigned roles_setting_bit(const char *name)
{
	for (unsigned i = 0; setting_names[i]; i++)
		if (strcmp(name, setting_names[i]) == 0)
			return 1u << i;
	return 0;
}

static bool is_value(const char *name)
{
	for (size_t i = 0; value_names[i]; i++)
		if (strcmp(name, value_names[i]) == 0)
			return true;
	return false;
}

/* A list of strings copied out of a checked array (NULL = leave empty). */
static void copy_list(struct role_list *l, const cJSON *arr)
{
	if (!arr)
		return;
	size_t n = (size_t)cJSON_GetArraySize(arr);
	l->v = calloc(n ? n : 1, sizeof *l->v);
	if (!l->v)
		return;
	const cJSON *it;
	cJSON_ArrayForEach(it, arr) l->v[l->n++] = strdup(it->valuestring);
}

static void list_free(struct role_list *l)
{
	for (size_t i = 0; i < l->n; i++)
		free(l->v[i]);
	free(l->v);
	memset(l, 0, sizeof *l);
}

/* A member that must be an object { }. */
static const cJSON *group(struct ctx *c, const cJSON *obj, const char *key,
			  const char *const known[])
{
	const cJSON *g = cJSON_GetObjectItemCaseSensitive(obj, key);
	if (!g) {
		diag_add(c->diag, c->d->file, jdoc_line(c->d, obj), "missing \"%s\"", key);
		return NULL;
	}
	if (!cJSON_IsObject(g)) {
		diag_add(c->diag, c->d->file, jdoc_line(c->d, g), "\"%s\" must be a group in { }", key);
		return NULL;
	}
	jdoc_known_keys(c->d, g, known, "field", c->diag);
	return g;
}

/* "07:30": hours 0-23, minutes 0-59. */
static bool is_time(const char *s)
{
	size_t n = strlen(s);
	if (n != 5 || s[2] != ':')
		return false;
	for (size_t i = 0; i < 5; i++)
		if (i != 2 && (s[i] < '0' || s[i] > '9'))
			return false;
	return (s[0] - '0') * 10 + (s[1] - '0') < 24 && s[3] < '6';
}

static void check_id(struct ctx *c, struct role *r, const cJSON *root, const char *name)
{
	const char *id = jdoc_string(c->d, root, "id", MAX_ID, true, c->diag);
	if (!id)
		return;
	const char *base = strrchr(name, '/');
	base = base ? base + 1 : name;
	size_t blen = strlen(base);
	if (blen > 5 && strcmp(base + blen - 5, ".json") == 0)
		blen -= 5;
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(root, "id");
	if (strlen(id) != blen || strncmp(id, base, blen) != 0) {
		diag_add(c->diag, c->d->file, jdoc_line(c->d, v),
			 "\"id\" is \"%s\" but the file is called \"%.*s.json\"; they must match", id,
			 (int)blen, base);
		return;
	}
	for (const char *p = id; *p; p++) {
		if (!((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') || *p == '-')) {
			diag_add(c->diag, c->d->file, jdoc_line(c->d, v),
				 "\"id\" may use only small letters, digits and -");
			return;
		}
	}
	r->id = strdup(id);
}

static void check_order(struct ctx *c, struct role *r, const cJSON *root)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(root, "order");
	if (!v) {
		diag_add(c->diag, c->d->file, jdoc_line(c->d, root), "missing \"order\"");
		return;
	}
	if (!cJSON_IsNumber(v) || v->valuedouble != (double)(int)v->valuedouble ||
	    v->valuedouble < 0 || v->valuedouble > 999) {
		diag_add(c->diag, c->d->file, jdoc_line(c->d, v),
			 "\"order\" must be a whole number from 0 to 999");
		return;
	}
	r->order = (int)v->valuedouble;
}

static void check_image(struct ctx *c, struct role *r, const cJSON *root, const char *asset_dir)
{
	const char *img = jdoc_string(c->d, root, "image", MAX_IMAGE, true, c->diag);
	if (!img)
		return;
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(root, "image");
	int line = jdoc_line(c->d, v);
	if (img[0] == '/' || strstr(img, "..")) {
		diag_add(c->diag, c->d->file, line,
			 "\"image\" must be a path inside the images folder, like \"roles/x.svg\"");
		return;
	}
	char path[4096];
	struct stat st;
	snprintf(path, sizeof path, "%s/images/%s", asset_dir ? asset_dir : ".", img);
	if (stat(path, &st) != 0 || !S_ISREG(st.st_mode)) {
		diag_add(c->diag, c->d->file, line, "image not found: %s", path);
		return;
	}
	r->image = strdup(img);
}

static void check_settings(struct ctx *c, struct role *r, const cJSON *root)
{
	const cJSON *arr = jdoc_strings(c->d, root, "settings", 1, 4, 0, c->diag);
	if (!arr)
		return;
	const cJSON *it;
	cJSON_ArrayForEach(it, arr) {
		unsigned bit = roles_setting_bit(it->valuestring);
		if (!bit)
			diag_add(c->diag, c->d->file, jdoc_line(c->d, it),
				 "unknown setting \"%s\" (use homes, care-home, community or nights)",
				 it->valuestring);
		r->settings |= bit;
	}
}

static void check_day(struct ctx *c, struct role *r, const cJSON *root)
{
	const cJSON *day = group(c, root, "day", day_keys);
	if (!day)
		return;
	r->worker = dup_or_null(jdoc_string(c->d, day, "worker", MAX_WORKER, true, c->diag));
	r->day_intro = dup_or_null(jdoc_string(c->d, day, "intro", MAX_INTRO, true, c->diag));
	const cJSON *steps = jdoc_array(c->d, day, "steps", 6, 8, c->diag);
	if (!steps)
		return;
	r->steps = calloc((size_t)cJSON_GetArraySize(steps), sizeof *r->steps);
	if (!r->steps)
		return;
	const cJSON *s;
	cJSON_ArrayForEach(s, steps) {
		if (!cJSON_IsObject(s)) {
			diag_add(c->diag, c->d->file, jdoc_line(c->d, s),
				 "each item of \"steps\" must be a group in { } with \"time\" and \"text\"");
			continue;
		}
		jdoc_known_keys(c->d, s, step_keys, "field", c->diag);
		const char *t = jdoc_string(c->d, s, "time", 0, true, c->diag);
		const char *x = jdoc_string(c->d, s, "text", MAX_STEP, true, c->diag);
		if (t && !is_time(t)) {
			diag_add(c->diag, c->d->file,
				 jdoc_line(c->d, cJSON_GetObjectItemCaseSensitive(s, "time")),
				 "\"time\" must be a 24-hour time like \"07:30\", not \"%.20s\"", t);
			t = NULL;
		}
		if (t && x) {
			r->steps[r->nsteps].time = strdup(t);
			r->steps[r->nsteps++].text = strdup(x);
		}
	}
}

static void check_pay(struct ctx *c, struct role *r, const cJSON *root)
{
	const cJSON *pay = group(c, root, "pay", pay_keys);
	if (!pay)
		return;
	r->pay_range = dup_or_null(jdoc_string(c->d, pay, "range", MAX_RANGE, true, c->diag));
	copy_list(&r->hours, jdoc_strings(c->d, pay, "hours", 2, 4, MAX_HOURS, c->diag));
	copy_list(&r->contracts, jdoc_strings(c->d, pay, "contracts", 1, 3, MAX_HOURS, c->diag));
	r->pay_source = dup_or_null(jdoc_string(c->d, pay, "source", MAX_SOURCE, true, c->diag));
	r->pay_as_of = dup_or_null(jdoc_string(c->d, pay, "as_of", MAX_AS_OF, true, c->diag));
	r->pay_as_of_line = jdoc_line(c->d, cJSON_GetObjectItemCaseSensitive(pay, "as_of"));
}

static void check_ladder(struct ctx *c, struct role *r, const cJSON *root)
{
	const cJSON *ladder = jdoc_strings(c->d, root, "ladder", 3, 5, MAX_LADDER, c->diag);
	const cJSON *levels = jdoc_strings(c->d, root, "levels", 3, 5, MAX_LEVEL, c->diag);
	if (ladder && levels && cJSON_GetArraySize(ladder) != cJSON_GetArraySize(levels)) {
		diag_add(c->diag, c->d->file, jdoc_line(c->d, levels),
			 "\"levels\" has %d items but \"ladder\" has %d; give one level for each job",
			 cJSON_GetArraySize(levels), cJSON_GetArraySize(ladder));
		return;
	}
	copy_list(&r->ladder, ladder);
	copy_list(&r->levels, levels);
}

static void check_values(struct ctx *c, struct role *r, const cJSON *root)
{
	const cJSON *arr = jdoc_strings(c->d, root, "values", 2, 4, 0, c->diag);
	if (!arr)
		return;
	const cJSON *it;
	cJSON_ArrayForEach(it, arr) {
		if (!is_value(it->valuestring)) {
			diag_add(c->diag, c->d->file, jdoc_line(c->d, it),
				 "unknown value \"%s\" (use compassion, dignity, communication, courage, "
				 "reliability or teamwork)",
				 it->valuestring);
			return;
		}
	}
	copy_list(&r->values, arr);
}

static void check_role(struct ctx *c, struct role *r, const cJSON *root, const char *name,
		       const char *asset_dir)
{
	jdoc_known_keys(c->d, root, top_keys, "field", c->diag);
	check_id(c, r, root, name);
	check_order(c, r, root);
	r->title = dup_or_null(jdoc_string(c->d, root, "title", MAX_TITLE, true, c->diag));
	r->summary = dup_or_null(jdoc_string(c->d, root, "summary", MAX_SUMMARY, true, c->diag));
	check_image(c, r, root, asset_dir);
	check_settings(c, r, root);
	check_day(c, r, root);
	copy_list(&r->good, jdoc_strings(c->d, root, "good", 3, 5, MAX_GOODHARD, c->diag));
	copy_list(&r->hard, jdoc_strings(c->d, root, "hard", 3, 5, MAX_GOODHARD, c->diag));
	check_pay(c, r, root);
	copy_list(&r->need, jdoc_strings(c->d, root, "need", 3, 5, MAX_NEED, c->diag));
	check_ladder(c, r, root);
	copy_list(&r->reflect, jdoc_strings(c->d, root, "reflect", 3, 4, MAX_REFLECT, c->diag));
	check_values(c, r, root);
}

static void role_free(struct role *r)
{
	free(r->file);
	free(r->id);
	free(r->title);
	free(r->summary);
	free(r->image);
	free(r->worker);
	free(r->day_intro);
	for (size_t i = 0; i < r->nsteps; i++) {
		free(r->steps[i].time);
		free(r->steps[i].text);
	}
	free(r->steps);
	free(r->pay_range);
	free(r->pay_source);
	free(r->pay_as_of);
	struct role_list *lists[] = {&r->good,   &r->hard,   &r->hours,   &r->contracts, &r->need,
				     &r->ladder, &r->levels, &r->reflect, &r->values};
	for (size_t i = 0; i < sizeof lists / sizeof lists[0]; i++)
		list_free(lists[i]);
	memset(r, 0, sizeof *r);
}

static int by_order(const void *a, const void *b)
{
	const struct role *x = a, *y = b;
	if (x->order != y->order)
		return x->order < y->order ? -1 : 1;
	return strcmp(x->id, y->id);
}

static bool add_role(struct roles *out, struct role *r)
{
	struct role *v = realloc(out->v, (out->n + 1) * sizeof *v);
	if (!v)
		return false;
	out->v = v;
	out->v[out->n++] = *r;
	qsort(out->v, out->n, sizeof *out->v, by_order);
	return true;
}

int roles_parse(struct roles *out, const char *name, const char *text, size_t len,
		const char *asset_dir, struct diag_list *diag)
{
	struct jdoc d;
	if (jdoc_parse(&d, name, text, len, diag) != 0) {
		jdoc_free(&d);
		return 0;
	}
	struct ctx c = {&d, diag, diag_count(diag)};
	struct role r = {0};
	if (!cJSON_IsObject(d.root)) {
		diag_add(diag, name, jdoc_line(&d, d.root), "a role must be one { } group");
	} else {
		check_role(&c, &r, d.root, name, asset_dir);
		const struct role *dup = r.id ? roles_find(out, r.id) : NULL;
		if (dup)
			diag_add(diag, name, jdoc_line(&d, cJSON_GetObjectItemCaseSensitive(d.root, "id")),
				 "duplicate id \"%s\" (also in %s)", r.id, dup->file);
	}
	jdoc_free(&d);
	r.file = strdup(name);
	if (diag_count(diag) != c.start || !r.file || !add_role(out, &r)) {
		role_free(&r);
		return 0;
	}
	return 1;
}

int roles_load(struct roles *out, const char *config_dir, const char *asset_dir,
	       struct diag_list *diag)
{
	memset(out, 0, sizeof *out);
	char dir[4096];
	snprintf(dir, sizeof dir, "%s/roles", config_dir);
	char *names[MAX_FILES];
	size_t nn;
	int listed = jdoc_list_dir(dir, names, MAX_FILES, &nn);
	if (listed < 0) {
		diag_add(diag, dir, 0, "cannot read the roles folder");
		return -1;
	}
	if (listed > 0)
		diag_add(diag, dir, 0, "more than %d roles: move some files out", MAX_FILES);
	for (size_t i = 0; i < nn; i++) {
		if (!names[i])
			continue;
		char path[4096 + 256];
		snprintf(path, sizeof path, "%s/%s", dir, names[i]);
		size_t len = 0;
		char *text = slurp_file(path, MAX_BYTES, &len);
		if (!text)
			diag_add(diag, path, 0, "cannot read this file (or it is over 1 MB)");
		else
			roles_parse(out, path, text, len, asset_dir, diag);
		free(text);
		free(names[i]);
	}
	if (nn == 0)
		diag_add(diag, dir, 0, "no roles found: add at least one <id>.json file");
	return (int)out->n;
}

const struct role *roles_find(const struct roles *r, const char *id)
{
	for (size_t i = 0; r && id && i < r->n; i++)
		if (r->v[i].id && strcmp(r->v[i].id, id) == 0)
			return &r->v[i];
	return NULL;
}

void roles_free(struct roles *r)
{
	for (size_t i = 0; i < r->n; i++)
		role_free(&r->v[i]);
	free(r->v);
	memset(r, 0, sizeof *r);
}
