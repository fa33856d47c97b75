/*
 * quiz.c: reads kiosk-config/quiz/ from disk (validation is in
 * quiz_parse.c), finds characters and questions, and turns one visitor's
 * answers into a values profile and suggested roles.
 */
#include "content/quiz.h"

#include "content/json.h"
#include "content/slurp.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { MAX_FILES = 64 };

static int parse_file(struct quiz *q, const char *path, const char *asset_dir,
		      const struct roles *roles, struct diag_list *diag, bool values)
{
	size_t len = 0;
	char *text = slurp_file(path, 0, &len);
	int rc = values ? -1 : 0;
	if (!text)
		diag_add(diag, path, 0, "cannot read this file");
	else if (values)
		rc = quiz_parse_values(q, path, text, len, roles, diag);
	else
		rc = quiz_parse_character(q, path, text, len, asset_dir, roles, diag);
	free(text);
	return rc;
}

int quiz_load(struct quiz *q, const char *config_dir, const char *asset_dir,
	      const struct roles *roles, struct diag_list *diag)
{
	memset(q, 0, sizeof *q);
	char dir[4096], path[4096 + 256];
	snprintf(path, sizeof path, "%s/quiz/values.json", config_dir);
	if (parse_file(q, path, asset_dir, roles, diag, true) != 0)
		return -1;	/* characters are checked against the values */
	snprintf(dir, sizeof dir, "%s/quiz/characters", config_dir);
	char *names[MAX_FILES];
	size_t nn;
	if (jdoc_list_dir(dir, names, MAX_FILES, &nn) < 0) {
		diag_add(diag, dir, 0, "cannot read the quiz characters folder");
		return -1;
	}
	for (size_t i = 0; i < nn; i++) {
		if (names[i]) {
			snprintf(path, sizeof path, "%s/%s", dir, names[i]);
			parse_file(q, path, asset_dir, roles, diag, false);
		}
		free(names[i]);
	}
	quiz_finish(q, dir, diag);
	return (int)q->nchars;
}

int quiz_check(const char *config_dir, const char *asset_dir, const struct roles *roles,
	       struct diag_list *diag)
{
	struct quiz q;
	int n = quiz_load(&q, config_dir, asset_dir, roles, diag);
	quiz_free(&q);
	return n;
}

void quiz_free(struct quiz *q)
{
	for (size_t i = 0; i < q->nvalues; i++) {
		struct quiz_value *v = &q->values[i];
		free(v->id);
		free(v->name);
		free(v->high);
		free(v->grow);
		for (size_t r = 0; r < v->nroles; r++)
			free(v->roles[r]);
		free(v->roles);
	}
	for (size_t i = 0; i < q->nchars; i++)
		quiz_character_free(&q->chars[i]);
	free(q->chars);
	free(q->intro);
	free(q->closing);
	memset(q, 0, sizeof *q);
}

const struct quiz_character *quiz_find(const struct quiz *q, const char *id)
{
	for (size_t i = 0; id && i < q->nchars; i++)
		if (!strcmp(q->chars[i].id, id))
			return &q->chars[i];
	return NULL;
}

int quiz_value_index(const struct quiz *q, const char *id)
{
	for (size_t i = 0; id && i < q->nvalues; i++)
		if (q->values[i].id && !strcmp(q->values[i].id, id))
			return (int)i;
	return -1;
}

const struct quiz_question *quiz_question_at(const struct quiz_character *c, size_t k,
					     size_t *scene)
{
	for (size_t s = 0; s < c->nscenes; s++) {
		if (k < c->scenes[s].nq) {
			if (scene)
				*scene = s;
			return &c->scenes[s].q[k];
		}
		k -= c->scenes[s].nq;
	}
	return NULL;
}

/* ---- scoring ---- */

/* Compares the shares total_a/max_a and total_b/max_b exactly (a value
 * nobody can score counts as 0). */
static int cmp_share(const struct quiz_profile *p, const struct quiz_character *c, int a, int b)
{
	long ma = c->max[a] ? c->max[a] : 1, mb = c->max[b] ? c->max[b] : 1;
	long l = (long)p->total[a] * mb, r = (long)p->total[b] * ma;
	return (l > r) - (l < r);
}

/* Strongest first; ties keep values.json order. The weakest is the
 * lowest of the others, ties again to the one listed first. */
static void rank(struct quiz_profile *p, const struct quiz_character *c)
{
	bool used[QUIZ_MAX_VALUES] = {0};
	for (int k = 0; k < QUIZ_STRONG; k++) {
		int best = -1;
		for (int v = 0; v < (int)p->nvalues; v++)
			if (!used[v] && (best < 0 || cmp_share(p, c, v, best) > 0))
				best = v;
		p->strong[k] = best;
		used[best] = true;
	}
	p->weak = -1;
	for (int v = 0; v < (int)p->nvalues; v++)
		if (!used[v] && (p->weak < 0 || cmp_share(p, c, v, p->weak) < 0))
			p->weak = v;
}

static bool listed(const struct quiz_value *v, const char *id)
{
	for (size_t i = 0; i < v->nroles; i++)
		if (!strcmp(v->roles[i], id))
			return true;
	return false;
}

/* Adds id unless it is already suggested; false if it was not added. */
static bool suggest(struct quiz_profile *p, const char *id)
{
	if (!id || p->nroles >= QUIZ_MAX_SUGGEST)
		return false;
	for (size_t i = 0; i < p->nroles; i++)
		if (!strcmp(p->roles[i], id))
			return false;
	p->roles[p->nroles++] = id;
	return true;
}

/* Suggests from the two strongest values' lists until there are `upto`:
 * the roles both lists name first, then each list's items in turn. */
static void take(struct quiz_profile *p, const struct quiz_value *a, const struct quiz_value *b,
		 size_t upto)
{
	for (size_t i = 0; i < a->nroles && p->nroles < upto; i++)
		if (listed(b, a->roles[i]))
			suggest(p, a->roles[i]);
	for (size_t i = 0; (i < a->nroles || i < b->nroles) && p->nroles < upto; i++) {
		if (i < a->nroles)
			suggest(p, a->roles[i]);
		if (i < b->nroles && p->nroles < upto)
			suggest(p, b->roles[i]);
	}
}

int quiz_profile(const struct quiz *q, const struct quiz_character *c, const int *answers,
		 size_t n, struct quiz_profile *out)
{
	memset(out, 0, sizeof *out);
	if (!c || n != c->nquestions || q->nvalues <= QUIZ_STRONG)
		return -1;
	for (size_t k = 0; k < n; k++) {
		const struct quiz_question *qq = quiz_question_at(c, k, NULL);
		if (!qq || answers[k] < 0 || (size_t)answers[k] >= qq->nopt)
			return -1;
		for (size_t v = 0; v < q->nvalues; v++)
			out->total[v] += qq->opt[answers[k]].weight[v];
	}
	out->nvalues = q->nvalues;
	for (size_t v = 0; v < q->nvalues; v++) {
		int max = c->max[v];
		out->score[v] = max ? (200 * out->total[v] + max) / (2 * max) : 0;
	}
	rank(out, c);
	const struct quiz_value *a = &q->values[out->strong[0]], *b = &q->values[out->strong[1]];
	take(out, a, b, QUIZ_MAX_SUGGEST - 1);
	if (!c->role || !suggest(out, c->role))
		take(out, a, b, QUIZ_MAX_SUGGEST);
	return 0;
}
