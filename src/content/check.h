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

#include <stdbool.h>
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

/*
 * Stale content: warnings, never errors (the kiosk runs with it, staff
 * update it). `kioskctl check`, `carekiosk-receiver content publish` and
 * staff mode all print these same lines:
 *   a role's pay figures (pay.as_of: "April 2025", "2025-04" or
 *   "2025-04-01"; a month means its first day) more than 12 months before
 *   today, or an as_of that is not a date, so its age is unknown;
 *   a course list with no session from today to 30 days on.
 * Each is "file:line: warning: ..." (the role's file and as_of's line;
 * courses.csv:0).
 */
struct content_day {
	int y, m, d;
};

/* Today's local date. */
void content_today(struct content_day *out);
/* "YYYY-MM-DD" (a real date) into out; false if it is not one. */
bool content_day_parse(const char *s, struct content_day *out);

struct bundle;
/* Appends b's stale warnings as of today to out; returns how many. */
size_t content_stale(const struct bundle *b, const struct content_day *today,
		     struct diag_list *out);

/* content_check, and also stale (may be NULL) gets content_stale's
 * warnings as of today. Returns the problems only, as content_check. */
size_t content_check_at(const char *config_dir, const char *asset_dir, struct diag_list *diag,
			struct content_check_counts *counts, struct diag_list *langs,
			struct diag_list *stale, const struct content_day *today);

#endif
