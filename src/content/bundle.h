/*
 * bundle: all of kiosk-config/ (and the pictures it names under assets/),
 * loaded and validated once, into one struct. `kioskctl check` and staff
 * mode's Check content call bundle_load() (check.c). Not done yet: the app
 * owning one (app.c still loads the parts itself and scenes still read
 * form, quiz and courses files), reload on the attract screen.
 *
 *   kiosk.json       cfg        settings
 *   strings/         str        every word that is not content (bundle_str)
 *   roles/           roles      job previews
 *   quiz/            quiz       values and characters
 *   form.json        form       the form's options, programmes' wording
 *   programmes.json  programmes which programmes, their names, pages, routing
 *   keyboards.json   keyboards  on-screen keyboard layouts
 *   courses.csv      courses    course dates (bad rows skipped, see below)
 *   version          a short hash of every content file (leads record it)
 *
 * Languages (issue 16) add a dimension without reshaping this: text is
 * looked up only through bundle_str() (and the content structs' own
 * fields), so per-language overlays from kiosk-config/lang/<code>/ with
 * the same keys and ids can be held beside the English tables and picked
 * per lookup, falling back to English string by string.
 *
 * Ownership: the bundle owns everything in it; bundle_free() frees it all.
 * A loaded bundle is never changed, only replaced whole (bundle_load into a
 * new one, then swap), so pointers into it stay valid until the owner
 * frees it. Threads: a bundle is read-only once loaded.
 */
#ifndef KIOSK_BUNDLE_H
#define KIOSK_BUNDLE_H

#include "content/config.h"
#include "content/courses.h"
#include "content/diag.h"
#include "content/form.h"
#include "content/programmes.h"
#include "content/quiz.h"
#include "content/roles.h"
#include "content/strtab.h"

#include <stdbool.h>
#include <stdint.h>

struct bundle {
	char *config_dir, *asset_dir;
	struct config cfg;
	struct strtab str;
	struct roles roles;
	int nroles;			/* as roles_load: -1 = folder unreadable */
	struct quiz quiz;
	int nquiz;			/* as quiz_load: -1 = the quiz cannot be used */
	struct form_content form;
	struct form_keyboards keyboards;
	struct programmes programmes;
	struct course_list courses;
	int ncourses;			/* as courses_load: -1 = file unreadable */
	char version[13];		/* form.version: what a lead records */
	uint64_t stamp;			/* the files' names, sizes and times */
};

/* Loads everything under config_dir (pictures under asset_dir) into b
 * (zeroed first). Problems that stop the kiosk (any file but courses.csv)
 * go to diag; courses.csv's skipped rows, an unreadable courses.csv and
 * old settings still honoured (courses.url_* in kiosk.json) go to skipped (may be the same list, or NULL to drop them). Returns the
 * number of problems in diag; b always needs bundle_free(). */
size_t bundle_load(struct bundle *b, const char *config_dir, const char *asset_dir,
		   struct diag_list *diag, struct diag_list *skipped);
void bundle_free(struct bundle *b);

/* The UI text for key (kiosk-config/strings/); the key itself when it is
 * missing, so a typo shows on screen instead of a crash or a blank. */
const char *bundle_str(const struct bundle *b, const char *key);
/* Like bundle_str, but NULL when missing. */
const char *bundle_str_find(const struct bundle *b, const char *key);

/* True when a file under the config folder was added, removed or changed
 * since b was loaded (names, sizes and modification times; nothing is
 * opened). */
bool bundle_changed(const struct bundle *b);

#endif
