/*
 * slip_job: "Print this" on a screen. Prints an ESC/POS slip on the
 * printer's own thread (print_job_start) and shows how it went the same way
 * on every screen that prints: the button, "Printing..." then "Printed",
 * and, on a failure, a dialog in plain words with Try again and OK. Used by
 * course (a session's slip) and thanks (the course dates that fit the
 * visitor). Not a scene: a part two scenes share.
 *
 * The slip prints as a job on the app's queue (job/job.h, print_job_new):
 * the result comes back on the UI thread when the loop wakes, and changes
 * what the button area says. slip_job_drop() (from the screen's leave)
 * cancels it, so a job that ends later touches nothing of the screen's.
 *
 * Ownership: struct slip_job lives in the screen's state; zeroed is idle.
 */
#ifndef KIOSK_SLIP_JOB_H
#define KIOSK_SLIP_JOB_H

#include "app.h"
#include "print/escpos.h"

enum slip_state { SLIP_IDLE, SLIP_PRINTING, SLIP_DONE, SLIP_FAILED };

struct print_job;

struct slip_job {
	struct print_job *x;	/* while a slip is printing */
	struct job_queue *q;	/* the queue it runs on */
	enum slip_state st;
	const char *fail_key;	/* strings key of the last failure */
	bool fail_open;		/* its dialog is showing */
	char programme[65];	/* set before start: counted as course.slip once printed */
};

/* True when kiosk.json names a printer: only then is there a button. */
bool slip_job_printer(const struct app *app);
/* Builds sl for the configured paper and starts printing it. Problems
 * (the slip cannot be built, no thread) leave the job SLIP_FAILED, with
 * its dialog open. */
void slip_job_start(struct app *app, struct slip_job *j, const struct slip *sl);
/* The Print this button, or "Printing..." / "Printed", at the bottom of r.
 * Returns the height it takes (0 without a printer); draws only when draw,
 * and then returns with *print set when the button was tapped. */
int slip_job_area(struct app *app, struct slip_job *j, struct ui *ui, struct ui_rect r, bool draw,
		  bool *print);
/* The failure dialog, if it is open: draw it last. True when the visitor
 * tapped Try again (the screen then starts the slip again). */
bool slip_job_dialog(struct app *app, struct slip_job *j, struct ui *ui);
/* The screen lets go (its leave): a job still running finishes alone. */
void slip_job_drop(struct slip_job *j);

#endif
