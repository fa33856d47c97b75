#include "sys/watchdog.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

#ifdef KIOSK_HAVE_SYSTEMD
#include <systemd/sd-daemon.h>
#define notify(msg) sd_notify(0, msg)
#else
#define notify(msg) ((void)(msg), 0)
#endif

void watchdog_init(struct watchdog *w)
{
	memset(w, 0, sizeof *w);
#ifdef KIOSK_HAVE_SYSTEMD
	uint64_t usec = 0;
	/* > 0 only when the unit has WatchdogSec= and this is its main process. */
	if (sd_watchdog_enabled(0, &usec) > 0 && usec >= 2000)
		w->interval_ms = usec / 2000;	/* half the interval, in ms */
#endif
#ifdef KIOSK_TEST_FAULTS
	const char *f = getenv("CAREKIOSK_FAULT_FREEZE_MS");
	if (f && *f)
		w->freeze_at_ms = strtoull(f, NULL, 10) + 1;
#endif
}

void watchdog_ready(struct watchdog *w, uint64_t now_ms)
{
	if (w->ready)
		return;
	w->ready = true;
	notify("READY=1\nSTATUS=showing the kiosk");
	if (w->interval_ms) {
		notify("WATCHDOG=1");
		w->next_ms = now_ms + w->interval_ms;
	}
#ifdef KIOSK_TEST_FAULTS
	if (w->freeze_at_ms)
		w->freeze_at_ms += now_ms;
#endif
}

uint64_t watchdog_deadline(const struct watchdog *w)
{
	return w->ready && w->interval_ms ? w->next_ms : 0;
}

#ifdef KIOSK_TEST_FAULTS
/* The fault a test asks for: the UI thread stops for good, as it would in a
 * hung GPU driver. Only a build with KIOSK_TEST_FAULTS has this. */
static void freeze(void)
{
	notify("STATUS=test fault: the main loop is frozen");
	for (;;)
		nanosleep(&(struct timespec){3600, 0}, NULL);
}
#endif

void watchdog_beat(struct watchdog *w, uint64_t now_ms)
{
#ifdef KIOSK_TEST_FAULTS
	if (w->freeze_at_ms && w->ready && now_ms >= w->freeze_at_ms)
		freeze();
#endif
	if (!w->ready || !w->interval_ms || now_ms < w->next_ms)
		return;
	notify("WATCHDOG=1");
	w->next_ms = now_ms + w->interval_ms;
}

void watchdog_stopping(struct watchdog *w)
{
	if (w->ready)
		notify("STOPPING=1");
}
