/*
 * job: slow work (a receipt slip, a reachability check, a USB export, a
 * content check) on a thread of its own, with its result handed back to
 * the UI loop. The one way the kiosk runs work off the UI thread.
 *
 * The app owns one job_queue. A job is the caller's own struct with a
 * struct job as its first member and three functions:
 *   run    on the job's thread. Works only from the job's own copies and
 *          stores its result in the job: never the app, the ui or a
 *          scene's state (they may be gone by the time it ends).
 *   done   on the UI thread, from job_queue_poll(), after run has
 *          returned, with the owner given to job_start(). Not called for
 *          a job whose owner let go (job_cancel).
 *   free   frees the whole job. On the UI thread (job_queue_poll,
 *          job_cancel, job_queue_close); only for a job still running
 *          when the queue closed, on the job's thread, when run returns.
 * When run returns the job goes on the queue's finished list and the
 * queue's wake function is called: the app passes one that wakes its loop
 * (pf_wake), and the loop then calls job_queue_poll().
 *
 * Threads start with every signal blocked (job_thread_start, also for
 * the long-lived uploader thread): signals stay with the UI thread. A
 * job's thread is joined before the job is freed, so no thread of the
 * queue's is still ending (a library's thread-local clean-up, OpenSSL's)
 * once its job has been handed back, or once job_queue_drain returns.
 *
 * Threads: job_thread_start is for any thread; everything else is for the
 * thread that opened the queue (the UI thread), except that run happens on
 * the job's thread and the wake function is called from it.
 */
#ifndef KIOSK_JOB_H
#define KIOSK_JOB_H

#include <pthread.h>
#include <stdbool.h>
#include <stddef.h>

enum job_err {
	JOB_OK = 0,
	JOB_NOMEM,	/* no memory for the queue */
	JOB_NO_THREAD,	/* the system would not start a thread */
	JOB_CLOSED,	/* the queue is closing */
};

/* Short English for logs, never NULL. */
const char *job_strerror(enum job_err e);

struct job_queue;

struct job {
	void (*run)(struct job *j);
	void (*done)(struct job *j, void *owner, void *ctx);
	void (*free)(struct job *j);
	/* While it runs, the person at the screen counts as there: the app
	 * holds off its idle reset (staff waiting for an export). */
	bool keeps_awake;

	/* Private to job.c. */
	struct job *next;
	struct job_queue *q;
	void *owner;
	int state;		/* running, finished, being handed back */
	bool cancelled;
	pthread_t tid;		/* joined before the job is freed */
	bool joined;
};

struct job_queue_opts {
	/* Called on a job's thread when it has finished (may be NULL). */
	void (*wake)(void *wake_ctx);
	void *wake_ctx;
	/* Passed to every done (the app). */
	void *done_ctx;
};

/* Opens an empty queue. JOB_OK, or JOB_NOMEM. */
enum job_err job_queue_open(const struct job_queue_opts *o, struct job_queue **out);
/* Frees finished jobs (done is not called) and lets go of running ones:
 * each frees itself when its run returns, and wake is not called again.
 * NULL is fine. */
void job_queue_close(struct job_queue *q);

/* Starts j->run on a new thread; owner is what done gets back. On
 * JOB_OK the queue owns j until it is freed; on an error j->free(j) has
 * already been called, and done never will be. */
enum job_err job_start(struct job_queue *q, struct job *j, void *owner);
/* The owner no longer wants the result (a screen that goes): done is never
 * called; j is freed now if it has finished, or when it does. NULL is
 * fine. */
void job_cancel(struct job_queue *q, struct job *j);
/* Hands finished jobs back: done for each one still owned, then free, in
 * the order they finished. Returns how many were handed back. */
size_t job_queue_poll(struct job_queue *q);

/* Asks every running job to give up (job_should_stop) and waits up to
 * timeout_ms of real time for them to end, threads and all. True if none
 * is running. For
 * shutting down: a job still inside a library (curl, OpenSSL) when the
 * process tears that library down would crash it. */
bool job_queue_drain(struct job_queue *q, int timeout_ms);
/* For run, on the job's thread: true once the queue is being drained. A
 * run that waits on the network checks it and returns early. */
bool job_should_stop(const struct job *j);

/* Jobs started and not yet handed back or cancelled-and-finished. */
size_t job_queue_pending(struct job_queue *q);
/* True while a job with keeps_awake set is running. */
bool job_queue_keeps_awake(struct job_queue *q);
/* Blocks until every job started has finished (its run returned), or
 * timeout_ms of real time has passed. True if none is running. For the
 * test driver, which must not advance its clock past a job in flight;
 * never for the interactive loop. */
bool job_queue_wait_idle(struct job_queue *q, int timeout_ms);

/* pthread_create with every signal blocked in the new thread (and the
 * caller's mask untouched). detached: nobody joins it. 0, or an errno. */
int job_thread_start(pthread_t *tid, bool detached, void *(*fn)(void *), void *arg);

#endif
