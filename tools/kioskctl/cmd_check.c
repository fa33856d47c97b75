/*
 * kioskctl check: loads every setting and every piece of content the way
 * the kiosk does, and prints each problem as file:line: message. The
 * checks themselves are content_check() (src/content/check.c), shared
 * with staff mode's "Check content".
 */
#include "kioskctl.h"

#include "content/check.h"
#include "content/config.h"
#include "content/diag.h"
#include "store/seal.h"

#include <stdio.h>
#include <string.h>

/* Sealing is not a content problem (the kiosk runs either way), but a data
 * protection officer wants to hear about it every time. */
static void print_sealing(const char *config_dir)
{
	struct config cfg = {0};
	struct diag_list diag = {0};
	struct seal_pub pub;
	config_load(&cfg, config_dir, &diag);
	diag_free(&diag);
	if (cfg.office_public_key && *cfg.office_public_key &&
	    seal_pub_parse(cfg.office_public_key, &pub) == SEAL_OK)
		printf("leads are sealed to the office key %s\n", pub.key_id);
	else if (!cfg.office_public_key || !*cfg.office_public_key)
		printf("warning: leads are stored UNSEALED: anyone holding this kiosk's SD card or a\n"
		       "USB export can read them. Make an office key with `kioskctl keygen` and set\n"
		       "privacy.office_public_key in kiosk.json.\n");
	config_free(&cfg);
}

int cmd_check(struct kctl *k)
{
	if (kctl_wants_help(k)) {
		printf("usage: kioskctl check [--config DIR] [--assets DIR] [--today YYYY-MM-DD]\n"
		       "Checks kiosk.json, strings, roles, quiz, courses and languages. Prints every\n"
		       "problem as file:line: message and exits 1 if there are any, 0 if all is\n"
		       "well. Then warnings that do not stop the kiosk: pay figures more than 12\n"
		       "months old, no course session in the next 30 days (as of --today, by\n"
		       "default today). For each language (lang/<code>/) it prints who checked the\n"
		       "translation, then each string shown in English instead (missing, extra,\n"
		       "empty, placeholders that differ): those do not stop the kiosk either.\n");
		return 0;
	}
	struct content_day today;
	content_today(&today);
	bool has_today = k->argc == 3 && !strcmp(k->argv[1], "--today");
	if (has_today && !content_day_parse(k->argv[2], &today)) {
		fprintf(stderr, "kioskctl check: --today wants a date like 2026-12-02\n");
		return 2;
	}
	if (!has_today && k->argc != 1) {
		fprintf(stderr, "usage: kioskctl check [--config DIR] [--assets DIR] "
				"[--today YYYY-MM-DD]\n");
		return 2;
	}
	struct diag_list diag = {0}, langs = {0}, stale = {0};
	struct content_check_counts counts;
	size_t n = content_check_at(k->config, k->assets, &diag, &counts, &langs, &stale, &today);
	diag_print(&diag, stdout);
	diag_free(&diag);
	/* Out of date, not wrong: the kiosk shows it; staff should update it. */
	diag_print(&stale, stdout);
	diag_free(&stale);
	/* Languages: each one's review, then its strings that show in English
	 * (the kiosk runs with them; a translator fixes them). */
	diag_print(&langs, stdout);
	diag_free(&langs);
	print_sealing(k->config);
	if (n) {
		fprintf(stderr, "kioskctl: %zu problem(s) found\n", n);
		return 1;
	}
	printf("all good: %d roles, %d quiz characters, %d courses\n", counts.roles, counts.quiz,
	       counts.courses);
	return 0;
}
