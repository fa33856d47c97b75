/*
 * kioskctl stats: what staff mode's screen shows, on the command line:
 * leads today, this event, waiting, uploaded, refused, exported; the last
 * upload and its last error; whether staff mode is locked. Read-only, so
 * it is safe while the kiosk runs.
 */
#include "kioskctl.h"

#include "content/config.h"
#include "kctl_store.h"
#include "store/pin.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static void usage(FILE *f)
{
	fprintf(f, "usage: kioskctl stats [--config DIR] [--data DIR]\n"
		   "Counts the leads on this kiosk: today, this event, waiting to upload,\n"
		   "uploaded, refused by the office system and exported; shows the last upload\n"
		   "and whether staff mode is locked. Never changes anything.\n");
}

/* The event tag new leads get: staff mode's, else kiosk.json's. */
static char *event_tag(struct store *st, const char *config_dir)
{
	char *tag = NULL;
	if (store_kv_get(st, "event.tag", &tag) == STORE_OK)
		return tag;
	struct config cfg = {0};
	struct diag_list diag = {0};
	config_load(&cfg, config_dir, &diag);	/* problems: kioskctl check says */
	diag_free(&diag);
	tag = strdup(cfg.event_tag ? cfg.event_tag : "");
	config_free(&cfg);
	return tag;
}

static void print_time(const char *label, long long ms)
{
	char buf[32];
	time_t t = (time_t)(ms / 1000);
	struct tm tm;
	if (ms > 0 && localtime_r(&t, &tm) && strftime(buf, sizeof buf, "%Y-%m-%d %H:%M", &tm))
		printf("%-28s %s\n", label, buf);
	else
		printf("%-28s %s\n", label, "never");
}

static void print_upload(struct store *st)
{
	char *v = NULL;
	long long last = 0;
	if (store_kv_get(st, "upload.last_success_ms", &v) == STORE_OK)
		last = atoll(v);
	free(v);
	v = NULL;
	print_time("last upload:", last);
	if (store_kv_get(st, "upload.last_error", &v) == STORE_OK && *v)
		printf("%-28s %s\n", "last upload problem:", v);
	free(v);
}

static void print_key(void *ctx, const char *key_id, long n)
{
	(void)ctx;
	if (key_id)
		printf("  sealed to key %s:    %ld\n", key_id, n);
	else
		printf("%-28s %ld\n", "  stored UNSEALED:", n);
}

static void print_pin(struct store *st, long long now)
{
	struct pin_status ps;
	if (pin_status(st, now, &ps) != STORE_OK)
		return;
	if (!ps.set)
		printf("%-28s %s\n", "staff PIN:", "not set (kioskctl set-pin)");
	else if (ps.locked_until_ms)
		print_time("staff mode locked until:", ps.locked_until_ms);
	else
		printf("%-28s set, %d tries before a lock\n", "staff PIN:", ps.tries_left);
}

int cmd_stats(struct kctl *k)
{
	if (kctl_wants_help(k)) {
		usage(stdout);
		return 0;
	}
	if (k->argc > 1) {
		fprintf(stderr, "kioskctl stats: unexpected \"%s\"\n", k->argv[1]);
		usage(stderr);
		return 2;
	}
	struct store *st = kctl_open_store(k, false);
	if (!st)
		return 1;
	long long now = kctl_now_ms();
	char *tag = event_tag(st, k->config);
	struct store_counts c;
	enum store_err err = store_counts(st, tag && *tag ? tag : NULL, now, &c);
	if (err) {
		fprintf(stderr, "kioskctl stats: cannot count the leads: %s\n", store_strerror(err));
		free(tag);
		store_close(st);
		return 1;
	}
	printf("%-28s %ld\n", "leads on this kiosk:", c.total);
	printf("%-28s %ld\n", "  today:", c.today);
	if (tag && *tag)
		printf("%-28s %ld (%s)\n", "  this event:", c.event, tag);
	else
		printf("%-28s %s\n", "  this event:", "no event tag set");
	printf("%-28s %ld\n", "  waiting to upload:", c.queued);
	printf("%-28s %ld\n", "  uploaded:", c.sent);
	printf("%-28s %ld\n", "  refused by the office:", c.rejected);
	printf("%-28s %ld\n", "  exported to a file:", c.exported);
	store_key_counts(st, print_key, NULL);
	print_upload(st);
	print_pin(st, now);
	free(tag);
	store_close(st);
	return 0;
}
