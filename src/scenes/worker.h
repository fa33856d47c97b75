/*
 * worker: the hand-off between a screen and a job it runs on a thread of
 * its own (a receipt slip, a USB export), so the UI loop never waits.
 *
 * Embed struct worker in the job's own struct. The screen and the thread
 * each hold a reference. The thread, when its result is stored, calls
 * worker_finish(): that marks the job done, wakes the UI loop (unless the
 * screen has gone) and lets go. The screen looks at worker_done() each
 * frame (worker_tick() keeps frames coming while it waits) and calls
 * worker_drop() when it no longer wants the result, including from its
 * leave(). Whoever lets go last calls free_job, which frees the whole job.
 */
#ifndef KIOSK_WORKER_H
#define KIOSK_WORKER_H

#include "app.h"

#include <pthread.h>
#include <stdatomic.h>

struct worker {
	atomic_int refs;	/* the screen's and the thread's */
	atomic_bool done;	/* the job's result is complete */
	pthread_mutex_t lock;	/* guards pf */
	struct pf *pf;		/* NULL once the screen has let go */
	void (*free_job)(struct worker *w);
};

/* Two references, not done, waking pf. 0, or -1 if the lock cannot be
 * made (then nothing needs undoing). */
int worker_init(struct worker *w, struct pf *pf, void (*free_job)(struct worker *w));
/* On the thread, after the result is stored: done, wake, let go. */
void worker_finish(struct worker *w);
bool worker_done(struct worker *w);
/* While waiting: the thread's wake-up brings the next frame, but a
 * headless run never sees it, so this asks for a tick every 100 ms of its
 * virtual clock (a real one every second, as a backstop). */
void worker_tick(struct app *app, struct ui *ui);
/* The screen lets go; a job still running finishes alone. NULL is fine. */
void worker_drop(struct worker *w);
/* Lets go of one reference (e.g. the thread's, when it never started). */
void worker_release(struct worker *w);

#endif
