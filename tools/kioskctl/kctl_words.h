/*
 * kctl_words: the words a CSV is written in (column headings, option labels,
 * job titles) from the config folder, for kioskctl export and decrypt.
 */
#ifndef KCTL_WORDS_H
#define KCTL_WORDS_H

#include "kioskctl.h"

#include "content/form.h"
#include "content/roles.h"
#include "content/strtab.h"
#include "store/export.h"

/* What the CSV is written in words from: the config's strings (column
 * headings "export.col.*"), form.json (option labels) and roles/ (job
 * titles). Any that cannot be read leaves ids there, with a note. */
struct kctl_words {
	struct strtab str;
	struct form_content form;
	struct roles roles;
	struct form_words fw;
};

/* Loads them into w and points l at them; what cannot be read is said on
 * stderr (naming the command cmd) and leaves ids. Free with
 * kctl_words_free() after the last use of l. */
void kctl_words_load(const struct kctl *k, struct kctl_words *w, struct export_labels *l,
		     const char *cmd);
void kctl_words_free(struct kctl_words *w);

#endif
