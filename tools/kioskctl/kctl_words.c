/*
 * kctl_words.c: see kctl_words.h.
 */
#include "kctl_words.h"

#include <limits.h>
#include <stdio.h>

static const char *find_label(void *ctx, const char *key)
{
	return strtab_find(ctx, key);
}

void kctl_words_load(const struct kctl *k, struct kctl_words *w, struct export_labels *l,
		     const char *cmd)
{
	char dir[PATH_MAX];
	struct diag_list diag = {0};
	snprintf(dir, sizeof dir, "%s/strings", k->config);
	if (strtab_load_dir(&w->str, dir, &diag) != 0)
		fprintf(stderr, "kioskctl %s: cannot read the column headings in %s (run "
				"kioskctl check); the CSV is headed with column ids\n", cmd, dir);
	diag_free(&diag);
	export_labels_from(l, find_label, &w->str);
	bool form = form_load(&w->form, k->config, &diag) == 0;
	diag_free(&diag);
	bool roles = roles_load(&w->roles, k->config, k->assets, &diag) > 0;
	diag_free(&diag);
	if (!form || !roles)
		fprintf(stderr, "kioskctl %s: cannot read %s in %s (run kioskctl check); those "
				"answers are written as ids\n",
			cmd, !form ? "form.json" : "the job previews", k->config);
	w->fw = (struct form_words){form ? &w->form : NULL, roles ? &w->roles : NULL,
				    strtab_find(&w->str, "form.roles.unsure")};
	l->word = form_answer_words;
	l->word_ctx = &w->fw;
}

void kctl_words_free(struct kctl_words *w)
{
	strtab_free(&w->str);
	form_free(&w->form);
	roles_free(&w->roles);
}

