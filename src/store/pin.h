/*
 * pin: the staff PIN, kept in the leads database's kv table.
 *
 * The PIN itself is never stored: only a libsodium crypto_pwhash_str hash
 * (Argon2id, random salt) under "staff.pin_hash". The cost is fixed here at
 * opslimit 3 and 16 MiB (PIN_OPSLIMIT, PIN_MEMLIMIT) rather than libsodium's
 * INTERACTIVE preset (2 and 64 MiB): on a Raspberry Pi 3 with 1 GB shared
 * with the GPU, 64 MiB per check is a lot to find on the UI thread, and
 * three passes over 16 MiB cost about the same time. The parameters travel
 * inside the hash string, so a later change still verifies old hashes.
 *
 * Lockout: every wrong PIN adds one to "staff.pin_fails". The fifth wrong
 * PIN in a row locks staff mode ("staff.pin_locked_until", unix ms) for
 * 1 minute, the next lock 5, then 15, then 60 minutes for every lock after
 * ("staff.pin_lockouts" counts them). While locked, no PIN is even checked.
 * A right PIN clears all three. Everything is in the database, so pulling
 * the plug does not reset the count. If the clock jumps backwards (a Pi
 * has no battery clock), a lock never lasts longer than its own length:
 * the first look at it (pin_status or pin_check) moves its stored end to
 * one length from then, so the countdown staff see is the one that holds.
 *
 * Time: every call takes the time from the caller, so lockouts are
 * testable: the wall clock (the kiosk passes app_wall_ms(), virtual under
 * test), and with the _at calls also a clock that never jumps, counting
 * from boot. A lock is then measured on that clock for as long as the
 * device stays up (kiosk restarts included), so a wall clock set forward
 * or back (NTP catching up on a Pi with no battery clock) neither shortens
 * nor lengthens it. Across a reboot only the wall clock is left, clamped
 * as above; a jump forward then can end a lock early, as nothing recorded
 * how long the device was off.
 * Privacy: nothing here logs; PIN buffers are the caller's to wipe.
 * Threads: as struct store (one thread at a time per connection).
 */
#ifndef KIOSK_PIN_H
#define KIOSK_PIN_H

#include "store/store.h"

#include <stdbool.h>
#include <stdint.h>

#define PIN_MIN_DIGITS 4
#define PIN_MAX_DIGITS 8
/* Wrong PINs in a row before a lock. */
#define PIN_TRIES 5
/* Argon2id cost; see the top of this file. */
#define PIN_OPSLIMIT 3
#define PIN_MEMLIMIT (16u * 1024 * 1024)

enum pin_err {
	PIN_OK = 0,
	PIN_WRONG,	/* not the PIN; out->tries_left says how many remain */
	PIN_LOCKED,	/* too many wrong PINs; out->locked_until_ms says when it opens */
	PIN_NOT_SET,	/* no PIN has been set (kioskctl set-pin) */
	PIN_BAD_FORMAT,	/* not PIN_MIN_DIGITS..PIN_MAX_DIGITS digits */
	PIN_STORE,	/* the database failed; see the store_err out-parameter */
	PIN_NOMEM,	/* hashing could not get its memory */
};

/* Where staff mode stands. */
struct pin_status {
	bool set;			/* a PIN hash is stored */
	int tries_left;			/* before the next lock (0 while locked) */
	int64_t locked_until_ms;	/* 0 = not locked */
	int lockouts;			/* locks so far since the last right PIN */
};

/* True if pin is PIN_MIN_DIGITS..PIN_MAX_DIGITS ASCII digits. */
bool pin_format_ok(const char *pin);

/* How long lock number n (0 = the first) lasts, in ms: 1, 5, 15, then 60
 * minutes for every later lock. */
int64_t pin_lock_ms(int n);

#define PIN_BOOT_ID_MAX 40

/* When a PIN is typed or the lock looked at. */
struct pin_time {
	int64_t wall_ms;	/* unix ms */
	int64_t boot_ms;	/* ms since boot (CLOCK_BOOTTIME: counts through suspend) */
	/* Which boot boot_ms counts in (/proc/sys/kernel/random/boot_id);
	 * "" if there is no such clock: then boot_ms is ignored. */
	char boot_id[PIN_BOOT_ID_MAX];
};

/* Reads the lockout state at t (pin_status: the wall clock now_ms only).
 * A lock end the clocks show to be wrong is corrected in the database on
 * a read-write connection. STORE errors are returned as is. */
enum store_err pin_status_at(struct store *st, const struct pin_time *t, struct pin_status *out);
enum store_err pin_status(struct store *st, int64_t now_ms, struct pin_status *out);

/*
 * Checks a PIN typed at now_ms and updates the counters. Returns PIN_OK
 * (counters cleared), PIN_WRONG, PIN_LOCKED (the PIN was not looked at),
 * PIN_NOT_SET, PIN_BAD_FORMAT (counts as a wrong PIN: it is a guess too),
 * PIN_STORE (with *serr set) or PIN_NOMEM. *out (may be NULL) gets the
 * state after the check. serr may be NULL.
 */
enum pin_err pin_check_at(struct store *st, const char *pin, const struct pin_time *t,
			  struct pin_status *out, enum store_err *serr);
/* The same on the wall clock now_ms alone. */
enum pin_err pin_check(struct store *st, const char *pin, int64_t now_ms,
		       struct pin_status *out, enum store_err *serr);

/* Hashes pin and stores it, clearing any lock. PIN_BAD_FORMAT, PIN_NOMEM,
 * PIN_STORE (with *serr) or PIN_OK. The store must be read-write. */
enum pin_err pin_set(struct store *st, const char *pin, enum store_err *serr);

#endif
