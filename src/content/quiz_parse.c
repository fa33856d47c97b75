/*
 * quiz_parse.c: validates the quiz's files (values.json, one character)
 * from their text. quiz.c reads them from disk and scores answers.
 *
 * Every field goes through the json.h helpers so each problem becomes one
 * "file:line: message"; a character file with any problem is left out
 * whole. The character limits were measured for the kiosk's fonts in each
 * field's box at 800x480; change them together with src/scenes/quiz.c and
 * quiz_result.c (and kiosk-config/quiz/README.md).
 */
#include "content/quiz.h"

#include "content/json.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sys/stat.h>

enum {
	MAX_ID = 40,
	MAX_NAME = 16,
	MAX_LINE = 60,
	MAX_IMAGE = 200,
	MAX_NARRATION = 80,
	MAX_QUESTION = 90,
	MAX_OPTION = 70,
	MIN_FEEDBACK = 60,
	MAX_FEEDBACK = 220,
	MAX_VALUE_NAME = 24,
	MAX_HIGH_GROW = 90,
	MAX_INTRO = 80,
	MAX_CLOSING = 160,
	MIN_SCENES = 4,
	MIN_QUESTIONS = 12,
	MIN_CHARACTERS = 4,
	MAX_CHARACTERS = 6,	/* the choice screen shows them all at once */
	MAX_WEIGHTS = 3,	/* values one option may name */
	GOOD_POINTS = 3,	/* a good-practice answer has at least this many */
};

static const char *const values_keys[] = {"values", "intro", "closing", NULL};
static const char *const value_keys[] = {"id", "name", "high", "grow", "roles", NULL};
static const char *const char_keys[] = {"id",   "order", "name",   "role",
					"line", "image", "scenes", NULL};
static const char *const scene_keys[] = {"id", "image", "narration", "questions", NULL};
static const char *const question_keys[] = {"text", "options", NULL};
static const char *const option_keys[] = {"text", "values", "feedback", NULL};

/* One file being checked. */
struct ctx {
	const struct jdoc *d;
	struct diag_list *diag;
	size_t start;			/* diag count before this file */
	const struct quiz *q;
	const struct roles *roles;	/* NULL or empty: ids not checked */
	const char *asset_dir;
};

#define PROBLEM(c, node, ...) diag_add((c)->diag, (c)->d->file, jdoc_line((c)->d, node), __VA_ARGS__)

static bool bad(const struct ctx *c)
{
	return diag_count(c->diag) != c->start;
}

static char *dup_or_null(const char *s)
{
	return s ? strdup(s) : NULL;
}

static const cJSON *member(const cJSON *obj, const char *key)
{
	return cJSON_GetObjectItemCaseSensitive(obj, key);
}

/* Parses text into d, or reports why not. */
static bool parse_doc(struct jdoc *d, const char *name, const char *text, size_t len,
		      struct diag_list *diag)
{
	if (jdoc_parse(d, name, text, len, diag) != 0) {
		jdoc_free(d);
		return false;
	}
	return true;
}

/* A JSON number that is a whole number from lo to hi (range first: casting
 * a huge double to int is undefined). */
static bool whole(const cJSON *m, int lo, int hi)
{
	return cJSON_IsNumber(m) && m->valuedouble >= lo && m->valuedouble <= hi &&
	       m->valuedouble == (double)(int)m->valuedouble;
}

static bool id_ok(const char *s)
{
	for (; *s; s++)
		if (!((*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9') || *s == '-'))
			return false;
	return true;
}

/* A lower-case id: small letters, digits and -. */
static const char *check_id(struct ctx *c, const cJSON *obj)
{
	const char *id = jdoc_string(c->d, obj, "id", MAX_ID, true, c->diag);
	if (id && !id_ok(id)) {
		PROBLEM(c, member(obj, "id"), "\"id\" may use only small letters, digits and -");
		return NULL;
	}
	return id;
}

static bool role_known(const struct ctx *c, const char *id)
{
	return !c->roles || !c->roles->n || roles_find(c->roles, id);
}

static char *check_role(struct ctx *c, const cJSON *node, const char *id)
{
	if (!role_known(c, id)) {
		PROBLEM(c, node, "unknown role \"%s\" (use the id of a file in kiosk-config/roles/)", id);
		return NULL;
	}
	return strdup(id);
}

static char *check_image(struct ctx *c, const cJSON *obj)
{
	const char *img = jdoc_string(c->d, obj, "image", MAX_IMAGE, true, c->diag);
	if (!img)
		return NULL;
	const cJSON *v = member(obj, "image");
	if (img[0] == '/' || strstr(img, "..")) {
		PROBLEM(c, v, "\"image\" must be a path inside the images folder, like \"quiz/x.svg\"");
		return NULL;
	}
	char path[4096];
	struct stat st;
	snprintf(path, sizeof path, "%s/images/%s", c->asset_dir ? c->asset_dir : ".", img);
	if (stat(path, &st) != 0 || !S_ISREG(st.st_mode)) {
		PROBLEM(c, v, "image not found: %s", path);
		return NULL;
	}
	return strdup(img);
}

static bool is_object(struct ctx *c, const cJSON *node, const char *what)
{
	if (cJSON_IsObject(node))
		return true;
	PROBLEM(c, node, "each item of \"%s\" must be a group in { }", what);
	return false;
}

/* ---- values.json ---- */

static void parse_value(struct ctx *c, struct quiz *q, const cJSON *o)
{
	jdoc_known_keys(c->d, o, value_keys, "field", c->diag);
	struct quiz_value *v = &q->values[q->nvalues++];
	const char *id = check_id(c, o);
	if (id && quiz_value_index(q, id) >= 0)
		PROBLEM(c, member(o, "id"), "duplicate value id \"%s\"", id);
	v->id = dup_or_null(id);
	v->name = dup_or_null(jdoc_string(c->d, o, "name", MAX_VALUE_NAME, true, c->diag));
	v->high = dup_or_null(jdoc_string(c->d, o, "high", MAX_HIGH_GROW, true, c->diag));
	v->grow = dup_or_null(jdoc_string(c->d, o, "grow", MAX_HIGH_GROW, true, c->diag));
	const cJSON *arr = jdoc_strings(c->d, o, "roles", 2, 4, 0, c->diag);
	if (!arr || !(v->roles = calloc(4, sizeof *v->roles)))
		return;
	const cJSON *it;
	cJSON_ArrayForEach(it, arr) {
		char *r = check_role(c, it, it->valuestring);
		for (size_t i = 0; r && i < v->nroles; i++)
			if (!strcmp(v->roles[i], r)) {
				PROBLEM(c, it, "role \"%s\" is listed twice", r);
				free(r), r = NULL;
			}
		if (r)
			v->roles[v->nroles++] = r;
	}
}

int quiz_parse_values(struct quiz *q, const char *name, const char *text, size_t len,
		      const struct roles *roles, struct diag_list *diag)
{
	struct jdoc d;
	if (!parse_doc(&d, name, text, len, diag))
		return -1;
	struct ctx c = {&d, diag, diag_count(diag), q, roles, NULL};
	if (!cJSON_IsObject(d.root)) {
		diag_add(diag, name, jdoc_line(&d, d.root), "values.json must be one { } group");
	} else {
		jdoc_known_keys(&d, d.root, values_keys, "field", diag);
		const cJSON *arr = jdoc_array(&d, d.root, "values", 3, QUIZ_MAX_VALUES, diag);
		const cJSON *o;
		cJSON_ArrayForEach(o, arr) {
			if (is_object(&c, o, "values"))
				parse_value(&c, q, o);
		}
		q->intro = dup_or_null(jdoc_string(&d, d.root, "intro", MAX_INTRO, true, diag));
		q->closing = dup_or_null(jdoc_string(&d, d.root, "closing", MAX_CLOSING, true, diag));
	}
	jdoc_free(&d);
	return bad(&c) ? -1 : 0;
}

/* ---- a character ---- */

/* "values": { "dignity": 2 }: known values, whole numbers 0..3. */
static void parse_weights(struct ctx *c, struct quiz_option *o, const cJSON *opt)
{
	const cJSON *w = member(opt, "values");
	if (!w) {
		PROBLEM(c, opt, "missing \"values\" (write {} if this answer shows no value)");
		return;
	}
	if (!cJSON_IsObject(w)) {
		PROBLEM(c, w, "\"values\" must be a group in { }, like {\"dignity\": 2}");
		return;
	}
	if (cJSON_GetArraySize(w) > MAX_WEIGHTS)
		PROBLEM(c, w, "\"values\" names %d values; an answer may show at most %d",
			cJSON_GetArraySize(w), MAX_WEIGHTS);
	const cJSON *m;
	cJSON_ArrayForEach(m, w) {
		int k = quiz_value_index(c->q, m->string);
		if (k < 0) {
			PROBLEM(c, m, "unknown value \"%s\" (use an id from values.json)", m->string);
		} else if (!whole(m, 0, QUIZ_MAX_WEIGHT)) {
			PROBLEM(c, m, "\"%s\" must be a whole number of points from 0 to %d", m->string,
				QUIZ_MAX_WEIGHT);
		} else {
			o->weight[k] = (unsigned char)m->valuedouble;
		}
	}
}

static void parse_option(struct ctx *c, struct quiz_option *o, const cJSON *opt)
{
	jdoc_known_keys(c->d, opt, option_keys, "field", c->diag);
	o->text = dup_or_null(jdoc_string(c->d, opt, "text", MAX_OPTION, true, c->diag));
	const char *fb = jdoc_string(c->d, opt, "feedback", MAX_FEEDBACK, true, c->diag);
	if (fb && utf8_chars(fb) < MIN_FEEDBACK)
		PROBLEM(c, member(opt, "feedback"),
			"\"feedback\" is too short: %zu characters; write at least %d (what many care "
			"workers would do, and why)",
			utf8_chars(fb), MIN_FEEDBACK);
	o->feedback = dup_or_null(fb);
	parse_weights(c, o, opt);
}

static void parse_question(struct ctx *c, struct quiz_question *qq, const cJSON *qo)
{
	jdoc_known_keys(c->d, qo, question_keys, "field", c->diag);
	qq->text = dup_or_null(jdoc_string(c->d, qo, "text", MAX_QUESTION, true, c->diag));
	const cJSON *arr = jdoc_array(c->d, qo, "options", 2, QUIZ_MAX_OPTIONS, c->diag);
	const cJSON *opt;
	int best = 0;
	cJSON_ArrayForEach(opt, arr) {
		if (!is_object(c, opt, "options"))
			continue;
		struct quiz_option *o = &qq->opt[qq->nopt++];
		parse_option(c, o, opt);
		int sum = 0;
		for (size_t v = 0; v < QUIZ_MAX_VALUES; v++)
			sum += o->weight[v];
		best = sum > best ? sum : best;
	}
	if (arr && best < GOOD_POINTS)
		PROBLEM(c, qo, "no answer here is marked as good practice: give one answer %d or more "
			"points in total", GOOD_POINTS);
}

static void parse_scene(struct ctx *c, struct quiz_character *ch, const cJSON *so)
{
	struct quiz_scene *s = &ch->scenes[ch->nscenes++];
	jdoc_known_keys(c->d, so, scene_keys, "field", c->diag);
	const char *id = check_id(c, so);
	for (size_t i = 0; id && i + 1 < ch->nscenes; i++)
		if (ch->scenes[i].id && !strcmp(ch->scenes[i].id, id))
			PROBLEM(c, member(so, "id"), "duplicate scene id \"%s\"", id);
	s->id = dup_or_null(id);
	s->image = check_image(c, so);
	const cJSON *lines = jdoc_strings(c->d, so, "narration", 2, QUIZ_MAX_LINES, MAX_NARRATION,
					  c->diag);
	const cJSON *it;
	cJSON_ArrayForEach(it, lines) s->line[s->nlines++] = strdup(it->valuestring);
	const cJSON *qs = jdoc_array(c->d, so, "questions", 2, QUIZ_MAX_QUESTIONS, c->diag);
	cJSON_ArrayForEach(it, qs) {
		if (is_object(c, it, "questions"))
			parse_question(c, &s->q[s->nq++], it);
	}
	ch->nquestions += s->nq;
}

static void check_file_id(struct ctx *c, struct quiz_character *ch, const cJSON *root,
			  const char *name)
{
	const char *id = check_id(c, root);
	if (!id)
		return;
	const char *base = strrchr(name, '/');
	base = base ? base + 1 : name;
	size_t blen = strlen(base);
	if (blen > 5 && !strcmp(base + blen - 5, ".json"))
		blen -= 5;
	if (strlen(id) != blen || strncmp(id, base, blen)) {
		PROBLEM(c, member(root, "id"),
			"\"id\" is \"%s\" but the file is called \"%.*s.json\"; they must match", id,
			(int)blen, base);
		return;
	}
	ch->id = strdup(id);
}

static void check_order(struct ctx *c, struct quiz_character *ch, const cJSON *root)
{
	const cJSON *v = member(root, "order");
	if (!v)
		PROBLEM(c, root, "missing \"order\"");
	else if (!whole(v, 0, 999))
		PROBLEM(c, v, "\"order\" must be a whole number from 0 to 999");
	else
		ch->order = (int)v->valuedouble;
}

/* Every value must be reachable, or its share of the maximum means nothing. */
static void compute_max(struct ctx *c, struct quiz_character *ch, const cJSON *root)
{
	for (size_t s = 0; s < ch->nscenes; s++)
		for (size_t k = 0; k < ch->scenes[s].nq; k++) {
			const struct quiz_question *qq = &ch->scenes[s].q[k];
			for (size_t v = 0; v < c->q->nvalues; v++) {
				int best = 0;
				for (size_t o = 0; o < qq->nopt; o++)
					best = qq->opt[o].weight[v] > best ? qq->opt[o].weight[v] : best;
				ch->max[v] += best;
			}
		}
	if (bad(c))
		return;	/* counts would only repeat what is already said */
	if (ch->nquestions < MIN_QUESTIONS)
		PROBLEM(c, member(root, "scenes"), "%zu questions in all; a character needs at least %d",
			ch->nquestions, MIN_QUESTIONS);
	for (size_t v = 0; v < c->q->nvalues && !bad(c); v++)
		if (!ch->max[v])
			PROBLEM(c, member(root, "scenes"),
				"no answer gives points for \"%s\": add it to at least one answer",
				c->q->values[v].id);
}

static void parse_character(struct ctx *c, struct quiz_character *ch, const cJSON *root,
			    const char *name)
{
	jdoc_known_keys(c->d, root, char_keys, "field", c->diag);
	check_file_id(c, ch, root, name);
	check_order(c, ch, root);
	ch->name = dup_or_null(jdoc_string(c->d, root, "name", MAX_NAME, true, c->diag));
	const char *role = jdoc_string(c->d, root, "role", MAX_ID, true, c->diag);
	ch->role = role ? check_role(c, member(root, "role"), role) : NULL;
	ch->line = dup_or_null(jdoc_string(c->d, root, "line", MAX_LINE, true, c->diag));
	ch->image = check_image(c, root);
	const cJSON *arr = jdoc_array(c->d, root, "scenes", MIN_SCENES, QUIZ_MAX_SCENES, c->diag);
	if (!arr || !(ch->scenes = calloc(QUIZ_MAX_SCENES, sizeof *ch->scenes)))
		return;
	const cJSON *so;
	cJSON_ArrayForEach(so, arr) {
		if (is_object(c, so, "scenes"))
			parse_scene(c, ch, so);
	}
	compute_max(c, ch, root);
}

void quiz_character_free(struct quiz_character *ch)
{
	for (size_t s = 0; ch->scenes && s < ch->nscenes; s++) {
		struct quiz_scene *sc = &ch->scenes[s];
		free(sc->id);
		free(sc->image);
		for (size_t i = 0; i < sc->nlines; i++)
			free(sc->line[i]);
		for (size_t k = 0; k < sc->nq; k++) {
			free(sc->q[k].text);
			for (size_t o = 0; o < sc->q[k].nopt; o++) {
				free(sc->q[k].opt[o].text);
				free(sc->q[k].opt[o].feedback);
			}
		}
	}
	free(ch->scenes);
	free(ch->file);
	free(ch->id);
	free(ch->name);
	free(ch->role);
	free(ch->line);
	free(ch->image);
	memset(ch, 0, sizeof *ch);
}

static int by_order(const void *a, const void *b)
{
	const struct quiz_character *x = a, *y = b;
	if (x->order != y->order)
		return x->order < y->order ? -1 : 1;
	return strcmp(x->id, y->id);
}

int quiz_parse_character(struct quiz *q, const char *name, const char *text, size_t len,
			 const char *asset_dir, const struct roles *roles, struct diag_list *diag)
{
	struct jdoc d;
	if (!parse_doc(&d, name, text, len, diag))
		return 0;
	struct ctx c = {&d, diag, diag_count(diag), q, roles, asset_dir};
	struct quiz_character ch = {0};
	if (!cJSON_IsObject(d.root))
		diag_add(diag, name, jdoc_line(&d, d.root), "a character must be one { } group");
	else
		parse_character(&c, &ch, d.root, name);
	jdoc_free(&d);
	ch.file = strdup(name);
	struct quiz_character *v = NULL;
	if (!bad(&c) && ch.file && (v = realloc(q->chars, (q->nchars + 1) * sizeof *v))) {
		q->chars = v;
		q->chars[q->nchars++] = ch;
		qsort(q->chars, q->nchars, sizeof *v, by_order);
		return 1;
	}
	quiz_character_free(&ch);
	return 0;
}

void quiz_finish(const struct quiz *q, const char *dir, struct diag_list *diag)
{
	if (q->nchars < MIN_CHARACTERS)
		diag_add(diag, dir, 0, "the quiz needs at least %d characters that load; it has %zu",
			 MIN_CHARACTERS, q->nchars);
	else if (q->nchars > MAX_CHARACTERS)
		diag_add(diag, dir, 0, "the quiz shows at most %d characters; it has %zu (move some "
			 "files out of this folder)", MAX_CHARACTERS, q->nchars);
}
