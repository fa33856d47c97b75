/*
 * content_usb: new content from a USB stick, as a job on the app's queue
 * (job/job.h), never on the UI thread. Staff mode's "Update content from
 * USB" runs it in three phases:
 *   look    finds the stick (export_find_usb, as Export to USB does), takes
 *           its newest signed bundle (*.ckb, what `carekiosk-receiver
 *           content publish` writes) or, where kiosk.json allows it
 *           (content.allow_usb_unsigned), a plain courses.csv laid over
 *           the running content; installs it with pack_install (verified,
 *           checked, written and fsynced, renamed whole) into the hidden
 *           <content_dir>/.usb/v<N>, where nothing looks; and says what
 *           would change (content/diff.h).
 *   apply   after Install: renames it to <content_dir>/v<N> and marks it
 *           staged in <content_dir>/state (net/content_fetch.h), the way a
 *           fetched bundle waits (under the state's lock: a fetch may stage
 *           at the same time); the app switches at the attract screen.
 *   drop    after Cancel (or the screen ending first): removes .usb/v<N>.
 *
 * Ownership: content_usb_new() copies every string of its options; the
 * job owns them and its results, and job.free frees it all. The thread
 * reads opts->running (the app's running bundle) read-only: the caller
 * must not replace it while the job runs (the app reloads only with no job
 * pending). The caller sets job.done and starts it with job_start().
 */
#ifndef KIOSK_CONTENT_USB_H
#define KIOSK_CONTENT_USB_H

#include "content/check.h"
#include "content/diff.h"
#include "content/pack.h"
#include "job/job.h"

#include <stdbool.h>

enum content_usb_phase { CONTENT_USB_LOOK, CONTENT_USB_APPLY, CONTENT_USB_DROP };

enum content_usb_result {
	CONTENT_USB_NO_STICK,
	CONTENT_USB_NOTHING,	/* no bundle, no courses.csv */
	CONTENT_USB_UNSIGNED,	/* only a courses.csv, and unsigned is not allowed */
	CONTENT_USB_REFUSED,	/* why */
	CONTENT_USB_SAME,	/* that version is already here */
	CONTENT_USB_READY,	/* installed in .usb, diff filled: ask */
	CONTENT_USB_INSTALLED,	/* staged */
	CONTENT_USB_FAILED,	/* apply could not: why */
	CONTENT_USB_DROPPED,
};

struct content_usb_opts {
	const char *usb_dirs;	/* where sticks are mounted (config.usb_dirs) */
	const char *content_dir;	/* <data>/content */
	const char *asset_dir;
	const char *public_key;	/* content.public_key, base64 */
	const char *running_dir;	/* the running content's folder */
	bool allow_unsigned;	/* content.allow_usb_unsigned */
	const struct bundle *running;	/* read-only while the job runs */
	const char *days[7], *months[12];	/* for the diff's session dates */
	struct content_day today;
};

struct content_usb {
	struct job job;		/* first (job/job.h) */
	enum content_usb_phase phase;
	long version;		/* apply / drop: which; look: the bundle's */

	/* Results, read once job.done runs. */
	enum content_usb_result res;
	bool is_signed;
	char why[PACK_WHY_LEN + 64];
	struct content_diff diff;

	/* The thread's own copies (content_usb.c). */
	char *usb_dirs, *content_dir, *asset_dir, *public_key, *running_dir;
	bool allow_unsigned;
	const struct bundle *running;
	char *names[19];	/* day names (Sunday first), then months */
	struct content_day today;
};

/* A job of phase (version: which bundle, for apply and drop), with
 * job.run and job.free set and keeps_awake for look and apply (someone is
 * waiting for it); NULL when memory ran out. */
struct content_usb *content_usb_new(enum content_usb_phase phase, long version,
				    const struct content_usb_opts *o);

#endif
