/*
 * job: work on a thread of its own, handed back to the UI loop (job.h).
 *
 * The queue counts its references: one for whoever opened it, one for
 * each job running. A job that finishes goes on the finished list under
 * the lock, and wake is called under the same lock, so once
 * job_queue_close() has returned no job wakes anybody: a job still
 * running then frees itself, and the last one out frees the queue.
 */
#include "job/job.h"

#include <errno.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <time.h>

enum { J_RUNNING, J_FINISHED, J_HANDING };

struct job_queue {
	pthread_mutex_t mu;
	pthread_cond_t idle;	/* broadcast whenever a job finishes */
	struct job_queue_opts o;
	struct job *head, *tail;	/* finished, not yet handed back */
	size_t running, finished, awake;
	int refs;
	bool closed;
	atomic_bool stopping;	/* job_queue_drain: runs should give up */
};

const char *job_strerror(enum job_err e)
{
	switch (e) {
	case JOB_OK: return "no error";
	case JOB_NOMEM: return "out of memory";
	case JOB_NO_THREAD: return "cannot start a thread";
	case JOB_CLOSED: return "the job queue is closing";
	}
	return "unknown job error";
}

int job_thread_start(pthread_t *tid, bool detached, void *(*fn)(void *), void *arg)
{
	pthread_attr_t attr;
	int rc = pthread_attr_init(&attr);
	if (rc)
		return rc;
	if (detached)
		pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
	sigset_t all, old;
	sigfillset(&all);	/* the new thread inherits this mask */
	pthread_sigmask(SIG_SETMASK, &all, &old);
	pthread_t t;
	rc = pthread_create(tid ? tid : &t, &attr, fn, arg);
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	pthread_attr_destroy(&attr);
	return rc;
}

enum job_err job_queue_open(const struct job_queue_opts *o, struct job_queue **out)
{
	*out = NULL;
	struct job_queue *q = calloc(1, sizeof *q);
	if (!q)
		return JOB_NOMEM;
	pthread_condattr_t ca;
	pthread_condattr_init(&ca);
	pthread_condattr_setclock(&ca, CLOCK_MONOTONIC);
	int rc = pthread_cond_init(&q->idle, &ca);
	pthread_condattr_destroy(&ca);
	if (rc || pthread_mutex_init(&q->mu, NULL)) {
		if (!rc)
			pthread_cond_destroy(&q->idle);
		free(q);
		return JOB_NOMEM;
	}
	if (o)
		q->o = *o;
	q->refs = 1;
	atomic_init(&q->stopping, false);
	*out = q;
	return JOB_OK;
}

static void queue_free(struct job_queue *q)
{
	pthread_cond_destroy(&q->idle);
	pthread_mutex_destroy(&q->mu);
	free(q);
}

/* With the lock held: takes the first finished job off the list. */
static struct job *pop(struct job_queue *q)
{
	struct job *j = q->head;
	if (j) {
		q->head = j->next;
		if (!q->head)
			q->tail = NULL;
		j->next = NULL;
		q->finished--;
	}
	return j;
}

/* With the lock held: unlinks j from the finished list. */
static void unlink_job(struct job_queue *q, struct job *j)
{
	struct job **p = &q->head, *prev = NULL;
	while (*p && *p != j) {
		prev = *p;
		p = &(*p)->next;
	}
	if (!*p)
		return;
	*p = j->next;
	if (q->tail == j)
		q->tail = prev;
	j->next = NULL;
	q->finished--;
}

/* On the UI thread: waits for j's thread to be gone (its run has
 * returned; this waits out the thread's own clean-up). */
static void join_job(struct job *j)
{
	if (!j->joined) {
		pthread_join(j->tid, NULL);
		j->joined = true;
	}
}

static void *thread_main(void *arg)
{
	struct job *j = arg;
	struct job_queue *q = j->q;
	j->run(j);
	pthread_mutex_lock(&q->mu);
	q->running--;
	if (j->keeps_awake)
		q->awake--;
	bool orphan = q->closed;
	if (!orphan) {
		j->state = J_FINISHED;
		if (q->tail)
			q->tail->next = j;
		else
			q->head = j;
		q->tail = j;
		q->finished++;
		if (q->o.wake)
			q->o.wake(q->o.wake_ctx);
	}
	pthread_cond_broadcast(&q->idle);
	bool last = --q->refs == 0;
	pthread_mutex_unlock(&q->mu);
	if (orphan) {
		pthread_detach(pthread_self());	/* nobody is left to join it */
		j->free(j);
	}
	if (last)
		queue_free(q);
	return NULL;
}

enum job_err job_start(struct job_queue *q, struct job *j, void *owner)
{
	j->q = q;
	j->owner = owner;
	j->next = NULL;
	j->state = J_RUNNING;
	j->cancelled = false;
	j->joined = false;
	pthread_mutex_lock(&q->mu);
	if (q->closed) {
		pthread_mutex_unlock(&q->mu);
		j->free(j);
		return JOB_CLOSED;
	}
	q->running++;
	q->refs++;
	if (j->keeps_awake)
		q->awake++;
	pthread_mutex_unlock(&q->mu);
	if (job_thread_start(&j->tid, false, thread_main, j) == 0)
		return JOB_OK;
	pthread_mutex_lock(&q->mu);
	q->running--;
	q->refs--;
	if (j->keeps_awake)
		q->awake--;
	pthread_cond_broadcast(&q->idle);
	pthread_mutex_unlock(&q->mu);
	j->free(j);
	return JOB_NO_THREAD;
}

void job_cancel(struct job_queue *q, struct job *j)
{
	if (!q || !j)
		return;
	pthread_mutex_lock(&q->mu);
	j->cancelled = true;
	bool free_now = j->state == J_FINISHED;
	if (free_now)
		unlink_job(q, j);
	pthread_mutex_unlock(&q->mu);
	if (free_now) {
		join_job(j);
		j->free(j);
	}
	/* Running: it is freed when it is handed back. Being handed back:
	 * job_queue_poll frees it after its done returns. */
}

size_t job_queue_poll(struct job_queue *q)
{
	size_t n = 0;
	for (;;) {
		pthread_mutex_lock(&q->mu);
		struct job *j = pop(q);
		if (j)
			j->state = J_HANDING;
		pthread_mutex_unlock(&q->mu);
		if (!j)
			return n;
		join_job(j);
		/* One at a time, so done may start or cancel other jobs. */
		if (!j->cancelled && j->done)
			j->done(j, j->owner, q->o.done_ctx);
		j->free(j);
		n++;
	}
}

size_t job_queue_pending(struct job_queue *q)
{
	pthread_mutex_lock(&q->mu);
	size_t n = q->running + q->finished;
	pthread_mutex_unlock(&q->mu);
	return n;
}

bool job_queue_keeps_awake(struct job_queue *q)
{
	pthread_mutex_lock(&q->mu);
	bool a = q->awake > 0;
	pthread_mutex_unlock(&q->mu);
	return a;
}

bool job_should_stop(const struct job *j)
{
	return atomic_load(&j->q->stopping);
}

bool job_queue_drain(struct job_queue *q, int timeout_ms)
{
	if (!q)
		return true;
	atomic_store(&q->stopping, true);
	if (!job_queue_wait_idle(q, timeout_ms))
		return false;
	/* Every run has returned; wait for their threads to be gone too. Only
	 * this (the UI) thread takes jobs off the list or joins them. */
	pthread_mutex_lock(&q->mu);
	struct job *list = q->head;
	pthread_mutex_unlock(&q->mu);
	for (struct job *j = list; j; j = j->next)
		join_job(j);
	return true;
}

bool job_queue_wait_idle(struct job_queue *q, int timeout_ms)
{
	struct timespec end;
	clock_gettime(CLOCK_MONOTONIC, &end);
	end.tv_sec += timeout_ms / 1000;
	end.tv_nsec += (long)(timeout_ms % 1000) * 1000000L;
	if (end.tv_nsec >= 1000000000L) {
		end.tv_sec++;
		end.tv_nsec -= 1000000000L;
	}
	pthread_mutex_lock(&q->mu);
	int rc = 0;
	while (q->running && rc != ETIMEDOUT)
		rc = pthread_cond_timedwait(&q->idle, &q->mu, &end);
	bool idle = q->running == 0;
	pthread_mutex_unlock(&q->mu);
	return idle;
}

void job_queue_close(struct job_queue *q)
{
	if (!q)
		return;
	pthread_mutex_lock(&q->mu);
	q->closed = true;
	struct job *list = q->head;
	q->head = q->tail = NULL;
	q->finished = 0;
	bool last = --q->refs == 0;
	pthread_mutex_unlock(&q->mu);
	while (list) {
		struct job *next = list->next;
		join_job(list);
		list->free(list);
		list = next;
	}
	if (last)
		queue_free(q);
}
