/*
 * form_words: the words an export shows for answers, copied for a job's
 * thread (form.h: form_words_copy).
 */
#include "content/form.h"
#include "content/roles.h"

#include <stdlib.h>
#include <string.h>

struct words_role {
	char *id, *title;
};

struct form_words_copy {
	struct form_words words;	/* form borrowed, not_sure ours */
	char *not_sure;
	struct words_role *roles;
	size_t nroles;
};

void form_words_copy_free(void *ctx)
{
	struct form_words_copy *x = ctx;
	if (!x)
		return;
	free(x->not_sure);
	for (size_t i = 0; i < x->nroles; i++) {
		free(x->roles[i].id);
		free(x->roles[i].title);
	}
	free(x->roles);
	free(x);
}

/* strdup that keeps NULL; *oom set when memory ran out. */
static char *dup_str(const char *s, bool *oom)
{
	char *d = s ? strdup(s) : NULL;
	if (s && !d)
		*oom = true;
	return d;
}

struct form_words_copy *form_words_copy(const struct form_content *form,
					const struct roles *roles, const char *not_sure)
{
	struct form_words_copy *x = calloc(1, sizeof *x);
	if (!x)
		return NULL;
	bool oom = false;
	x->not_sure = dup_str(not_sure, &oom);
	x->words = (struct form_words){form, NULL, x->not_sure};
	x->roles = roles->n ? calloc(roles->n, sizeof *x->roles) : NULL;
	if (roles->n && !x->roles)
		oom = true;
	for (size_t i = 0; x->roles && i < roles->n; i++) {
		const struct role *r = &roles->v[i];
		if (!r->id || !r->title)
			continue;
		x->roles[x->nroles].id = dup_str(r->id, &oom);
		x->roles[x->nroles++].title = dup_str(r->title, &oom);
	}
	if (oom) {
		form_words_copy_free(x);
		return NULL;
	}
	return x;
}

/* Job titles from the copy, option labels from the form. */
const char *form_words_copy_word(void *ctx, const char *col, const char *id)
{
	struct form_words_copy *x = ctx;
	if (!strcmp(col, "roles") && strcmp(id, "not-sure")) {
		for (size_t i = 0; i < x->nroles; i++)
			if (!strcmp(x->roles[i].id, id))
				return x->roles[i].title;
		return NULL;
	}
	return form_answer_words(&x->words, col, id);
}
