/*
 * timedate: the system clock through systemd-timedated's D-Bus API
 * (org.freedesktop.timedate1): whether it is synchronised (NTP), and
 * setting it by hand when it is not. A Raspberry Pi has no real-time
 * clock: without a network it boots with the time it stopped at, and
 * staff set it from staff mode. Setting needs timedated's polkit
 * permission for the kiosk's user (tools/systemd/carekiosk.polkit.rules).
 *
 * Calls block (sd-bus, DBUS_SYSTEM_BUS_ADDRESS as for nm.h), so they run
 * as jobs off the UI thread. Without libsystemd every read says
 * TD_UNAVAILABLE.
 */
#ifndef KIOSK_TIMEDATE_H
#define KIOSK_TIMEDATE_H

#include "job/job.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum td_err {
	TD_OK = 0,
	TD_UNAVAILABLE,	/* no system bus, or timedated is not there */
	TD_DENIED,	/* not allowed (polkit) */
	TD_FAILED,	/* another error (why) */
};

struct td_status {
	enum td_err err;
	bool synced;	/* NTPSynchronized: the kernel's clock is synchronised */
	bool ntp;	/* NTP is switched on */
	char why[256];
};

/* Reads the state now (blocking; not on the UI thread). */
void td_read(struct td_status *st);

/* Sets the clock to unix_ms (SetTime, absolute, not interactive).
 * Blocking. why gets timedated's message on an error. */
enum td_err td_set_time(int64_t unix_ms, char *why, size_t n);

struct td_job {
	struct job job;		/* first */
	bool set;		/* set the clock to set_ms first */
	int64_t set_ms;
	enum td_err set_err;
	char set_why[256];
	struct td_status st;	/* the state after it */
};

/* A job that reads the state (and with set, first sets the clock to
 * unix_ms). The caller sets job.done and starts it. NULL without memory. */
struct td_job *td_job_new(bool set, int64_t unix_ms);

#endif
