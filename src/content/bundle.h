/*
 * bundle: all of kiosk-config/ (and the pictures it names under assets/),
 * loaded and validated once, into one struct. `kioskctl check` and staff
 * mode's Check content call bundle_load() (check.c); the app owns one
 * (app->content), scenes read it through the app and never open a file,
 * and it is loaded again when the attract screen shows and a file changed
 * (app_reload_content).
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
 *   lang/            langs      the visitor languages (content/lang.h); the
 *                               fields above are English's, and each other
 *                               language holds its own strings and merged
 *                               roles, quiz and form, read through
 *                               bundle_lang_*() by language index
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
#include "content/lang.h"
#include "content/programmes.h"
#include "content/quiz.h"
#include "content/roles.h"
#include "content/strtab.h"

#include <stdbool.h>
#include <stdint.h>

struct bundle {
	/* config_dir: where the content came from (the config folder, or an
	 * office bundle's data/content/v<N>); kiosk_dir: where kiosk.json
	 * came from (always the config folder). */
	char *config_dir, *kiosk_dir, *asset_dir;
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
	struct lang *langs;		/* at least one; sorted for the picker */
	size_t nlangs;
	int deflang;			/* kiosk.json "language" */
	struct diag_list warn;		/* translated strings shown in English */
	uint64_t stamp;			/* the files' names, sizes and times */
};

/* Loads everything under config_dir (pictures under asset_dir) into b
 * (zeroed first). Problems that stop the kiosk (any file but courses.csv)
 * go to diag; courses.csv's skipped rows, an unreadable courses.csv and
 * old settings still honoured (courses.url_* in kiosk.json) go to skipped (may be the same list, or NULL to drop them). Returns the
 * number of problems in diag; b always needs bundle_free(). */
size_t bundle_load(struct bundle *b, const char *config_dir, const char *asset_dir,
		   struct diag_list *diag, struct diag_list *skipped);
/* The same, with kiosk.json from kiosk_dir and everything else from
 * content_dir (an office bundle unpacked in data/content/v<N>, which has
 * no kiosk.json: that stays per kiosk). bundle_load is this with one
 * folder for both. */
size_t bundle_load_dirs(struct bundle *b, const char *kiosk_dir, const char *content_dir,
			const char *asset_dir, struct diag_list *diag, struct diag_list *skipped);
void bundle_free(struct bundle *b);

/* The UI text for key (kiosk-config/strings/); the key itself when it is
 * missing, so a typo shows on screen instead of a crash or a blank. */
const char *bundle_str(const struct bundle *b, const char *key);
/* Like bundle_str, but NULL when missing. */
const char *bundle_str_find(const struct bundle *b, const char *key);

/* Language i (clamped to the default when out of range). */
const struct lang *bundle_lang(const struct bundle *b, int i);
/* The UI text for key in language i: its own, else English's, else the
 * key itself (visible, never a blank). */
const char *bundle_lang_str(const struct bundle *b, int i, const char *key);
/* Language i's content: its own merged copy, or English's. */
const struct roles *bundle_lang_roles(const struct bundle *b, int i);
const struct quiz *bundle_lang_quiz(const struct bundle *b, int i, int *nquiz);
const struct form_content *bundle_lang_form(const struct bundle *b, int i);
const struct form_keyboards *bundle_lang_keyboards(const struct bundle *b, int i);

/* True when a file under the config folder was added, removed or changed
 * since b was loaded (names, sizes and modification times; nothing is
 * opened). */
bool bundle_changed(const struct bundle *b);

#endif
