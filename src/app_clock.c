/*
 * app_clock.c: what the app knows about its clock (app.h, struct
 * app_clock). A Raspberry Pi has no real-time clock: without a network it
 * boots with the time it stopped at, and NTP or staff may later move it
 * either way. Two things follow:
 *
 * - Each lead records whether the clock was synchronised when it was
 *   made: the last answer of systemd-timedated (NTPSynchronized), asked
 *   on a job's thread at start and every few minutes, and taken from the
 *   staff clock screen's reads too. A tap never waits on D-Bus: the form
 *   reads the cached answer.
 * - A wall clock earlier than the newest time the database has seen (a
 *   lead's times, and the time noted here while the kiosk runs) went
 *   back. The kiosk says so in the log and on the staff screen, and
 *   retention does not purge on it until the clock is past that time.
 */
#include "app.h"

#include "sys/timedate.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* timedated is asked again this often (UI clock). */
#define READ_EVERY_MS (5 * 60 * 1000)
/* The newest time is noted in the database at most this often. */
#define NOTE_EVERY_MS (60 * 60 * 1000)
/* A clock this much behind the newest time seen went back (not a second
 * of NTP's slewing, nor fake-hwclock's few minutes). */
#define BEHIND_SLACK_MS (5 * 60 * 1000)

static void utc_text(int64_t ms, char *out, size_t n)
{
	time_t t = (time_t)(ms / 1000);
	struct tm tm;
	if (!gmtime_r(&t, &tm) || !strftime(out, n, "%Y-%m-%d %H:%M UTC", &tm))
		snprintf(out, n, "%" PRId64 " ms", ms);
}

bool app_clock_behind(const struct app *app, int64_t *newest_ms)
{
	const struct app_clock *c = &app->clock;
	if (newest_ms)
		*newest_ms = c->newest_ms;
	return c->newest_ms > 0 && app_wall_ms(app) < c->newest_ms - BEHIND_SLACK_MS;
}

/* Notes now as the newest time seen (kv clock.newest_ms), when the clock
 * has not gone back, and says once in the log when it has. */
static void note_time(struct app *app, bool force)
{
	struct app_clock *c = &app->clock;
	int64_t now = app_wall_ms(app);
	if (app_clock_behind(app, NULL)) {
		if (!c->said) {
			char a[40], b[40];
			utc_text(now, a, sizeof a);
			utc_text(c->newest_ms, b, sizeof b);
			fprintf(stderr,
				"carekiosk: the clock went back: it says %s, but this kiosk has "
				"already recorded %s. Nothing is purged (retention_days) until it "
				"is right: check it in staff mode, Wi-Fi and clock\n", a, b);
			c->said = true;
		}
		return;
	}
	if (c->said)
		fprintf(stderr, "carekiosk: the clock is past the newest time recorded again\n");
	c->said = false;
	if (now > c->newest_ms)
		c->newest_ms = now;
	if (!force && c->noted_ms && now - c->noted_ms < NOTE_EVERY_MS && now >= c->noted_ms)
		return;
	if (!app->store)
		return;
	char v[24];
	snprintf(v, sizeof v, "%" PRId64, c->newest_ms);
	if (store_kv_set(app->store, "clock.newest_ms", v) == STORE_OK)
		c->noted_ms = now;
}

void app_clock_note(struct app *app, const struct td_status *st)
{
	struct app_clock *c = &app->clock;
	c->read_at = app_now_ms(app);
	c->tried = true;
	c->synced = st->err ? STORE_CLOCK_UNKNOWN
		  : st->synced ? STORE_CLOCK_SYNCED : STORE_CLOCK_UNSYNCED;
}

static void read_done(struct job *j, void *owner, void *ctx)
{
	struct app *app = ctx;
	(void)owner;
	app->clock.job = NULL;
	app_clock_note(app, &((struct td_job *)j)->st);
}

static void start_read(struct app *app)
{
	struct app_clock *c = &app->clock;
	if (c->job)
		return;
	struct td_job *t = td_job_new(false, 0);
	if (t)
		t->job.done = read_done;
	if (!t || job_start(app->jobs, &t->job, c) != JOB_OK) {
		c->read_at = app_now_ms(app);	/* try again later */
		c->tried = true;
		return;
	}
	c->job = t;
}

void app_clock_open(struct app *app)
{
	struct app_clock *c = &app->clock;
	int64_t newest = 0;
	if (app->store && store_newest_time(app->store, &newest) == STORE_OK)
		c->newest_ms = newest;
	note_time(app, true);
	start_read(app);
}

void app_clock_tick(struct app *app)
{
	struct app_clock *c = &app->clock;
	uint64_t now = app_now_ms(app);
	if (!c->job && (!c->tried || now - c->read_at >= READ_EVERY_MS))
		start_read(app);
	note_time(app, false);
}

uint64_t app_clock_deadline(const struct app *app)
{
	const struct app_clock *c = &app->clock;
	return c->job || !c->tried ? 0 : c->read_at + READ_EVERY_MS;
}

void app_clock_close(struct app *app)
{
	if (app->pf)	/* not when app_open stopped before the display */
		note_time(app, true);
}

enum store_clock app_clock_synced(const struct app *app)
{
	return app->clock.synced;
}
