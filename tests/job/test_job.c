/* job_queue: jobs run on their own threads and come back, in the order
 * they ended, on the thread that polls; cancelled ones never come back
 * and are still freed; a queue closed under a running job is freed by the
 * last one out; jobs run with every signal blocked. */
#include "job/job.h"

#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <unistd.h>

#include <cmocka.h>

#include <stdatomic.h>

static atomic_int freed, wakes;

/* A job that waits until its gate opens, then records what it saw. */
struct test_job {
	struct job job;
	int id;
	pthread_mutex_t mu;
	pthread_cond_t cv;
	bool open;
	bool signals_blocked;
	pthread_t ran_on;
};

struct owner {
	int order[8];
	int n;
	pthread_t ui;
	bool done_on_ui;
};

static void tj_run(struct job *j)
{
	struct test_job *t = (struct test_job *)j;
	sigset_t cur;
	pthread_sigmask(SIG_SETMASK, NULL, &cur);
	t->signals_blocked = sigismember(&cur, SIGTERM) && sigismember(&cur, SIGINT) &&
			     sigismember(&cur, SIGCHLD);
	t->ran_on = pthread_self();
	pthread_mutex_lock(&t->mu);
	while (!t->open)
		pthread_cond_wait(&t->cv, &t->mu);
	pthread_mutex_unlock(&t->mu);
}

static void tj_done(struct job *j, void *owner, void *ctx)
{
	struct test_job *t = (struct test_job *)j;
	struct owner *o = owner;
	assert_ptr_equal(ctx, &wakes);
	o->order[o->n++] = t->id;
	o->done_on_ui = pthread_equal(pthread_self(), o->ui);
	assert_false(pthread_equal(t->ran_on, o->ui));
	assert_true(t->signals_blocked);
}

static void tj_free(struct job *j)
{
	struct test_job *t = (struct test_job *)j;
	pthread_cond_destroy(&t->cv);
	pthread_mutex_destroy(&t->mu);
	free(t);
	atomic_fetch_add(&freed, 1);
}

static struct test_job *tj_new(int id)
{
	struct test_job *t = calloc(1, sizeof *t);
	assert_non_null(t);
	t->id = id;
	t->job.run = tj_run;
	t->job.done = tj_done;
	t->job.free = tj_free;
	pthread_mutex_init(&t->mu, NULL);
	pthread_cond_init(&t->cv, NULL);
	return t;
}

static void tj_open(struct test_job *t)
{
	pthread_mutex_lock(&t->mu);
	t->open = true;
	pthread_cond_signal(&t->cv);
	pthread_mutex_unlock(&t->mu);
}

static void on_wake(void *ctx)
{
	atomic_fetch_add((atomic_int *)ctx, 1);
}

static struct job_queue *open_queue(void)
{
	struct job_queue *q = NULL;
	const struct job_queue_opts o = {on_wake, &wakes, &wakes};
	assert_int_equal(job_queue_open(&o, &q), JOB_OK);
	atomic_store(&wakes, 0);
	atomic_store(&freed, 0);
	return q;
}

/* The one still running keeps wait_idle waiting until its limit. */
static void test_order_and_wait(void **state)
{
	(void)state;
	struct job_queue *q = open_queue();
	struct owner o = {.ui = pthread_self()};
	struct test_job *a = tj_new(1), *b = tj_new(2), *c = tj_new(3);
	assert_int_equal(job_start(q, &a->job, &o), JOB_OK);
	assert_int_equal(job_start(q, &b->job, &o), JOB_OK);
	assert_int_equal(job_start(q, &c->job, &o), JOB_OK);
	assert_int_equal(job_queue_pending(q), 3);
	assert_int_equal(job_queue_poll(q), 0);
	assert_false(job_queue_wait_idle(q, 50));	/* all three still wait */

	tj_open(b);	/* ends first */
	while (atomic_load(&wakes) < 1)
		usleep(1000);
	tj_open(c);
	while (atomic_load(&wakes) < 2)
		usleep(1000);
	assert_false(job_queue_wait_idle(q, 20));	/* a still runs */
	assert_int_equal(job_queue_poll(q), 2);
	assert_int_equal(o.n, 2);
	assert_int_equal(o.order[0], 2);
	assert_int_equal(o.order[1], 3);
	assert_true(o.done_on_ui);
	assert_int_equal(atomic_load(&freed), 2);

	tj_open(a);
	assert_true(job_queue_wait_idle(q, 10000));
	assert_int_equal(job_queue_pending(q), 1);	/* ended, not yet handed back */
	assert_int_equal(job_queue_poll(q), 1);
	assert_int_equal(o.order[2], 1);
	assert_int_equal(job_queue_pending(q), 0);
	assert_int_equal(atomic_load(&wakes), 3);
	job_queue_close(q);
	assert_int_equal(atomic_load(&freed), 3);
}

/* Cancelled while running, or after it ended but before the poll: done
 * is never called, the job is freed exactly once either way. */
static void test_cancel(void **state)
{
	(void)state;
	struct job_queue *q = open_queue();
	struct owner o = {.ui = pthread_self()};
	struct test_job *a = tj_new(1), *b = tj_new(2);
	assert_int_equal(job_start(q, &a->job, &o), JOB_OK);
	assert_int_equal(job_start(q, &b->job, &o), JOB_OK);
	job_cancel(q, &a->job);	/* running */
	tj_open(a);
	tj_open(b);
	assert_true(job_queue_wait_idle(q, 10000));
	job_cancel(q, &b->job);	/* ended, not handed back: freed now */
	assert_int_equal(atomic_load(&freed), 1);
	assert_int_equal(job_queue_poll(q), 1);	/* a, without its done */
	assert_int_equal(o.n, 0);
	assert_int_equal(atomic_load(&freed), 2);
	job_cancel(q, NULL);
	job_queue_close(q);
}

/* keeps_awake holds while such a job runs, and only then. */
static void test_keeps_awake(void **state)
{
	(void)state;
	struct job_queue *q = open_queue();
	struct owner o = {.ui = pthread_self()};
	struct test_job *a = tj_new(1), *b = tj_new(2);
	b->job.keeps_awake = true;
	assert_int_equal(job_start(q, &a->job, &o), JOB_OK);
	assert_false(job_queue_keeps_awake(q));
	assert_int_equal(job_start(q, &b->job, &o), JOB_OK);
	assert_true(job_queue_keeps_awake(q));
	tj_open(b);
	while (job_queue_keeps_awake(q))
		usleep(1000);
	tj_open(a);
	assert_true(job_queue_wait_idle(q, 10000));
	assert_int_equal(job_queue_poll(q), 2);
	job_queue_close(q);
}

/* Closed under a running job: the job frees itself when it ends, wakes
 * nobody, and the queue goes with it (ASan's leak check sees the rest). */
static void test_close_while_running(void **state)
{
	(void)state;
	struct job_queue *q = open_queue();
	struct owner o = {.ui = pthread_self()};
	struct test_job *a = tj_new(1), *b = tj_new(2);
	assert_int_equal(job_start(q, &a->job, &o), JOB_OK);
	assert_int_equal(job_start(q, &b->job, &o), JOB_OK);
	tj_open(b);
	while (atomic_load(&wakes) < 1)
		usleep(1000);
	job_queue_close(q);	/* b ended (freed now), a still runs */
	assert_int_equal(atomic_load(&freed), 1);
	tj_open(a);
	while (atomic_load(&freed) < 2)
		usleep(1000);
	assert_int_equal(atomic_load(&wakes), 1);
	assert_int_equal(o.n, 0);
}

/* done may start a new job and cancel another that has also ended. */
struct chain {
	struct owner o;
	struct job_queue *q;
	struct test_job *other, *started;
};

static void chain_done(struct job *j, void *owner, void *ctx)
{
	(void)j;
	(void)ctx;
	struct chain *c = owner;
	c->o.n++;
	job_cancel(c->q, &c->other->job);
	job_cancel(c->q, j);	/* itself, while handed back: a no-op */
	c->started = tj_new(9);	/* opened after this poll */
	assert_int_equal(job_start(c->q, &c->started->job, &c->o), JOB_OK);
}

static void test_done_reenters(void **state)
{
	(void)state;
	struct job_queue *q = open_queue();
	struct chain c = {.o = {.ui = pthread_self()}, .q = q};
	struct test_job *a = tj_new(1);
	c.other = tj_new(2);
	a->job.done = chain_done;
	assert_int_equal(job_start(q, &a->job, &c), JOB_OK);
	assert_int_equal(job_start(q, &c.other->job, &c), JOB_OK);
	tj_open(a);
	while (atomic_load(&wakes) < 1)
		usleep(1000);
	tj_open(c.other);
	assert_true(job_queue_wait_idle(q, 10000));
	assert_int_equal(job_queue_poll(q), 1);	/* a; other cancelled by a's done */
	assert_int_equal(c.o.n, 1);
	assert_int_equal(atomic_load(&freed), 2);
	tj_open(c.started);
	assert_true(job_queue_wait_idle(q, 10000));
	assert_int_equal(job_queue_poll(q), 1);	/* the one a's done started */
	assert_int_equal(c.o.n, 2);
	job_queue_close(q);
	assert_int_equal(atomic_load(&freed), 3);
}

static void *check_mask(void *arg)
{
	sigset_t cur;
	pthread_sigmask(SIG_SETMASK, NULL, &cur);
	*(bool *)arg = sigismember(&cur, SIGTERM) && sigismember(&cur, SIGHUP);
	return NULL;
}

/* A long-lived thread (the uploader's) starts the same way; the caller's
 * own mask is left as it was. */
static void test_thread_start(void **state)
{
	(void)state;
	sigset_t before, after;
	pthread_sigmask(SIG_SETMASK, NULL, &before);
	bool blocked = false;
	pthread_t t;
	assert_int_equal(job_thread_start(&t, false, check_mask, &blocked), 0);
	pthread_join(t, NULL);
	assert_true(blocked);
	pthread_sigmask(SIG_SETMASK, NULL, &after);
	assert_int_equal(sigismember(&before, SIGTERM), sigismember(&after, SIGTERM));
	for (int e = JOB_OK; e <= JOB_CLOSED; e++)
		assert_true(job_strerror((enum job_err)e)[0] != '\0');
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_order_and_wait),
		cmocka_unit_test(test_cancel),
		cmocka_unit_test(test_keeps_awake),
		cmocka_unit_test(test_close_while_running),
		cmocka_unit_test(test_done_reenters),
		cmocka_unit_test(test_thread_start),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
