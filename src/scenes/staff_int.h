/*
 * staff_int.h: what the four files of the staff scene share. staff.c is
 * the dashboard and the scene table, staff_pin.c the PIN pad, staff_dlg.c
 * the dialogs (exit, results) and the event tag editor, staff_job.c the
 * slow actions (Export to USB, Check content) on a worker thread. Not for
 * other scenes.
 */
#ifndef KIOSK_STAFF_INT_H
#define KIOSK_STAFF_INT_H

#include "app.h"
#include "report/report_sum.h"
#include "store/pin.h"

enum staff_mode {
	MODE_PIN,	/* the PIN pad (also: no PIN set, no database) */
	MODE_MAIN,	/* the dashboard */
	MODE_WIFI,	/* Wi-Fi (staff_wifi.c) */
};

enum staff_modal {
	MO_NONE,
	MO_EXPORT_BUSY,	/* "Writing to the USB stick": the export job runs */
	MO_CHECK_BUSY,	/* "Checking": the content check job runs */
	MO_MESSAGE,	/* a result in s->dialog, with OK */
	MO_EXIT,	/* "Close the kiosk?" */
	MO_TAG,		/* the event tag editor, with the on-screen keyboard */
	MO_REPORT,	/* "Today at this event" (staff_report.c) */
	MO_CONTENT,	/* Content: Check content, Update content from USB, Close */
	MO_USB_BUSY,	/* "Looking at the USB stick": a USB content job runs */
	MO_USB_CONFIRM,	/* what the stick's content changes: Cancel or Install */
};

/* What a PIN pad message says. */
enum staff_pin_msg {
	PM_PROMPT,
	PM_SHORT,	/* fewer digits than a PIN has */
	PM_WRONG,
	PM_LOCKED,
	PM_NOT_SET,
	PM_NO_STORE,
};

struct staff_wifi;
struct staff_clock;

struct content_usb;
struct reach_job;

/* Can the kiosk reach the upload server (net/reach.h)? */
enum staff_net {
	NET_UNKNOWN,	/* not checked (no upload URL, or the check could not start) */
	NET_CHECKING,
	NET_REACHABLE,
	NET_UNREACHABLE,
	NET_UNTRUSTED,	/* it answered; its certificate did not check out */
};

struct staff_state {
	enum staff_mode mode;
	enum staff_modal modal;

	/* PIN pad. The app wipes the whole state when the scene ends. */
	char pin[PIN_MAX_DIGITS + 1];
	size_t npin;
	enum staff_pin_msg pm;
	int tries_left;
	int64_t locked_until;	/* wall ms */
	enum store_err serr;

	/* Dashboard: read in the scene's update (on entering it, on every
	 * wake-up, after an action, once a minute), never while drawing. */
	char tag[64];
	struct store_counts counts;
	char key_id[17];	/* the office key new leads are sealed to; "" = unsealed */
	struct uploader_status up;
	unsigned long long free_bytes;
	char content_ver[13];
	size_t stale;		/* the content's stale-figure warnings (content/check.h) */
	char note[256];		/* a line under the status (after Upload now) */
	char dialog[4096];	/* MO_MESSAGE text */
	struct ui_scroll dlg_scroll;
	struct job *job;	/* the busy dialog's job, or NULL (staff_job.c) */
	enum store_err job_failed;	/* with no job: why it could not start */
	uint64_t job_started;	/* ui->now when it started */
	struct content_usb *usb;	/* a USB content job running, or NULL (staff_usb.c) */
	long usb_version;	/* unpacked from the stick, waiting for Install (0 none) */
	struct reach_job *probe;	/* a reachability check running, or NULL */
	enum staff_net net;	/* the last check's answer */
	uint64_t probed_at;	/* when it came (0 = never: check at the next update) */

	/* Event tag editor. */
	struct ui_field field;
	struct ui_keyboard kb;
	bool tag_too_long;

	struct staff_wifi *wifi;	/* the Wi-Fi screen's, while it shows */
	struct staff_clock *clock;	/* its clock's, the same */

	struct report_today rv;	/* "Today at this event", read in the scene's update */

	/* The office's content (app_content.c), read in staff_refresh. */
	struct staff_content {
		bool set_up, busy, waiting, asked;
		long running, staged;
		enum content_fetch_result last;
		char why[CONTENT_WHY_LEN], refused[CONTENT_WHY_LEN];
	} content;
};

/* Copies tpl into out with each slots[i][0] (e.g. "{n}") replaced by
 * slots[i][1]; staff_fill1 for one slot. */
void staff_fill(char *out, size_t n, const char *tpl, const char *const (*slots)[2],
		size_t nslots);
void staff_fill1(char *out, size_t n, const char *tpl, const char *slot, const char *val);
/* Re-reads counts, tag, upload status and free space. */
void staff_refresh(struct app *app, struct staff_state *s);

/* staff_report.c: "Today at this event", counts for this event tag and
 * today (UTC) from the database and what the kiosk has not written yet. */
void staff_report_refresh(struct app *app, struct staff_state *s);
void staff_report_draw(struct app *app, struct staff_state *s, struct ui *ui);

/* staff_pin.c */
void staff_pin_enter(struct app *app, struct staff_state *s);
void staff_pin_draw(struct app *app, struct staff_state *s, struct ui *ui);
bool staff_pin_key(struct app *app, struct staff_state *s, const struct ui_event *ev);

/* staff_dlg.c: dialogs drawn over the dashboard, and the tag editor. */
void staff_draw_modal(struct app *app, struct staff_state *s, struct ui *ui);
void staff_tag_open(struct app *app, struct staff_state *s);
void staff_tag_draw(struct app *app, struct staff_state *s, struct ui *ui);
bool staff_tag_key(struct app *app, struct staff_state *s, const struct ui_event *ev);

/* staff_wifi.c: the Wi-Fi screen (MODE_WIFI). open starts it, update asks
 * NetworkManager again when due (returns when next), leave lets it go
 * (wiping a password being typed). */
void staff_wifi_open(struct app *app, struct staff_state *s);
uint64_t staff_wifi_update(struct app *app, struct staff_state *s, uint64_t now);
void staff_wifi_draw(struct app *app, struct staff_state *s, struct ui *ui);
bool staff_wifi_key(struct app *app, struct staff_state *s, const struct ui_event *ev);
void staff_wifi_leave(struct app *app, struct staff_state *s);

struct content_day;
/* The local date of unix ms (staff.c). */
void staff_day(int64_t ms, struct content_day *out);
/* Local date and time of unix ms as "2026-11-23 12:05" (staff_clock.c). */
void staff_time_text(int64_t ms, char *out, size_t n);
/* staff_clock.c: the clock on that screen. open reads timedated, update
 * reads it again once a minute (returns when next), line draws the time
 * and whether it is synchronised (with Set the clock when not) in r and
 * returns its height; while editing, edit_draw is the whole screen. */
void staff_clock_open(struct app *app, struct staff_state *s);
uint64_t staff_clock_update(struct app *app, struct staff_state *s, uint64_t now);
int staff_clock_line(struct app *app, struct staff_state *s, struct ui *ui, struct ui_rect r);
bool staff_clock_editing(const struct staff_state *s);
void staff_clock_stop_editing(struct staff_state *s);
void staff_clock_edit_draw(struct app *app, struct staff_state *s, struct ui *ui);
void staff_clock_leave(struct app *app, struct staff_state *s);

/*
 * staff_job.c: Export to USB and Check content as jobs on the app's queue
 * (store/export_job.h, content/check_job.h: what each copies, and why),
 * the way slip_job.c prints, so the busy dialog keeps drawing while a slow
 * USB stick syncs. s->job holds the scene's reference. A scene that ends
 * first (idle cannot reset it: a running job keeps staff counted as there)
 * cancels it: the thread finishes alone, the queue frees the job, and its
 * result is never shown.
 */
/* Opens the busy dialog kind (MO_EXPORT_BUSY or MO_CHECK_BUSY) and starts
 * its job; its result (s->dialog, MO_MESSAGE, as staff always saw it)
 * comes back when the loop wakes. One that cannot start (no database, no
 * memory, no thread) shows its message at the next update. */
void staff_job_start(struct app *app, struct staff_state *s, enum staff_modal kind);
/* From the scene's update: the message of a job that could not start. */
void staff_job_update(struct app *app, struct staff_state *s);
/* The scene lets go (its leave): a job still running finishes alone. */
void staff_job_drop(struct app *app, struct staff_state *s);

/*
 * staff_usb.c: Update content from USB. start looks on the stick (a job;
 * MO_USB_BUSY), then shows MO_USB_CONFIRM with what would change, or
 * MO_MESSAGE with why not; answer (Install or Cancel, from the confirm
 * dialog) runs the second job, whose result is a MO_MESSAGE. drop (the
 * scene's leave) lets go of a running job and removes a bundle still
 * waiting for an answer. The jobs, what they copy and the folders they
 * use are described in net/content_usb.h.
 */
void staff_usb_start(struct app *app, struct staff_state *s);
void staff_usb_answer(struct app *app, struct staff_state *s, bool install);
void staff_usb_drop(struct app *app, struct staff_state *s);

#endif
