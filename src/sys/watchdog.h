/*
 * watchdog: tells systemd the kiosk is up and its UI loop still turning
 * (the unit is Type=notify with WatchdogSec=): READY=1 once the first frame
 * is on the screen, then WATCHDOG=1 from the main loop at half the interval
 * systemd asked for. A loop that stops turning (a hung driver, a deadlock)
 * sends nothing more, and systemd restarts the kiosk.
 *
 * Without systemd (NOTIFY_SOCKET unset: a terminal, the tests) every call
 * is a no-op. Only the UI thread calls these; the struct is the app's.
 */
#ifndef KIOSK_WATCHDOG_H
#define KIOSK_WATCHDOG_H

#include <stdbool.h>
#include <stdint.h>

struct watchdog {
	uint64_t interval_ms;	/* between heartbeats; 0 = systemd wants none */
	uint64_t next_ms;	/* when the next one is due (loop clock) */
	bool ready;		/* READY=1 sent */
	uint64_t freeze_at_ms;	/* test builds only: the loop hangs from then on */
};

/* Reads what systemd asked for (WATCHDOG_USEC, for this process). In a
 * build with KIOSK_TEST_FAULTS, CAREKIOSK_FAULT_FREEZE_MS=N makes the loop
 * hang N ms after the first frame, so a test sees the heartbeats stop. */
void watchdog_init(struct watchdog *w);

/* After the first frame is presented: READY=1, and the first heartbeat. */
void watchdog_ready(struct watchdog *w, uint64_t now_ms);

/* When the loop must wake up next for a heartbeat (0: never). The loop's
 * sleep is the earlier of this and its own deadline. */
uint64_t watchdog_deadline(const struct watchdog *w);

/* Each turn of the main loop, after its frame: a heartbeat when one is due.
 * (In a test build past freeze_at_ms, this never returns.) */
void watchdog_beat(struct watchdog *w, uint64_t now_ms);

/* At a clean exit: STOPPING=1, so systemd does not count the silence. */
void watchdog_stopping(struct watchdog *w);

#endif
