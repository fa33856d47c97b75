/*
 * check: everything `kioskctl check` and staff mode's "Check content" look
 * at, in one place, so both report exactly the same problems the kiosk
 * would refuse to start with: kiosk.json, strings/, roles/, quiz/ and
 * courses.csv,
 * each problem as "file:line: message" in diag.
 * (The content version shown to staff is form_content_version(), the one
 * recorded with each lead.)
 */
#ifndef KIOSK_CHECK_H
#define KIOSK_CHECK_H

#include "content/diag.h"

#include <stddef.h>

struct content_check_counts {
	int roles;	/* roles loaded, or -1 if the folder could not be read */
	int quiz;	/* quiz characters loaded, or -1 if the quiz cannot be used */
	int courses;	/* courses loaded, or -1 if the file could not be read */
};

/* Loads and validates everything under config_dir (pictures under
 * asset_dir) and appends each problem to diag. counts may be NULL.
 * langs (may be NULL) gets, for each language but English, one line with
 * its review state ("file:line: Polski (Polish): not checked by a native
 * speaker yet ...") and then each of its strings that shows in English
 * (missing, extra, empty, other placeholders), as file:line. Those do not
 * stop the kiosk and are not counted. Returns how many problems it found. */
size_t content_check(const char *config_dir, const char *asset_dir, struct diag_list *diag,
		     struct content_check_counts *counts, struct diag_list *langs);

#endif
