/*
 * export_job: Export to USB on a job's thread (export_job.h).
 */
#include "store/export_job.h"

#include "store/store.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static void export_free(struct job *j)
{
	struct export_job *x = (struct export_job *)j;	/* j is the start of it */
	free(x->data_dir);
	free(x->usb_dirs);
	free(x->device);
	free(x->gate);
	for (size_t i = 0; i < EXPORT_NCOLS; i++)
		free(x->col[i]);
	if (x->word_free)
		x->word_free(x->word_ctx);
	free(x);
}

/* Tests only: a slow stick. CAREKIOSK_TEST_EXPORT_GATE names a FIFO; the
 * export waits (at most 2 minutes) until the test writes a byte into it,
 * so the test decides when it ends, whatever the machine's speed. Opened
 * without blocking, a FIFO with no writer yet polls as "nothing to read"
 * until one writes: the wait is on that, not on a sleep loop. */
static void wait_gate(const char *gate)
{
	if (!gate)
		return;
	int fd = open(gate, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
	if (fd < 0) {
		fprintf(stderr, "carekiosk: test gate %s: %s\n", gate, strerror(errno));
		return;
	}
	struct pollfd p = {.fd = fd, .events = POLLIN};
	while (poll(&p, 1, 120000) < 0 && errno == EINTR)
		;
	close(fd);
}

static void export_run(struct job *j)
{
	struct export_job *x = (struct export_job *)j;
	wait_gate(x->gate);
	struct store *st = NULL;
	enum store_err se = store_open(x->data_dir, NULL, &st);
	if (se != STORE_OK) {
		x->err = EXPORT_STORE;
		x->r.store_err = se;
		return;
	}
	struct export_labels labels = {.word = x->word, .word_ctx = x->word_ctx};
	for (size_t i = 0; i < EXPORT_NCOLS; i++)
		labels.col[i] = x->col[i];
	x->err = export_usb(st, x->usb_dirs, x->device, &labels, x->now_ms, &x->r);
	store_close(st);
}

/* strdup that keeps NULL; *oom set when memory ran out. */
static char *dup_str(const char *s, bool *oom)
{
	char *d = s ? strdup(s) : NULL;
	if (s && !d)
		*oom = true;
	return d;
}

struct export_job *export_job_new(const struct export_job_opts *o)
{
	struct export_job *x = calloc(1, sizeof *x);
	if (!x) {
		if (o->word_free)
			o->word_free(o->word_ctx);
		return NULL;
	}
	x->job.run = export_run;
	x->job.free = export_free;
	x->job.keeps_awake = true;	/* staff are there, waiting for it */
	x->word = o->word;
	x->word_ctx = o->word_ctx;
	x->word_free = o->word_free;
	x->now_ms = o->now_ms;
	bool oom = false;
	for (size_t i = 0; i < EXPORT_NCOLS; i++)
		x->col[i] = dup_str(o->col[i], &oom);
	x->usb_dirs = dup_str(o->usb_dirs, &oom);
	x->device = dup_str(o->device, &oom);
	x->data_dir = dup_str(o->data_dir, &oom);
	const char *g = getenv("CAREKIOSK_TEST_EXPORT_GATE");
	x->gate = g && *g ? dup_str(g, &oom) : NULL;
	if (oom) {
		export_free(&x->job);
		return NULL;
	}
	return x;
}
