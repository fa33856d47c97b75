/*
 * check.c: the content checks shared by kioskctl and staff mode (check.h):
 * the kiosk's own loader, bundle_load(), with every problem reported.
 */
#include "content/check.h"

#include "content/bundle.h"

size_t content_check(const char *config_dir, const char *asset_dir, struct diag_list *diag,
		     struct content_check_counts *counts)
{
	size_t before = diag_count(diag);
	struct bundle b;
	bundle_load(&b, config_dir, asset_dir, diag, diag);
	if (counts)
		*counts = (struct content_check_counts){b.nroles, b.nquiz, b.ncourses};
	bundle_free(&b);
	return diag_count(diag) - before;
}
