/*
 * timedate.c: systemd-timedated over sd-bus (timedate.h).
 */
#include "sys/timedate.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void run_job(struct job *j)
{
	struct td_job *t = (struct td_job *)j;
	if (t->set)
		t->set_err = td_set_time(t->set_ms, t->set_why, sizeof t->set_why);
	td_read(&t->st);
}

static void free_job(struct job *j)
{
	free(j);
}

struct td_job *td_job_new(bool set, int64_t unix_ms)
{
	struct td_job *t = calloc(1, sizeof *t);
	if (!t)
		return NULL;
	t->job.run = run_job;
	t->job.free = free_job;
	t->set = set;
	t->set_ms = unix_ms;
	return t;
}

#ifndef KIOSK_HAVE_SYSTEMD

void td_read(struct td_status *st)
{
	memset(st, 0, sizeof *st);
	st->err = TD_UNAVAILABLE;
}

enum td_err td_set_time(int64_t unix_ms, char *why, size_t n)
{
	(void)unix_ms;
	if (n)
		why[0] = '\0';
	return TD_UNAVAILABLE;
}

#else

#include "sys/bus.h"

#define TD_BUS "org.freedesktop.timedate1"
#define TD_PATH "/org/freedesktop/timedate1"
/* timedated's answer sorted as staff mode tells it apart. */
static enum td_err err_from(const sd_bus_error *e, int r, char *why, size_t n)
{
	static const enum td_err map[] = {[BUS_UNAVAILABLE] = TD_UNAVAILABLE,
					  [BUS_DENIED] = TD_DENIED, [BUS_FAILED] = TD_FAILED};
	return map[bus_classify(e, r, NULL, why, n)];
}

void td_read(struct td_status *st)
{
	memset(st, 0, sizeof *st);
	sd_bus *bus = bus_open();
	if (!bus) {
		st->err = TD_UNAVAILABLE;
		return;
	}
	sd_bus_error e = SD_BUS_ERROR_NULL;
	int synced = 0, ntp = 0;
	int r = sd_bus_get_property_trivial(bus, TD_BUS, TD_PATH, TD_BUS, "NTPSynchronized", &e,
					    'b', &synced);
	if (r < 0) {
		st->err = err_from(&e, r, st->why, sizeof st->why);
	} else {
		st->synced = synced;
		if (sd_bus_get_property_trivial(bus, TD_BUS, TD_PATH, TD_BUS, "NTP", NULL, 'b', &ntp) >=
		    0)
			st->ntp = ntp;
	}
	sd_bus_error_free(&e);
	sd_bus_flush_close_unref(bus);
}

enum td_err td_set_time(int64_t unix_ms, char *why, size_t n)
{
	if (n)
		why[0] = '\0';
	sd_bus *bus = bus_open();
	if (!bus)
		return TD_UNAVAILABLE;
	sd_bus_error e = SD_BUS_ERROR_NULL;
	/* usec since the epoch, not relative, not interactive (no polkit
	 * password prompt: the rule allows it or it is refused). */
	int r = sd_bus_call_method(bus, TD_BUS, TD_PATH, TD_BUS, "SetTime", &e, NULL, "xbb",
				   (int64_t)(unix_ms * 1000), 0, 0);
	enum td_err err = r < 0 ? err_from(&e, r, why, n) : TD_OK;
	sd_bus_error_free(&e);
	sd_bus_flush_close_unref(bus);
	return err;
}

#endif
