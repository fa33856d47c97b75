/*
 * check.c: the content checks shared by kioskctl and staff mode (check.h):
 * the kiosk's own loader, bundle_load(), with every problem reported.
 */
#include "content/check.h"

#include "content/bundle.h"

#include <stdio.h>
#include <string.h>

/* One line per language: who checked it, or that nobody has yet. */
static void review_lines(const struct bundle *b, struct diag_list *out)
{
	for (size_t i = 0; i < b->nlangs; i++) {
		const struct lang_info *in = &b->langs[i].info;
		if (b->langs[i].base)
			continue;
		char file[4400];
		snprintf(file, sizeof file, "%s/lang/%s/language.json", b->config_dir, in->code);
		if (in->review_by && *in->review_by)
			diag_add(out, file, 0, "%s (%s): checked by %s%s%s", in->name, in->english_name,
				 in->review_by, in->review_date && *in->review_date ? " on " : "",
				 in->review_date ? in->review_date : "");
		else
			diag_add(out, file, 0, "%s (%s): not checked by a native speaker yet%s%s%s",
				 in->name, in->english_name, in->review_note && *in->review_note ? " (" : "",
				 in->review_note ? in->review_note : "",
				 in->review_note && *in->review_note ? ")" : "");
	}
	diag_append(out, &b->warn);
}

size_t content_check(const char *config_dir, const char *asset_dir, struct diag_list *diag,
		     struct content_check_counts *counts, struct diag_list *langs)
{
	size_t before = diag_count(diag);
	struct bundle b;
	bundle_load(&b, config_dir, asset_dir, diag, diag);
	if (counts)
		*counts = (struct content_check_counts){b.nroles, b.nquiz, b.ncourses};
	if (langs)
		review_lines(&b, langs);
	bundle_free(&b);
	return diag_count(diag) - before;
}
