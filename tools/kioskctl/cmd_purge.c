/*
 * kioskctl purge: deletes leads the office already has (uploaded and
 * acknowledged) once they are older than a number of days, so personal
 * data does not stay on the kiosk longer than needed. Leads still waiting
 * to upload, or refused by the office, are never touched. The kiosk does
 * the same at every start with its retention_days setting.
 */
#include "kioskctl.h"

#include "kctl_store.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void usage(FILE *f)
{
	fprintf(f, "usage: kioskctl purge --sent-older-than DAYS [--config DIR] [--data DIR]\n"
		   "Deletes leads that were uploaded more than DAYS days ago (0 = every uploaded\n"
		   "lead). Leads waiting to upload or refused by the office are kept.\n");
}

/* DAYS: a whole number from 0 to 36500; -1 if it is not. */
static int parse_days(const char *s)
{
	char *end;
	long v = strtol(s, &end, 10);
	if (!*s || *end || v < 0 || v > 36500)
		return -1;
	return (int)v;
}

int cmd_purge(struct kctl *k)
{
	if (kctl_wants_help(k)) {
		usage(stdout);
		return 0;
	}
	int days = -1;
	if (k->argc == 3 && !strcmp(k->argv[1], "--sent-older-than"))
		days = parse_days(k->argv[2]);
	if (days < 0) {
		fprintf(stderr, "kioskctl purge: say how old, e.g. --sent-older-than 30\n");
		usage(stderr);
		return 2;
	}
	struct store *st = kctl_open_store(k, true);
	if (!st)
		return 1;
	long n = 0;
	long nc = 0;
	enum store_err err = store_purge_sent(st, days, kctl_now_ms(), &n);
	if (!err)	/* the counts are kept as long as the leads, no longer */
		err = store_tally_purge(st, days, kctl_now_ms(), &nc);
	store_close(st);
	if (err) {
		fprintf(stderr, "kioskctl purge: %s\n", store_strerror(err));
		return 1;
	}
	printf("deleted %ld uploaded lead%s older than %d day%s\n", n, n == 1 ? "" : "s", days,
	       days == 1 ? "" : "s");
	if (nc)
		printf("deleted %ld hourly count%s older than %d day%s\n", nc, nc == 1 ? "" : "s",
		       days, days == 1 ? "" : "s");
	return 0;
}
