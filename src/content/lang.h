/*
 * lang: the visitor languages, kiosk-config/lang/<code>/. The files at the
 * top of kiosk-config are the base language, English ("en"); each other
 * folder overlays them with the same keys and ids:
 *
 *   lang/<code>/language.json     name (in itself), English name, order in
 *                                 the picker, direction, fonts, line height,
 *                                 espeak-ng voice, date order, review
 *   lang/<code>/strings/NAME.json the strings of strings/NAME.json (not staff)
 *   lang/<code>/roles/, quiz/, form.json    the same files, words translated
 *   lang/<code>/keyboards.json    layouts that replace the English ones of
 *                                 the same name (names: "letters")
 *   lang/<code>/glossary.json     care words, for translators (not loaded)
 *
 * lang/en/ holds only language.json (English's own name, fonts, voice).
 *
 * A string the language lacks, leaves empty, or whose placeholders
 * ({name}, %d) differ from the English ones is not used: English shows for
 * that string alone. Each such case is a warning ("file:line: ...") that
 * `kioskctl check` prints; it never stops the kiosk. Data (ids, times,
 * pictures, numbers) always comes from the English files.
 *
 * Memory: a language keeps its own strings table (only its strings) and
 * its merged roles, quiz and form; the base language keeps nothing here
 * (the bundle's English tables are its).
 */
#ifndef KIOSK_LANG_H
#define KIOSK_LANG_H

#include "content/diag.h"
#include "content/form.h"
#include "content/quiz.h"
#include "content/roles.h"
#include "content/strtab.h"

#include <stdbool.h>
#include <stddef.h>

#define LANG_BASE "en"

struct lang_info {
	char *code, *name, *english_name;
	int order;		/* place in the picker (ties by code) */
	bool rtl;
	char *script;		/* ISO 15924 for shaping ("Arab"); "" = Latin */
	char *font_regular, *font_bold;	/* file names under assets/fonts or the system's */
	double line_height;	/* times the font's own */
	char *voice;		/* espeak-ng voice; "" = none (no Listen) */
	char date_order[3];	/* 'd', 'm', 'y' in the order dates are written */
	char *review_by, *review_date, *review_note;	/* "" = not checked yet */
};

struct lang {
	struct lang_info info;
	bool base;			/* the top-level files: nothing below is used */
	struct strtab str;		/* this language's strings only */
	struct roles roles;
	struct quiz quiz;
	int nquiz;
	struct form_content form;
	struct form_keyboards keyboards;
	bool own_keyboards;		/* lang/<code>/keyboards.json was there */
};

struct lang_base {
	const char *config_dir, *asset_dir;
	const struct strtab *str;
	const struct roles *roles;
	const struct form_content *form;
};

/* Loads every folder of config_dir/lang (none: one base language, its
 * name its code). Problems that make a language unusable (language.json,
 * a file that no longer validates) go to diag; strings shown in English
 * instead go to warn (may be NULL). *out is a malloc'd array the caller
 * frees with lang_free_all; sorted by order then code. Returns how many. */
size_t lang_load_all(struct lang **out, const struct lang_base *base, struct diag_list *diag,
		     struct diag_list *warn);
void lang_free_all(struct lang *v, size_t n);

/* Index of code in v, or -1. */
int lang_find(const struct lang *v, size_t n, const char *code);

/* The placeholders of a text ({name}, %d), sorted, in out: true when a
 * and b have the same ones. */
bool lang_same_placeholders(const char *a, const char *b);

#endif
